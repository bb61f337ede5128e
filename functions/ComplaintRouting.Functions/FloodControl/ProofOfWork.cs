using System.Buffers.Binary;
using System.Buffers.Text;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Options;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.FloodControl;

public enum ProofCheck
{
    Valid,
    Missing,
    Invalid,
    Expired,
    Used,
}

/// <summary>
/// A proof of work instead of a CAPTCHA (as GlobaLeaks does): nothing a blind or motor-impaired
/// complainant has to see or do, while each submission costs its sender some seconds of computing.
/// The server keeps nothing to issue a challenge: <c>{issuedMs}.{bits}.{id}.{mac}</c>, signed with a
/// key derived from <c>Links__SigningKey</c>. The client finds a decimal nonce such that
/// SHA-256(<c>challenge:nonce</c>) begins with <c>bits</c> zero bits and sends
/// <c>Proof-Of-Work: challenge:nonce</c>. A challenge is good for <see cref="Lifetime"/> and for one
/// submission (its id is claimed in <see cref="SharedCounters"/>; a retry with the same
/// Idempotency-Key may use it again).
/// </summary>
public sealed class ProofOfWork(SharedCounters counters, IOptions<IntakeOptions> intake, IOptions<LinksOptions> links, TimeProvider clock)
{
    public const string Header = "Proof-Of-Work";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private const int MaxHeader = 200;
    private readonly byte[] _key = links.Value.DeriveKey("proof-of-work");

    /// <summary>Zero bits asked for (<c>Intake__ProofOfWorkBits</c>); 0 switches proofs off.</summary>
    public int Bits => intake.Value.ProofOfWorkBits;

    public string Issue()
    {
        var payload = $"{clock.GetUtcNow().ToUnixTimeMilliseconds()}.{Bits}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12))}";
        return $"{payload}.{Mac(payload)}";
    }

    /// <param name="owner">What makes a reuse a retry of the same request (the Idempotency-Key's hash), or empty.</param>
    public async Task<ProofCheck> CheckAsync(string? header, string owner, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(header)) return ProofCheck.Missing;
        if (header.Length > MaxHeader) return ProofCheck.Invalid;
        var colon = header.LastIndexOf(':');
        if (colon < 0) return ProofCheck.Invalid;
        var (challenge, nonce) = (header[..colon], header[(colon + 1)..]);
        var parts = challenge.Split('.');
        if (parts.Length != 4 || nonce.Length is 0 or > 20 || !nonce.All(char.IsAsciiDigit)) return ProofCheck.Invalid;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(string.Join('.', parts[..3]))), Encoding.ASCII.GetBytes(parts[3])))
            return ProofCheck.Invalid;
        if (!long.TryParse(parts[0], out var issuedMs) || !int.TryParse(parts[1], out var bits) || bits < Bits) return ProofCheck.Invalid;

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        var now = clock.GetUtcNow();
        if (now - issued > Lifetime || issued - now > TimeSpan.FromMinutes(1)) return ProofCheck.Expired;
        if (LeadingZeroBits(SHA256.HashData(Encoding.ASCII.GetBytes(header))) < bits) return ProofCheck.Invalid;
        return await counters.ClaimOnceAsync("proof", parts[2], issued, owner, cancellationToken) ? ProofCheck.Valid : ProofCheck.Used;
    }

    public static int LeadingZeroBits(ReadOnlySpan<byte> hash)
    {
        var zeros = 0;
        for (; hash.Length >= 8; hash = hash[8..], zeros += 64)
            if (BinaryPrimitives.ReadUInt64BigEndian(hash) is var word and not 0) return zeros + BitOperations.LeadingZeroCount(word);
        return zeros;
    }

    private string Mac(string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)).AsSpan(0, 16));
}
