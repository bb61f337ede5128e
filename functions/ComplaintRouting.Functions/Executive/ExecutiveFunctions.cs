using ComplaintRouting.Committee;
using ComplaintRouting.Links;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Executive;

/// <summary>
/// The Executive Committee's side (SPEC §9), opened by the link in <c>executive-recommendation</c>:
/// the case, the committee's recommendation and notes, the member's reply; the decision, which
/// tells the complainant, the member and the national organization; and an appeal's outcome. Both
/// need the Executive Committee signed in to the workspace as well (SPEC §11).
/// </summary>
public sealed class ExecutiveFunctions(CapabilityGate gate, CommitteeActions committee, CasePages pages)
{
    [Function("ViewExecutiveCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "executive/cases/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.Executive, cancellationToken);
        return refusal ?? await pages.CommitteeAsync(stored!, token, language, Party.Executive, cancellationToken);
    }

    [Function("DecideExecutiveCase")]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executive/cases/{token}/decision")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.Decide(req, gate.Door(req, token, Party.Executive), cancellationToken);

    [Function("DecideAppeal")]
    public Task<IActionResult> AppealOutcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executive/cases/{token}/appeal-outcome")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.DecideAppeal(req, gate.Door(req, token, Party.Executive), cancellationToken);
}
