using ComplaintRouting.Links;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Respondents;

/// <summary>
/// The member complained about (SPEC §9), through the link in <c>respondent-notice</c>: the
/// allegation, one reply, and an appeal of a sanction while the appeal window runs.
/// </summary>
public sealed class RespondentFunctions(CapabilityGate gate, LinkActions actions, CasePages pages, IOptions<DeadlineOptions> deadlines)
{
    /// <summary>The member's reply and appeal grounds (SPEC §9).</summary>
    public const int MaxReply = 20_000;

    [Function("ViewRespondentCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "respondents/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.Respondent, cancellationToken);
        return refusal ?? await pages.RespondentAsync(stored!, token, language);
    }

    [Function("ReplyRespondent")]
    public Task<IActionResult> Reply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "respondents/{token}/reply")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, gate.Door(req, token, Party.Respondent), PartyAction.Reply, "page.answer.respondent.replied", LinkActions.Text("text", MaxReply),
            (s, _, text, now) => s.Case.Reply(text, now), cancellationToken);

    [Function("AppealDecision")]
    public Task<IActionResult> Appeal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "respondents/{token}/appeal")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, gate.Door(req, token, Party.Respondent), PartyAction.Appeal, "page.answer.respondent.appealed", LinkActions.Text("grounds", MaxReply),
            (s, _, grounds, now) => s.Case.Appeal(grounds, now, deadlines.Value.Appeal), cancellationToken);
}
