using ComplaintRouting.Links;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Committee;

/// <summary>
/// A committee member's side (SPEC §9), opened by the link in <c>committee-assignment</c>: the
/// case without the complainant's contact details, the committee's notes; write a note, or
/// declare a conflict — after which the link no longer opens the case and the chair hears of it.
/// </summary>
public sealed class MemberFunctions(CapabilityGate gate, CommitteeActions committee, CasePages pages)
{
    [Function("ViewMemberCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "committee/members/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.CommitteeMember, cancellationToken);
        return refusal ?? await pages.CommitteeAsync(stored!, token, language, Party.CommitteeMember, cancellationToken);
    }

    [Function("NoteMemberCase")]
    public Task<IActionResult> Note(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/members/{token}/notes")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.Note(req, gate.Door(req, token, Party.CommitteeMember), cancellationToken);

    [Function("RecuseMember")]
    public Task<IActionResult> Recuse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/members/{token}/recuse")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.Recuse(req, gate.Door(req, token, Party.CommitteeMember), cancellationToken);
}
