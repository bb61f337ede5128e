using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ComplaintRouting;
using ComplaintRouting.Bench;
using ComplaintRouting.Chasing;
using ComplaintRouting.Digest;
using ComplaintRouting.Email;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Every timing is a ratio measured side by side in this run; every cost is a count of storage requests.
var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
var countsOnly = args.Contains("counts") || args.Contains("lifecycle"); // only the storage-request counts (lifecycle, timers at scale)
var lifecycleOnly = args.Contains("lifecycle");
var report = new StringBuilder();
void Line(string text) { Console.WriteLine(text); report.AppendLine(text); }

// `bench render [seconds]`: the Razor renderer alone (docs/performance.md, Rendering); no storage needed.
if (args.Contains("render"))
{
    await Rendering.RunAsync(Line, args.Length > 1 && int.TryParse(args[1], out var rs) ? rs : 3);
    return 0;
}

// `bench uploads [repeats]`: evidence uploads and downloads (docs/performance.md, Evidence uploads) on an Azurite of
// its own; the section is appended to bench/results-latest.md, in place of the one an earlier `uploads` run left there.
if (args.Contains("uploads"))
{
    await Uploads.RunAsync(Line, args.Length > 1 && int.TryParse(args[1], out var ur) ? ur : 10);
    var latest = Path.Combine(AzuriteProcess.FindRepositoryRoot(), "bench", "results-latest.md");
    var kept = File.Exists(latest) ? await File.ReadAllTextAsync(latest) : "";
    if (kept.IndexOf("## Evidence uploads", StringComparison.Ordinal) is var at and >= 0) kept = kept[..at];
    await File.WriteAllTextAsync(latest, (kept.Length > 0 ? kept.TrimEnd() + "\n\n" : "") + report);
    Console.WriteLine($"(appended to {latest})");
    return 0;
}

await using var azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);
await using var mail = await MailCaptureServer.StartAsync();
var settings = new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["SendGrid:Host"] = mail.BaseUrl,
    ["LocalHost:Port"] = "0",
    ["LocalHost:FunctionKey"] = "bench",
    ["Intake:SubmissionsPerClientPerHour"] = "100000",
    ["Intake:AcknowledgementsPerAddressPerDay"] = "100000",
    // The intake figures below are the server's path without the proof of work, comparable with earlier
    // rounds; the proof's storage cost is in the lifecycle counts, its client cost in docs/performance.md.
    ["Intake:ProofOfWorkBits"] = "0",
    ["Logging:LogLevel:Default"] = "Error",
};

// Worker cold start: the runner started on a running Azurite, from the worker's process start to the first 200 on /api/form.
var coldStarts = new List<double>();
for (var run = 0; run < 3; run++)
{
    var watch = Stopwatch.StartNew();
    await using var cold = await LocalRunnerHost.StartAsync([], settings);
    using var first = new HttpClient { BaseAddress = new Uri(cold.BaseUrl) };
    while (!(await first.GetAsync("/api/form")).IsSuccessStatusCode) await Task.Delay(5);
    coldStarts.Add(watch.Elapsed.TotalMilliseconds);
}
coldStarts.Sort();

await using var host = await LocalRunnerHost.StartAsync([], settings);

// The floor: only what intake must do — one entity-group write of a case and its event, one queue put —
// on a bare ASP.NET Core endpoint in this process, with the same storage clients.
var floorBuilder = WebApplication.CreateSlimBuilder();
floorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
floorBuilder.Logging.ClearProviders();
await using var floorApp = floorBuilder.Build();
var floorTables = new TableServiceClient(azurite.ConnectionString);
var floorQueue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient("bench-floor");
await floorTables.CreateTableIfNotExistsAsync("BenchFloor");
await floorQueue.CreateIfNotExistsAsync();
floorApp.MapPost("/bench/floor", async (HttpContext context) =>
{
    var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
    var reference = Guid.NewGuid().ToString("N");
    await floorTables.GetTableClient("BenchFloor").SubmitTransactionAsync(
    [
        new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(reference, "case") { ["Body"] = body }),
        new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(reference, "evt-00001") { ["To"] = "received" }),
    ]);
    await floorQueue.SendMessageAsync(reference);
    context.Response.StatusCode = 202;
});
await floorApp.StartAsync();
using var floorHttp = new HttpClient { BaseAddress = new Uri(floorApp.Urls.First()) };

var complaint = JsonNode.Parse("""
    {"complainant":{"name":"Jane Doe","email":"jane@example.org","relationship":"patient","anonymous":false,"language":"en"},
     "respondent":{"name":"John Smith","membershipNumber":"M-1001","countryOfPractice":"DE"},
     "allegation":{"sections":["3.1"],"summary":"During group sessions the therapist repeatedly shared details of my disclosures.","occurredFrom":"2026-05-01","ongoingRisk":false},
     "consent":{"shareWithNationalOrganization":true,"truthful":true}}
    """)!.ToJsonString();

