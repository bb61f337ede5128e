using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using QueueMessageEncoding = Azure.Storage.Queues.QueueMessageEncoding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.LocalRunner;

/// <summary>The Functions host's queue settings (host.json <c>extensions.queues</c>), with the host's defaults.</summary>
public sealed record QueueSettings(TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout, int BatchSize, int MaxDequeueCount,
    QueueMessageEncoding MessageEncoding = QueueMessageEncoding.Base64)
{
    /// <summary>
    /// How long a received message stays hidden while it is handled: if the runner dies, the
    /// message comes back after this (the Azure host's lease works the same way).
    /// Runner setting <c>LocalHost:QueueLease</c>.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    public static QueueSettings FromHostJson(string path)
    {
        var defaults = new QueueSettings(TimeSpan.FromMinutes(1), TimeSpan.Zero, 16, 5, QueueMessageEncoding.Base64);
        if (!File.Exists(path)) return defaults;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("queues", out var q)) return defaults;
        TimeSpan Span(string name, TimeSpan fallback) => q.TryGetProperty(name, out var v) && TimeSpan.TryParse(v.GetString(), out var t) ? t : fallback;
        int Int(string name, int fallback) => q.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : fallback;
        return new QueueSettings(Span("maxPollingInterval", defaults.MaxPollingInterval), Span("visibilityTimeout", defaults.VisibilityTimeout),
            Int("batchSize", defaults.BatchSize), Int("maxDequeueCount", defaults.MaxDequeueCount),
            q.TryGetProperty("messageEncoding", out var e) && string.Equals(e.GetString(), "none", StringComparison.OrdinalIgnoreCase)
                ? QueueMessageEncoding.None : QueueMessageEncoding.Base64);
    }
}

/// <summary>
/// Polls one queue with the Functions host's semantics: a batch at a time, each message handled
/// in parallel and deleted on success; on failure made visible again after the visibility
/// timeout, and moved to <c>&lt;queue&gt;-poison</c> once dequeued <c>maxDequeueCount</c> times;
/// polling backs off while the queue is empty.
/// </summary>
public sealed partial class QueueListener(QueueServiceClient queues, string queueName, QueueSettings settings,
    Func<QueueMessage, CancellationToken, Task> handle, ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(queueName + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var delay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.Lease, stoppingToken)).Value;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(queueName, ex.Message);
                batch = [];
            }
            if (batch.Length == 0)
            {
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }
            delay = MinPollingInterval;
            await Task.WhenAll(batch.Select(m => ProcessAsync(queue, poison, m, stoppingToken)));
        }
    }

    public async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        var text = message.Body.ToString();
        try
        {
            await handle(message, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var preview = text.Length > 100 ? text[..100] : text;
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                LogPoisoned(queueName, message.DequeueCount, preview, ex.Message);
                await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
                await poison.SendMessageAsync(text, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            }
            else
            {
                LogFailed(queueName, message.DequeueCount, preview, ex.Message);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: message failed (dequeue {Count}), retrying: {Message} — {Error}")]
    private partial void LogFailed(string queue, long count, string message, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Queue}: message moved to poison after {Count} dequeues: {Message} — {Error}")]
    private partial void LogPoisoned(string queue, long count, string message, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: polling failed: {Error}")]
    private partial void LogPollFailed(string queue, string error);
}
