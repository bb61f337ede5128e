using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ComplaintRouting.Telemetry;

/// <summary>
/// Keeps capability tokens out of Application Insights. A link's token is its only secret and it
/// sits in the request path (<c>/api/referrals/{token}</c>), so every URL, path, span name and log
/// line the worker exports is rewritten with the token replaced by <c>{token}</c> before it leaves
/// the process. (The host's own request telemetry carries no URL: host.json turns off its
/// extended HTTP collection; see docs/decisions.md.)
/// </summary>
public static partial class TokenRedaction
{
    public const string Placeholder = "{token}";

    /// <summary>A token is <c>base64url.base64url</c> with both parts long; nothing else in a path looks like that.</summary>
    [GeneratedRegex(@"[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}")]
    private static partial Regex Token();

    public static string Redact(string text) => text.Contains('.') ? Token().Replace(text, Placeholder) : text;

    private static object? Redact(object? value) => value is string s ? Redact(s) : value;

    /// <summary>
    /// Puts both processors first in the worker's OpenTelemetry pipelines (Application Insights 3
    /// exports through OpenTelemetry), so they run before any exporter sees a span or a log record.
    /// Call it before the exporter is added.
    /// </summary>
    public static IServiceCollection AddTokenRedaction(this IServiceCollection services) => services
        .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Spans()))
        .ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new Logs()));

    /// <summary>Spans: the name and every string tag (<c>url.full</c>, <c>url.path</c>, <c>http.target</c>, …).</summary>
    public sealed class Spans : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            activity.DisplayName = Redact(activity.DisplayName);
            foreach (var (key, value) in activity.TagObjects.ToList())
                if (value is string s && Redact(s) is var redacted && redacted != s)
                    activity.SetTag(key, redacted);
        }
    }

    /// <summary>Log records: the message, its template's values and the body.</summary>
    public sealed class Logs : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord record)
        {
            if (record.FormattedMessage is { } message) record.FormattedMessage = Redact(message);
            if (record.Body is { } body) record.Body = Redact(body);
            if (record.Attributes is { Count: > 0 } attributes)
                record.Attributes = attributes.Select(a => new KeyValuePair<string, object?>(a.Key, Redact(a.Value))).ToList();
        }
    }
}
