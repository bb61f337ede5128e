using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplaintRouting.Cases;
using ComplaintRouting.Common;
using ComplaintRouting.FollowUp;
using ComplaintRouting.Guidelines;
using ComplaintRouting.Intake;
using ComplaintRouting.Localization;
using static ComplaintRouting.Http.HtmlPage;

namespace ComplaintRouting.Form;

/// <summary>
/// The complaint form, the follow-up page and their answers, rendered on the server in the
/// visitor's language so that everything works without script; form.js only enhances it
/// (JSON submit, inline errors, height for the embedding page).
/// </summary>
public static class FormPage
{
    /// <summary>Pages are answered from several routes (/api/form, /api/complaints, /api/complaints/{r}/withdraw), so links are root-relative.</summary>
    public const string Root = "/api/";

    public const string Css = """
        :root{--ink:#1a1a1a;--accent:#0b4f8a;--error:#b00020;--focus:#f2b300}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.0625rem;line-height:1.55;color:var(--ink);background:#fff;margin:0}
        main{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem}
        h1{font-size:1.6rem;line-height:1.25}
        nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}
        a{color:var(--accent)}
        .note{background:#fff4e5;border-left:6px solid #c25e00;padding:.75rem 1rem}
        fieldset{border:1px solid #888;border-radius:6px;margin:1.5rem 0;padding:.75rem 1rem 1rem}
        fieldset fieldset{border:0;border-top:1px solid #ccc;border-radius:0;margin:.75rem 0;padding:.5rem 0 0}
        legend{font-weight:700;padding:0 .25rem}
        label{display:block;font-weight:600;margin-top:1rem}
        .check label{display:inline;font-weight:400;margin:0}
        .check{display:flex;gap:.6rem;align-items:flex-start;margin-top:.6rem}
        .check input{margin-top:.35rem;flex:none;width:1.25rem;height:1.25rem}
        input[type=text],input[type=email],input[type=tel],input[type=date],select,textarea{font:inherit;width:100%;padding:.5rem;border:2px solid #555;border-radius:4px;background:#fff;color:var(--ink)}
        textarea{min-height:10rem}
        .hint{color:#444;font-size:.95rem;margin:.2rem 0}
        .error{color:var(--error);font-weight:600;margin:.25rem 0}
        [aria-invalid=true]{border-color:var(--error)}
        button{font:inherit;font-weight:600;margin-top:1.25rem;padding:.7rem 1.4rem;border:2px solid var(--accent);background:var(--accent);color:#fff;border-radius:6px;cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}
        :focus-visible{outline:3px solid var(--focus);outline-offset:2px}
        #error-summary{border:4px solid var(--error);padding:.75rem 1rem;margin:1rem 0}
        .hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
        .code{font-family:ui-monospace,Consolas,monospace;font-size:1.5rem;letter-spacing:.08em;background:#f3f3f3;padding:.5rem .75rem;display:inline-block;word-break:break-all}
        .keep{border:4px solid #c25e00;padding:.75rem 1rem;font-weight:600}
        table{border-collapse:collapse} td,th{text-align:left;padding:.3rem .8rem .3rem 0;border-bottom:1px solid #ddd}
        [hidden]{display:none!important}
        @media print{nav,form,.no-print,button{display:none!important}.code{border:1px solid #000}}
        """;

