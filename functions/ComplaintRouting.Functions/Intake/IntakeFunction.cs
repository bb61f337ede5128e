using System.Text.Json;
using ComplaintRouting.Storage;
using ComplaintRouting.Api;
using ComplaintRouting.Form;
using ComplaintRouting.Http;
using ComplaintRouting.Localization;
using ComplaintRouting.FloodControl;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Intake;

/// <summary>
/// <c>POST /api/complaints</c> (SPEC §5): validate, check the proof of work and the client's
/// allowance, store, queue, answer 202 with the reference and follow-up code — as JSON to API
/// clients and the scripted form, as a page to the no-script form. A valid body without a proof
/// gets 428 with a challenge (<see cref="ProofOfWork"/>), so errors in the fields come first.
/// </summary>
public sealed class IntakeFunction(IntakeHandler handler, Evidence.AttachmentReceiver files, Throttles throttles, ProofOfWork proofs, FormGuard guard, OriginPolicy origins, FormPage pages, TimeProvider clock)
{
    public const int MaxIdempotencyKey = 100;

    [Function("SubmitComplaint")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "complaints")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        if (HttpMethods.IsOptions(req.Method)) return origins.Preflight(req);
        if (!origins.Admits(req)) return OriginPolicy.Refused();

        var key = req.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKey)
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key.", $"At most {MaxIdempotencyKey} characters.",
                new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"At most {MaxIdempotencyKey} characters."] });

        // The no-script form sends multipart (it can attach files, SPEC §10); its fields are read here, its files once the complaint is admitted.
        var multipart = MultipartBody.Is(req) ? await files.StartAsync(req, cancellationToken) : default;
        if (multipart.Error is not null) return multipart.Error;
        if (multipart.Body is not null && key.Length > 0)
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key.", "Send an Idempotency-Key with a JSON submission; attach files afterwards with POST /api/complaints/{reference}/attachments.",
                new Dictionary<string, string[]> { ["Idempotency-Key"] = ["Not with multipart/form-data."] });
        var body = multipart.Body is { } parts ? new ReadBody(parts.ToJson(), null, true, []) : await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var json = body.Json!.Value;
        var lang = Texts.Resolve(LanguageIn(json));

        if (guard.Check(json, requireStartedAt: body.FromForm) != GuardCheck.Passed)
            return body.FromForm
                ? origins.Page(await pages.ComplaintAsync(lang, guard.IssueStartedAt(), json, banner: Texts.Get(lang, "form.error.tooFast")), StatusCodes.Status400BadRequest)
                : ApiResult.Problem(StatusCodes.Status400BadRequest, "The form was not accepted.", Texts.Get(lang, "form.error.tooFast"));

        var (complaint, errors) = ComplaintValidator.Validate(json, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (complaint is null)
            return body.FromForm
                ? origins.Page(await pages.ComplaintAsync(lang, guard.IssueStartedAt(), json, errors), StatusCodes.Status400BadRequest)
                : ApiResult.Validation(errors);

        try
        {
            if (await RefusalAsync(req, body.FromForm, json, lang, key, cancellationToken) is { } refused) return refused;
            var outcome = multipart.Body is { } withFiles
                ? await handler.SubmitWithFilesAsync(complaint, (reference, ct) => files.ReceiveAsync(reference, withFiles, [], ct, required: false), cancellationToken)
                : await handler.SubmitAsync(complaint, key.Length > 0 ? key : null, body.Raw, cancellationToken);
            return outcome switch
            {
                IntakeOutcome.FileRefused r when body.FromForm => origins.Page(await pages.ComplaintAsync(lang, guard.IssueStartedAt(), json,
                    [new FieldError(MultipartBody.FileField, "file", Evidence.AttachmentActions.Reason(lang, r.Problem))]), r.Problem.Status),
                IntakeOutcome.FileRefused r => r.Problem,
                IntakeOutcome.Accepted a when body.FromForm => origins.Page(await pages.AcceptedAsync(lang, a.Reference, a.FollowUpCode), StatusCodes.Status202Accepted),
                IntakeOutcome.Accepted a => ApiResult.Ok(new
                {
                    reference = a.Reference,
                    followUpCode = a.FollowUpCode,
                    status = "received",
                    statusUrl = $"/api/complaints/{a.Reference}/status",
                }, StatusCodes.Status202Accepted),
                _ => ApiResult.Conflict("This Idempotency-Key was already used with a different submission."),
            };
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            // Nothing was stored; a person on the no-script form gets the form back with what they typed.
            return body.FromForm
                ? origins.Page(await pages.ComplaintAsync(lang, guard.IssueStartedAt(), json, banner: Texts.Get(lang, "form.error.generic")),
                    StatusCodes.Status503ServiceUnavailable, new Dictionary<string, string> { ["Retry-After"] = "30" })
                : ApiResult.Unavailable();
        }
    }

    /// <summary>
    /// Why a valid submission is not admitted now, or null: no solved challenge (only the no-script
    /// form may come without one, and those all clients share one hourly allowance), or the client's
    /// hourly allowance is used up.
    /// </summary>
    private async Task<ApiResult?> RefusalAsync(HttpRequest req, bool fromForm, JsonElement json, string lang, string key, CancellationToken cancellationToken)
    {
        var proof = req.Headers[ProofOfWork.Header].ToString();
        if (proofs.Bits > 0 && !(fromForm && proof.Length == 0))
        {
            var check = await proofs.CheckAsync(proof, key.Length > 0 ? IntakeHandler.KeyHash(key) : "", cancellationToken);
            if (check != ProofCheck.Valid) return ApiResult.ProofNeeded(proofs.Issue(), proofs.Bits, check switch
            {
                ProofCheck.Missing => "Send a proof of work for this challenge.",
                ProofCheck.Expired => "The challenge has expired: solve this new one.",
                ProofCheck.Used => "That challenge was used for another submission: solve this new one.",
                _ => "The proof of work does not solve its challenge: solve this new one.",
            });
        }
        else if (proofs.Bits > 0 && await throttles.TakeUnprovenAsync(cancellationToken) is { } busy)
            return origins.Page(await pages.ComplaintAsync(lang, guard.IssueStartedAt(), json, banner: Texts.Get(lang, "form.error.busy")),
                StatusCodes.Status429TooManyRequests, ApiResult.RetryAfter(busy));

        if (await throttles.TakeSubmissionAsync(throttles.ClientOf(req), cancellationToken) is not { } wait) return null;
        return fromForm
            ? origins.Page(await pages.ComplaintAsync(lang, guard.IssueStartedAt(), json, banner: Texts.Get(lang, "form.error.tooMany")), StatusCodes.Status429TooManyRequests, ApiResult.RetryAfter(wait))
            : ApiResult.TooMany(wait);
    }

    private static string? LanguageIn(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty("complainant", out var c) ? JsonText.Property(c, "language") : null;
}
