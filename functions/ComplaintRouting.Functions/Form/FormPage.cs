using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ComplaintRouting.Cases;
using ComplaintRouting.Api;
using ComplaintRouting.FollowUp;
using ComplaintRouting.Intake;
using ComplaintRouting.Localization;
using ComplaintRouting.Pages;

namespace ComplaintRouting.Form;

/// <summary>
/// The complaint form, the follow-up page and their answers, rendered on the server in the
/// visitor's language so that everything works without script; form.js only enhances it
/// (JSON submit, inline errors, height for the embedding page). The pages are the Razor
/// components <see cref="ComplaintFormView"/>, <see cref="ReceiptView"/> and <see cref="FollowUpView"/>.
/// </summary>
public sealed class FormPage(PageRenderer renderer, Microsoft.Extensions.Options.IOptions<Options.AttachmentOptions> attachments)
{
    /// <summary>Pages are answered from several routes (/api/form, /api/complaints, /api/complaints/{r}/withdraw), so links are root-relative.</summary>
    public const string Root = "/api/";

    /// <summary>The complaint form, optionally refilled with what was posted and its errors (no-script path).</summary>
    public Task<string> ComplaintAsync(string lang, string startedAt, JsonElement? values = null, IReadOnlyList<FieldError>? errors = null, string? banner = null) =>
        renderer.RenderAsync<ComplaintFormView>(new Dictionary<string, object?>
        {
            [nameof(ComplaintFormView.Lang)] = lang,
            [nameof(ComplaintFormView.StartedAt)] = startedAt,
            [nameof(ComplaintFormView.State)] = new FormState(lang, values, errors),
            [nameof(ComplaintFormView.Banner)] = banner,
            [nameof(ComplaintFormView.MaxFileBytes)] = attachments.Value.MaxBytes,
        });

    /// <summary>The receipt: reference and code, shown once, with a strong prompt to keep the code.</summary>
    public Task<string> AcceptedAsync(string lang, string reference, string code) =>
        renderer.RenderAsync<ReceiptView>(new Dictionary<string, object?>
        {
            [nameof(ReceiptView.Lang)] = lang, [nameof(ReceiptView.Reference)] = reference, [nameof(ReceiptView.Code)] = code,
        });

    /// <summary>
    /// The follow-up page. Without a case: the reference and code are asked for (posted to
    /// <c>/api/form/follow-up</c>). With a case: its status and history in plain words, and while the
    /// complaint can still be withdrawn, a withdraw form (posted to <c>/api/complaints/{reference}/withdraw</c>)
    /// that needs its confirmation box ticked.
    /// </summary>
    public Task<string> FollowUpAsync(string lang, CaseStatusView? view = null, string? banner = null, IReadOnlyList<FieldError>? errors = null,
        string? reference = null, string? code = null, string? notice = null) =>
        renderer.RenderAsync<FollowUpView>(new Dictionary<string, object?>
        {
            [nameof(FollowUpView.Lang)] = lang,
            [nameof(FollowUpView.State)] = new FormState(lang, errors: errors),
            [nameof(FollowUpView.View)] = view,
            [nameof(FollowUpView.Banner)] = banner,
            [nameof(FollowUpView.Reference)] = reference,
            [nameof(FollowUpView.Code)] = code,
            [nameof(FollowUpView.Notice)] = notice,
            [nameof(FollowUpView.MaxFileBytes)] = attachments.Value.MaxBytes,
        });

    /// <summary>Withdrawal is open while the complaint has not reached the ethics committee (SPEC §4).</summary>
    public static bool CanWithdraw(string status) =>
        ApiNames<CaseStatus>.TryParse(status, out var s) && CaseLifecycle.TryNext(s, CaseAction.Withdraw, out _);

    /// <summary>The complainant can write while anyone still works on the case (SPEC §10).</summary>
    public static bool CanAttach(string status) =>
        ApiNames<CaseStatus>.TryParse(status, out var s) && CaseLifecycle.TryNext(s, CaseAction.Attach, out _);

