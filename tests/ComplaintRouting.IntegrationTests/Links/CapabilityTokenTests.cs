using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Links;
using ComplaintRouting.Options;

namespace ComplaintRouting.IntegrationTests.Links;

public class CapabilityTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static CapabilityTokens Tokens(string key, string? previous = null) =>
        new(Microsoft.Extensions.Options.Options.Create(new LinksOptions { PublicBaseUrl = "https://x.example", SigningKey = key, PreviousSigningKeys = previous }));

    private static string B64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void A_token_names_its_case_party_issue_time_and_expiry_and_verifies_until_it_expires()
    {
        var tokens = Tokens(KeyA);
        var token = tokens.Issue("CR-AAAA-BBBB", new LinkParty.National("ES-AEP"), "etica@aep.example", Now, Now.AddDays(1));

        var (check, capability) = tokens.Verify(token, Now);
        Assert.Equal(TokenCheck.Valid, check);
        Assert.Equal(("CR-AAAA-BBBB", (LinkParty)new LinkParty.National("ES-AEP"), Now), (capability!.Reference, capability.Party, capability.IssuedAt));
        Assert.Equal(TokenCheck.Expired, tokens.Verify(token, Now.AddDays(1)).Check);
    }

    [Fact]
    public void A_token_is_bound_to_the_address_it_was_mailed_to_case_insensitively_and_to_no_other()
    {
        var tokens = Tokens(KeyA);
        var token = tokens.Issue("CR-AAAA-BBBB", new LinkParty.Committee(), "Chair@Ethics.example", Now, Now.AddDays(1));
        var (_, capability) = tokens.Verify(token, Now);

        Assert.True(tokens.IsFor(capability!, " chair@ethics.example "));
        Assert.False(tokens.IsFor(capability!, "new-chair@ethics.example"));
        Assert.False(tokens.IsFor(capability!, null));
        Assert.DoesNotContain("ethics.example", Decode(token[..token.IndexOf('.')]), StringComparison.OrdinalIgnoreCase); // a keyed tag, not the address
    }

    private static string Decode(string b64url) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(b64url.Replace('-', '+').Replace('_', '/') + "===="[..((4 - b64url.Length % 4) % 4)]));

    [Fact]
    public void Altered_truncated_foreign_or_old_format_tokens_are_invalid()
    {
        var tokens = Tokens(KeyA);
        var token = tokens.Issue("CR-AAAA-BBBB", new LinkParty.Committee(), "chair@ethics.example", Now, Now.AddDays(1));
        var payload = token[..token.IndexOf('.')];
        var forgedPayload = B64Url(Decode(payload).Replace("CR-AAAA-BBBB", "CR-AAAA-CCCC"));
        // The unversioned format of before, correctly signed: refused cleanly, not misread.
        var v1Payload = Encoding.UTF8.GetBytes($"CR-AAAA-BBBB|committee|{Now.AddDays(1).ToUnixTimeSeconds()}");
        var v1 = $"{B64Url(v1Payload)}.{B64Url(HMACSHA256.HashData(Convert.FromBase64String(KeyA), v1Payload))}";

        Assert.Equal(TokenCheck.Invalid, tokens.Verify(forgedPayload + token[token.IndexOf('.')..], Now).Check);
        Assert.Equal(TokenCheck.Invalid, tokens.Verify(token[..^4], Now).Check);
        Assert.Equal(TokenCheck.Invalid, tokens.Verify(payload, Now).Check);
        Assert.Equal(TokenCheck.Invalid, tokens.Verify("not a token", Now).Check);
        Assert.Equal(TokenCheck.Invalid, tokens.Verify(v1, Now).Check);
        Assert.Equal(TokenCheck.Invalid, Tokens(KeyB).Verify(token, Now).Check);
    }

    [Fact]
    public void After_rotation_links_signed_with_the_previous_key_still_verify_and_keep_their_binding()
    {
        var old = Tokens(KeyA).Issue("CR-AAAA-BBBB", new LinkParty.Committee(), "chair@ethics.example", Now, Now.AddDays(1));

        var (check, capability) = Tokens(KeyB, previous: KeyA).Verify(old, Now);
        Assert.Equal(TokenCheck.Valid, check);
        Assert.True(Tokens(KeyB, previous: KeyA).IsFor(capability!, "chair@ethics.example"));
        Assert.Equal(TokenCheck.Invalid, Tokens(KeyB).Verify(old, Now).Check);
    }
}
