using System.Text.Json;
using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Intake;
using ComplaintRouting.Links;
using ComplaintRouting.Options;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Committee;

/// <summary>
/// The committee side's actions (SPEC §9), the same whether they come through a link
/// (<see cref="CommitteeFunctions"/>, <see cref="MemberFunctions"/>, <c>ExecutiveFunctions</c>) or
/// from the workspace (<c>WorkspaceCaseFunctions</c>): the door says which case and who acts; each
/// action names its fields and the aggregate's method, which refuses it out of order (409), and a
/// sanction until the member was heard. The mails that follow come from the consequence policy.
/// </summary>
public sealed class CommitteeActions(LinkActions actions, DirectoryStore directory, IOptions<DeadlineOptions> deadlines)
{
    /// <summary>Internal notes and recusal reasons (SPEC §9).</summary>
    public const int MaxNote = 10_000;

    public Task<IActionResult> Acknowledge(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.Acknowledge, "page.answer.committee.acknowledged", (s, now) => s.Case.AcknowledgeCommittee(now), cancellationToken);

    /// <summary><c>{ "member": "&lt;roster id&gt;" }</c>: the member becomes the rapporteur and receives <c>committee-assignment</c>.</summary>
    public Task<IActionResult> Assign(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.Assign, "page.answer.committee.assigned", ReadMemberAsync,
            (s, _, member, now) => s.Case.Assign(member.Id, member.IsRespondent, now), cancellationToken);

    /// <summary>Mails <c>respondent-notice</c> with a respondent link to the member's directory address; 409 when there is none.</summary>
    public Task<IActionResult> NotifyRespondent(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.NotifyRespondent, "page.answer.committee.notified",
            async (s, ct) => s.Case.State.RespondentMember is { } number && (await directory.FindMemberAsync(number, ct))?.Email is not null,
            (s, _, reachable, now) => s.Case.NotifyRespondent(reachable, now), cancellationToken);

    /// <summary><c>{ "text": "…" }</c>: an internal note, in the name of who writes it (the chair or deputy, or the member).</summary>
    public Task<IActionResult> Note(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.Note, "page.answer.committee.noted", LinkActions.Text("text", MaxNote),
            (s, actor, text, now) => s.Case.Note(actor is LinkParty.Member m ? Actors.Member(m.MemberId) : s.Case.CommitteeActor, text, now), cancellationToken);

    /// <summary><c>{ "text": "…" }</c> → <c>201</c>: a question to the complainant, who is told there is a message (<c>complainant-message</c>).</summary>
    public Task<IActionResult> Message(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.Message, "page.answer.message.sent", LinkActions.Text("text", CaseAnswers.MaxText),
            (s, _, text, now) => s.Case.Message(MessageSide.Committee, text, now), cancellationToken, StatusCodes.Status201Created);

    /// <summary><c>{ "recommendation": "…", "rationale": "…" }</c> → <c>awaiting-decision</c>; the door demands a signed-in chair.</summary>
    public Task<IActionResult> Recommend(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.Recommend, "page.answer.committee.recommended", LinkActions.Choice<Verdict>("recommendation", "rationale"),
            (s, _, r, now) => s.Case.Recommend(r.Choice, r.Text, now, deadlines.Value.RespondentReply), cancellationToken);

    /// <summary><c>{ "reason": "…" }</c>: the member leaves the case; the reason is kept as their note for the chair, who receives <c>committee-recusal</c>.</summary>
    public Task<IActionResult> Recuse(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.Recuse, "page.answer.member.recused", LinkActions.Text("reason", MaxNote),
            (s, actor, reason, now) => s.Case.Recuse(((LinkParty.Member)actor).MemberId, reason, now), cancellationToken);

    /// <summary><c>{ "decision": "not-justified|reminder|warning|expulsion", "statement": "…" }</c> → <c>decided</c>; the door demands the signed-in Executive Committee.</summary>
    public Task<IActionResult> Decide(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.Decide, "page.answer.executive.decided", LinkActions.Choice<Verdict>("decision", "statement"),
            (s, _, d, now) => s.Case.Decide(d.Choice, d.Text, now, deadlines.Value.RespondentReply), cancellationToken);

    /// <summary>
    /// <c>{ "outcome": "upheld|varied|overturned", "decision": "…" (only when varied), "statement": "…" }</c>
    /// → <c>decided</c>, final; everyone is told again.
    /// </summary>
    public Task<IActionResult> DecideAppeal(HttpRequest req, CaseDoor door, CancellationToken cancellationToken) =>
        actions.RunAsync(req, door, PartyAction.DecideAppeal, "page.answer.executive.appealDecided", ReadAppealOutcomeAsync,
            (s, _, a, now) => s.Case.DecideAppeal(a.Outcome, a.Varied, a.Statement, now), cancellationToken);

    /// <summary>The roster member named by <c>member</c> (active), and whether they are the person complained about.</summary>
    private async Task<((string Id, bool IsRespondent) Input, List<FieldError> Errors)> ReadMemberAsync(JsonElement body, Storage.StoredCase stored, CancellationToken cancellationToken)
    {
        var (id, errors) = CaseAnswers.ReadText(body, "member", 64);
        if (id is null) return (default, errors);
        if (await directory.FindCommitteeMemberAsync(id, cancellationToken) is not { Active: true } member)
            return (default, [new FieldError("member", "member", "No active committee member has this id (the roster is PUT /api/manage/committee).")]);
        return ((member.Id, await directory.IsRespondentAsync(member, stored.Complaint.Respondent, cancellationToken)), errors);
    }

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