    public static bool CanMessage(string status) =>
        ApiNames<CaseStatus>.TryParse(status, out var s) && CaseLifecycle.TryNext(s, CaseAction.Message, out _);

    public static readonly string[] Relationships = ["patient", "relative", "colleague", "trainee", "other"];

    /// <summary>The strings form.js needs, as JSON (the layout puts it in an attribute of <c>#texts</c>; nothing executes it).</summary>
    public static string ScriptTexts(string lang)
    {
        string G(string key) => Texts.Get(lang, key);
        var texts = new Dictionary<string, object>
        {
            ["errorsHeading"] = G("form.errors.heading"), ["errorsIntro"] = G("form.errors.intro"),
            ["errors"] = Texts.Keys(Texts.Fallback).Where(k => k.StartsWith("error.", StringComparison.Ordinal)).ToDictionary(k => k["error.".Length..], G),
            ["generic"] = G("form.error.generic"), ["tooMany"] = G("form.error.tooMany"), ["tooFast"] = G("form.error.tooFast"),
            ["sending"] = G("form.sending"), ["submit"] = G("form.submit"), ["proofWorking"] = G("form.proof.working"), ["proofDone"] = G("form.proof.done"),
            ["doneTitle"] = G("form.done.title"), ["doneReference"] = G("form.done.reference"), ["doneCode"] = G("form.done.code"),
            ["doneKeep"] = G("form.done.keep"), ["doneCopy"] = G("form.done.copy"), ["doneCopied"] = G("form.done.copied"),
            ["doneCopyFailed"] = G("form.done.copyFailed"), ["donePrint"] = G("form.done.print"), ["doneFollowUp"] = G("form.done.followUp"),
            ["confirmWithdraw"] = G("followUp.withdraw.confirmNeeded"),
            ["filesFailed"] = G("form.files.failed"), ["filesSending"] = G("form.files.sending"),
            ["fileErrors"] = new Dictionary<string, string>
            {
                ["413"] = G("attach.error.tooLarge"), ["415"] = G("attach.error.type"), ["409"] = G("attach.error.refused"), ["400"] = G("attach.error.none"),
            },
        };
        return JsonSerializer.Serialize(texts);
    }

    public static CultureInfo Culture(string lang)
    {
        try { return CultureInfo.GetCultureInfo(lang); }
        catch (CultureNotFoundException) { return CultureInfo.InvariantCulture; }
    }

    private static readonly ConcurrentDictionary<string, (string Code, string Name)[]> CountryNames = new(StringComparer.Ordinal);

    /// <summary>Every ISO 3166-1 country, named in the page's language and sorted for it.</summary>
    public static IReadOnlyList<(string Code, string Name)> CountryOptions(string lang) => CountryNames.GetOrAdd(lang, static l =>
    {
        var culture = Culture(l);
        return Countries.All.Select(code => (code, CountryName(code, culture)))
            .OrderBy(c => c.Item2, StringComparer.Create(culture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace)).ToArray();
    });

    /// <summary>
    /// The country's name in <paramref name="culture"/>: ICU names regions in the current UI culture only
    /// inside a culture's display name ("anglais (Allemagne)"), so the name is taken from there; when that
    /// does not give a name, the English region name, else the code.
    /// </summary>
    private static string CountryName(string code, CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            var prefix = CultureInfo.GetCultureInfo("en").DisplayName + " (";
            var display = CultureInfo.GetCultureInfo("en-" + code).DisplayName;
            if (display.StartsWith(prefix, StringComparison.Ordinal) && display.EndsWith(')') && display.Length > prefix.Length + 1)
                return display[prefix.Length..^1];
        }
        catch (CultureNotFoundException)
        {
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
        try { return new RegionInfo(code).EnglishName; }
        catch (ArgumentException) { return code; }
    }
}
