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

namespace ComplaintRouting.Committee;

/// <summary>
/// A committee member's side (SPEC §9), opened by the link in <c>committee-assignment</c>: the
/// case without the complainant's contact details, the committee's notes; write a note, or
/// declare a conflict — after which the link no longer opens the case and the chair hears of it.
/// </summary>
public sealed class MemberFunctions(CapabilityGate gate, CaseCommands commands, CasePages pages)
{
    [Function("ViewMemberCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "committee/members/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.CommitteeMember, cancellationToken);
        if (refusal is not null) return refusal;
        return await pages.CommitteeAsync(stored!, token, language, Party.CommitteeMember, cancellationToken);
    }

    [Function("NoteMemberCase")]
    public Task<IActionResult> Note(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/members/{token}/notes")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        CommitteeFunctions.NoteAsync(gate, commands, req, token, Party.CommitteeMember, (_, c) => Actors.Member(MemberId(c)), cancellationToken);

    /// <summary><c>{ "reason": "…" }</c>: the member leaves the case; the reason is kept as their note for the chair, who receives <c>committee-recusal</c>.</summary>
    [Function("RecuseMember")]
    public async Task<IActionResult> Recuse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/members/{token}/recuse")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, capability, refusal) = await gate.OpenAsync(token, Party.CommitteeMember, PartyAction.Recuse, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (reason, errors) = CaseAnswers.ReadText(body.Json!.Value, "reason", CommitteeFunctions.MaxNote);
        if (errors.Count > 0) return ApiResult.Validation(errors);
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.Recuse(MemberId(capability!), reason!, now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.member.recused");
    }

    private static string MemberId(Capability capability) => ((LinkParty.Member)capability.Party).MemberId;
}
