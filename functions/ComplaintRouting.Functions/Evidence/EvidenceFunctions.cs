using ComplaintRouting.Api;
using ComplaintRouting.FloodControl;
using ComplaintRouting.FollowUp;
using ComplaintRouting.Form;
using ComplaintRouting.Http;
using ComplaintRouting.Intake;
using ComplaintRouting.Links;
using ComplaintRouting.Localization;
using ComplaintRouting.Parties;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Evidence;

/// <summary>
/// Evidence routes (SPEC §10): <c>POST …/attachments</c> (multipart) for the complainant and on the
/// referral, committee and respondent links; <c>GET …/attachments/{id}</c> on every link; the
/// complainant's own files by <c>POST /api/complaints/{reference}/attachments/{id}</c> with the
/// follow-up code (a code never goes in a URL); the chair's share with the member.
/// </summary>
public sealed class EvidenceFunctions(AttachmentActions actions, AttachmentReceiver receiver, Storage.CaseStore store, CapabilityGate gate, FollowUpHandler followUp, Throttles throttles, OriginPolicy origins, FormPage pages)
{
    [Function("AttachFromComplainant")]
    public async Task<IActionResult> AttachFromComplainant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "complaints/{reference}/attachments")] HttpRequest req,
        string reference, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsOptions(req.Method)) return origins.Preflight(req);
        if (!origins.Admits(req)) return OriginPolicy.Refused();
        var (body, unreadable) = await receiver.StartAsync(req, cancellationToken);
        if (unreadable is not null) return unreadable;
        var lang = Texts.Resolve(body!.Field("lang"));
        var code = body.Field("followUpCode")?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > 200)
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "The follow-up code is missing.", "Send followUpCode before the files.",
                new Dictionary<string, string[]> { ["followUpCode"] = ["Enter the follow-up code you were given, before the files."] });

        var (outcome, stored) = await followUp.OpenAsync(reference, code, throttles.ClientOf(req), cancellationToken);
        if (outcome is not null) return Refusal(outcome);
        var (files, problem) = await actions.AttachAsync(stored!, Party.Complainant, body, cancellationToken);
        if (!AttachmentActions.WantsPage(req)) return problem ?? AttachmentActions.Created(files);

        // The follow-up page again, with the files listed or why they were not taken.
        var view = FollowUpHandler.View(await store.LoadAsync(stored!.Reference, cancellationToken) ?? stored);
        return origins.Page(await pages.FollowUpAsync(lang, view, code: code,
            notice: problem is null ? Texts.Get(lang, "followUp.attach.sent") : null,
            banner: problem is null ? null : AttachmentActions.Reason(lang, problem)), problem?.Status ?? StatusCodes.Status201Created);
    }

    /// <summary>The complainant's own file: <c>{ "followUpCode": "…" }</c> (JSON or a form) → the file.</summary>
    [Function("DownloadForComplainant")]
    public async Task<IActionResult> DownloadForComplainant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "complaints/{reference}/attachments/{id}")] HttpRequest req,
        string reference, string id, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsOptions(req.Method)) return origins.Preflight(req);
        if (!origins.Admits(req)) return OriginPolicy.Refused();
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var code = JsonText.Property(body.Json!.Value, "followUpCode") is { Length: > 0 and <= 200 } c ? c.Trim() : null;
        if (code is null)
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "The follow-up code is missing.", null,
                new Dictionary<string, string[]> { ["followUpCode"] = ["Enter the follow-up code you were given."] });
        var (outcome, stored) = await followUp.OpenAsync(reference, code, throttles.ClientOf(req), cancellationToken);
        return outcome is not null ? Refusal(outcome) : await actions.DownloadAsync(stored!, Party.Complainant, id, cancellationToken);
    }

    [Function("AttachFromNational")]
    public Task<IActionResult> AttachFromNational(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{token}/attachments")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.AttachThroughAsync(req, gate.Door(req, token, Party.National), cancellationToken);

    [Function("AttachFromCommittee")]
    public Task<IActionResult> AttachFromCommittee(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/attachments")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.AttachThroughAsync(req, gate.Door(req, token, Party.Chair), cancellationToken);

    [Function("AttachFromRespondent")]
    public Task<IActionResult> AttachFromRespondent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "respondents/{token}/attachments")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        actions.AttachThroughAsync(req, gate.Door(req, token, Party.Respondent), cancellationToken);

    /// <summary>The chair shares a file with the member complained about; the member's page lists it from then on.</summary>
    [Function("ShareAttachment")]
    public Task<IActionResult> Share(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/attachments/{id}/share")] HttpRequest req,
        string token, string id, CancellationToken cancellationToken) =>
        actions.ShareAsync(req, gate.Door(req, token, Party.Chair), id, cancellationToken);

    [Function("DownloadForNational")]
    public Task<IActionResult> DownloadForNational(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "referrals/{token}/attachments/{id}")] HttpRequest req, string token, string id, CancellationToken cancellationToken) =>
        actions.DownloadThroughAsync(gate.Door(req, token, Party.National), id, cancellationToken);

    [Function("DownloadForCommittee")]
    public Task<IActionResult> DownloadForCommittee(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "committee/cases/{token}/attachments/{id}")] HttpRequest req, string token, string id, CancellationToken cancellationToken) =>
        actions.DownloadThroughAsync(gate.Door(req, token, Party.Chair), id, cancellationToken);

    [Function("DownloadForMember")]
    public Task<IActionResult> DownloadForMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "committee/members/{token}/attachments/{id}")] HttpRequest req, string token, string id, CancellationToken cancellationToken) =>
        actions.DownloadThroughAsync(gate.Door(req, token, Party.CommitteeMember), id, cancellationToken);

    [Function("DownloadForExecutive")]
    public Task<IActionResult> DownloadForExecutive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "executive/cases/{token}/attachments/{id}")] HttpRequest req, string token, string id, CancellationToken cancellationToken) =>
        actions.DownloadThroughAsync(gate.Door(req, token, Party.Executive), id, cancellationToken);

    [Function("DownloadForRespondent")]
    public Task<IActionResult> DownloadForRespondent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "respondents/{token}/attachments/{id}")] HttpRequest req, string token, string id, CancellationToken cancellationToken) =>
        actions.DownloadThroughAsync(gate.Door(req, token, Party.Respondent), id, cancellationToken);

    private static ApiResult Refusal(FollowUpOutcome outcome) => outcome switch
    {
        FollowUpOutcome.Throttled t => ApiResult.TooMany(t.RetryAfter),
        _ => ApiResult.NotFound(),
    };
}