    /// <summary>The complaint form, optionally refilled with what was posted and its errors (no-script path).</summary>
    public static string Complaint(string lang, string startedAt, JsonElement? values = null, IReadOnlyList<FieldError>? errors = null, string? banner = null)
    {
        string T(string key) => Encode(Texts.Get(lang, key));
        var v = new Values(values);
        var e = new Errors(lang, errors);
        var b = new StringBuilder();
        b.Append(Languages(lang, "form"));
        b.Append($"<h1>{T("form.title")}</h1>\n<p>{T("form.intro")}</p>\n");
        b.Append($"<p class=\"note\" role=\"note\">{T("form.emergency")}</p>\n");
        b.Append($"<h2>{T("form.process.heading")}</h2>\n<ol>");
        for (var i = 1; i <= 4; i++) b.Append($"<li>{T($"form.process.{i}")}</li>");
        b.Append($"</ol>\n<h2>{T("form.confidential.heading")}</h2>\n");
        for (var i = 1; i <= 3; i++) b.Append($"<p>{T($"form.confidential.{i}")}</p>");

        b.Append(e.Summary(banner));
        b.Append($"""
            <form id="complaint-form" method="post" action="{Root}complaints" novalidate data-lang="{Encode(lang)}">
            <p>{T("form.required")}</p>
            <input type="hidden" name="complainant.language" value="{Encode(lang)}">
            <input type="hidden" name="startedAt" value="{Encode(startedAt)}">
            <div class="hp" aria-hidden="true"><label for="website">{T("form.website")}</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
            <fieldset><legend>{T("form.you.legend")}</legend>
            {Field(lang, e, v, "complainant.name", "form.name", "text", required: true, autocomplete: "name", max: 200)}
            {Field(lang, e, v, "complainant.email", "form.email", "email", required: true, autocomplete: "email", hint: "form.email.hint", max: 254)}
            {Field(lang, e, v, "complainant.phone", "form.phone", "tel", autocomplete: "tel", max: 40)}
            {Select(lang, e, "complainant.relationship", "form.relationship", true,
                ApiRelationships.Select(r => (r, Texts.Get(lang, $"form.relationship.{r}"))), v.Get("complainant.relationship"))}
            {Check(lang, e, v, "complainant.anonymous", "form.anonymous")}
            </fieldset>
            <fieldset><legend>{T("form.member.legend")}</legend>
            {Field(lang, e, v, "respondent.name", "form.respondent.name", "text", required: true, max: 200)}
            {Field(lang, e, v, "respondent.membershipNumber", "form.respondent.membershipNumber", "text", max: 64)}
            {Field(lang, e, v, "respondent.email", "form.respondent.email", "email", max: 254)}
            {Select(lang, e, "respondent.countryOfPractice", "form.respondent.country", true, CountryOptions(lang), v.Get("respondent.countryOfPractice")?.ToUpperInvariant())}
            </fieldset>
            <fieldset><legend>{T("form.allegation.legend")}</legend>
            {Sections(lang, e, v)}
            {TextArea(lang, e, v, "allegation.summary", "form.summary", "form.summary.hint")}
            {Field(lang, e, v, "allegation.occurredFrom", "form.occurredFrom", "date")}
            {Field(lang, e, v, "allegation.occurredTo", "form.occurredTo", "date")}
            {Check(lang, e, v, "allegation.ongoingRisk", "form.ongoingRisk")}
            </fieldset>
            <fieldset><legend>{T("form.consent.legend")}</legend>
            {Check(lang, e, v, "consent.shareWithNationalOrganization", "form.consent.share", required: true)}
            {Check(lang, e, v, "consent.truthful", "form.consent.truthful", required: true)}
            </fieldset>
            <button type="submit" id="submit">{T("form.submit")}</button>
            <p role="status" aria-live="polite" id="submit-status"></p>
            </form>
            <section id="done" hidden tabindex="-1" aria-labelledby="done-title"></section>
            """);
        return Page(lang, Texts.Get(lang, "form.title"), b.ToString());
    }

    /// <summary>The receipt: reference and code, shown once, with a strong prompt to keep the code.</summary>
    public static string Accepted(string lang, string reference, string code)
    {
        string T(string key) => Encode(Texts.Get(lang, key));
        return Page(lang, Texts.Get(lang, "form.done.title"), $"""
            <section id="done" tabindex="-1" aria-labelledby="done-title">
            <h1 id="done-title">{T("form.done.title")}</h1>
            <p>{T("form.done.reference")}: <strong class="code" id="reference">{Encode(reference)}</strong></p>
            <p>{T("form.done.code")}: <strong class="code" id="follow-up-code">{Encode(code)}</strong></p>
            <p class="keep" role="note">{T("form.done.keep")}</p>
            <p class="no-print" id="receipt-actions" hidden><button type="button" class="secondary" id="copy-code">{T("form.done.copy")}</button> <button type="button" class="secondary" id="print-page">{T("form.done.print")}</button></p>
            <p role="status" id="copy-status" class="no-print"></p>
            <p class="no-print"><a href="{Root}form?lang={Encode(lang)}&amp;view=follow-up">{T("form.done.followUp")}</a></p>
            </section>
            """);
    }

