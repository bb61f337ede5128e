using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplaintRouting.LocalRunner;

/// <summary>
/// What the Azure Functions host refuses to load, in the host's own words (docs/local-host.md
/// names the place in the host's source each rule comes from). In Azure a refused function is
/// simply missing after deployment; the local runner refuses to start instead, so the mistake is
/// seen before it is deployed.
/// </summary>
public static partial class HostRules
{
    /// <summary>The largest request body the Functions host forwards: 100 MB (azure-functions-host, ScriptConstants.DefaultMaxRequestBodySize).</summary>
    public const long MaxRequestBodyBytes = 104_857_600;

    /// <summary>Every function the host would not load, as "Function 'name': reason".</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<FunctionDeclaration> functions, Func<string, string?> setting)
    {
        var errors = new List<string>();
        var loaded = new List<FunctionDeclaration>();
        foreach (var function in functions)
        {
            var error = Refusal(function, loaded, setting);
            if (error is null) loaded.Add(function);
            else errors.Add($"Function '{function.Name}': {error}");
        }
        return errors;
    }

    private static string? Refusal(FunctionDeclaration function, IReadOnlyList<FunctionDeclaration> loaded, Func<string, string?> setting)
    {
        // Utility.ValidateName (WebJobs.Script/Utility.cs)
        if (!FunctionName().IsMatch(function.Name)) return $"'{function.Name}' is not a valid function name.";
        // FunctionMetadataManager / ScriptHost: names are unique
        if (loaded.Any(f => f.Name.Equals(function.Name, StringComparison.OrdinalIgnoreCase)))
            return $"The function or proxy name '{function.Name}' must be unique within the function app.";

        switch (function)
        {
            case HttpFunction http:
                // ScriptHost.ValidateHttpFunction: the host's own admin and runtime routes
                var route = http.Route.Trim('/').ToLowerInvariant();
                if (route.StartsWith("admin", StringComparison.Ordinal) || route.StartsWith("runtime", StringComparison.Ordinal))
                    return "The specified route conflicts with one or more built in routes.";
                // ScriptHost.HttpRoutesConflict: one route and an overlapping method (none = all)
                var other = loaded.OfType<HttpFunction>().FirstOrDefault(f => RoutesConflict(f, http));
                if (other is not null) return $"The route specified conflicts with the route defined by function '{other.Name}'.";
                break;
            case QueueFunction queue:
                if (Unresolved(queue.QueueName, setting) is { } queueError) return queueError;
                break;
            case TimerFunction timer:
                if (Unresolved(timer.Schedule, setting) is { } timerError) return timerError;
                break;
            default:
                // Flex Consumption (FunctionMetadataManager, flex validation): blob triggers only through Event Grid
                if (function.TriggerType.Equals("blobTrigger", StringComparison.OrdinalIgnoreCase) &&
                    !string.Equals((string?)function.Trigger["source"], "EventGrid", StringComparison.OrdinalIgnoreCase))
                    return $"The Flex Consumption SKU only supports EventGrid as the source for BlobTrigger functions. Please update function '{function.Name}' to use EventGrid. For more information see https://aka.ms/blob-trigger-eg.";
                return $"The local runner does not drive '{function.TriggerType}' triggers.";
        }
        return null;
    }

    private static bool RoutesConflict(HttpFunction a, HttpFunction b) =>
        string.Equals(a.Route.Trim('/'), b.Route.Trim('/'), StringComparison.OrdinalIgnoreCase) &&
        (a.Methods.Count == 0 || b.Methods.Count == 0 || a.Methods.Intersect(b.Methods, StringComparer.OrdinalIgnoreCase).Any());

    /// <summary>
    /// Resolves every <c>%Setting%</c> in a trigger property as WebJobs' <c>ResolveWholeString</c>
    /// does (NameResolverExtensions.cs), with its messages.
    /// </summary>
    public static string Resolve(string value, Func<string, string?> setting) =>
        TryResolve(value, setting, out var resolved, out var error) ? resolved : throw new InvalidOperationException(error);

    private static string? Unresolved(string value, Func<string, string?> setting) =>
        TryResolve(value, setting, out _, out var error) ? null : error;

    private static bool TryResolve(string value, Func<string, string?> setting, out string resolved, out string error)
    {
        var result = new StringBuilder();
        var i = 0;
        resolved = error = "";
        while (i < value.Length)
        {
            var start = value.IndexOf('%', i);
            if (start < 0)
            {
                result.Append(value, i, value.Length - i);
                break;
            }
            var end = value.IndexOf('%', start + 1);
            if (end < 0)
            {
                error = string.Format(CultureInfo.InvariantCulture, "The '%' at position {0} does not have a closing '%'", start);
                return false;
            }
            var name = value[(start + 1)..end];
            if (setting(name) is not { } found)
            {
                error = $"'%{name}%' does not resolve to a value.";
                return false;
            }
            result.Append(value, i, start - i).Append(found);
            i = end + 1;
        }
        resolved = result.ToString();
        return true;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionName();
}
