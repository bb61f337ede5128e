using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Digest;

/// <summary>Timer (<c>Schedules__Digest</c>, daily 07:00 UTC by default).</summary>
public sealed class DigestFunction(DigestHandler handler)
{
    [Function("ChairDigest")]
    public Task Run([TimerTrigger("%Schedules:Digest%")] TimerInfo timer, CancellationToken cancellationToken) =>
        handler.RunAsync(cancellationToken);
}
