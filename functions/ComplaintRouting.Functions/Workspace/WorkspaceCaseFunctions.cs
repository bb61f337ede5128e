using ComplaintRouting.Committee;
using ComplaintRouting.Evidence;
using ComplaintRouting.Http;
using ComplaintRouting.Links;
using ComplaintRouting.Localization;
using ComplaintRouting.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Workspace;

/// <summary>
/// One case in the workspace (SPEC §11): <c>GET /api/workspace/cases/{reference}</c>, the case as the
/// person's seat may see it with its timeline against the deadlines
/// (<c>…/timeline.svg</c>) and every action the seat may take — the link's actions, and the
/// recommendation and decisions a link alone cannot record — posted to
/// <c>POST …/{reference}/{verb}</c> with the link routes' last segment and body; the case file
/// (<c>…/file.pdf</c>) and the evidence (<c>…/attachments/{id}</c>). Every read is recorded.
/// </summary>
public sealed class WorkspaceCaseFunctions(WorkspaceDoor door, WorkspaceReads reads, CommitteeActions committee, AttachmentActions attachments,
    CasePages pages, DirectoryStorage.DirectoryStore directory, TimeProvider clock)
{
    private delegate Task<IActionResult> Verb(HttpRequest req, CaseDoor door, CancellationToken cancellationToken);

    /// <summary>The actions by the link routes' last segment: the same names, bodies and answers.</summary>
    private Dictionary<string, Verb> Verbs => new(StringComparer.Ordinal)
    {
        ["acknowledge"] = committee.Acknowledge, ["assign"] = committee.Assign, ["notify-respondent"] = committee.NotifyRespondent,
        ["notes"] = committee.Note, ["messages"] = committee.Message, ["recommendation"] = committee.Recommend, ["recuse"] = committee.Recuse,
        ["decision"] = committee.Decide, ["appeal-outcome"] = committee.DecideAppeal, ["attachments"] = attachments.AttachThroughAsync,
    };

    [Function("WorkspaceCase")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/cases/{reference}")] HttpRequest req, string reference, CancellationToken cancellationToken)
    {
        var (person, stored, refusal) = await door.OpenAsync(req, reference, cancellationToken);
        if (person is null) return await WorkspaceFunctions.SignInFirstAsync(req);
        if (refusal is not null) return refusal;
        await reads.RecordAsync(stored!.Reference, person.Actor, "case", cancellationToken);
        return await pages.WorkspaceCaseAsync(stored, person, WorkspaceFunctions.Language(req, person), cancellationToken);
    }

    [Function("WorkspaceCaseTimeline")]
    public async Task<IActionResult> Timeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/cases/{reference}/timeline.svg")] HttpRequest req, string reference, CancellationToken cancellationToken)
    {
        var (person, stored, refusal) = await door.OpenAsync(req, reference, cancellationToken);
        return refusal ?? WorkspaceFunctions.Svg(pages.Timeline(stored!, WorkspaceFunctions.Language(req, person!)));
    }

    /// <summary>One of <see cref="Verbs"/>; any other segment is 404.</summary>
    [Function("WorkspaceCaseAction")]
    public Task<IActionResult> Act(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workspace/cases/{reference}/{verb}")] HttpRequest req, string reference, string verb, CancellationToken cancellationToken) =>
        Verbs.TryGetValue(verb, out var act) ? act(req, door.For(req, reference), cancellationToken) : Task.FromResult<IActionResult>(ApiResult.NotFound());

    /// <summary>The case file for the Executive Committee's meeting (SPEC §11); the download is recorded as a read of the case.</summary>
    [Function("WorkspaceCaseFile")]
    public async Task<IActionResult> CaseFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/cases/{reference}/file.pdf")] HttpRequest req, string reference, CancellationToken cancellationToken)
    {
        var (person, stored, refusal) = await door.OpenAsync(req, reference, cancellationToken);
        if (person is null) return await WorkspaceFunctions.SignInFirstAsync(req);
        if (refusal is not null) return refusal;
        await reads.RecordAsync(stored!.Reference, person.Actor, "file", cancellationToken);
        var roster = await directory.ListCommitteeAsync(cancellationToken).ToListAsync(cancellationToken);
        string Name(string actor) => actor.StartsWith("member:", StringComparison.Ordinal) && roster.FirstOrDefault(m => m.Id == actor[7..]) is { } m ? $"{m.Name} ({actor})" : actor;
        var pdf = Workspace.CaseFile.Render(stored, WorkspaceFunctions.Language(req, person), Name, clock.GetUtcNow());
        return new FileBytes(pdf, "application/pdf", $"{stored.Reference}.pdf");
    }

    /// <summary>A file of the case's evidence the seat may see; recorded as a read.</summary>
    [Function("WorkspaceDownloadAttachment")]
    public Task<IActionResult> Download(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/cases/{reference}/attachments/{id}")] HttpRequest req, string reference, string id, CancellationToken cancellationToken) =>
        attachments.DownloadThroughAsync(door.For(req, reference, recordAs: "attachment"), id, cancellationToken);

    /// <summary>The chair shares a file with the member complained about.</summary>
    [Function("WorkspaceShareAttachment")]
    public Task<IActionResult> Share(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workspace/cases/{reference}/attachments/{id}/share")] HttpRequest req, string reference, string id, CancellationToken cancellationToken) =>
        attachments.ShareAsync(req, door.For(req, reference), id, cancellationToken);
}
