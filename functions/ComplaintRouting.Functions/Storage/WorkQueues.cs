using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.Storage;

/// <summary>Queue names, as the triggers declare them.</summary>
public static class QueueNames
{
    /// <summary>Message: a case reference. The router takes a received case from here.</summary>
    public const string Routing = "routing";

    /// <summary>Message: a case reference. The mailer sends every mail step of the case nobody is sending.</summary>
    public const string Mail = "mail";

    /// <summary>Message: <c>reference|indexPartition</c>. The chaser looks at one case's deadlines.</summary>
    public const string Chase = "chase";
}

/// <summary>
/// Puts work on the queues after it is stored. A failed put is logged, not thrown: the work is
/// already recorded and the re-drive index will queue it again.
/// </summary>
public sealed partial class WorkQueues(QueueServiceClient queues, ILogger<WorkQueues> logger)
{
    private readonly QueueClient _routing = queues.GetQueueClient(QueueNames.Routing);
    private readonly QueueClient _mail = queues.GetQueueClient(QueueNames.Mail);
    private readonly QueueClient _chase = queues.GetQueueClient(QueueNames.Chase);

    public Task<bool> RouteAsync(string reference, CancellationToken cancellationToken) =>
        SendAsync(_routing, reference, reference, cancellationToken);

    public Task<bool> MailAsync(string reference, CancellationToken cancellationToken) =>
        SendAsync(_mail, reference, reference, cancellationToken);

    public Task<bool> ChaseAsync(DueEntry entry, CancellationToken cancellationToken) =>
        SendAsync(_chase, entry.Reference, $"{entry.Reference}|{entry.PartitionKey}", cancellationToken);

    /// <summary>Splits a <c>reference|rest</c> message.</summary>
    public static (string Reference, string Tail)? Split(string message)
    {
        var bar = message.IndexOf('|');
        return bar > 0 ? (message[..bar], message[(bar + 1)..]) : null;
    }

    private async Task<bool> SendAsync(QueueClient queue, string reference, string message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendMessageAsync(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            LogQueueFailed(reference, queue.Name, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue case {Reference} on {Queue} ({Error}); the re-drive timer will queue it again.")]
    private partial void LogQueueFailed(string reference, string queue, string error);
}
