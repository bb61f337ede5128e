using System.Text.RegularExpressions;
using ComplaintRouting.Api;
using ComplaintRouting.Committee;
using ComplaintRouting.Consequences;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Referrals;
using ComplaintRouting.Workspace;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Workspace;

/// <summary>
/// SPEC §11's workspace on Azurite: nothing without a session; each person sees the open cases
/// SPEC §9 gives them; filters; charts with their figures; the case file as a PDF, each download
/// recorded and shown to the chair; statistics without personal data.
/// </summary>
public sealed partial class WorkspaceTests : AppWithSettings
{
    private const string MemberEmail = "ben@committee.example";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var directory = Services.GetRequiredService<DirectoryStorage.DirectoryStore>();
        await directory.UpsertCommitteeMemberAsync(new ComplaintRouting.Directory.CommitteeMember("cm-ben", "Ben Okafor", MemberEmail, "en", true), default);
        await directory.UpsertOrganizationAsync(new ComplaintRouting.Directory.Organization("FR-SFPG", "Société française", "FR", "ethique@sfpg.example", null, "fr", true), default);
        await directory.UpsertMemberAsync(new ComplaintRouting.Directory.Member("M-8001", "Marc Lefort", "marc@example.org", "FR", "FR-SFPG"), default);
    }

    [GeneratedRegex(@"/api/(?:referrals|committee/cases)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private string Token(string reference, MailKind kind) =>
        LinkPattern().Match(App.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind.ToApi()).Text).Groups[1].Value;

    private Task<string> SignedInAs(string email) => WorkspaceSignIn.CookieAsync(Function<SignInFunctions>(), App.Mail.Capture, email);

    private static Task<HttpAnswer> Get(Func<HttpRequest, Task<IActionResult>> f, string? cookie, string query = "") =>
        AppFixture.CallAsync(r =>
        {
            r.Method = "GET";
            if (cookie is not null) r.Headers.Cookie = cookie;
            r.QueryString = new QueryString(query);
            return f(r);
        });

    private async Task<string> SubmitAsync(string respondent, string? number = null, bool urgent = false)
    {
        var answer = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default),
            Bodies.Complaint(respondent: respondent, membershipNumber: number, country: "FR", ongoingRisk: urgent).ToJsonString());
        Assert.Equal(202, answer.Status);
        await DrainAsync();
        return answer.Json.GetProperty("reference").GetString()!;
    }

    [Fact]
    public async Task Without_a_session_the_workspace_shows_the_sign_in_and_nothing_else()
    {
        var f = Function<WorkspaceFunctions>();
        var c = Function<WorkspaceCaseFunctions>();
        var reference = await SubmitAsync("Nobody Known");
        foreach (var answer in new[]
                 {
                     await Get(r => f.Dashboard(r, default), null), await Get(r => f.Statistics(r, default), null),
                     await Get(r => c.CaseFile(r, reference, default), null), await Get(r => f.Dashboard(r, default), "__Host-workspace=not-a-session-at-all-but-long"),
                 })
        {
            Assert.Equal(401, answer.Status);
            Assert.DoesNotContain(reference, answer.Body);
            Assert.Contains("id=\"sign-in-submit\"", answer.Body);
        }
        Assert.Equal(401, (await Get(r => f.Chart(r, WorkspaceCharts.ByStatus, default), null)).Status);
    }

    [Fact]
    public async Task Each_person_sees_the_open_cases_spec_9_gives_them_with_filters_and_charts()
    {
        var referred = await SubmitAsync("Marc Lefort", "M-8001");
        var aboutTheChair = await SubmitAsync("Chair Person", AppFixture.ChairMembershipNumber);
        var urgent = await SubmitAsync("Nobody Known", urgent: true);
        // The urgent case is with the committee: the chair assigns Ben to it.
        var chairLink = Token(urgent, MailKind.CommitteeEscalation);
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<CommitteeFunctions>().Assign(r, chairLink, default), """{"member":"cm-ben"}""")).Status);

        var f = Function<WorkspaceFunctions>();
        var chair = await Get(r => f.Dashboard(r, default), await SignedInAs(AppFixture.ChairEmail));
        Assert.Equal(200, chair.Status);
        Assert.Contains("img-src 'self'", chair.Headers.ContentSecurityPolicy.ToString());
        Assert.Contains(referred, chair.Body);
        Assert.Contains(urgent, chair.Body);
        Assert.DoesNotContain(aboutTheChair, chair.Body); // the deputy's alone
        var deputy = await Get(r => f.Dashboard(r, default), await SignedInAs(AppFixture.DeputyEmail));
        Assert.Contains(aboutTheChair, deputy.Body);
        Assert.DoesNotContain(referred, deputy.Body);
        var ben = await Get(r => f.Dashboard(r, default), await SignedInAs(MemberEmail));
        Assert.Contains(urgent, ben.Body);
        Assert.DoesNotContain(referred, ben.Body);
        Assert.DoesNotContain("statistics.csv", ben.Body);
        var executive = await Get(r => f.Dashboard(r, default), await SignedInAs(AppFixture.ExecutiveEmail));
        Assert.DoesNotContain(referred, executive.Body); // nothing awaits its decision yet
        Assert.DoesNotContain(urgent, executive.Body);

        var cookie = await SignedInAs(AppFixture.ChairEmail);
        var onlyUrgent = await Get(r => f.Dashboard(r, default), cookie, "?urgent=true");
        Assert.Contains(urgent, onlyUrgent.Body);
        Assert.DoesNotContain(referred, onlyUrgent.Body);
        var onlyReferred = await Get(r => f.Dashboard(r, default), cookie, "?status=referred-to-national");
        Assert.Contains(referred, onlyReferred.Body);
        Assert.DoesNotContain(urgent, onlyReferred.Body);

        // Each chart is an image of the app's own, with its figures beside it as a table.
        foreach (var name in WorkspaceCharts.Names) Assert.Contains($"/api/workspace/charts/{name}.svg", chair.Body);
        var svg = await Get(r => f.Chart(r, WorkspaceCharts.ByStatus, default), cookie);
        Assert.Equal(200, svg.Status);
        Assert.StartsWith("image/svg+xml", svg.ContentType);
        Assert.Contains("<svg", svg.Body);
        Assert.DoesNotContain("<script", svg.Body);
        Assert.Equal(404, (await Get(r => f.Chart(r, "nothing", default), cookie)).Status);
    }

    [Fact]
    public async Task The_case_file_downloads_as_a_pdf_each_read_is_recorded_for_the_chair_and_statistics_carry_no_personal_data()
    {
        var reference = await SubmitAsync("Nobody Known", urgent: true);
        var chairLink = Token(reference, MailKind.CommitteeEscalation);
        var f = Function<WorkspaceFunctions>();
        var c = Function<WorkspaceCaseFunctions>();
        var chair = await SignedInAs(AppFixture.ChairEmail);

        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.Cookie = chair;
        context.Response.Body = new MemoryStream();
        var result = await c.CaseFile(context.Request, reference, default);
        await result.ExecuteResultAsync(new ActionContext(context, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("application/pdf", context.Response.ContentType);
        Assert.StartsWith("attachment", context.Response.Headers.ContentDisposition.ToString());
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(((MemoryStream)context.Response.Body).ToArray(), 0, 5));

        // A member not assigned to the case gets nothing; the chair's page lists the read.
        Assert.Equal(404, (await Get(r => c.CaseFile(r, reference, default), await SignedInAs(MemberEmail))).Status);
        Assert.Equal(404, (await Get(r => c.CaseFile(r, "CR-0000-0000", default), chair)).Status);
        var page = System.Net.WebUtility.HtmlDecode((await Get(r => Function<CommitteeFunctions>().View(r, chairLink, default), null)).Body);
        Assert.Contains("id=\"read-list\"", page);
        Assert.Contains(ComplaintRouting.Localization.Texts.Get(AppFixture.ChairLanguage, "workspace.reads.what.file"), page);

        var csv = await Get(r => f.Statistics(r, default), chair);
        Assert.Equal(200, csv.Status);
        var lines = csv.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", WorkspaceStatistics.Columns), lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"{App.Clock.GetUtcNow().Year},", StringComparison.Ordinal) && l.Contains(",escalated-to-committee,", StringComparison.Ordinal));
        Assert.DoesNotContain(reference, csv.Body);
        Assert.DoesNotContain("Nobody", csv.Body);
        Assert.DoesNotContain("jane@example.org", csv.Body);
        Assert.Equal(404, (await Get(r => f.Statistics(r, default), await SignedInAs(MemberEmail))).Status);
    }
}
