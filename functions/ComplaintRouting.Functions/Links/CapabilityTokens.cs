using ComplaintRouting.Parties;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Options;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Links;

/// <summary>Who a link speaks for (SPEC §9): a national organization, the chair (or deputy), one committee member, the Executive Committee, or the member complained about.</summary>
public abstract record LinkParty
{
    public sealed record National(string OrganizationId) : LinkParty;
    public sealed record Committee : LinkParty;
    public sealed record Member(string MemberId) : LinkParty;
    public sealed record Executive : LinkParty;
    public sealed record Respondent : LinkParty;

    /// <summary>The party of SPEC §9 this link speaks for.</summary>
    public Party Party => this switch
    {
        National => Party.National,
        Member => Party.CommitteeMember,
        Executive => Party.Executive,
        Respondent => Party.Respondent,
        _ => Party.Chair,
    };

    public sealed override string ToString() => this switch
    {
        National n => $"national:{n.OrganizationId}",
        Member m => $"member:{m.MemberId}",
        Executive => "executive",
        Respondent => "respondent",
        _ => "committee",
    };

    public static LinkParty? Parse(string text) => text switch
    {
        "committee" => new Committee(),
        "executive" => new Executive(),
        "respondent" => new Respondent(),
        _ when text.StartsWith("national:", StringComparison.Ordinal) && text.Length > 9 => new National(text[9..]),
        _ when text.StartsWith("member:", StringComparison.Ordinal) && text.Length > 7 => new Member(text[7..]),
        _ => null,
    };
}

/// <summary>
/// What a verified token says: the case, the party, when it was issued and until when it works,
/// and a keyed tag of the address it was mailed to (<see cref="CapabilityTokens.IsFor"/>).
/// </summary>
public sealed record Capability(string Reference, LinkParty Party, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string RecipientTag);

public enum TokenCheck
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>
/// Capability links (SPEC §5, §11): a token names one case, one party, when it was issued, when it
/// expires and (as a keyed tag) the address it was mailed to, signed with HMAC-SHA256 under
/// <c>Links__SigningKey</c>. Verification accepts the current key or any of
/// <c>Links__PreviousSigningKeys</c>, comparing in constant time. What a party may do is fixed by
/// the party; whether the case still allows it is the aggregate's decision (409), not the token's.
/// Format <c>v2</c>: base64url(<c>v2|reference|issuedUnixMs|expiresUnix|recipientTag|party</c>) "." base64url(mac).
/// A token of another format (the unversioned <c>reference|party|expiresUnix</c> of before) is invalid.
/// </summary>
public sealed class CapabilityTokens
{
    public const string Version = "v2";

    private readonly byte[] _current;
    private readonly byte[][] _all;

    public CapabilityTokens(IOptions<LinksOptions> options)
    {
        var o = options.Value;
        // The same parsers start-up validation uses (LinksOptions), so the two cannot disagree.
        _current = new Base64KeyAttribute { MinBytes = 32 }.Parse(o.SigningKey, "Links__SigningKey");
        _all = [_current, .. new Base64KeyListAttribute { MinBytes = 32 }.Parse(o.PreviousSigningKeys, "Links__PreviousSigningKeys")];
    }

    /// <summary>A token for <paramref name="party"/> on a case, bound to the address it is mailed to.</summary>
    public string Issue(string reference, LinkParty party, string recipient, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('|', Version, reference,
            issuedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Tag(_current, recipient), party.ToString()));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_current, payload))}";
    }

    public (TokenCheck Check, Capability? Capability) Verify(string? token, DateTimeOffset now)
    {
        if (token is null || token.Length > 512) return (TokenCheck.Invalid, null);
        var dot = token.IndexOf('.');
        if (dot <= 0) return (TokenCheck.Invalid, null);

        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return (TokenCheck.Invalid, null);
        }

        var signed = false;
        foreach (var key in _all)
            signed |= CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac);
        if (!signed) return (TokenCheck.Invalid, null);

        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload).Split('|', 6);
        }
        catch (DecoderFallbackException)
        {
            return (TokenCheck.Invalid, null);
        }
        if (parts.Length != 6 || parts[0] != Version || parts[1].Length == 0
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var issued)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || issued > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || LinkParty.Parse(parts[5]) is not { } party)
            return (TokenCheck.Invalid, null);

        var capability = new Capability(parts[1], party, DateTimeOffset.FromUnixTimeMilliseconds(issued), DateTimeOffset.FromUnixTimeSeconds(expires), parts[4]);
        return capability.ExpiresAt <= now ? (TokenCheck.Expired, capability) : (TokenCheck.Valid, capability);
    }

    /// <summary>
    /// Whether the capability was mailed to <paramref name="address"/> (normalized: trimmed, NFC,
    /// lower case). A party's registered address changing (a new chair, an organization's new
    /// referral address) thereby ends every link mailed to the old one, without a new key.
    /// </summary>
    public bool IsFor(Capability capability, string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return false;
        var given = Encoding.ASCII.GetBytes(capability.RecipientTag);
        var match = false;
        foreach (var key in _all)
            match |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Tag(key, address)), given);
        return match;
    }

    /// <summary>A keyed tag (not a plain hash, so an address cannot be guessed from a token): 72 bits of HMAC.</summary>
    private static string Tag(byte[] key, string address)
    {
        var normalized = address.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("recipient\n" + normalized));
        return Base64Url.EncodeToString(mac.AsSpan(0, 9));
    }
}
