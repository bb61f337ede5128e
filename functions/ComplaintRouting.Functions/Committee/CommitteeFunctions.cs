using ComplaintRouting.Parties;
using ComplaintRouting.Cases;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Http;
using ComplaintRouting.Pages;
using ComplaintRouting.Intake;
using ComplaintRouting.Links;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Committee;

/// <summary>
/// The chair's side (SPEC §5, §9), opened by the link in the committee mails (the deputy's on a
/// case about the chair): the whole case; acknowledge, assign a committee member, notify the
/// member complained about, internal notes, the recommendation to the Executive Committee — each
/// refused with 409 out of order, and a sanction until the member was heard.
/// The decision is the Executive Committee's, on its own link.
/// </summary>
public sealed class CommitteeFunctions(CapabilityGate gate, CaseCommands commands, CasePages pages, DirectoryStore directory,
    Microsoft.Extensions.Options.IOptions<Options.DeadlineOptions> deadlines)
{
    /// <summary>Internal notes and recusal reasons (SPEC §9).</summary>
    public const int MaxNote = 10_000;

    [Function("ViewCommitteeCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "committee/cases/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.Chair, cancellationToken);
        if (refusal is not null) return refusal;
        return await pages.CommitteeAsync(stored!, token, language, Party.Chair, cancellationToken);
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

    /// <summary><c>{ "member": "&lt;roster id&gt;" }</c>: the member becomes the rapporteur and receives <c>committee-assignment</c>.</summary>
    [Function("AssignCommitteeMember")]
    public async Task<IActionResult> Assign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/assign")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.Chair, PartyAction.Assign, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (id, errors) = CaseAnswers.ReadText(body.Json!.Value, "member", 64);
        var member = id is null ? null : await directory.FindCommitteeMemberAsync(id, cancellationToken);
        if (id is not null && member is not { Active: true })
            errors.Add(new FieldError("member", "member", "No active committee member has this id (the roster is PUT /api/manage/committee)."));
        if (errors.Count > 0) return ApiResult.Validation(errors);

        var isRespondent = await directory.IsRespondentAsync(member!, stored!.Complaint.Respondent, cancellationToken);
        var result = await commands.ExecuteAsync(stored, (s, now) => Decision.From(s.Case.Assign(member!.Id, isRespondent, now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.committee.assigned");
    }

    /// <summary>Mails <c>respondent-notice</c> with a respondent link to the member's directory address; 409 when there is none.</summary>
    [Function("NotifyRespondent")]
    public async Task<IActionResult> NotifyRespondent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/notify-respondent")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.Chair, PartyAction.NotifyRespondent, cancellationToken);
        if (refusal is not null) return refusal;
        var member = stored!.Case.State.RespondentMember is { } number ? await directory.FindMemberAsync(number, cancellationToken) : null;
        var result = await commands.ExecuteAsync(stored, (s, now) => Decision.From(s.Case.NotifyRespondent(member?.Email is not null, now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.committee.notified");
    }

    [Function("NoteCommitteeCase")]
    public Task<IActionResult> Note(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/notes")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        NoteAsync(gate, commands, req, token, Party.Chair, (s, _) => s.Case.CommitteeActor, cancellationToken);

    [Function("RecommendCommitteeCase")]
    public async Task<IActionResult> Recommend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/recommendation")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.Chair, PartyAction.Recommend, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (verdict, text, errors) = CaseAnswers.ReadChoice<Verdict>(body.Json!.Value, "recommendation", "rationale");
        if (errors.Count > 0) return ApiResult.Validation(errors);
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.Recommend(verdict!.Value, text!, now, deadlines.Value.RespondentReply)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.committee.recommended");
    }

    /// <summary>An internal note (SPEC §9) from a committee-side link, in the name of whoever holds it.</summary>
    internal static async Task<IActionResult> NoteAsync(CapabilityGate gate, CaseCommands commands, HttpRequest req, string token, Party party,
        Func<StoredCase, Capability, string> author, CancellationToken cancellationToken)
    {
        var (stored, capability, refusal) = await gate.OpenAsync(token, party, PartyAction.Note, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (text, errors) = CaseAnswers.ReadText(body.Json!.Value, "text", MaxNote);
        if (errors.Count > 0) return ApiResult.Validation(errors);
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.Note(author(s, capability!), text!, now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.committee.noted");
    }
}
