using ComplaintRouting.Api;
using ComplaintRouting.Http;
using ComplaintRouting.Links;
using ComplaintRouting.Localization;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ComplaintRouting.Evidence;

/// <summary>
/// Adding evidence to a case and handing it out again (SPEC §10), the same for every party: check
/// the case takes the party's files now (before a byte is stored), receive them
/// (<see cref="AttachmentReceiver"/>), record them on the case through <see cref="CaseCommands"/>,
/// and delete them again when the case refuses. A download is served only to a party
/// <see cref="PartyRules.SeesAttachment"/> lets see it — to every other party the file does not exist.
/// </summary>
public sealed class AttachmentActions(AttachmentReceiver receiver, AttachmentStore store, CaseCommands commands, LinkActions links)
{
    /// <summary>Receives and records <paramref name="body"/>'s files as <paramref name="from"/>'s: the files, or the problem (nothing stays stored then).</summary>
    public async Task<(IReadOnlyList<StoredFile> Files, ApiResult? Problem)> AttachAsync(StoredCase stored, Party from, MultipartBody body, CancellationToken cancellationToken)
    {
        if (stored.Case.WhyNotAttach(from) is { } why) return ([], ApiResult.Conflict(why));
        var (files, refusal) = await receiver.ReceiveAsync(stored.Reference, body, stored.Case.State.Attachments, cancellationToken);
        if (refusal is not null) return ([], refusal);
        // A failure while committing may hide a commit that landed: the files stay, and retention erases any not recorded.
        var result = await commands.ExecuteAsync(stored, (s, now) => Decision.From(s.Case.Attach(from, files, receiver.Limits, now)), cancellationToken);
        if (result.Status == CommandStatus.Done) return (files, null);
        await store.DeleteAsync(stored.Reference, files.Select(f => f.Id), CancellationToken.None);
        return ([], result.Status == CommandStatus.NotFound ? ApiResult.NotFound() : ApiResult.Conflict(result.Refusal!));
    }

    /// <summary><c>POST …/attachments</c> on a link or in the workspace: 201 with the files to an API client, a page in the form's language to a browser.</summary>
    public async Task<IActionResult> AttachThroughAsync(HttpRequest req, CaseDoor door, CancellationToken cancellationToken)
    {
        var (stored, actor, refusal) = await door(PartyAction.Attach, cancellationToken);
        if (refusal is not null) return refusal;
        var (body, unreadable) = await receiver.StartAsync(req, cancellationToken);
        if (unreadable is not null) return await AnswerAsync(req, stored!, unreadable, []);
        var (files, problem) = await AttachAsync(stored!, actor!.Party, body!, cancellationToken);
        return await AnswerAsync(req, stored!, problem, files);
    }

    /// <summary><c>GET …/attachments/{id}</c> on a link or in the workspace.</summary>
    public async Task<IActionResult> DownloadThroughAsync(CaseDoor door, string id, CancellationToken cancellationToken)
    {
        var (stored, actor, refusal) = await door(PartyAction.ViewStatus, cancellationToken);
        return refusal ?? await DownloadAsync(stored!, actor!.Party, id, cancellationToken);
    }

    /// <summary>The chair shares a file with the member complained about; the member's page lists it from then on.</summary>
    public Task<IActionResult> ShareAsync(HttpRequest req, CaseDoor door, string id, CancellationToken cancellationToken) =>
        links.RunAsync(req, door, PartyAction.ShareAttachment, "page.answer.attachment.shared", (s, now) => s.Case.Share(id, now), cancellationToken);

    /// <summary>The file as an attachment (never shown inline, never sniffed), or 404 when <paramref name="party"/> may not see it.</summary>
    public async Task<IActionResult> DownloadAsync(StoredCase stored, Party party, string id, CancellationToken cancellationToken)
    {
        var attachment = stored.Case.State.Attachments.FirstOrDefault(a => a.Id == id);
        if (attachment is null || !PartyRules.SeesAttachment(party, attachment, stored.Case.Status)) return ApiResult.NotFound();
        return new Download(await store.OpenAsync(stored.Reference, id, cancellationToken), attachment);
    }

    public static ApiResult Created(IReadOnlyList<StoredFile> files) => ApiResult.Ok(new
    {
        attachments = files.Select(f => new { id = f.Id, name = f.Name, bytes = f.Bytes, type = f.Type.MediaType() }),
    }, StatusCodes.Status201Created);

    /// <summary>A browser's form post (it asks for HTML) gets a page; an API client JSON.</summary>
    public static bool WantsPage(HttpRequest req) => req.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a file was refused, in the reader's language, by the answer's status.</summary>
    public static string Reason(string lang, ApiResult problem) => problem.Status switch
    {
        StatusCodes.Status413PayloadTooLarge => Texts.Get(lang, "attach.error.tooLarge"),
        StatusCodes.Status415UnsupportedMediaType => Texts.Get(lang, "attach.error.type"),
        StatusCodes.Status409Conflict => Texts.Get(lang, "attach.error.refused"),
        _ => Texts.Get(lang, "attach.error.none"),
    };

    private static async Task<IActionResult> AnswerAsync(HttpRequest req, StoredCase stored, ApiResult? problem, IReadOnlyList<StoredFile> files)
    {
        if (!WantsPage(req)) return problem ?? Created(files);
        var lang = Texts.Resolve(req.Query["lang"].ToString());
        return await PageRenderer.Detached.LinkPageAsync<CaseAnswerPage>(problem is null
            ? new Dictionary<string, object?>
            {
                [nameof(CaseAnswerPage.Lang)] = lang, [nameof(CaseAnswerPage.Confirmation)] = "page.answer.attached",
                [nameof(CaseAnswerPage.Reference)] = stored.Reference, [nameof(CaseAnswerPage.Status)] = stored.Case.Status.ToApi(),
            }
            : new Dictionary<string, object?> { [nameof(CaseAnswerPage.Lang)] = lang, [nameof(CaseAnswerPage.Refusal)] = Reason(lang, problem) },
            problem?.Status ?? StatusCodes.Status201Created);
    }

    /// <summary>The name as ASCII for old clients (<c>filename=</c>); the real one goes in <c>filename*=</c>.</summary>
    private static string Ascii(string name) => new(name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_').ToArray());

    /// <summary>Streams the opened file: <c>Content-Disposition: attachment</c>, <c>nosniff</c>, a sandbox policy should it ever be shown, and no caching.</summary>
    private sealed class Download(Stream content, Attachment attachment) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.ContentType = attachment.Type.MediaType();
            response.ContentLength = attachment.Bytes;
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = attachment.Name, FileName = Ascii(attachment.Name) }.ToString();
            await using (content) await content.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
        }
    }
}
