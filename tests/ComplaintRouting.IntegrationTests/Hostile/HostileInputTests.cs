using System.Net.Http.Headers;
using Azure.Data.Tables;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Storage;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ComplaintRouting.IntegrationTests.Hostile;

/// <summary>
/// Ten thousand generated request bodies against the real HTTP pipeline of the local runner:
/// no 5xx, nothing stored for a rejected body, and whatever was stored comes out encoded.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const int Bodies = 10_000;
    private AzuriteProcess _azurite = null!;
    private MailCaptureServer _mail = null!;
    private LocalRunnerHost _host = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);
        _mail = await MailCaptureServer.StartAsync();
        _host = await LocalRunnerHost.StartAsync([], new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["SendGrid:Host"] = _mail.BaseUrl,
            ["LocalHost:Port"] = "0",
            ["Intake:SubmissionsPerClientPerHour"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _mail.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Ten_thousand_hostile_bodies_give_no_5xx_store_nothing_when_rejected_and_render_encoded_when_accepted()
    {
        var requests = HostileBodies.Any.Sample(Bodies, 30);
        using var http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        var statuses = new int[requests.Length];
        await Parallel.ForAsync(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var content = new ByteArrayContent(requests[i].Body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(requests[i].ContentType);
            using var response = await http.PostAsync("/api/complaints", content, ct);
            statuses[i] = (int)response.StatusCode;
        });

        var serverErrors = statuses.Count(s => s >= 500);
        var accepted = statuses.Count(s => s == 202);
        var stored = await new TableServiceClient(_azurite.ConnectionString).GetTableClient(CaseStore.TableName)
            .QueryAsync<TableEntity>(e => e.RowKey == "case", select: ["RowKey"]).CountAsync();
        output.WriteLine($"bodies generated: {requests.Length}; accepted: {accepted}; rejected: {requests.Length - accepted}; 5xx: {serverErrors}; cases stored: {stored}");
        foreach (var group in requests.Zip(statuses).GroupBy(p => p.First.Kind.Split(' ')[0]))
            output.WriteLine($"  {group.Key}: {group.Count()} ({string.Join(", ", group.GroupBy(p => p.Second).Select(g => $"{g.Key}×{g.Count()}"))})");

        Assert.Equal(0, serverErrors);
        Assert.Equal(accepted, stored);
        Assert.True(accepted > 100, "the generator should also produce valid bodies");
        Assert.True(requests.Length - accepted > 5000, "most bodies are hostile");

        // Every mail sent so far (the runner keeps routing the flood meanwhile) carries no markup from a complaint.
        Assert.All(_mail.Capture.All, NoMarkup);
    }

    [Fact]
    public async Task Markup_in_every_field_of_an_accepted_complaint_comes_out_encoded_in_every_mail_and_page()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        var body = HostileBodies.Any.Sample(2000, 40).First(r => r.Kind == "valid with markup");
        var content = new ByteArrayContent(body.Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
        var response = await http.PostAsync("/api/complaints", content);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var reference = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;

        var escalation = await _mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == Email.MailKinds.CommitteeEscalation, TimeSpan.FromSeconds(60));
        Assert.All(_mail.Capture.ForReference(reference), NoMarkup);

        var link = System.Text.RegularExpressions.Regex.Match(escalation.Text, @"http://localhost:\d+/api/committee/cases/\S+").Value;
        var page = await http.GetStringAsync(link);
        Assert.Contains("&lt;script&gt;", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        var admin = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/manage/cases/{reference}") { Headers = { { "x-functions-key", _host.FunctionKey } } });
        Assert.Equal("application/json", admin.Content.Headers.ContentType?.MediaType);
    }

    private static void NoMarkup(CapturedMail m)
    {
        Assert.DoesNotContain("<script", m.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", m.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", m.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", m.Html, StringComparison.OrdinalIgnoreCase);
    }
}
