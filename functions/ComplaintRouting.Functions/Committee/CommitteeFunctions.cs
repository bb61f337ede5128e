using ComplaintRouting.Links;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Committee;

/// <summary>
/// The chair's side (SPEC §5, §9), opened by the link in the committee mails (the deputy's on a
/// case about the chair): the whole case; acknowledge, assign a committee member, notify the
/// member complained about, internal notes, questions to the complainant, and the recommendation
/// to the Executive Committee — which needs the chair signed in to the workspace as well
/// (SPEC §11). The actions are <see cref="CommitteeActions"/>'; the workspace offers the same.
/// </summary>
public sealed class CommitteeFunctions(CapabilityGate gate, CommitteeActions committee, CasePages pages)
{
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
        committee.Acknowledge(req, gate.Door(req, token, Party.Chair), cancellationToken);

    [Function("AssignCommitteeMember")]
    public Task<IActionResult> Assign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/assign")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.Assign(req, gate.Door(req, token, Party.Chair), cancellationToken);

    [Function("NotifyRespondent")]
    public Task<IActionResult> NotifyRespondent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/notify-respondent")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.NotifyRespondent(req, gate.Door(req, token, Party.Chair), cancellationToken);

    [Function("NoteCommitteeCase")]
    public Task<IActionResult> Note(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/notes")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.Note(req, gate.Door(req, token, Party.Chair), cancellationToken);

    [Function("MessageFromCommittee")]
    public Task<IActionResult> Message(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/messages")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.Message(req, gate.Door(req, token, Party.Chair), cancellationToken);

    [Function("RecommendCommitteeCase")]
    public Task<IActionResult> Recommend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/recommendation")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        committee.Recommend(req, gate.Door(req, token, Party.Chair), cancellationToken);
}
