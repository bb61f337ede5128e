using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Storage;
using Xunit.Abstractions;

namespace ComplaintRouting.IntegrationTests.LocalRunner;

/// <summary>
/// The local runner as its own process, killed hard while complaints are being routed and mailed,
/// then started again on the same Azurite: every accepted complaint still reaches its referral.
/// </summary>
public sealed class RunnerRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Complaints = 40;
    private AzuriteProcess _azurite = null!;
    private MailCaptureServer _mail = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);
        _mail = await MailCaptureServer.StartAsync();
        var tables = new TableServiceClient(_azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(DirectoryStore.TableName);
        var directory = new DirectoryStore(tables);
        await directory.UpsertOrganizationAsync(new Directory.Organization("DE-KILL", "Verband", "DE", "ethik@verband.example", null, "de", true), default);
        await directory.UpsertMemberAsync(new Directory.Member("M-9001", "Erika Restart", null, "DE", "DE-KILL"), default);
    }

    public async Task DisposeAsync()
    {
        await _mail.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Every_complaint_accepted_before_the_runner_was_killed_reaches_its_referral_after_a_restart()
    {
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}") };
        var first = await StartRunnerAsync(http, port);
        var accepted = new List<string>();
        try
        {
            foreach (var batch in Enumerable.Range(0, Complaints).Chunk(8))
            {
                var answers = await Task.WhenAll(batch.Select(_ => http.PostAsync("/api/complaints",
                    new StringContent(Bodies.Complaint(respondent: "Erika Restart", membershipNumber: "M-9001").ToJsonString(), Encoding.UTF8, "application/json"))));
                foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.Accepted))
                    accepted.Add((await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString()!);
            }
            // Mid-flow: the first referral is out, the rest are queued or being routed and mailed.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Referred(accepted) == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        var killedAt = DateTimeOffset.UtcNow;
        var referredBeforeKill = Referred(accepted);
        output.WriteLine($"{accepted.Count} accepted; {referredBeforeKill} referred before the kill.");
        Assert.Equal(Complaints, accepted.Count);
        Assert.InRange(referredBeforeKill, 1, accepted.Count - 1); // otherwise the kill was not mid-flow and proves nothing

        var second = await StartRunnerAsync(http, port);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (Referred(accepted) < accepted.Count && DateTime.UtcNow < deadline) await Task.Delay(250);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        Assert.All(accepted, reference => Assert.Contains(_mail.Capture.ForReference(reference), m => m.Kind == MailKinds.NationalReferral));
        var stored = await new TableServiceClient(_azurite.ConnectionString).GetTableClient(CaseStore.TableName)
            .QueryAsync<TableEntity>(e => e.RowKey == "case", select: ["RowKey"]).CountAsync();
        Assert.Equal(accepted.Count, stored);
        // A kill between SendGrid's answer and the step being marked sent sends that step again
        // (docs/decisions.md: a duplicate rather than a loss). Only that: a step goes at most twice,
        // and its first copy went before the kill — the restarted runner never sends anything twice.
        var twice = _mail.Capture.All.GroupBy(m => (m.Reference, m.Kind)).Where(g => g.Count() > 1).ToList();
        output.WriteLine($"steps sent twice because of the kill: {twice.Count}");
        foreach (var step in twice)
            output.WriteLine($"  {step.Key}: captured at {string.Join(", ", step.Select(m => m.At.ToString("HH:mm:ss.fff")))}, runner killed at {killedAt:HH:mm:ss.fff}");
        Assert.All(twice, step => Assert.True(step.Count() == 2 && step.Min(m => m.At) <= killedAt, $"{step.Key} was sent twice after the restart"));
    }

    private int Referred(IEnumerable<string> references) =>
        references.Count(r => _mail.Capture.ForReference(r).Any(m => m.Kind == MailKinds.NationalReferral));

    /// <summary>Starts <c>dotnet ComplaintRouting.LocalRunner.dll</c> with second-scale leases and re-drive, and waits until it answers.</summary>
    private async Task<Process> StartRunnerAsync(HttpClient http, int port)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ComplaintRouting.LocalRunner.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["AzureWebJobsStorage"] = _azurite.ConnectionString,
                ["SendGrid__Host"] = _mail.BaseUrl,
                ["LocalHost__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["LocalHost__FunctionKey"] = "restart-test",
                ["LocalHost__QueueLease"] = "00:00:03",
                ["Schedules__Redrive"] = "*/1 * * * * *",
                ["Schedules__RedriveAfter"] = "00:00:10",
                ["Intake__SubmissionsPerClientPerHour"] = "1000",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine("runner: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/api/form")).IsSuccessStatusCode) return process;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The local runner did not start.");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
