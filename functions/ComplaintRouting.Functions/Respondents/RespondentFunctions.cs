using ComplaintRouting.Http;
using ComplaintRouting.Links;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Respondents;

/// <summary>
/// The member complained about (SPEC §9), through the link in <c>respondent-notice</c>: the
/// allegation, one reply, and an appeal of a sanction while the appeal window runs.
/// </summary>
public sealed class RespondentFunctions(CapabilityGate gate, CaseCommands commands, CasePages pages, IOptions<DeadlineOptions> deadlines)
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
        TextAsync(req, token, PartyAction.Reply, "text", (s, text, now) => s.Case.Reply(text, now), "page.answer.respondent.replied", cancellationToken);

    [Function("AppealDecision")]
    public Task<IActionResult> Appeal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "respondents/{token}/appeal")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        TextAsync(req, token, PartyAction.Appeal, "grounds", (s, text, now) => s.Case.Appeal(text, now, deadlines.Value.Appeal), "page.answer.respondent.appealed", cancellationToken);

    private async Task<IActionResult> TextAsync(HttpRequest req, string token, PartyAction action, string field,
        Func<StoredCase, string, DateTimeOffset, Cases.CaseResult> act, string confirmationKey, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.Respondent, action, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (text, errors) = CaseAnswers.ReadText(body.Json!.Value, field, MaxReply);
        if (errors.Count > 0) return ApiResult.Validation(errors);
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(act(s, text!, now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, confirmationKey);
    }
}
