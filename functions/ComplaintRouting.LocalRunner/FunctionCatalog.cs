using System.Text.Json.Nodes;
using ComplaintRouting.LocalRunner.Worker.Rpc;

namespace ComplaintRouting.LocalRunner;

/// <summary>One function as the worker reported it: its name, the id the host invokes it by, and its trigger binding.</summary>
public abstract record FunctionDeclaration(string Name, string FunctionId, string TriggerParameter, JsonObject Trigger)
{
    public string TriggerType => (string?)Trigger["type"] ?? "";
}

public sealed record HttpFunction(string Name, string FunctionId, string TriggerParameter, JsonObject Trigger, string Route, IReadOnlyList<string> Methods, string AuthLevel)
    : FunctionDeclaration(Name, FunctionId, TriggerParameter, Trigger)
{
    public bool IsAnonymous => AuthLevel.Equals("anonymous", StringComparison.OrdinalIgnoreCase);
}

public sealed record QueueFunction(string Name, string FunctionId, string TriggerParameter, JsonObject Trigger, string QueueName)
    : FunctionDeclaration(Name, FunctionId, TriggerParameter, Trigger);

public sealed record TimerFunction(string Name, string FunctionId, string TriggerParameter, JsonObject Trigger, string Schedule)
    : FunctionDeclaration(Name, FunctionId, TriggerParameter, Trigger);

/// <summary>A trigger the local runner does not drive (the host rules still judge it).</summary>
public sealed record OtherFunction(string Name, string FunctionId, string TriggerParameter, JsonObject Trigger)
    : FunctionDeclaration(Name, FunctionId, TriggerParameter, Trigger);

/// <summary>
/// The app's functions from the worker's own answer to <c>FunctionsMetadataRequest</c>: each
/// function's raw bindings (the JSON the build wrote to <c>functions.metadata</c>), read the way the
/// host reads them — an HTTP route defaults to the function's name, methods to all.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDeclaration> Read(IEnumerable<RpcFunctionMetadata> metadata) =>
        metadata.Select(Declare).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();

    public static FunctionDeclaration Declare(RpcFunctionMetadata function)
    {
        var bindings = function.RawBindings.Select(b => JsonNode.Parse(b) as JsonObject ?? throw new InvalidOperationException($"Function '{function.Name}' has a binding that is not a JSON object."));
        var trigger = bindings.FirstOrDefault(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
            ?? throw new InvalidOperationException($"Function '{function.Name}' has no trigger binding.");
        var parameter = (string?)trigger["name"] ?? "";
        string Text(string name) => (string?)trigger[name] ?? "";
        return ((string?)trigger["type"])?.ToLowerInvariant() switch
        {
            "httptrigger" => new HttpFunction(function.Name, function.FunctionId, parameter, trigger,
                Text("route") is { Length: > 0 } route ? route : function.Name,
                trigger["methods"] is JsonArray methods && methods.Count > 0 ? methods.Select(m => ((string)m!).ToUpperInvariant()).ToArray() : [],
                Text("authLevel") is { Length: > 0 } level ? level : "Function"),
            "queuetrigger" => new QueueFunction(function.Name, function.FunctionId, parameter, trigger, Text("queueName")),
            "timertrigger" => new TimerFunction(function.Name, function.FunctionId, parameter, trigger, Text("schedule")),
            _ => new OtherFunction(function.Name, function.FunctionId, parameter, trigger),
        };
    }
}
