using ComplaintRouting.Cases;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Intake;
using ComplaintRouting.Links;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Committee;

/// <summary>
/// The chair's side (SPEC §5, §9), opened by the link in the committee mails (the deputy's on a
/// case about the chair): the whole case; acknowledge, assign a committee member, notify the
/// member complained about, internal notes, the recommendation to the Executive Committee — each
/// refused with 409 out of order, and a sanction until the member was heard. The decision is the
/// Executive Committee's, on its own link.
/// </summary>
public sealed class CommitteeFunctions(CapabilityGate gate, LinkActions actions, CasePages pages, DirectoryStore directory, IOptions<DeadlineOptions> deadlines)
{
    /// <summary>Internal notes and recusal reasons (SPEC §9).</summary>
    public const int MaxNote = 10_000;

    [Function("ViewCommitteeCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "committee/cases/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.Chair, cancellationToken);
        return refusal ?? await pages.CommitteeAsync(stored!, token, language, Party.Chair, cancellationToken);
    }

    [Function("AcknowledgeCommitteeCase")]
    public Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/acknowledge")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, token, Party.Chair, PartyAction.Acknowledge, "page.answer.committee.acknowledged", (s, now) => s.Case.AcknowledgeCommittee(now), cancellationToken);

    /// <summary><c>{ "member": "&lt;roster id&gt;" }</c>: the member becomes the rapporteur and receives <c>committee-assignment</c>.</summary>
    [Function("AssignCommitteeMember")]
    public Task<IActionResult> Assign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/assign")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, token, Party.Chair, PartyAction.Assign, "page.answer.committee.assigned", ReadMemberAsync,
            (s, _, member, now) => s.Case.Assign(member.Id, member.IsRespondent, now), cancellationToken);

    /// <summary>Mails <c>respondent-notice</c> with a respondent link to the member's directory address; 409 when there is none.</summary>
    [Function("NotifyRespondent")]
    public Task<IActionResult> NotifyRespondent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/notify-respondent")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, token, Party.Chair, PartyAction.NotifyRespondent, "page.answer.committee.notified",
            async (s, ct) => s.Case.State.RespondentMember is { } number && (await directory.FindMemberAsync(number, ct))?.Email is not null,
            (s, _, reachable, now) => s.Case.NotifyRespondent(reachable, now), cancellationToken);

    [Function("NoteCommitteeCase")]
    public Task<IActionResult> Note(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/notes")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, token, Party.Chair, PartyAction.Note, "page.answer.committee.noted", LinkActions.Text("text", MaxNote),
            (s, _, text, now) => s.Case.Note(s.Case.CommitteeActor, text, now), cancellationToken);

    /// <summary><c>{ "text": "…" }</c> → <c>201</c>: a question to the complainant, who is told there is a message (<c>complainant-message</c>).</summary>
    [Function("MessageFromCommittee")]
    public Task<IActionResult> Message(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/messages")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, token, Party.Chair, PartyAction.Message, "page.answer.message.sent", LinkActions.Text("text", CaseAnswers.MaxText),
            (s, _, text, now) => s.Case.Message(MessageSide.Committee, text, now), cancellationToken, StatusCodes.Status201Created);

    [Function("RecommendCommitteeCase")]
    public Task<IActionResult> Recommend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/recommendation")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.RunAsync(req, token, Party.Chair, PartyAction.Recommend, "page.answer.committee.recommended", LinkActions.Choice<Verdict>("recommendation", "rationale"),
            (s, _, r, now) => s.Case.Recommend(r.Choice, r.Text, now, deadlines.Value.RespondentReply), cancellationToken);

    /// <summary>The roster member named by <c>member</c> (active), and whether they are the person complained about.</summary>
    private async Task<((string Id, bool IsRespondent) Input, List<FieldError> Errors)> ReadMemberAsync(System.Text.Json.JsonElement body, Storage.StoredCase stored, CancellationToken cancellationToken)
    {
        var (id, errors) = CaseAnswers.ReadText(body, "member", 64);
        if (id is null) return (default, errors);
        if (await directory.FindCommitteeMemberAsync(id, cancellationToken) is not { Active: true } member)
            return (default, [new FieldError("member", "member", "No active committee member has this id (the roster is PUT /api/manage/committee).")]);
        return ((member.Id, await directory.IsRespondentAsync(member, stored.Complaint.Respondent, cancellationToken)), errors);
    }
}
