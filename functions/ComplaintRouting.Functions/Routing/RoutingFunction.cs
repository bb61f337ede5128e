using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Routing;

/// <summary>Queue trigger on <c>routing</c>: one received case per message.</summary>
public sealed class RoutingFunction(RoutingHandler handler)
{
    [Function("RouteComplaint")]
    public Task Run([QueueTrigger(QueueNames.Routing)] string reference, CancellationToken cancellationToken) =>
        handler.RouteAsync(reference.Trim(), cancellationToken);
}
