using System.Text.RegularExpressions;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Workspace;

namespace ComplaintRouting.IntegrationTests.Infrastructure;

/// <summary>
/// Signs a person in to the workspace by e-mail as they would (SPEC §11): ask for the link, take it
/// from the captured mail, press the page's button; the session rides on its cookie from then on.
/// </summary>
public static partial class WorkspaceSignIn
{
    [GeneratedRegex(@"/api/workspace/sign-in/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex SignInLink();

    /// <summary>The session cookie (<c>__Host-workspace=…</c>) of <paramref name="email"/>.</summary>
    public static async Task<string> CookieAsync(SignInFunctions sign, MailCapture mail, string email)
    {
        bool Ours(CapturedMail m) => m.Kind == MailKind.WorkspaceSignIn.ToApi() && m.To == email;
        var before = mail.All.Count(Ours);
        Assert.Equal(202, (await AppFixture.CallAsync(r => sign.SignIn(r, default), $$"""{"email":"{{email}}"}""")).Status);
        for (var wait = 0; mail.All.Count(Ours) == before && wait < 200; wait++) await Task.Delay(50);
        var token = SignInLink().Match(mail.All.Last(Ours).Text).Groups[1].Value;
        var redeemed = await AppFixture.CallAsync(r => sign.Redeem(r, token, default), "", "application/x-www-form-urlencoded");
        Assert.Equal(303, redeemed.Status);
        return redeemed.Headers.SetCookie.ToString().Split(';')[0];
    }

    /// <summary>The same as request headers.</summary>
    public static async Task<Dictionary<string, string>> HeadersAsync(SignInFunctions sign, MailCapture mail, string email) =>
        new() { ["Cookie"] = await CookieAsync(sign, mail, email) };
}
