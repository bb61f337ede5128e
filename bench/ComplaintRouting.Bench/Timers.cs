using System.Diagnostics;
using Azure.Data.Tables;
using ComplaintRouting.Chasing;
using ComplaintRouting.Digest;
using ComplaintRouting.Intake;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.Bench;

/// <summary>The chase sweep and the digest with N open cases in the chase index, 10 of them due now.</summary>
public static class Timers
{
    public static async Task<(long SweepRequests, double SweepMs, long DigestRequests, double DigestMs)> MeasureAsync(string _, string mailHost, int openCases, bool digest)
    {
        await using var azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);
        var counter = new RequestCounter();
        await using var services = await Harness.StartAsync(azurite.ConnectionString, mailHost, counter);
        var index = services.GetRequiredService<TableServiceClient>().GetTableClient(DueIndex.TableName);

        // N - 10 open cases whose next deadline is in the future, spread over future minutes, 100 to a batch.
        var now = DateTimeOffset.UtcNow;
        var future = Enumerable.Range(0, openCases - 10).Select(i => (Due: now.AddDays(1).AddMinutes(i / 100), Reference: $"CR-F{i:D7}"));
        foreach (var batch in future.Chunk(100))
            await index.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity(DueIndex.Partition(DueKind.Chase, e.Due), e.Reference) { ["Due"] = e.Due })));

        // Ten real cases, due now.
        var body = """
            {"complainant":{"name":"Jane Doe","email":"jane@example.org","relationship":"patient"},
             "respondent":{"name":"Nobody Known","countryOfPractice":"DE"},
             "allegation":{"sections":["3.1"],"summary":"The therapist shared what I said in a private session with another group member."},
             "consent":{"shareWithNationalOrganization":true,"truthful":true}}
            """;
        var dueIndex = services.GetRequiredService<DueIndex>();
        for (var i = 0; i < 10; i++)
        {
            var (_, answer) = await Harness.CallAsync(r => ActivatorUtilities.CreateInstance<IntakeFunction>(services).Run(r, default), body);
            var reference = System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("reference").GetString()!;
            await dueIndex.ScheduleAsync(DueKind.Chase, reference, now.AddMinutes(-1), default);
        }

        counter.Reset();
        var watch = Stopwatch.StartNew();
        var swept = await services.GetRequiredService<ChaseHandler>().SweepAsync(default);
        var sweepMs = watch.Elapsed.TotalMilliseconds;
        var sweepRequests = counter.Count;
        if (swept != 10) throw new InvalidOperationException($"The sweep found {swept} due cases, expected 10.");
        if (!digest) return (sweepRequests, sweepMs, -1, -1);

        counter.Reset();
        watch.Restart();
        await services.GetRequiredService<DigestHandler>().RunAsync(null, default);
        return (sweepRequests, sweepMs, counter.Count, watch.Elapsed.TotalMilliseconds);
    }
}
