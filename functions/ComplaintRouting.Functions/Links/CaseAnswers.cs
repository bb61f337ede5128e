using System.Text.Json;
using ComplaintRouting.Api;
using ComplaintRouting.Http;
using ComplaintRouting.Localization;
using ComplaintRouting.Pages;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ComplaintRouting.Links;

/// <summary>Answers shared by the link pages: JSON for API clients, a confirmation page for browsers.</summary>
public static class CaseAnswers
{
    public const int MaxText = 10_000;

    /// <summary>
    /// JSON to an API client; to a browser's form post, a page in the language its form named
    /// (<c>?lang=</c> on the action, as the link pages write it): <paramref name="confirmationKey"/>
    /// (a key in Localization/*.json) when the action was recorded, or why it is not possible now.
    /// </summary>
    public static async Task<IActionResult> OfAsync(HttpRequest req, CommandResult result, string confirmationKey, int success = StatusCodes.Status200OK)
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
            : ApiResult.Ok(new { reference = state.Reference, status = state.Status.ToApi() }, success);
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
