using ComplaintRouting.Api;
using ComplaintRouting.Email;
using ComplaintRouting.FloodControl;
using ComplaintRouting.Http;
using ComplaintRouting.Localization;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Workspace;

/// <summary>
/// Signing in to the workspace by e-mail (SPEC §11): <c>POST /api/workspace/sign-in</c> mails
/// <c>workspace-sign-in</c> only to an address the workspace knows, and answers the same either way;
/// the link opens a page whose one button redeems it (<see cref="WorkspaceSessions"/>) and sets the
/// session cookie; <c>POST /api/workspace/sign-out</c> ends it. With <c>Workspace__SignIn=entra</c>
/// the platform signs people in and these routes say so.
/// </summary>
public sealed partial class SignInFunctions(WorkspaceSessions sessions, WorkspacePeople people, Throttles throttles, IMailSender mail,
    IOptions<WorkspaceOptions> workspace, IOptions<LinksOptions> links, Microsoft.Extensions.Logging.ILogger<SignInFunctions> logger)
{
    [Function("WorkspaceSignInPage")]
    public async Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/sign-in")] HttpRequest req) =>
        await Answer(Language(req), StatusCodes.Status200OK);

    [Function("WorkspaceSignIn")]
    public async Task<IActionResult> SignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workspace/sign-in")] HttpRequest req, CancellationToken cancellationToken)
    {
        var lang = Language(req);
        if (workspace.Value.Entra) return await Answer(lang, StatusCodes.Status404NotFound);
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        var email = JsonText.Property(body.Json!.Value, "email")?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !email.Contains('@'))
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "The address is missing.", null,
                new Dictionary<string, string[]> { ["email"] = ["Enter the e-mail address the association knows you by."] });

        // Known or not, the answer is the same; only a known address within its hourly allowance gets a mail.
        if (await people.FindAsync(email, cancellationToken) is { } person
            && await throttles.TakeSignInMailAsync(person.Email, cancellationToken) is null)
        {
            await mail.SendAsync(Compose(person), cancellationToken);
            LogMailed(person.Role.ToString());
        }
        return body.FromForm
            ? await Answer(lang, StatusCodes.Status202Accepted, Texts.Get(lang, "workspace.signIn.sent"))
            : ApiResult.Ok(new { status = "sent-if-known" }, StatusCodes.Status202Accepted);
    }

    /// <summary>What a mailed link opens: a page with one button, so a mail scanner that fetches links signs nobody in.</summary>
    [Function("WorkspaceSignInLink")]
    public async Task<IActionResult> Link(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/sign-in/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var person = workspace.Value.Entra ? null : await sessions.CheckAsync(token, cancellationToken);
        var lang = Texts.Resolve(req.Query["lang"].ToString() is { Length: > 0 } asked ? asked : person?.Language);
        if (person is null) return await Answer(lang, StatusCodes.Status410Gone, Texts.Get(lang, "workspace.signIn.invalid"));
        return await PageRenderer.Detached.LinkPageAsync<SignInPage>(new Dictionary<string, object?>
        {
            [nameof(SignInPage.Lang)] = lang, [nameof(SignInPage.SigningInAs)] = person.Email, [nameof(SignInPage.Token)] = token,
        });
    }

    [Function("WorkspaceSignInRedeem")]
    public async Task<IActionResult> Redeem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workspace/sign-in/{token}")] HttpRequest req, string token, CancellationToken cancellationToken)
    {
        var lang = Language(req);
        if (workspace.Value.Entra || await sessions.RedeemAsync(token, cancellationToken) is not { } opened)
            return await Answer(lang, StatusCodes.Status410Gone, Texts.Get(lang, "workspace.signIn.invalid"));
        LogSignedIn(opened.Person.Role.ToString());
        return new ApiResult(StatusCodes.Status303SeeOther, null, null, new Dictionary<string, string>
        {
            ["Location"] = "/api/workspace?lang=" + Uri.EscapeDataString(opened.Person.Language),
            ["Set-Cookie"] = WorkspaceSessions.SetCookie(opened.SessionId),
            ["Cache-Control"] = "no-store",
        });
    }

    [Function("WorkspaceSignOut")]
    public async Task<IActionResult> SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workspace/sign-out")] HttpRequest req, CancellationToken cancellationToken)
    {
        await sessions.EndAsync(req, cancellationToken);
        return new ApiResult(StatusCodes.Status303SeeOther, null, null, new Dictionary<string, string>
        {
            ["Location"] = "/api/workspace/sign-in?lang=" + Uri.EscapeDataString(Language(req)),
            ["Set-Cookie"] = WorkspaceSessions.ClearCookie,
        });
    }

    private OutgoingMail Compose(WorkspacePerson person)
    {
        var lang = Texts.Resolve(person.Language);
        var url = $"{links.Value.PublicBaseUrl.TrimEnd('/')}/api/workspace/sign-in/{sessions.IssueToken(person.Email)}?lang={Uri.EscapeDataString(lang)}";
        var subject = Texts.Get(lang, "mail.workspace.subject");
        var (html, text) = new MailBody(lang)
            .Paragraph(Texts.Get(lang, "mail.workspace.body"))
            .Link(Texts.Get(lang, "mail.workspace.link"), url)
            .Render(subject, Texts.Get(lang, "mail.footer"));
        return new OutgoingMail(person.Email, person.Name, subject, html, text, Consequences.MailKind.WorkspaceSignIn, null);
    }

    private Task<ApiResult> Answer(string lang, int status, string? notice = null) =>
        PageRenderer.Detached.LinkPageAsync<SignInPage>(new Dictionary<string, object?>
        {
            [nameof(SignInPage.Lang)] = lang, [nameof(SignInPage.Entra)] = workspace.Value.Entra, [nameof(SignInPage.Notice)] = notice,
        }, status);

    private static string Language(HttpRequest req) => Texts.Resolve(req.Query["lang"].ToString() is { Length: > 0 } asked ? asked : Texts.FromAcceptLanguage(req.Headers.AcceptLanguage));

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Workspace sign-in link mailed to the {Role}.")]
    private partial void LogMailed(string role);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Workspace session opened for the {Role}.")]
    private partial void LogSignedIn(string role);
}
