using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Chasing;

/// <summary>Timer (<c>Schedules__Chase</c>, hourly by default) and the queue trigger that chases one case.</summary>
public sealed class ChaseFunctions(ChaseHandler handler)
{
    [Function("ChaseSweep")]
    public Task Sweep([TimerTrigger("%Schedules:Chase%")] TimerInfo timer, CancellationToken cancellationToken) =>
        handler.SweepAsync(cancellationToken);

    [Function("ChaseCase")]
    public Task Chase([QueueTrigger(QueueNames.Chase)] string message, CancellationToken cancellationToken) =>
        handler.ChaseAsync(message.Trim(), cancellationToken);
}
