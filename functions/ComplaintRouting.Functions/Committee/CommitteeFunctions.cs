using ComplaintRouting.Parties;
using ComplaintRouting.Cases;
using ComplaintRouting.Email;
using ComplaintRouting.Http;
using ComplaintRouting.Links;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Committee;

/// <summary>
/// The chair's side (SPEC §5), opened by the link in the committee mails: the whole case,
/// acknowledge, recommendation, decision — each refused with 409 out of order. The decision
/// tells the complainant (<c>complainant-update</c>) when they gave an address.
/// </summary>
public sealed class CommitteeFunctions(CapabilityGate gate, CaseCommands commands, CasePages pages)
{
    [Function("ViewCommitteeCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "committee/cases/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.Chair, cancellationToken);
        return refusal ?? await pages.CommitteeAsync(stored!, token, language);
    }

    [Function("AcknowledgeCommitteeCase")]
    public async Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/acknowledge")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.Chair, PartyAction.Acknowledge, cancellationToken);
        if (refusal is not null) return refusal;
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.AcknowledgeCommittee(now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.committee.acknowledged");
    }

    [Function("RecommendCommitteeCase")]
    public Task<IActionResult> Recommend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/recommendation")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        VerdictAsync(req, token, PartyAction.Recommend, "recommendation", "rationale", (s, verdict, text, now) => Decision.From(s.Case.Recommend(verdict, text, now)),
            "page.answer.committee.recommended", cancellationToken);

    [Function("DecideCommitteeCase")]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/decision")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        VerdictAsync(req, token, PartyAction.Decide, "decision", "statement", (s, verdict, text, now) => Decision.From(s.Case.Decide(verdict, text, now)),
            "page.answer.committee.decided", cancellationToken);

    private async Task<IActionResult> VerdictAsync(HttpRequest req, string token, PartyAction action, string choiceField, string textField,
        Func<StoredCase, Verdict, string, DateTimeOffset, Decision> decide, string confirmationKey, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.Chair, action, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (verdict, text, errors) = CaseAnswers.ReadChoice<Verdict>(body.Json!.Value, choiceField, textField);
        if (errors.Count > 0) return ApiResult.Validation(errors);
        var result = await commands.ExecuteAsync(stored!, (s, now) => decide(s, verdict!.Value, text!, now), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, confirmationKey);
    }
}
