using System.Text.Json;
using ComplaintRouting.FollowUp;
using ComplaintRouting.Http;
using ComplaintRouting.Intake;
using ComplaintRouting.Localization;
using ComplaintRouting.FloodControl;
using Microsoft.AspNetCore.Http;

namespace ComplaintRouting.Form;

/// <summary>
/// The follow-up page's plain form posts (no script needed): look a complaint up by reference and
/// code, answer the committee or the national organization with a message, and withdraw it once
/// the confirmation box is ticked. Each answer is the follow-up page again,
/// in the visitor's language, with the status or with the errors on their fields.
/// </summary>
public sealed class FollowUpForms(FollowUpHandler handler, Throttles throttles, OriginPolicy origins, FormPage pages)
{
    public const string Status = "status";
    public const string Withdraw = "withdraw";
    public const string Message = "message";

    /// <summary>Answers a form post for <paramref name="action"/>; <paramref name="reference"/> is null when it comes from the form's field.</summary>
    public async Task<ApiResult> AnswerAsync(HttpRequest req, JsonElement form, string action, string? reference, CancellationToken cancellationToken)
    {
        string Field(string name) => Api.JsonText.Property(form, name) is { Length: <= 400 } value ? value : "";
        var lang = Texts.Resolve(Field("lang"));
        reference = (reference ?? Field("reference")).Trim();
        var code = Field("followUpCode").Trim();

        var missing = new List<FieldError>();
        if (reference.Length == 0) missing.Add(new FieldError("reference", "required", ""));
        if (code.Length == 0) missing.Add(new FieldError("followUpCode", "required", ""));
        if (missing.Count > 0 || reference.Length > 40)
            return origins.Page(await pages.FollowUpAsync(lang, errors: missing, banner: missing.Count > 0 ? null : Texts.Get(lang, "followUp.notFound"), reference: reference), StatusCodes.Status400BadRequest);

        var client = throttles.ClientOf(req);
        if (action == Message)
        {
            var text = (Api.JsonText.Property(form, "text") ?? "").Trim();
            if (text.Length is 0 or > Links.CaseAnswers.MaxText)
            {
                var current = await handler.StatusAsync(reference, code, client, cancellationToken);
                if (current is not FollowUpOutcome.Found unchanged) return await Failure(lang, reference, current);
                return origins.Page(await pages.FollowUpAsync(lang, unchanged.View, code: code,
                    errors: [new FieldError("text", "required", Texts.Get(lang, "followUp.message.empty"))]), StatusCodes.Status400BadRequest);
            }
            var sent = await handler.MessageAsync(reference, code, text, client, cancellationToken);
            if (sent is FollowUpOutcome.Found withMessage)
                return origins.Page(await pages.FollowUpAsync(lang, withMessage.View, code: code, notice: Texts.Get(lang, "followUp.message.sent")), StatusCodes.Status201Created);
            if (sent is FollowUpOutcome.Refused && await handler.StatusAsync(reference, code, client, cancellationToken) is FollowUpOutcome.Found closed)
                return origins.Page(await pages.FollowUpAsync(lang, closed.View, code: code, banner: Texts.Get(lang, "followUp.message.refused")), StatusCodes.Status409Conflict);
            return await Failure(lang, reference, sent);
        }
        var withdraw = action == Withdraw;
        if (withdraw && Field("confirm") is not ("true" or "on"))
        {
            // The second step: show the case again with the box to tick, and change nothing.
            var current = await handler.StatusAsync(reference, code, client, cancellationToken);
            if (current is FollowUpOutcome.Found now)
                return origins.Page(await pages.FollowUpAsync(lang, now.View, code: code,
                    errors: [new FieldError("confirm", "confirm", Texts.Get(lang, "followUp.withdraw.confirmNeeded"))]), StatusCodes.Status400BadRequest);
            return await Failure(lang, reference, current);
        }

        var outcome = withdraw
            ? await handler.WithdrawAsync(reference, code, client, cancellationToken)
            : await handler.StatusAsync(reference, code, client, cancellationToken);
        if (outcome is FollowUpOutcome.Found found)
            return origins.Page(await pages.FollowUpAsync(lang, found.View, code: code, notice: withdraw ? Texts.Get(lang, "followUp.withdrawn") : null));
        if (outcome is FollowUpOutcome.Refused && await handler.StatusAsync(reference, code, client, cancellationToken) is FollowUpOutcome.Found still)
            return origins.Page(await pages.FollowUpAsync(lang, still.View, code: code, banner: Texts.Get(lang, "followUp.withdraw.refused")), StatusCodes.Status409Conflict);
        return await Failure(lang, reference, outcome);
    }

    private async Task<ApiResult> Failure(string lang, string reference, FollowUpOutcome outcome) => outcome switch
    {
        FollowUpOutcome.Throttled t => origins.Page(await pages.FollowUpAsync(lang, banner: Texts.Get(lang, "form.error.tooMany"), reference: reference),
            StatusCodes.Status429TooManyRequests, ApiResult.RetryAfter(t.RetryAfter)),
        FollowUpOutcome.Refused => origins.Page(await pages.FollowUpAsync(lang, banner: Texts.Get(lang, "followUp.withdraw.refused"), reference: reference), StatusCodes.Status409Conflict),
        _ => origins.Page(await pages.FollowUpAsync(lang, banner: Texts.Get(lang, "followUp.notFound"), reference: reference), StatusCodes.Status404NotFound),
    };
}
