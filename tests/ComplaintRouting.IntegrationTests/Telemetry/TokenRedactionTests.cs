using System.Diagnostics;
using System.Text.Json;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ComplaintRouting.IntegrationTests.Telemetry;

/// <summary>
/// Capability tokens stay out of Application Insights: the worker's OpenTelemetry pipeline (which
/// Application Insights 3 exports from) redacts them from spans and log records before any exporter
/// sees them, and the host is told not to record request URLs at all.
/// </summary>
public sealed class TokenRedactionTests
{
    private const string Token = "Q1ItQUJDRC1FRkdIfG5hdGlvbmFsOkRFLURBR0d8MTc5OTk5OTk5OQ.Zm9yZ2VkLW1hYy1mb3ItdGhlLXRlc3QtMzItYnl0ZXM";

    [Fact]
    public void Spans_and_log_lines_leave_the_worker_with_the_token_replaced()
    {
        var spans = new List<Activity>();
        var logs = new List<LogRecord>();
        var services = new ServiceCollection();
        services.AddTokenRedaction(); // first, as Program.cs does, before the exporter
        services.AddLogging(l => l.AddOpenTelemetry(o => o.IncludeFormattedMessage = true));
        services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource("redaction-test").AddInMemoryExporter(spans))
            .WithLogging(l => l.AddInMemoryExporter(logs));
        using var provider = services.BuildServiceProvider();
        var tracer = provider.GetRequiredService<TracerProvider>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");

        using (var source = new ActivitySource("redaction-test"))
        using (var activity = source.StartActivity($"GET /api/referrals/{Token}"))
        {
            activity!.SetTag("url.full", $"https://complaints.example/api/referrals/{Token}/acknowledge");
            activity.SetTag("url.path", $"/api/committee/cases/{Token}");
            activity.SetTag("http.response.status_code", 200);
        }
        logger.LogInformation("Request starting HTTP/1.1 GET {Path}", $"/api/referrals/{Token}");
        tracer.ForceFlush();

        var span = Assert.Single(spans);
        var exported = JsonSerializer.Serialize(new
        {
            span.DisplayName,
            Tags = span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
            Logs = logs.Select(l => new { l.FormattedMessage, Attributes = l.Attributes?.Select(a => $"{a.Key}={a.Value}") }),
        });
        Assert.DoesNotContain(Token[..20], exported);
        Assert.Equal("GET /api/referrals/{token}", span.DisplayName);
        Assert.Equal("https://complaints.example/api/referrals/{token}/acknowledge", span.GetTagItem("url.full"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("Request starting HTTP/1.1 GET /api/referrals/{token}", Assert.Single(logs).FormattedMessage);
    }

    [Theory]
    [InlineData("/api/form?lang=de", "/api/form?lang=de")]
    [InlineData("/api/complaints/CR-ABCD-EFGH/status", "/api/complaints/CR-ABCD-EFGH/status")]
    [InlineData("Case CR-ABCD-EFGH: national-referral mail sent (msg.id-1).", "Case CR-ABCD-EFGH: national-referral mail sent (msg.id-1).")]
    public void Ordinary_paths_and_messages_are_left_alone(string text, string expected) =>
        Assert.Equal(expected, TokenRedaction.Redact(text));

    /// <summary>
    /// The host's request telemetry: with extended HTTP collection on (the default), the host tracks
    /// the ASP.NET Core request with its URL path; off, it tracks the invocation by function name
    /// only (azure-webjobs-sdk, ApplicationInsightsLogger.StartTelemetryIfFunctionInvocation).
    /// </summary>
    [Fact]
    public void The_host_is_told_not_to_record_request_urls()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AzuriteProcess.FindRepositoryRoot(), "host.json"))).RootElement;
        Assert.False(host.GetProperty("logging").GetProperty("applicationInsights").GetProperty("httpAutoCollectionOptions")
            .GetProperty("enableHttpTriggerExtendedInfoCollection").GetBoolean());
    }
}
