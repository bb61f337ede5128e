using Azure.Core;
using Azure.Core.Pipeline;

namespace ComplaintRouting.IntegrationTests.Faults;

/// <summary>
/// An Azure SDK pipeline policy that injects storage faults (the code under test is unchanged:
/// this is the same seam the app offers for any extra policy) and counts the requests it sees.
/// </summary>
public sealed class FaultPolicy : HttpPipelinePolicy
{
    private int _requests;

    /// <summary>When it returns true for a request, the request fails as if the service were unreachable.</summary>
    public Func<HttpMessage, bool> Fail { get; set; } = _ => false;

    /// <summary>When it returns an exception for a request, the request throws it instead of being sent (a process dying at that point).</summary>
    public Func<HttpMessage, Exception?> Raise { get; set; } = _ => null;

    public int Requests => Volatile.Read(ref _requests);

    public void Reset() => Interlocked.Exchange(ref _requests, 0);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Before(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Before(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Before(HttpMessage message)
    {
        Interlocked.Increment(ref _requests);
        if (Fail(message)) throw new IOException("Injected fault: storage unreachable.");
        if (Raise(message) is { } exception) throw exception;
    }
}
