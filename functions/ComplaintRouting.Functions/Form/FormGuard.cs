using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplaintRouting.Api;
using ComplaintRouting.Options;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Form;

public enum GuardCheck
{
    Passed,
    Honeypot,
    TooFast,
}

/// <summary>
/// Flood control that needs no CAPTCHA: the form carries a hidden honeypot field (<c>website</c>)
/// and a signed start time (<c>startedAt</c>); a form sent faster than a person could fill it, or
/// with the honeypot filled, is refused and nothing is stored. API clients that send neither field
/// are not affected (SPEC §5 body).
/// </summary>
public sealed class FormGuard(IOptions<LinksOptions> links, TimeProvider clock)
{
    public static readonly TimeSpan MinimumFillTime = TimeSpan.FromSeconds(3);
    private readonly byte[] _key = links.Value.DeriveKey("form-started-at");

    public string IssueStartedAt()
    {
        var seconds = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString();
        return $"{seconds}.{Sign(seconds)}";
    }

    /// <summary>
    /// Checks the honeypot and the signed start time. A JSON client that sends neither passes; a
    /// form post (<paramref name="requireStartedAt"/>) always comes from our page, so it must carry the start time.
    /// </summary>
    public GuardCheck Check(JsonElement body, bool requireStartedAt = false)
    {
        if (body.ValueKind != JsonValueKind.Object) return GuardCheck.Passed;
        if (body.TryGetProperty("website", out var hp) && (hp.ValueKind != JsonValueKind.String || hp.GetRawText().Length > 2))
            return GuardCheck.Honeypot;
        if (!body.TryGetProperty("startedAt", out var started)) return requireStartedAt ? GuardCheck.TooFast : GuardCheck.Passed;

        var text = JsonText.StringOrNull(started) is { Length: < 200 } s ? s : "";
        var dot = text.IndexOf('.');
        if (dot <= 0 || !long.TryParse(text.AsSpan(0, dot), out var ms) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(text[..dot])), Encoding.ASCII.GetBytes(text[(dot + 1)..])))
            return GuardCheck.TooFast;
        return clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(ms) < MinimumFillTime ? GuardCheck.TooFast : GuardCheck.Passed;
    }

    private string Sign(string value) => Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(value)))[..32];
}
