using System.Text.Json.Nodes;
using ComplaintRouting.FollowUp;
using ComplaintRouting.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ComplaintRouting.IntegrationTests.FollowUp;

/// <summary>On its own Azurite: the 48 cases it stores would crowd the shared routing queue.</summary>
public sealed class FollowUpTimingTests(ITestOutputHelper output) : AppWithSettings
{
    private Task<HttpAnswer> Status(string reference, string code, string ip) =>
        AppFixture.CallAsync(req => App.Function<FollowUpFunctions>().Status(req, reference, CancellationToken.None),
            new JsonObject { ["followUpCode"] = code }.ToJsonString(), remoteIp: ip);

    [Fact]
    public async Task An_unknown_reference_and_a_wrong_code_take_the_same_time()
    {
        // Both paths read the partition and check a code (a dummy one when there is no case), so
        // the answer's timing does not tell whether a reference exists. Measured interleaved, by
        // medians; the bound is loose enough for a busy 2-core machine and tight enough to catch
        // one path doing a storage round trip the other does not (about 1–2 ms here).
        var existing = new List<string>();
        for (var i = 0; i < 48; i++) existing.Add((await App.SubmitAsync(remoteIp: $"203.0.113.{100 + i}")).Reference);
        var wrong = new List<double>();
        var unknown = new List<double>();
        async Task<double> Timed(string reference, string ip)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var answer = await Status(reference, "AAAA-BBBB-CCCC-DDDD-EEEE", ip);
            Assert.Equal(404, answer.Status);
            return watch.Elapsed.TotalMilliseconds;
        }

        for (var i = 0; i < 240; i++) // 40 warm-up pairs, then 200 measured; 5 wrong codes per reference stay under its throttle
        {
            var ip = $"10.{i / 250}.{i % 250}.";
            var u = await Timed($"CR-ZZZZ-{i:D4}", ip + "1");
            var w = await Timed(existing[i / 5], ip + "2");
            if (i < 40) continue;
            unknown.Add(u);
            wrong.Add(w);
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var (mu, mw) = (Median(unknown), Median(wrong));
        output.WriteLine($"status 404 median: unknown reference {mu:0.00} ms, wrong code {mw:0.00} ms (200 each, interleaved)");
        Assert.True(Math.Abs(mu - mw) <= Math.Max(1.0, 0.5 * Math.Min(mu, mw)), $"unknown {mu:0.00} ms against wrong code {mw:0.00} ms");
    }
}
