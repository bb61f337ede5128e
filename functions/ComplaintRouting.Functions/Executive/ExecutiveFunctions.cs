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
using Microsoft.Extensions.Options;
using ComplaintRouting.Api;
using ComplaintRouting.Options;

namespace ComplaintRouting.Executive;

/// <summary>
/// The Executive Committee's side (SPEC §9), opened by the link in <c>executive-recommendation</c>:
/// the case, the committee's recommendation and notes, the member's reply; the decision, which
/// tells the complainant, the member and the national organization; and an appeal's outcome.
/// </summary>
public sealed class ExecutiveFunctions(CapabilityGate gate, CaseCommands commands, CasePages pages, IOptions<DeadlineOptions> deadlines)
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
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.Decide(verdict!.Value, statement!, now, deadlines.Value.RespondentReply)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.executive.decided");
    }

    /// <summary>
    /// <c>{ "outcome": "upheld|varied|overturned", "decision": "…" (only when varied), "statement": "…" }</c>
    /// → <c>decided</c>, final; everyone is told again.
    /// </summary>
    [Function("DecideAppeal")]
    public async Task<IActionResult> AppealOutcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executive/cases/{token}/appeal-outcome")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.Executive, PartyAction.DecideAppeal, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (outcome, statement, errors) = CaseAnswers.ReadChoice<AppealOutcome>(body.Json!.Value, "outcome", "statement");
        var given = JsonText.Property(body.Json!.Value, "decision");
        Verdict? varied = null;
        if (outcome == Cases.AppealOutcome.Varied)
        {
            if (ApiNames<Verdict>.TryParse(given, out var v)) varied = v;
            else errors.Add(new Intake.FieldError("decision", "choice", $"A varied decision needs the new decision: one of {string.Join(", ", ApiNames<Verdict>.All)}."));
        }
        else if (!string.IsNullOrEmpty(given) && outcome is not null)
        {
            errors.Add(new Intake.FieldError("decision", "choice", "Give a decision only when the outcome is varied."));
        }
        if (errors.Count > 0) return ApiResult.Validation(errors);
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.DecideAppeal(outcome!.Value, varied, statement!, now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.executive.appealDecided");
    }
}
