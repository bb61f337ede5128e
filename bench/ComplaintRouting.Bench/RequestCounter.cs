using Azure.Core;
using Azure.Core.Pipeline;

namespace ComplaintRouting.Bench;

/// <summary>Counts every Table and Queue request the app's clients send (an Azure SDK pipeline policy).</summary>
public sealed class RequestCounter : HttpPipelinePolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        return ProcessNextAsync(message, pipeline);
    }
}
