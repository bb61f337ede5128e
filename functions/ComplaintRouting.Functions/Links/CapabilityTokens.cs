using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Options;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Links;

/// <summary>Who a link speaks for: the national organization a case was referred to, or the committee chair (or deputy).</summary>
public abstract record LinkParty
{
    public sealed record National(string OrganizationId) : LinkParty;
    public sealed record Committee : LinkParty;

    public sealed override string ToString() => this is National n ? $"national:{n.OrganizationId}" : "committee";

    public static LinkParty? Parse(string text) =>
        text == "committee" ? new Committee()
        : text.StartsWith("national:", StringComparison.Ordinal) && text.Length > 9 ? new National(text[9..])
        : null;
}

public sealed record Capability(string Reference, LinkParty Party, DateTimeOffset ExpiresAt);

public enum TokenCheck
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>
/// Capability links (SPEC §5): a token names one case, one party and when it expires, signed with
/// HMAC-SHA256 under <c>Links__SigningKey</c>. Verification accepts the current key or any of
/// <c>Links__PreviousSigningKeys</c>, comparing in constant time. What a party may do is fixed by
/// the party; whether the case still allows it is the aggregate's decision (409), not the token's.
/// Format: base64url(<c>reference|party|expiresUnix</c>) "." base64url(mac).
/// </summary>
public sealed class CapabilityTokens
{
    private readonly byte[] _current;
    private readonly byte[][] _all;

    public CapabilityTokens(IOptions<LinksOptions> options)
    {
        var o = options.Value;
        // The same parsers start-up validation uses (LinksOptions), so the two cannot disagree.
        _current = new Base64KeyAttribute { MinBytes = 32 }.Parse(o.SigningKey, "Links__SigningKey");
        _all = [_current, .. new Base64KeyListAttribute { MinBytes = 32 }.Parse(o.PreviousSigningKeys, "Links__PreviousSigningKeys")];
    }

    public string Issue(Capability capability)
    {
        var payload = Encoding.UTF8.GetBytes($"{capability.Reference}|{capability.Party}|{capability.ExpiresAt.ToUnixTimeSeconds()}");
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

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 3 || LinkParty.Parse(parts[1]) is not { } party || !long.TryParse(parts[2], out var expires))
            return (TokenCheck.Invalid, null);

        var capability = new Capability(parts[0], party, DateTimeOffset.FromUnixTimeSeconds(expires));
        return capability.ExpiresAt <= now ? (TokenCheck.Expired, capability) : (TokenCheck.Valid, capability);
    }
}
