using ComplaintRouting.Cases;
using ComplaintRouting.Http;
using ComplaintRouting.Pages;
using ComplaintRouting.Links;
using ComplaintRouting.Parties;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Executive;

/// <summary>
/// The Executive Committee's side (SPEC §9), opened by the link in <c>executive-recommendation</c>:
/// the case, the committee's recommendation and notes; the decision, which tells the complainant
/// and the national organization.
/// </summary>
public sealed class ExecutiveFunctions(CapabilityGate gate, CaseCommands commands, CasePages pages)
{
    [Function("ViewExecutiveCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "executive/cases/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.Executive, cancellationToken);
        if (refusal is not null) return refusal;
        return await pages.CommitteeAsync(stored!, token, language, Party.Executive, cancellationToken);
    }

    /// <summary><c>{ "decision": "not-justified|reminder|warning|expulsion", "statement": "…" }</c> → <c>decided</c>.</summary>
    [Function("DecideExecutiveCase")]
    public async Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executive/cases/{token}/decision")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.Executive, PartyAction.Decide, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (verdict, statement, errors) = CaseAnswers.ReadChoice<Verdict>(body.Json!.Value, "decision", "statement");
        if (errors.Count > 0) return ApiResult.Validation(errors);
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.Decide(verdict!.Value, statement!, now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.executive.decided");
    }
}
