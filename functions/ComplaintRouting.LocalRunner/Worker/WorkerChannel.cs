using System.Collections.Concurrent;
using System.Threading.Channels;
using ComplaintRouting.LocalRunner.Worker.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.LocalRunner.Worker;

/// <summary>
/// The host's end of the worker's <c>FunctionRpc.EventStream</c>: the worker calls in, says
/// <c>StartStream</c>, and from then on the host sends requests and matches each answer to its
/// request (invocations by invocation id, everything else by request id). Writes go through one
/// queue because a gRPC stream takes one write at a time. The worker's logs come back as
/// <c>RpcLog</c> messages and are written to the host's log.
/// </summary>
public sealed partial class WorkerChannel(ILogger<WorkerChannel> logger) : FunctionRpc.FunctionRpcBase
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the worker id once the worker has opened the stream.</summary>
    public Task<string> Started => _started.Task;

    /// <summary>Completes when the worker's stream has closed.</summary>
    public Task Ended => _ended.Task;

    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var writer = Task.Run(async () =>
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(stop.Token)) await responseStream.WriteAsync(message, stop.Token);
        }, stop.Token);
        try
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                switch (message.ContentCase)
                {
                    case StreamingMessage.ContentOneofCase.StartStream:
                        _started.TrySetResult(message.StartStream.WorkerId);
                        break;
                    case StreamingMessage.ContentOneofCase.RpcLog:
                        Write(message.RpcLog);
                        break;
                    case StreamingMessage.ContentOneofCase.InvocationResponse:
                        Answer(message.InvocationResponse.InvocationId, message);
                        break;
                    default:
                        Answer(message.RequestId, message);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Grpc.Core.RpcException)
        {
            // the worker went away; what is still waiting fails below
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var key in _pending.Keys)
                if (_pending.TryRemove(key, out var waiting)) waiting.TrySetException(new IOException("The worker process closed its stream."));
            _ended.TrySetResult();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Sends a request and waits for the worker's answer to it.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestId.Length == 0) request.RequestId = Guid.NewGuid().ToString();
        var key = request.ContentCase == StreamingMessage.ContentOneofCase.InvocationRequest ? request.InvocationRequest.InvocationId : request.RequestId;
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_ended.Task.IsCompleted) throw new IOException("The worker process closed its stream.");
        _pending[key] = answer;
        await using var registration = cancellationToken.Register(() =>
        {
            if (!_pending.TryRemove(key, out var waiting)) return;
            if (request.ContentCase == StreamingMessage.ContentOneofCase.InvocationRequest)
                _outgoing.Writer.TryWrite(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = key } });
            waiting.TrySetCanceled(cancellationToken);
        });
        await _outgoing.Writer.WriteAsync(request, cancellationToken);
        return await answer.Task;
    }

    /// <summary>Sends a message that has no answer (<c>WorkerTerminate</c>).</summary>
    public void Send(StreamingMessage message) => _outgoing.Writer.TryWrite(message);

    private void Answer(string key, StreamingMessage message)
    {
        if (_pending.TryRemove(key, out var waiting)) waiting.TrySetResult(message);
    }

    private void Write(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (level == LogLevel.None || !logger.IsEnabled(level)) return;
        LogWorker(level, log.Category, log.Message, log.Exception is { } e ? $" ({e.Type}: {e.Message})" : "");
    }

    [LoggerMessage(Message = "worker {Category}: {Message}{Exception}")]
    private partial void LogWorker(LogLevel level, string category, string message, string exception);
}