    /// <summary>
    /// The follow-up page. Without a case: the reference and code are asked for (posted to
    /// <c>/api/form/follow-up</c>). With a case: its status and history in plain words, and while the
    /// complaint can still be withdrawn, a withdraw form (posted to <c>/api/complaints/{reference}/withdraw</c>)
    /// that needs its confirmation box ticked.
    /// </summary>
    public static string FollowUp(string lang, CaseStatusView? view = null, string? banner = null, IReadOnlyList<FieldError>? errors = null,
        string? reference = null, string? code = null, string? notice = null)
    {
        string T(string key) => Encode(Texts.Get(lang, key));
        var e = new Errors(lang, errors);
        var b = new StringBuilder(Languages(lang, "follow-up"));
        b.Append($"<h1>{T("followUp.title")}</h1>\n");
        b.Append(e.Summary(banner));
        if (notice is not null) b.Append($"<p class=\"keep\" role=\"status\" id=\"follow-up-notice\">{Encode(notice)}</p>\n");
        if (view is null)
        {
            b.Append($"""
                <form id="follow-up-form" method="post" action="{Root}form/follow-up" novalidate data-lang="{Encode(lang)}">
                <input type="hidden" name="lang" value="{Encode(lang)}">
                <p>{T("followUp.intro")}</p>
                <div class="field"><label for="reference">{T("followUp.reference")} *</label>{e.Inline("reference")}<input type="text" id="reference" name="reference" maxlength="40" autocomplete="off" spellcheck="false" value="{Encode(reference)}"{Aria("reference", e, null, true)}></div>
                <div class="field"><label for="followUpCode">{T("followUp.code")} *</label>{e.Inline("followUpCode")}<input type="text" id="followUpCode" name="followUpCode" maxlength="200" autocomplete="off" spellcheck="false"{Aria("followUpCode", e, null, true)}></div>
                <button type="submit" id="follow-up-submit">{T("followUp.submit")}</button>
                </form>
                """);
        }
        else
        {
            var culture = Culture(lang);
            b.Append($"""
                <section id="status-view" aria-labelledby="status-title">
                <h2 id="status-title">{T("followUp.reference")}: <span class="code" id="status-reference">{Encode(view.Reference)}</span></h2>
                <p>{T("followUp.status")}: <strong id="status-now">{Encode(Texts.Get(lang, "status." + view.Status))}</strong></p>
                <p>{T("followUp.updated")}: {Encode(view.UpdatedAt.UtcDateTime.ToString("D", culture))}</p>
                <h3>{T("followUp.timeline")}</h3><ol id="timeline">
                """);
            foreach (var entry in view.Timeline)
                b.Append($"<li>{Encode(entry.At.UtcDateTime.ToString("D", culture))}: {Encode(Texts.Get(lang, "status." + entry.Status))}</li>");
            b.Append("</ol></section>\n");
            if (CanWithdraw(view.Status))
            {
                b.Append($"""
                    <form id="withdraw-form" method="post" action="{Root}complaints/{Uri.EscapeDataString(view.Reference)}/withdraw" novalidate data-lang="{Encode(lang)}">
                    <input type="hidden" name="lang" value="{Encode(lang)}">
                    <input type="hidden" name="followUpCode" value="{Encode(code)}">
                    <fieldset><legend>{T("followUp.withdraw.heading")}</legend>
                    <p id="confirm-hint" class="hint">{T("followUp.withdraw.explain")}</p>
                    {e.Inline("confirm")}
                    <div class="check"><input type="checkbox" id="confirm" name="confirm" value="true"{Aria("confirm", e, "confirm", true)}><label for="confirm">{T("followUp.withdraw.confirm")}</label></div>
                    <button type="submit" class="secondary" id="withdraw-submit">{T("followUp.withdraw.submit")}</button>
                    </fieldset>
                    </form>
                    """);
            }
            b.Append($"<p><a href=\"{Root}form?lang={Encode(lang)}&amp;view=follow-up\">{T("followUp.another")}</a></p>\n");
        }
        b.Append($"<p><a href=\"{Root}form?lang={Encode(lang)}\">{T("followUp.back")}</a></p>\n");
        return Page(lang, Texts.Get(lang, "followUp.title"), b.ToString());
    }

    /// <summary>Withdrawal is open while the complaint has not reached the ethics committee (SPEC §4).</summary>
    public static bool CanWithdraw(string status) =>
        ApiNames<CaseStatus>.TryParse(status, out var s) && CaseLifecycle.TryNext(s, CaseAction.Withdraw, out _);

