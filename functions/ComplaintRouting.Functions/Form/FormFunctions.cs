using System.Reflection;
using System.Text.Json;
using ComplaintRouting.Http;
using ComplaintRouting.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Form;

/// <summary>
/// The public pages (SPEC §5): <c>GET /api/form</c> (the complaint form, or with
/// <c>view=follow-up</c> the follow-up page), the pages' one stylesheet, the form's script, <c>GET /api/embed.js</c>,
/// and the no-script follow-up post.
/// </summary>
public sealed class FormFunctions(FormGuard guard, OriginPolicy origins, FollowUpForms followUpForms, FormPage pages)
{
    [Function("Form")]
    public async Task<IActionResult> Form([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "form")] HttpRequest req)
    {
        var lang = LanguageOf(req);
        var html = req.Query["view"] == "follow-up" ? await pages.FollowUpAsync(lang) : await pages.ComplaintAsync(lang, guard.IssueStartedAt());
        return Page(html);
    }

    /// <summary>The one stylesheet of every page (form, follow-up, link and confirmation pages; <see cref="Pages.Stylesheet"/>).</summary>
    [Function("FormStyles")]
    public IActionResult Styles([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "form.css")] HttpRequest req) =>
        Asset("text/css; charset=utf-8", Pages.Stylesheet.Css);

    [Function("FormScript")]
    public IActionResult Script([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "form.js")] HttpRequest req) =>
        Asset("text/javascript; charset=utf-8", Resource("form.js"));

    /// <summary>embed.js, with the iframe's title in each language (the frame is named in the host page's language).</summary>
    [Function("EmbedScript")]
    public IActionResult Embed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "embed.js")] HttpRequest req) =>
        Asset("text/javascript; charset=utf-8", EmbedScript.Value);

    private static readonly Lazy<string> EmbedScript = new(() => Resource("embed.js").Replace(
        "/*TITLES*/{}", JsonSerializer.Serialize(Texts.Languages.ToDictionary(l => l, l => Texts.Get(l, "form.title")))));

    /// <summary>The follow-up page's plain form post (no script needed): reference and code → the status page.</summary>
    [Function("FollowUpForm")]
    public async Task<IActionResult> FollowUpForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "form/follow-up")] HttpRequest req, CancellationToken cancellationToken)
    {
        if (!origins.Admits(req)) return OriginPolicy.Refused();
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        return await followUpForms.AnswerAsync(req, body.Json!.Value, FollowUpForms.Status, reference: null, cancellationToken);
    }

    /// <summary><c>?lang=</c>, else the browser's Accept-Language, else English.</summary>
    public static string LanguageOf(HttpRequest req) =>
        req.Query["lang"].ToString() is { Length: > 0 } lang ? Texts.Resolve(lang) : Texts.FromAcceptLanguage(req.Headers.AcceptLanguage);

    private ApiResult Page(string html, int status = StatusCodes.Status200OK) => origins.Page(html, status);

    private static ApiResult Asset(string contentType, string content) => new(StatusCodes.Status200OK, contentType, content, new Dictionary<string, string>
    {
        ["X-Content-Type-Options"] = "nosniff",
    });

    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal);

    private static string Resource(string name)
    {
        lock (Resources)
        {
            if (Resources.TryGetValue(name, out var cached)) return cached;
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"ComplaintRouting.Form.{name}")!;
            return Resources[name] = new StreamReader(stream).ReadToEnd();
        }
    }
}
