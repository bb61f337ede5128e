using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using ComplaintRouting.LocalRunner.Worker.Rpc;

namespace ComplaintRouting.LocalRunner.Worker;

/// <summary>
/// The <c>InvocationRequest</c> the host sends for each kind of trigger: the trigger's value under
/// its parameter name, and the trigger metadata the host adds (route values for HTTP; message id,
/// pop receipt, dequeue count and times for a queue message).
/// </summary>
public static class Invocations
{
    /// <summary>An HTTP trigger: the request itself follows over HTTP, so its input is an empty <c>RpcHttp</c>.</summary>
    public static InvocationRequest Http(HttpFunction function, string invocationId, IEnumerable<KeyValuePair<string, object?>> routeValues)
    {
        var request = New(function, new TypedData { Http = new RpcHttp() }, invocationId);
        foreach (var (name, value) in routeValues)
            if (value is not null) request.TriggerMetadata[name] = new TypedData { String = value.ToString() };
        return request;
    }

    /// <summary>A queue message, its body decoded by the host's message encoding.</summary>
    public static InvocationRequest Queue(QueueFunction function, QueueMessage message)
    {
        var request = New(function, new TypedData { String = message.Body.ToString() });
        request.TriggerMetadata["Id"] = new TypedData { String = message.MessageId };
        request.TriggerMetadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
        request.TriggerMetadata["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) };
        if (message.InsertedOn is { } inserted) request.TriggerMetadata["InsertionTime"] = Time(inserted);
        if (message.ExpiresOn is { } expires) request.TriggerMetadata["ExpirationTime"] = Time(expires);
        if (message.NextVisibleOn is { } visible) request.TriggerMetadata["NextVisibleTime"] = Time(visible);
        return request;
    }

    /// <summary>A timer occurrence: <c>TimerInfo</c> as JSON, <c>Next</c> the occurrence firing, <c>Last</c> the one before.</summary>
    public static InvocationRequest Timer(TimerFunction function, DateTime last, DateTime next) =>
        New(function, new TypedData
        {
            Json = JsonSerializer.Serialize(new
            {
                Schedule = new { AdjustForDST = true },
                ScheduleStatus = new { Last = last, Next = next, LastUpdated = last },
                IsPastDue = false,
            }),
        });

    private static InvocationRequest New(FunctionDeclaration function, TypedData trigger, string? invocationId = null) => new()
    {
        InvocationId = invocationId ?? Guid.NewGuid().ToString(),
        FunctionId = function.FunctionId,
        TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00" },
        InputData = { new ParameterBinding { Name = function.TriggerParameter, Data = trigger } },
    };

    private static TypedData Time(DateTimeOffset time) => new() { Json = JsonSerializer.Serialize(time) };
}
