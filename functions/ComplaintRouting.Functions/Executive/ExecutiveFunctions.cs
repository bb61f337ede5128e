using System.Text.Json;
using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Intake;
using ComplaintRouting.Links;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Executive;

/// <summary>
/// The Executive Committee's side (SPEC §9), opened by the link in <c>executive-recommendation</c>:
/// the case, the committee's recommendation and notes, the member's reply; the decision, which
/// tells the complainant, the member and the national organization; and an appeal's outcome.
/// </summary>
public sealed class ExecutiveFunctions(CapabilityGate gate, LinkActions actions, CasePages pages, IOptions<DeadlineOptions> deadlines)
{
    [Function("ViewExecutiveCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "executive/cases/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.Executive, cancellationToken);
        return refusal ?? await pages.CommitteeAsync(stored!, token, language, Party.Executive, cancellationToken);
    }

    /// <summary><c>{ "decision": "not-justified|reminder|warning|expulsion", "statement": "…" }</c> → <c>decided</c>.</summary>
    [Function("DecideExecutiveCase")]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executive/cases/{token}/decision")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, token, Party.Executive, PartyAction.Decide, "page.answer.executive.decided", LinkActions.Choice<Verdict>("decision", "statement"),
            (s, _, d, now) => s.Case.Decide(d.Choice, d.Text, now, deadlines.Value.RespondentReply), cancellationToken);

    /// <summary>
    /// <c>{ "outcome": "upheld|varied|overturned", "decision": "…" (only when varied), "statement": "…" }</c>
    /// → <c>decided</c>, final; everyone is told again.
    /// </summary>
    [Function("DecideAppeal")]
    public Task<IActionResult> AppealOutcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executive/cases/{token}/appeal-outcome")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, token, Party.Executive, PartyAction.DecideAppeal, "page.answer.executive.appealDecided", ReadAppealOutcomeAsync,
            (s, _, a, now) => s.Case.DecideAppeal(a.Outcome, a.Varied, a.Statement, now), cancellationToken);

    private static async Task<((AppealOutcome Outcome, Verdict? Varied, string Statement) Input, List<FieldError> Errors)> ReadAppealOutcomeAsync(
        JsonElement body, Storage.StoredCase stored, CancellationToken cancellationToken)
    {
        var ((outcome, statement), errors) = await LinkActions.Choice<AppealOutcome>("outcome", "statement")(body, stored, cancellationToken);
        var given = JsonText.Property(body, "decision");
        Verdict? varied = ApiNames<Verdict>.TryParse(given, out var v) ? v : null;
        var outcomeGiven = errors.All(e => e.Path != "outcome");
        if (outcomeGiven && outcome == Cases.AppealOutcome.Varied && varied is null)
            errors.Add(new FieldError("decision", "choice", $"A varied decision needs the new decision: one of {string.Join(", ", ApiNames<Verdict>.All)}."));
        if (outcomeGiven && outcome != Cases.AppealOutcome.Varied && !string.IsNullOrEmpty(given))
            errors.Add(new FieldError("decision", "choice", "Give a decision only when the outcome is varied."));
        return ((outcome, varied, statement), errors);
    }
}
