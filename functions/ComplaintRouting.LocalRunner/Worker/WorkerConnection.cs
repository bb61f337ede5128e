using System.Net;
using ComplaintRouting.LocalRunner.Worker.Rpc;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.LocalRunner.Worker;

/// <summary>The function failed in the worker; the message is the worker's.</summary>
public sealed class FunctionFailedException(string function, string message) : Exception($"{function} failed in the worker: {message}");

/// <summary>
/// One started worker, from process start to the loaded functions, in the order the Functions
/// host follows: the worker opens the stream (<c>StartStream</c>), the host sends
/// <c>WorkerInitRequest</c> and reads the capabilities (the worker's own HTTP listener, <c>HttpUri</c>),
/// asks for the function metadata, judges it by the host's rules and loads every function
/// (<c>FunctionLoadRequest</c>). Then it invokes functions by id until disposed, which sends
/// <c>WorkerTerminate</c> and then ends the process.
/// </summary>
public sealed class WorkerConnection : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly WebApplication _server;
    private readonly WorkerProcess _process;
    private readonly WorkerChannel _channel;
    private readonly IReadOnlyDictionary<string, string> _namesById;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _succeeded = new();

    private WorkerConnection(WebApplication server, WorkerProcess process, WorkerChannel channel, Uri httpUri, IReadOnlyList<FunctionDeclaration> functions)
    {
        _server = server;
        _process = process;
        _channel = channel;
        HttpUri = httpUri;
        Functions = functions;
        _namesById = functions.ToDictionary(f => f.FunctionId, f => f.Name);
    }

    /// <summary>The worker's own HTTP listener, where HTTP invocations are forwarded.</summary>
    public Uri HttpUri { get; }
    public IReadOnlyList<FunctionDeclaration> Functions { get; }
    public int ProcessId => _process.Id;

    /// <summary>How many invocations of each function (by name) the worker has completed successfully.</summary>
    public IReadOnlyDictionary<string, int> Succeeded => _succeeded;

    /// <summary>Completes when the worker process has ended or closed its stream.</summary>
    public Task Ended => Task.WhenAny(_process.Exited, _channel.Ended);

    /// <param name="setting">The app settings, for <c>%Setting%</c> in triggers.</param>
    public static async Task<WorkerConnection> StartAsync(string appDirectory, IReadOnlyDictionary<string, string?> appSettings,
        Func<string, string?> setting, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // The host's gRPC endpoint: loopback, HTTP/2 without TLS, only for this worker.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var channel = new WorkerChannel(loggers.CreateLogger<WorkerChannel>());
        builder.Services.AddSingleton(channel);
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });
        var server = builder.Build();
        server.MapGrpcService<WorkerChannel>();
        await server.StartAsync(cancellationToken);
        var endpoint = new Uri(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        var process = WorkerProcess.Start(appDirectory, endpoint, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), appSettings,
            loggers.CreateLogger<WorkerProcess>());
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var first = await Task.WhenAny(channel.Started, process.Exited, Task.Delay(Timeout.Infinite, timeout.Token));
            if (first != channel.Started)
                throw new InvalidOperationException((process.Exited.IsCompleted
                    ? "The worker process ended before it connected."
                    : $"The worker process did not connect within {StartTimeout.TotalSeconds:0} s.") + Output(process));

            async Task<StreamingMessage> Ask(StreamingMessage request)
            {
                var answer = channel.RequestAsync(request, timeout.Token);
                if (await Task.WhenAny(answer, process.Exited) != answer)
                    throw new InvalidOperationException("The worker process ended during start-up." + Output(process));
                return await answer;
            }

            var init = (await Ask(new StreamingMessage
            {
                WorkerInitRequest = new WorkerInitRequest
                {
                    HostVersion = "4.0.0-local",
                    FunctionAppDirectory = appDirectory,
                    WorkerDirectory = appDirectory,
                },
            })).WorkerInitResponse;
            Ensure(init.Result, "worker init", process);
            if (!init.Capabilities.TryGetValue("HttpUri", out var httpUri) || !Uri.TryCreate(httpUri, UriKind.Absolute, out var workerHttp))
                throw new InvalidOperationException("The worker has no HTTP listener (HttpUri capability): the local runner serves only apps built on the ASP.NET Core integration (ConfigureFunctionsWebApplication).");

            var metadata = (await Ask(new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } }))
                .FunctionMetadataResponse;
            Ensure(metadata.Result, "function metadata", process);
            var functions = FunctionCatalog.Read(metadata.FunctionMetadataResults);
            var refused = HostRules.Check(functions, setting);
            if (refused.Count > 0)
                throw new HostRefusedException(refused);

            foreach (var function in metadata.FunctionMetadataResults)
            {
                var loaded = (await Ask(new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function } }))
                    .FunctionLoadResponse;
                Ensure(loaded.Result, $"loading {function.Name}", process);
            }
            return new WorkerConnection(server, process, channel, workerHttp, functions);
        }
        catch
        {
            await process.DisposeAsync();
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Invokes a function and waits for its result; a failure in the function throws <see cref="FunctionFailedException"/>.</summary>
    public async Task InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var answer = await _channel.RequestAsync(new StreamingMessage { InvocationRequest = request }, cancellationToken);
        var result = answer.InvocationResponse.Result;
        var name = _namesById.GetValueOrDefault(request.FunctionId, request.FunctionId);
        if (result.Status != StatusResult.Types.Status.Success)
            throw new FunctionFailedException(name, result.Exception?.Message is { Length: > 0 } m ? m : result.Status.ToString());
        _succeeded.AddOrUpdate(name, 1, (_, n) => n + 1);
    }

    private static void Ensure(StatusResult result, string step, WorkerProcess process)
    {
        if (result.Status != StatusResult.Types.Status.Success)
            throw new InvalidOperationException($"The worker failed {step}: {result.Exception?.Message ?? result.Result}{Output(process)}");
    }

    private static string Output(WorkerProcess process) =>
        process.LastOutput is { Length: > 0 } output ? $"{Environment.NewLine}Worker output:{Environment.NewLine}{output}" : "";

    public async ValueTask DisposeAsync()
    {
        _channel.Send(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } });
        await Task.WhenAny(_process.Exited, Task.Delay(TimeSpan.FromSeconds(5)));
        await _process.DisposeAsync();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}

/// <summary>The Functions host would not load these functions; the runner refuses to start.</summary>
public sealed class HostRefusedException(IReadOnlyList<string> refusals)
    : Exception("The Azure Functions host would not load these functions:" + string.Concat(refusals.Select(r => Environment.NewLine + "  " + r)))
{
    public IReadOnlyList<string> Refusals { get; } = refusals;
}
