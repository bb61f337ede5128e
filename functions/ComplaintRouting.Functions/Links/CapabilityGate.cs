using ComplaintRouting.Http;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;

namespace ComplaintRouting.Links;

/// <summary>
/// Opens a case through a capability link: a forged or altered token, a token for another party,
/// or an unknown case is a 404 that reveals nothing; an expired one is a 410.
/// </summary>
public sealed class CapabilityGate(CapabilityTokens tokens, CaseStore store, TimeProvider clock)
{
    public async Task<(StoredCase? Case, Capability? Capability, ApiResult? Refusal)> OpenAsync(string token, Func<LinkParty, bool> party, CancellationToken cancellationToken)
    {
        var (check, capability) = tokens.Verify(token, clock.GetUtcNow());
        if (check == TokenCheck.Invalid || capability is null || !party(capability.Party)) return (null, null, NotFound());
        if (check == TokenCheck.Expired)
            return (null, null, ApiResult.Problem(StatusCodes.Status410Gone, "This link has expired.", "Ask the ethics committee for a new link."));

        var stored = await store.LoadAsync(capability.Reference, cancellationToken);
        if (stored is null) return (null, null, NotFound());
        if (capability.Party is LinkParty.National n && !string.Equals(n.OrganizationId, stored.Case.State.NationalOrganizationId, StringComparison.OrdinalIgnoreCase))
            return (null, null, NotFound());
        return (stored, capability, null);
    }

    private static ApiResult NotFound() => ApiResult.Problem(StatusCodes.Status404NotFound, "This link is not valid.");
}
