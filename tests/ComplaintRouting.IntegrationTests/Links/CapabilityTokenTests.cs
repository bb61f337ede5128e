using System.Security.Cryptography;
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

    [Fact]
    public void A_token_names_its_case_party_and_expiry_and_verifies_until_it_expires()
    {
        var tokens = Tokens(KeyA);
        var token = tokens.Issue(new Capability("CR-AAAA-BBBB", new LinkParty.National("ES-AEP"), Now.AddDays(1)));

        var (check, capability) = tokens.Verify(token, Now);
        Assert.Equal(TokenCheck.Valid, check);
        Assert.Equal(("CR-AAAA-BBBB", (LinkParty)new LinkParty.National("ES-AEP")), (capability!.Reference, capability.Party));
        Assert.Equal(TokenCheck.Expired, tokens.Verify(token, Now.AddDays(1)).Check);
    }

    [Fact]
    public void Altered_truncated_or_foreign_tokens_are_invalid()
    {
        var tokens = Tokens(KeyA);
        var token = tokens.Issue(new Capability("CR-AAAA-BBBB", new LinkParty.Committee(), Now.AddDays(1)));
        var payload = token[..token.IndexOf('.')];
        var forgedPayload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"CR-AAAA-CCCC|committee|{Now.AddDays(1).ToUnixTimeSeconds()}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal(TokenCheck.Invalid, tokens.Verify(forgedPayload + token[token.IndexOf('.')..], Now).Check);
        Assert.Equal(TokenCheck.Invalid, tokens.Verify(token[..^4], Now).Check);
        Assert.Equal(TokenCheck.Invalid, tokens.Verify(payload, Now).Check);
        Assert.Equal(TokenCheck.Invalid, tokens.Verify("not a token", Now).Check);
        Assert.Equal(TokenCheck.Invalid, Tokens(KeyB).Verify(token, Now).Check);
    }

    [Fact]
    public void After_rotation_links_signed_with_the_previous_key_still_verify()
    {
        var old = Tokens(KeyA).Issue(new Capability("CR-AAAA-BBBB", new LinkParty.Committee(), Now.AddDays(1)));

        Assert.Equal(TokenCheck.Valid, Tokens(KeyB, previous: KeyA).Verify(old, Now).Check);
        Assert.Equal(TokenCheck.Invalid, Tokens(KeyB).Verify(old, Now).Check);
    }
}
