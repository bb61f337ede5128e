using System.Text.RegularExpressions;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Options;
using ComplaintRouting.Workspace;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.IntegrationTests.Workspace;

/// <summary>
/// SPEC §11's e-mailed sign-in on Azurite: a link only to an address the workspace knows (the same
/// answer either way), one page and one click to redeem it, once, within 15 minutes; a session
/// cookie no script can read and no other site can send; leaving the roster ends it.
/// </summary>
public sealed partial class SignInTests : AppWithSettings
{
    private const string MemberEmail = "ana@committee.example";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Services.GetRequiredService<DirectoryStorage.DirectoryStore>()
            .UpsertCommitteeMemberAsync(new ComplaintRouting.Directory.CommitteeMember("cm-ana", "Ana Lefèvre", MemberEmail, "fr", true), default);
    }

    [GeneratedRegex(@"/api/workspace/sign-in/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex SignInLink();

    private IReadOnlyList<ComplaintRouting.LocalRunner.CapturedMail> SignInMails(string to) =>
        App.Mail.Capture.All.Where(m => m.Kind == MailKind.WorkspaceSignIn.ToApi() && m.To == to).ToArray();

    private Task<HttpAnswer> Ask(string email) =>
        AppFixture.CallAsync(r => Function<SignInFunctions>().SignIn(r, default), $$"""{"email":"{{email}}"}""");

    private async Task<string> TokenMailedTo(string email)
    {
        Assert.Equal(202, (await Ask(email)).Status);
        await Task.Delay(50);
        return SignInLink().Match(SignInMails(email)[^1].Text).Groups[1].Value;
    }

    private static async Task<HttpAnswer> Get(Func<HttpRequest, Task<IActionResult>> f)
    {
        return await AppFixture.CallAsync(r => { r.Method = "GET"; return f(r); });
    }

    private async Task<WorkspacePerson?> PersonWith(string? cookieHeader)
    {
        var context = new DefaultHttpContext();
        if (cookieHeader is not null) context.Request.Headers.Cookie = cookieHeader.Split(';')[0];
        return await Services.GetRequiredService<WorkspaceSessions>().PersonAsync(context.Request, default);
    }

    [Fact]
    public async Task A_known_address_gets_a_one_time_link_and_an_unknown_one_the_same_answer_and_no_mail()
    {
        var unknown = await Ask("stranger@example.org");
        var known = await Ask(AppFixture.ChairEmail);
        Assert.Equal((202, known.Body), (unknown.Status, unknown.Body));
        await Task.Delay(50);
        Assert.DoesNotContain(App.Mail.Capture.All, m => m.To == "stranger@example.org");
        var mail = Assert.Single(SignInMails(AppFixture.ChairEmail));
        Assert.Null(mail.Reference);
        Assert.Matches(SignInLink(), mail.Text);
        Assert.Equal(400, (await Ask("")).Status);
    }

    [Fact]
    public async Task The_link_opens_a_page_whose_button_redeems_it_once_into_an_http_only_strict_session()
    {
        var token = await TokenMailedTo(MemberEmail);
        var sign = Function<SignInFunctions>();

        // Opening the link (as a mail scanner would) signs nobody in: a page with one button.
        var page = await Get(r => sign.Link(r, token, default));
        Assert.Equal(200, page.Status);
        Assert.Contains(MemberEmail, page.Body);
        Assert.Contains("lang=\"fr\"", page.Body);

        var redeemed = await AppFixture.CallAsync(r => sign.Redeem(r, token, default), "", "application/x-www-form-urlencoded");
        Assert.Equal(303, redeemed.Status);
        var cookie = redeemed.Headers.SetCookie.ToString();
        Assert.StartsWith(WorkspaceSessions.Cookie + "=", cookie);
        foreach (var attribute in new[] { "HttpOnly", "Secure", "SameSite=Strict", "Path=/", $"Max-Age={8 * 3600}" }) Assert.Contains(attribute, cookie);
        var person = await PersonWith(cookie);
        Assert.Equal((WorkspaceRole.Member, "cm-ana"), (person!.Role, person.MemberId));

        Assert.Equal(410, (await AppFixture.CallAsync(r => sign.Redeem(r, token, default), "", "application/x-www-form-urlencoded")).Status); // once
        Assert.Null(await PersonWith($"{WorkspaceSessions.Cookie}=forged-session-value-of-some-length"));
        Assert.Null(await PersonWith(null));

        // Eight hours later the session is over.
        App.Clock.Advance(WorkspaceSessions.SessionLifetime + TimeSpan.FromSeconds(1));
        Assert.Null(await PersonWith(cookie));
    }

    [Fact]
    public async Task An_expired_or_altered_link_is_refused_and_leaving_the_roster_ends_the_session()
    {
        var sign = Function<SignInFunctions>();
        var late = await TokenMailedTo(AppFixture.ChairEmail);
        App.Clock.Advance(WorkspaceSessions.LinkLifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(410, (await Get(r => sign.Link(r, late, default))).Status);
        Assert.Equal(410, (await AppFixture.CallAsync(r => sign.Redeem(r, late, default), "", "application/x-www-form-urlencoded")).Status);

        var token = await TokenMailedTo(AppFixture.ChairEmail);
        var altered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        Assert.Equal(410, (await AppFixture.CallAsync(r => sign.Redeem(r, altered, default), "", "application/x-www-form-urlencoded")).Status);

        var member = await TokenMailedTo(MemberEmail);
        var cookie = (await AppFixture.CallAsync(r => sign.Redeem(r, member, default), "", "application/x-www-form-urlencoded")).Headers.SetCookie.ToString();
        Assert.NotNull(await PersonWith(cookie));
        await Services.GetRequiredService<DirectoryStorage.DirectoryStore>()
            .UpsertCommitteeMemberAsync(new ComplaintRouting.Directory.CommitteeMember("cm-ana", "Ana Lefèvre", MemberEmail, "fr", false), default);
        Assert.Null(await PersonWith(cookie));
    }

    [Fact]
    public async Task The_platforms_principal_header_is_trusted_only_with_entra_and_then_no_e_mail_sign_in_exists()
    {
        var header = new DefaultHttpContext();
        header.Request.Headers[WorkspaceSessions.PrincipalHeader] = AppFixture.ChairEmail;
        Assert.Null(await Services.GetRequiredService<WorkspaceSessions>().PersonAsync(header.Request, default)); // e-mail mode: a forged header is nothing

        var settings = App.Settings();
        settings["Workspace:SignIn"] = "entra";
        // Without App Service Authentication in front, the header is anyone's: the app refuses to start.
        await using (var unguarded = App.BuildServices(settings))
            Assert.Contains("WEBSITE_AUTH_ENABLED", Assert.Throws<OptionsValidationException>(() => unguarded.GetRequiredService<IOptions<WorkspaceOptions>>().Value).Message);
        settings["WEBSITE_AUTH_ENABLED"] = "True"; // as the platform sets it
        await using var entra = App.BuildServices(settings);
        var sessions = entra.GetRequiredService<WorkspaceSessions>();
        Assert.Equal(WorkspaceRole.Chair, (await sessions.PersonAsync(header.Request, default))!.Role);
        var stranger = new DefaultHttpContext();
        stranger.Request.Headers[WorkspaceSessions.PrincipalHeader] = "someone@else.example";
        Assert.Null(await sessions.PersonAsync(stranger.Request, default));
        var signIn = ActivatorUtilities.CreateInstance<SignInFunctions>(entra);
        Assert.Equal(404, (await AppFixture.CallAsync(r => signIn.SignIn(r, default), $$"""{"email":"{{AppFixture.ChairEmail}}"}""")).Status);
    }

    [Fact]
    public async Task The_form_floods_nobodys_inbox_and_signing_out_ends_the_session()
    {
        for (var i = 0; i < ComplaintRouting.FloodControl.Throttles.SignInMailsPerAddressPerHour + 3; i++)
            Assert.Equal(202, (await Ask(AppFixture.DeputyEmail)).Status);
        await Task.Delay(50);
        Assert.Equal(ComplaintRouting.FloodControl.Throttles.SignInMailsPerAddressPerHour, SignInMails(AppFixture.DeputyEmail).Count);

        var token = SignInLink().Match(SignInMails(AppFixture.DeputyEmail)[^1].Text).Groups[1].Value;
        var cookie = (await AppFixture.CallAsync(r => Function<SignInFunctions>().Redeem(r, token, default), "", "application/x-www-form-urlencoded")).Headers.SetCookie.ToString();
        Assert.Equal(WorkspaceRole.Deputy, (await PersonWith(cookie))!.Role);
        var signedOut = await AppFixture.CallAsync(r => { r.Headers.Cookie = cookie.Split(';')[0]; return Function<SignInFunctions>().SignOut(r, default); }, "", "application/x-www-form-urlencoded");
        Assert.Equal(303, signedOut.Status);
        Assert.Contains("Max-Age=0", signedOut.Headers.SetCookie.ToString());
        Assert.Null(await PersonWith(cookie));
    }
}