Line($"# ComplaintRouting benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Azurite in memory");
Line("");
if (!countsOnly) {
using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
// End to end first, on a fresh Azurite (its in-memory tables slow down as the load runs fill them): submit → national-referral captured.
foreach (var (route, csv) in new[]
         {
             ("organizations", "id,name,country,referralEmail,contactName,language,active\nDE-B,Bench Verband,DE,ethik@bench.example,,de,true\n"),
             ("members", "membershipNumber,fullName,email,country,primaryOrganizationId\nM-1001,John Smith,,DE,DE-B\n"),
         })
    (await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/manage/directory/{route}")
    {
        Headers = { { "x-functions-key", host.FunctionKey } },
        Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
    })).EnsureSuccessStatusCode();
var submitted = new List<(string Reference, DateTimeOffset At)>();
for (var i = 0; i < 200; i++)
{
    var at = DateTimeOffset.UtcNow;
    var response = await http.PostAsync("/api/complaints", new StringContent(complaint, Encoding.UTF8, "application/json"));
    var reference = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;
    submitted.Add((reference, at));
    await Task.Delay(20);
}
var latencies = new List<double>();
foreach (var (reference, at) in submitted)
{
    var referral = await mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.NationalReferral.ToApi(), TimeSpan.FromMinutes(5));
    latencies.Add((referral.At - at).TotalMilliseconds);
}
latencies.Sort();
var queueSettings = QueueSettings.FromHostJson(Path.Combine(LocalRunnerHost.BuiltFunctionAppDirectory, "host.json"));
Line("## End to end: submit → national-referral mail captured (200 complaints, one every 20 ms)");
Line("");
Line($"p50 {Percentile(latencies, 50):0} ms, p95 {Percentile(latencies, 95):0} ms (queue polling: batch {queueSettings.BatchSize}, max polling interval {queueSettings.MaxPollingInterval.TotalSeconds:0.#} s, back-off from 100 ms)");
Line("");
Line("## Worker cold start: runner start (worker process start, gRPC handshake, function load) to the first 200 on /api/form, Azurite already running");
Line("");
Line($"3 starts: {string.Join(", ", coldStarts.Select(c => $"{c:0} ms"))}; median {coldStarts[1]:0} ms");
Line("");
Line("## What the host side adds per HTTP request (1 client, 2,000 requests each, sequential, p50/p95)");
Line("");
Line("| path | p50 ms | p95 ms |");
Line("|---|---|---|");
using (var worker = new HttpClient { BaseAddress = host.WorkerHttpUri })
{
    async Task<List<double>> TimeAsync(Func<Task> call)
    {
        var times = new List<double>();
        for (var i = 0; i < 2_200; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            if (i >= 200) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }
    async Task GetAsync(HttpClient client, string path, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null) request.Headers.Add("x-functions-key", key);
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode is not (System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Unauthorized)) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
    }
    var rows = new (string Name, List<double> Times)[]
    {
        ("runner front end alone: a management route without key, answered 401 before any worker is involved",
            await TimeAsync(() => GetAsync(http, "/api/manage/cases"))),
        ("worker directly: the bench sends the invocation over gRPC and the request to the worker's listener itself (GET /api/form.css)",
            await TimeAsync(async () =>
            {
                var id = Guid.NewGuid().ToString();
                var request = new HttpRequestMessage(HttpMethod.Get, "/api/form.css") { Headers = { { "x-ms-invocation-id", id } } };
                var invocation = host.InvokeHttpAsync("FormStyles", id, default);
                using var response = await worker.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                await invocation;
            })),
        ("whole path: client → runner front end → invocation + forwarded request → worker (GET /api/form.css)",
            await TimeAsync(() => GetAsync(http, "/api/form.css"))),
    };
    foreach (var (name, times) in rows) Line($"| {name} | {Percentile(times, 50):0.00} | {Percentile(times, 95):0.00} |");
    Line("");
    Line($"The front end adds {Percentile(rows[2].Times, 50) - Percentile(rows[1].Times, 50):0.00} ms at p50 (receive, route, key check, one more HTTP hop through YARP).");
}
Line("");
Line($"## Intake against its storage floor ({seconds} s per side per client count, in 5 alternating rounds, rate of the median round; same Azurite; intake through the runner and the app's worker process, the floor a bare endpoint in the bench process)");
Line("");
// The request path alone, as the floor has no background work: the queue listeners are stopped.
// (With them running, Azurite's in-memory tables slow every routing and mail step as the run fills
// them, and the figure measures Azurite: one 32-client request once waited 100 s.)
await host.StopTriggersAsync();
Line("| clients | intake req/s | p50 ms | p95 ms | p99 ms | floor req/s | p50 ms | p95 ms | p99 ms | intake/floor |");
Line("|---|---|---|---|---|---|---|---|---|---|");
long peak = 0;
double lastRatio = 0;
foreach (var clients in new[] { 1, 8, 32 })
{
    await LoadAsync(floorHttp, "/bench/floor", complaint, clients, 1); // warm up
    await LoadAsync(http, "/api/complaints", complaint, clients, 1);
    // Five alternating short rounds, so drift on a shared machine falls on both sides alike; the rate
    // is the median round's, so one request stalled by Azurite (it happens at 32 clients, on either
    // side) does not decide the ratio. The percentiles are over every request of every round.
    var floor = new List<LoadResult>();
    var intake = new List<LoadResult>();
    for (var round = 0; round < 5; round++)
    {
        floor.Add(await LoadAsync(floorHttp, "/bench/floor", complaint, clients, seconds / 5.0));
        intake.Add(await LoadAsync(http, "/api/complaints", complaint, clients, seconds / 5.0));
    }
    peak = Math.Max(peak, Process.GetCurrentProcess().PeakWorkingSet64);
    var (f, i) = (LoadResult.Of(floor), LoadResult.Of(intake));
    lastRatio = i.Rate / f.Rate;
    Line($"| {clients} | {i.Rate:0} | {i.P(50):0.0} | {i.P(95):0.0} | {i.P(99):0.0} | {f.Rate:0} | {f.P(50):0.0} | {f.P(95):0.0} | {f.P(99):0.0} | {lastRatio:0.00} |");
}
Line("");
Line($"Peak working set under the 32-client load: bench and runner process {peak / 1024 / 1024} MiB, worker process {Process.GetProcessById(host.WorkerProcessId).PeakWorkingSet64 / 1024 / 1024} MiB (Azurite excluded)");
Line("");
Line($"intake/floor = {lastRatio:0.00}");
}

