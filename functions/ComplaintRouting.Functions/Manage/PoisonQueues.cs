using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ComplaintRouting.Storage;

namespace ComplaintRouting.Manage;

/// <summary>A message the host gave up on (after five tries): which case it was for, and since when.</summary>
public sealed record PoisonMessage(string Id, DateTimeOffset? InsertedOn, long DequeueCount, string Reference);

/// <summary>A work queue's poison queue: how many messages it holds, and the first of them.</summary>
public sealed record PoisonQueue(string Queue, string PoisonQueueName, int Count, IReadOnlyList<PoisonMessage> Messages);

/// <summary>
/// The poison queues of the app's work queues (SPEC §13): what the Functions host moved aside after
/// five failed tries, and sending it through again. A message is sent to its work queue before it is
/// deleted from the poison queue, so a crash between the two sends it twice, never loses it; every
/// handler takes a repeated message as done work (the case's commands are guarded).
/// </summary>
public sealed class PoisonQueues(QueueServiceClient queues)
{
    /// <summary>How many messages of each queue the list shows (one peek: the service's largest).</summary>
    public const int Shown = 32;

    /// <summary>How many messages one redrive moves at most; call again for the rest.</summary>
    public const int MaxPerRedrive = 1000;

    public static string PoisonOf(string queue) => queue + "-poison";

    /// <summary>Every work queue's poison queue with its count, and with <paramref name="peek"/> its first messages.</summary>
    public async Task<IReadOnlyList<PoisonQueue>> ListAsync(bool peek, CancellationToken cancellationToken)
    {
        var found = new List<PoisonQueue>();
        foreach (var queue in StorageInitializer.Queues)
        {
            var poison = queues.GetQueueClient(PoisonOf(queue));
            try
            {
                var count = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
                var peeked = peek && count > 0 ? (await poison.PeekMessagesAsync(Shown, cancellationToken)).Value : [];
                found.Add(new PoisonQueue(queue, poison.Name, count, peeked.Select(Of).ToList()));
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                found.Add(new PoisonQueue(queue, poison.Name, 0, [])); // a poison queue exists once something was given up on
            }
        }
        return found;
    }

    /// <summary>Moves up to <see cref="MaxPerRedrive"/> messages back to their work queue; null for a queue the app does not have.</summary>
    public async Task<int?> RedriveAsync(string queue, CancellationToken cancellationToken)
    {
        if (!StorageInitializer.Queues.Contains(queue, StringComparer.Ordinal)) return null;
        var poison = queues.GetQueueClient(PoisonOf(queue));
        var work = queues.GetQueueClient(queue);
        var moved = 0;
        while (moved < MaxPerRedrive)
        {
            QueueMessage[] batch;
            try { batch = (await poison.ReceiveMessagesAsync(Math.Min(32, MaxPerRedrive - moved), TimeSpan.FromMinutes(5), cancellationToken)).Value; }
            catch (RequestFailedException ex) when (ex.Status == 404) { break; }
            if (batch.Length == 0) break;
            foreach (var message in batch)
            {
                await work.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }
        return moved;
    }

    private static PoisonMessage Of(PeekedMessage m)
    {
        var text = m.Body.ToString();
        return new PoisonMessage(m.MessageId, m.InsertedOn, m.DequeueCount, WorkQueues.Split(text)?.Reference ?? text);
    }
}
