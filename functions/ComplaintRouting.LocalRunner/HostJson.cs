using System.Text.Json;

namespace ComplaintRouting.LocalRunner;

/// <summary>What the host reads from the app's host.json: the HTTP route prefix and the queue settings.</summary>
public sealed record HostJson(string RoutePrefix, QueueSettings Queues)
{
    public static HostJson Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        var prefix = "api";
        if (File.Exists(path))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("http", out var h) && h.TryGetProperty("routePrefix", out var r))
                prefix = r.GetString() ?? "api";
        }
        return new HostJson(prefix, QueueSettings.FromHostJson(path));
    }
}