// Storage requests per lifecycle and per timer run: the app's own composition with a counting policy, queues driven by hand.
var lifecycle = await Lifecycle.CountAsync();
Line("## Storage requests per complaint lifecycle (intake → referral → acknowledge → outcome → escalation → acknowledge → recommendation → the Executive Committee's decision, all mails sent)");
Line("");
Line($"{lifecycle.Total} requests: {string.Join(", ", lifecycle.Steps.Select(p => $"{p.Step} {p.Requests}"))}");
Line($"(plus {lifecycle.IdlePolls} queue receives that found the queues empty while the harness drained them: idle polling, not per-complaint work)");
Line("");

if (!lifecycleOnly) {
Line("## Timers at scale (chase index holding N open cases, 10 of them due)");
Line("");
Line("| open cases | sweep requests | sweep ms | digest requests | digest ms |");
Line("|---|---|---|---|---|");
foreach (var n in new[] { 1_000, 10_000, 100_000 })
{
    var (sweepRequests, sweepMs, digestRequests, digestMs) = await Timers.MeasureAsync(azurite.ConnectionString, mail.BaseUrl, n, digest: n <= 10_000);
    Line($"| {n:N0} | {sweepRequests} | {sweepMs:0} | {(digestRequests < 0 ? "not run" : digestRequests.ToString())} | {(digestMs < 0 ? "—" : digestMs.ToString("0"))} |");
}
}

if (!countsOnly)
{
    Line("");
    await Uploads.RunAsync(Line, 10);
}

var output = Path.Combine(AzuriteProcess.FindRepositoryRoot(), "bench", "results-latest.md");
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine($"(written to {output})");
return 0;

static async Task<LoadResult> LoadAsync(HttpClient http, string path, string body, int clients, double seconds)
{
    var stop = DateTime.UtcNow.AddSeconds(seconds);
    var all = new List<double>[clients];
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        var mine = all[c] = [];
        while (DateTime.UtcNow < stop)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            if ((int)response.StatusCode != 202) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }));
    return new LoadResult(all.Sum(l => l.Count) / watch.Elapsed.TotalSeconds, all.SelectMany(l => l).Order().ToList());
}

static double Percentile(List<double> sorted, int p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

internal sealed record LoadResult(double Rate, List<double> Latencies)
{
    /// <summary>Rounds taken together: the median round's rate, every request's latency.</summary>
    public static LoadResult Of(List<LoadResult> rounds) =>
        new(rounds.Select(r => r.Rate).Order().ElementAt(rounds.Count / 2), [.. rounds.SelectMany(r => r.Latencies).Order()]);

    public double P(int p) => Latencies.Count == 0 ? 0 : Latencies[Math.Min(Latencies.Count - 1, (int)Math.Ceiling(p / 100.0 * Latencies.Count) - 1)];
}
