using ComplaintRouting.Http;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;

namespace ComplaintRouting.Links;

/// <summary>
/// Opens a case through a capability link: a forged or altered token, a token for another party,
/// or an unknown case is a 404 that reveals nothing; an expired one is a 410 — as problem+json to
/// API calls, as a page to a person who opened the link from a mail.
/// </summary>
public sealed class CapabilityGate(CapabilityTokens tokens, CaseStore store, TimeProvider clock)
{
    private const string Invalid = "This link is not valid.";
    private const string InvalidHint = "Check that the whole link was copied from the mail.";
    private const string Expired = "This link has expired.";
    private const string ExpiredHint = "Ask the ethics committee for a new link.";

    /// <summary>Opens the case for an API call or form post; a refusal is problem+json.</summary>
    public async Task<(StoredCase? Case, Capability? Capability, ApiResult? Refusal)> OpenAsync(string token, Func<LinkParty, bool> party, CancellationToken cancellationToken)
    {
        var (stored, capability, expired) = await CheckAsync(token, party, cancellationToken);
        if (stored is not null) return (stored, capability, null);
        return (null, null, expired
            ? ApiResult.Problem(StatusCodes.Status410Gone, Expired, ExpiredHint)
            : ApiResult.Problem(StatusCodes.Status404NotFound, Invalid, InvalidHint));
    }

    /// <summary>Opens the case for a page a person reached from a mail; a refusal is a page too.</summary>
    public async Task<(StoredCase? Case, ApiResult? Refusal)> OpenPageAsync(string token, Func<LinkParty, bool> party, CancellationToken cancellationToken)
    {
        var (stored, _, expired) = await CheckAsync(token, party, cancellationToken);
        if (stored is not null) return (stored, null);
        return (null, expired
            ? new HtmlPage(Expired).Text(ExpiredHint).Result(StatusCodes.Status410Gone)
            : new HtmlPage(Invalid).Text(InvalidHint).Result(StatusCodes.Status404NotFound));
    }

    private async Task<(StoredCase? Case, Capability? Capability, bool Expired)> CheckAsync(string token, Func<LinkParty, bool> party, CancellationToken cancellationToken)
    {
        var (check, capability) = tokens.Verify(token, clock.GetUtcNow());
        if (check == TokenCheck.Invalid || capability is null || !party(capability.Party)) return (null, null, false);
        if (check == TokenCheck.Expired) return (null, null, true);

        var stored = await store.LoadAsync(capability.Reference, cancellationToken);
        if (stored is null) return (null, null, false);
        if (capability.Party is LinkParty.National n && !string.Equals(n.OrganizationId, stored.Case.State.NationalOrganizationId, StringComparison.OrdinalIgnoreCase))
            return (null, null, false);
        return (stored, capability, false);
    }
}
