using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplaintRouting.Intake;

/// <summary>
/// The two things a complainant is given: a short reference (names the case, not secret) and a
/// follow-up code (the secret that lets them see and withdraw it). Both use Crockford's base32,
/// which has no I, L, O or U, so they survive being read aloud or copied by hand.
/// </summary>
public static partial class CaseCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new reference like <c>CR-7K4M-9QXD</c> (40 random bits).</summary>
    public static string NewReference()
    {
        var chars = Encode(RandomNumberGenerator.GetBytes(5), 8);
        return $"CR-{chars[..4]}-{chars[4..]}";
    }

    /// <summary>The canonical form of a reference someone typed, or null when it cannot be one.</summary>
    public static string? NormalizeReference(string? input)
    {
        if (input is null || input.Length > 20) return null;
        var plain = Canonical(input);
        if (plain.StartsWith("CR", StringComparison.Ordinal)) plain = plain[2..];
        return ReferenceBody().IsMatch(plain) ? $"CR-{plain[..4]}-{plain[4..]}" : null;
    }

    /// <summary>A new follow-up code: 20 characters, 100 random bits, in groups of four.</summary>
    public static string NewFollowUpCode() => Group(Encode(RandomNumberGenerator.GetBytes(13), 20));

    /// <summary>
    /// A follow-up code derived from a secret and the request's idempotency material, so that a
    /// repeated request can be answered with the same code without the code ever being stored.
    /// </summary>
    public static string DeriveFollowUpCode(byte[] secret, string material) =>
        Group(Encode(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("follow-up-code\n" + material)), 20));

    public static (byte[] Salt, byte[] Hash) HashFollowUpCode(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return (salt, Hash(salt, code));
    }

    public static bool Verify(string? code, byte[] salt, byte[] hash) =>
        CryptographicOperations.FixedTimeEquals(Hash(salt, code ?? ""), hash);

    private static byte[] Hash(byte[] salt, string code) =>
        HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(Canonical(code.Length > 64 ? code[..64] : code)));

    /// <summary>Upper case, separators dropped, and the letters people confuse read as digits.</summary>
    private static string Canonical(string input)
    {
        var sb = new StringBuilder(input.Length);
        foreach (var c in input.ToUpperInvariant())
        {
            if (c is '-' or ' ' or '\t') continue;
            sb.Append(c switch { 'O' => '0', 'I' or 'L' => '1', _ => c });
        }
        return sb.ToString();
    }

    private static string Encode(byte[] bytes, int length)
    {
        var sb = new StringBuilder(length);
        int buffer = 0, bits = 0, index = 0;
        while (sb.Length < length)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | (index < bytes.Length ? bytes[index++] : 0);
                bits += 8;
            }
            sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return sb.ToString();
    }

    private static string Group(string code) => string.Join('-', code.Chunk(4).Select(c => new string(c)));

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{8}$")]
    private static partial Regex ReferenceBody();
}
