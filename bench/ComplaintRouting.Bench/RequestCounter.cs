using Azure.Core;
using Azure.Core.Pipeline;

namespace ComplaintRouting.Bench;

/// <summary>Counts every Table, Queue and Blob request the app's clients send (an Azure SDK pipeline policy).</summary>
public sealed class RequestCounter : HttpPipelinePolicy
{
    private long _count;
    private long _idle;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Queue receives that found nothing: the host's idle polling, paid with or without complaints.</summary>
    public long IdlePolls => Interlocked.Read(ref _idle);

    /// <summary>Method and path of every request since the last reset (the breakdown behind a count).</summary>
    public IReadOnlyCollection<string> Seen => _seen;

    /// <summary>Told of every request as it is sent, as <see cref="Seen"/> lists it (the uploads bench notes how much of the body was read by then).</summary>
    public Action<string>? Sending { get; set; }

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _idle, 0);
        _seen.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Note(message);
        ProcessNext(message, pipeline);
        NoteIdle(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Note(message);
        await ProcessNextAsync(message, pipeline);
        NoteIdle(message);
    }

    private void NoteIdle(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal)
            && message.Response.Content.ToString().Contains("<MessageId>", StringComparison.Ordinal) is false)
            Interlocked.Increment(ref _idle);
    }

    private void Note(HttpMessage message)
    {
        Interlocked.Increment(ref _count);
        // A blob request's kind is in its query (comp=block, comp=blocklist): kept, the rest of the query is not.
        var comp = System.Text.RegularExpressions.Regex.Match(message.Request.Uri.Query, @"[?&]comp=([a-z]+)");
        var seen = $"{message.Request.Method} {message.Request.Uri.Path}{(comp.Success ? "?comp=" + comp.Groups[1].Value : "")}";
        _seen.Enqueue(seen);
        Sending?.Invoke(seen);
    }
}
