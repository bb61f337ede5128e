using ComplaintRouting.Cases;
using ComplaintRouting.Links;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Referrals;

/// <summary>
/// The national organization's side (SPEC §5), opened by the link in the referral mail: read the
/// complaint, acknowledge it, report the outcome. JSON and HTML form posts both work; a browser
/// lands on a confirmation page.
/// </summary>
public sealed class ReferralFunctions(CapabilityGate gate, LinkActions actions, CasePages pages, IOptions<DeadlineOptions> deadlines)
{
    [Function("ViewReferral")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "referrals/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.National, cancellationToken);
        return refusal ?? await pages.ReferralAsync(stored!, token, deadlines.Value, language);
    }

    [Function("AcknowledgeReferral")]
    public Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{token}/acknowledge")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, gate.Door(req, token, Party.National), PartyAction.Acknowledge, "page.answer.referral.acknowledged", (s, now) => s.Case.AcknowledgeNational(now), cancellationToken);

    [Function("ReportReferralOutcome")]
    public Task<IActionResult> Outcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{token}/outcome")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, gate.Door(req, token, Party.National), PartyAction.ReportOutcome, "page.answer.referral.outcome", LinkActions.Choice<NationalDetermination>("determination", "summary"),
            (s, _, o, now) => s.Case.RecordNationalOutcome(o.Choice, o.Text, now), cancellationToken);

    /// <summary><c>{ "text": "…" }</c> → <c>201</c>, while the organization holds the case: a question to the complainant.</summary>
    [Function("MessageFromNational")]
    public Task<IActionResult> Message(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{token}/messages")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, gate.Door(req, token, Party.National), PartyAction.Message, "page.answer.message.sent", LinkActions.Text("text", CaseAnswers.MaxText),
            (s, _, text, now) => s.Case.Message(MessageSide.National, text, now), cancellationToken, StatusCodes.Status201Created);
}
