using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Consequences;
using ComplaintRouting.Digest;
using ComplaintRouting.Intake;
using ComplaintRouting.Localization;
using ComplaintRouting.IntegrationTests.Faults;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Storage;
using ComplaintRouting.Workspace;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ComplaintRouting.IntegrationTests.Digest;

/// <summary>
/// Issue 17: the digest reads the open-cases summary, not every case, so its storage requests grow by
/// one per thousand open cases. <c>DIGEST_COST_CASES=10000</c> runs it at 10,000 (a one-off measurement).
/// </summary>
public sealed class DigestCostTests(ITestOutputHelper output) : AppWithSettings
{
    private readonly FaultPolicy _counter = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<HttpPipelinePolicy>(_counter);

    private static int OpenCaseCount => int.TryParse(Environment.GetEnvironmentVariable("DIGEST_COST_CASES"), out var n) ? n : 1000;

    [Fact]
    public async Task The_digest_of_a_thousand_open_cases_takes_at_most_25_storage_requests()
    {
        var n = await SeedOpenCasesAsync();
        _counter.Reset();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(1, await Services.GetRequiredService<DigestHandler>().RunAsync(null, default));
        var requests = _counter.Requests;
        output.WriteLine($"digest of {n:N0} open cases: {requests} storage requests, {watch.ElapsedMilliseconds} ms");

        var digest = Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi());
        Assert.Contains($"{Texts.Get("en", "status.escalated-to-committee")}: {n / 5}", digest.Text); // the escalated ones, counted by status
        Assert.Contains($"Being routed: {n - n / 5} new", digest.Text);
        Assert.Contains("CR-0000-0005", digest.Text);
        // Received cases are counted, not named, in the chair's digest (they might yet concern the chair).
        Assert.DoesNotContain("CR-0000-0001", digest.Text);
        Assert.True(requests <= 25, $"{requests} storage requests for {n} open cases");
    }

    [Fact]
    public async Task The_dashboard_of_a_thousand_open_cases_with_its_four_chart_images_takes_at_most_25_storage_requests()
    {
        var n = await SeedOpenCasesAsync();
        var headers = await SignedInAsync(AppFixture.ChairEmail);
        var workspace = Function<WorkspaceFunctions>();

        _counter.Reset();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var page = await AppFixture.CallAsync(r => { r.Method = "GET"; return workspace.Dashboard(r, default); }, headers: headers);
        var pageRequests = _counter.Requests;
        Assert.Equal(200, page.Status);
        Assert.Contains("CR-0000-0005", page.Body);
        foreach (var name in WorkspaceCharts.Names)
        {
            var chart = await AppFixture.CallAsync(r => { r.Method = "GET"; return Function<WorkspaceFunctions>().Chart(r, name, default); }, headers: headers);
            Assert.Equal(200, chart.Status);
            Assert.StartsWith("image/svg+xml", chart.ContentType);
        }
        var requests = _counter.Requests;
        output.WriteLine($"dashboard of {n:N0} open cases: {pageRequests} storage requests for the page, {requests} with its {WorkspaceCharts.Names.Count} chart images, {watch.ElapsedMilliseconds} ms");
        Assert.True(requests <= 25, $"{requests} storage requests for the dashboard of {n} open cases");

        // An image asked for on its own (another instance, or after the minute) draws from the summary: still right, only dearer.
        _counter.Reset();
        var alone = await AppFixture.CallAsync(r => { r.Method = "GET"; r.QueryString = new("?urgent=true"); return workspace.Chart(r, WorkspaceCharts.ByStatus, default); }, headers: headers);
        Assert.Equal(200, alone.Status);
        Assert.True(_counter.Requests > n / 1000, $"{_counter.Requests} requests: the image did not read the summary");
    }

    /// <summary>
    /// N open cases, stored as intake stores them (case + first event, then the summary row); every
    /// fifth escalated to the committee a month ago, so overdue, every tenth urgent.
    /// </summary>
    private async Task<int> SeedOpenCasesAsync()
    {
        var n = OpenCaseCount;
        var store = Services.GetRequiredService<CaseStore>();
        var summary = Services.GetRequiredService<OpenCases>();
        await summary.EnsureBuiltAsync(default); // a deployment that ran this version from the start
        var now = App.Clock.GetUtcNow();
        var complaint = new Complaint(
            new ComplainantDetails("Jane Doe", "jane@example.org", null, Relationship.Patient, false, "en"),
            new RespondentDetails("Many Cases", null, null, "DE"),
            new AllegationDetails(["3.1"], Bodies.Summary, null, null, false));

        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            var @case = Case.Receive($"CR-{i / 10000:D4}-{i % 10000:D4}", now.AddDays(-40).AddMinutes(i), "en", urgent: i % 10 == 0);
            if (i % 5 == 0) @case.Escalate(EscalationReason.RespondentNotIdentified, Actors.Router, now.AddDays(-30));
            Assert.True(await store.CreateAsync(@case, complaint, [1], [2], token));
            await summary.TryAddAsync(@case.State, CaseStore.CreatedRevision, token);
        });

        return n;
    }
}
