using ComplaintRouting.Parties;
using System.Text.Json;
using ComplaintRouting.Cases;
using ComplaintRouting.Api;
using ComplaintRouting.Email;
using ComplaintRouting.Http;
using ComplaintRouting.Links;
using ComplaintRouting.Localization;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Referrals;

/// <summary>
/// The national organization's side (SPEC §5), opened by the link in the referral mail: read the
/// complaint, acknowledge it, report the outcome. JSON and HTML form posts both work; a browser
/// lands on a confirmation page.
/// </summary>
public sealed class ReferralFunctions(CapabilityGate gate, CaseCommands commands, CasePages pages, IOptions<DeadlineOptions> deadlines)
{
    [Function("ViewReferral")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "referrals/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, language, refusal) = await gate.OpenPageAsync(req, token, Party.National, cancellationToken);
        return refusal ?? await pages.ReferralAsync(stored!, token, deadlines.Value, language);
    }

    [Function("AcknowledgeReferral")]
    public async Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{token}/acknowledge")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.National, PartyAction.Acknowledge, cancellationToken);
        if (refusal is not null) return refusal;
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.AcknowledgeNational(now)), cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.referral.acknowledged");
    }

    [Function("ReportReferralOutcome")]
    public async Task<IActionResult> Outcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{token}/outcome")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var (stored, _, refusal) = await gate.OpenAsync(token, Party.National, PartyAction.ReportOutcome, cancellationToken);
        if (refusal is not null) return refusal;
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var (determination, summary, errors) = CaseAnswers.ReadChoice<NationalDetermination>(body.Json!.Value, "determination", "summary");
        if (errors.Count > 0) return ApiResult.Validation(errors);

        var result = await commands.ExecuteAsync(stored!, (s, now) =>
        {
            return Decision.From(s.Case.RecordNationalOutcome(determination!.Value, summary!, now));
        }, cancellationToken);
        return await CaseAnswers.OfAsync(req, result, "page.answer.referral.outcome");
    }
}

/// <summary>Answers shared by the link pages: JSON for API clients, a confirmation page for browsers.</summary>
public static class CaseAnswers
{
    public const int MaxText = 10_000;

    /// <summary>
    /// JSON to an API client; to a browser's form post, a page in the language its form named
    /// (<c>?lang=</c> on the action, as the link pages write it): <paramref name="confirmationKey"/>
    /// (a key in Localization/*.json) when the action was recorded, or why it is not possible now.
    /// </summary>
    public static async Task<IActionResult> OfAsync(HttpRequest req, CommandResult result, string confirmationKey)
    {
        var isForm = (req.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        var lang = Texts.Resolve(req.Query["lang"].ToString());
        if (result.Status == CommandStatus.Refused)
            return isForm
                ? await PageRenderer.Detached.LinkPageAsync<CaseAnswerPage>(new Dictionary<string, object?>
                {
                    [nameof(CaseAnswerPage.Lang)] = lang, [nameof(CaseAnswerPage.Refusal)] = result.Refusal!,
                }, StatusCodes.Status409Conflict)
                : ApiResult.Conflict(result.Refusal!);
        if (result.Status == CommandStatus.NotFound) return ApiResult.NotFound();
        var state = result.State!;
        return isForm
            ? await PageRenderer.Detached.LinkPageAsync<CaseAnswerPage>(new Dictionary<string, object?>
            {
                [nameof(CaseAnswerPage.Lang)] = lang, [nameof(CaseAnswerPage.Confirmation)] = confirmationKey,
                [nameof(CaseAnswerPage.Reference)] = state.Reference, [nameof(CaseAnswerPage.Status)] = state.Status.ToApi(),
            })
            : ApiResult.Ok(new { reference = state.Reference, status = state.Status.ToApi() });
    }

    /// <summary>Reads a choice field and a required text field, naming each failing field.</summary>
    public static (TEnum? Choice, string? Text, List<Intake.FieldError> Errors) ReadChoice<TEnum>(JsonElement body, string choiceField, string textField)
        where TEnum : struct, Enum
    {
        var errors = new List<Intake.FieldError>();
        TEnum? choice = null;
        string? text = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new Intake.FieldError("", "object", "The body must be a JSON object."));
            return (null, null, errors);
        }
        if (body.TryGetProperty(choiceField, out var c) && c.ValueKind == JsonValueKind.String && ApiNames<TEnum>.TryParse(JsonText.StringOrNull(c), out var parsed)) choice = parsed;
        else errors.Add(new Intake.FieldError(choiceField, "choice", $"Choose one of: {string.Join(", ", ApiNames<TEnum>.All)}."));
        if (body.TryGetProperty(textField, out var t) && t.ValueKind == JsonValueKind.String && JsonText.StringOrNull(t) is { } s && !string.IsNullOrWhiteSpace(s) && s.Length <= MaxText)
            text = s.Trim();
        else errors.Add(new Intake.FieldError(textField, "text", $"Write between 1 and {MaxText} characters."));
        return (choice, text, errors);
    }

    /// <summary>Reads one required text field of 1 to <paramref name="max"/> characters (trimmed), naming it when it fails.</summary>
    public static (string? Text, List<Intake.FieldError> Errors) ReadText(JsonElement body, string field, int max)
    {
        if (body.ValueKind != JsonValueKind.Object) return (null, [new Intake.FieldError("", "object", "The body must be a JSON object.")]);
        if (body.TryGetProperty(field, out var t) && t.ValueKind == JsonValueKind.String && JsonText.StringOrNull(t) is { } s && !string.IsNullOrWhiteSpace(s) && s.Trim().Length <= max)
            return (s.Trim(), []);
        return (null, [new Intake.FieldError(field, "text", $"Write between 1 and {max} characters.")]);
    }
}