    private static readonly string[] ApiRelationships = ["patient", "relative", "colleague", "trainee", "other"];

    /// <summary>The strings form.js needs, as a JSON data block (not executed, so the CSP allows it).</summary>
    private static string ScriptTexts(string lang)
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
        };
        return $"<script type=\"application/json\" id=\"texts\">{JsonSerializer.Serialize(texts)}</script>";
    }

    private static string Page(string lang, string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="{Encode(lang)}" dir="ltr">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
        <title>{Encode(title)}</title><link rel="stylesheet" href="{Root}form.css"></head>
        <body><main id="main">
        {body}
        </main>{ScriptTexts(lang)}<script src="{Root}form.js"></script></body></html>
        """;

    private static string Languages(string current, string view)
    {
        var b = new StringBuilder($"<nav aria-label=\"{Encode(Texts.Get(current, "form.language"))}\"><ul>");
        foreach (var lang in Texts.Languages)
        {
            var name = Culture(lang).NativeName;
            var label = char.ToUpper(name[0], Culture(lang)) + name[1..];
            b.Append(lang == current
                ? $"<li><a href=\"{Root}form?lang={lang}&amp;view={view}\" aria-current=\"page\" lang=\"{lang}\">{Encode(label)}</a></li>"
                : $"<li><a href=\"{Root}form?lang={lang}&amp;view={view}\" lang=\"{lang}\" hreflang=\"{lang}\">{Encode(label)}</a></li>");
        }
        return b.Append("</ul></nav>\n").ToString();
    }

    private static CultureInfo Culture(string lang)
    {
        try { return CultureInfo.GetCultureInfo(lang); }
        catch (CultureNotFoundException) { return CultureInfo.InvariantCulture; }
    }

    private static string Id(string path) => path.Replace('.', '-');

    private static string Described(string path, Errors e, string? hint) =>
        string.Join(' ', new[] { hint is null ? null : Id(path) + "-hint", e.Has(path) ? Id(path) + "-error" : null }.Where(x => x is not null));

    private static string Label(string lang, string path, string labelKey, bool required) =>
        $"<label for=\"{Id(path)}\">{Encode(Texts.Get(lang, labelKey))}{(required ? " *" : "")}</label>";

    private static string Extras(string lang, string path, Errors e, string? hint) =>
        (hint is null ? "" : $"<p class=\"hint\" id=\"{Id(path)}-hint\">{Encode(Texts.Get(lang, hint))}</p>") + e.Inline(path);

    private static string Aria(string path, Errors e, string? hint, bool required)
    {
        var described = Described(path, e, hint);
        return (described.Length > 0 ? $" aria-describedby=\"{described}\"" : "") + (e.Has(path) ? " aria-invalid=\"true\"" : "") + (required ? " required aria-required=\"true\"" : "");
    }

    private static string Field(string lang, Errors e, Values v, string path, string labelKey, string type, bool required = false, string? autocomplete = null, string? hint = null, int? max = null) =>
        $"""<div class="field">{Label(lang, path, labelKey, required)}{Extras(lang, path, e, hint)}<input type="{type}" id="{Id(path)}" name="{path}" value="{Encode(v.Get(path))}"{(max is null ? "" : $" maxlength=\"{max}\"")}{(autocomplete is null ? "" : $" autocomplete=\"{autocomplete}\"")}{Aria(path, e, hint, required)}></div>""";

    private static string TextArea(string lang, Errors e, Values v, string path, string labelKey, string hint) =>
        $"""<div class="field">{Label(lang, path, labelKey, true)}{Extras(lang, path, e, hint)}<textarea id="{Id(path)}" name="{path}" maxlength="{ComplaintValidator.SummaryMax}"{Aria(path, e, hint, true)}>{Encode(v.Get(path))}</textarea></div>""";

    private static string Check(string lang, Errors e, Values v, string path, string labelKey, bool required = false) =>
        $"""<div class="check"><input type="checkbox" id="{Id(path)}" name="{path}" value="true"{(v.Get(path) == "true" ? " checked" : "")}{Aria(path, e, null, required)}><label for="{Id(path)}">{Encode(Texts.Get(lang, labelKey))}{(required ? " *" : "")}</label></div>{e.Inline(path)}""";

    private static string Select(string lang, Errors e, string path, string labelKey, bool required, IEnumerable<(string Value, string Label)> options, string? selected)
    {
        var b = new StringBuilder($"""<div class="field">{Label(lang, path, labelKey, required)}{Extras(lang, path, e, null)}<select id="{Id(path)}" name="{path}"{Aria(path, e, null, required)}><option value="">{Encode(Texts.Get(lang, "form.choose"))}</option>""");
        foreach (var (value, label) in options)
            b.Append($"<option value=\"{Encode(value)}\"{(value == selected ? " selected" : "")}>{Encode(label)}</option>");
        return b.Append("</select></div>").ToString();
    }

    private static string Sections(string lang, Errors e, Values v)
    {
        const string path = "allegation.sections";
        var chosen = v.All(path);
        var b = new StringBuilder($"""<fieldset id="allegation-sections" aria-describedby="allegation-sections-hint{(e.Has(path) ? " allegation-sections-error" : "")}"><legend>{Encode(Texts.Get(lang, "form.sections.legend"))} *</legend><p class="hint" id="allegation-sections-hint">{Encode(Texts.Get(lang, "form.sections.hint"))}</p>{e.Inline(path)}""");
        foreach (var chapter in GuidelineCatalogue.Chapters)
        {
            b.Append($"<fieldset><legend>{Encode(Texts.Get(lang, $"chapter.{chapter.Number}"))}</legend>");
            foreach (var s in chapter.Sections)
            {
                var id = "section-" + s.Number.Replace('.', '-');
                b.Append($"""<div class="check"><input type="checkbox" id="{id}" name="{path}" value="{s.Number}"{(chosen.Contains(s.Number) ? " checked" : "")}><label for="{id}">{Encode(Texts.Get(lang, $"section.{s.Number}"))}</label></div>""");
            }
            b.Append("</fieldset>");
        }
        return b.Append("</fieldset>").ToString();
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

    private sealed class Values(JsonElement? root)
    {
        public string? Get(string path)
        {
            if (Find(path) is not { } value) return null;
            return value.ValueKind switch
            {
                JsonValueKind.String => Common.JsonText.StringOrNull(value),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }

        public HashSet<string> All(string path) =>
            Find(path) is { ValueKind: JsonValueKind.Array } array
                ? array.EnumerateArray().Select(Common.JsonText.StringOrNull).OfType<string>().ToHashSet()
                : [];

        private JsonElement? Find(string path)
        {
            if (root is not { ValueKind: JsonValueKind.Object } current) return null;
            foreach (var part in path.Split('.'))
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out var next)) return null;
                current = next;
            }
            return current;
        }
    }

    private sealed class Errors(string lang, IReadOnlyList<FieldError>? errors)
    {
        private readonly IReadOnlyList<FieldError> _errors = errors ?? [];

        private IEnumerable<FieldError> For(string path) => _errors.Where(e => e.Path == path || e.Path.StartsWith(path + "[", StringComparison.Ordinal));

        public bool Has(string path) => For(path).Any();

        public string Message(FieldError error) => Texts.TryGet(lang, "error." + error.Code) ?? error.Message;

        public string Inline(string path) =>
            Has(path) ? $"<p class=\"error\" id=\"{Id(path)}-error\">{Encode(string.Join(" ", For(path).Select(Message).Distinct()))}</p>" : "";

        public string Summary(string? banner)
        {
            if (_errors.Count == 0 && banner is null) return "<div id=\"error-summary\" tabindex=\"-1\" hidden></div>\n";
            var b = new StringBuilder($"<div id=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>{Encode(Texts.Get(lang, "form.errors.heading"))}</h2>");
            if (banner is not null) b.Append($"<p>{Encode(banner)}</p>");
            if (_errors.Count > 0)
            {
                b.Append($"<p>{Encode(Texts.Get(lang, "form.errors.intro"))}</p><ul>");
                foreach (var error in _errors)
                {
                    var target = error.Path.StartsWith("allegation.sections", StringComparison.Ordinal) ? "allegation-sections" : Id(error.Path);
                    b.Append($"<li><a href=\"#{Encode(target)}\">{Encode(Message(error))}</a></li>");
                }
                b.Append("</ul>");
            }
            return b.Append("</div>\n").ToString();
        }
    }
}
