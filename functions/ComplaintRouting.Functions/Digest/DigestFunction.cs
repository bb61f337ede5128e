using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Digest;

/// <summary>
/// Timer (<c>Schedules__Digest</c>, daily 07:00 UTC by default). The host's schedule status, when it
/// keeps one, names the occurrence this run is for (a missed one run late included); one digest is
/// sent per occurrence and recipient.
/// </summary>
public sealed class DigestFunction(DigestHandler handler)
{
    [Function("ChairDigest")]
    public Task Run([TimerTrigger("%Schedules:Digest%")] TimerInfo timer, CancellationToken cancellationToken) =>
        handler.RunAsync(timer.ScheduleStatus?.Next, cancellationToken);
}
