using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Redrive;

/// <summary>Timer (<c>Schedules__Redrive</c>, every 15 minutes by default).</summary>
public sealed class RedriveFunction(RedriveHandler handler)
{
    [Function("Redrive")]
    public Task Run([TimerTrigger("%Schedules:Redrive%")] TimerInfo timer, CancellationToken cancellationToken) =>
        handler.RunAsync(cancellationToken);
}
