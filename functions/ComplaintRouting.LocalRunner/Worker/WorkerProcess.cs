using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.LocalRunner.Worker;

/// <summary>
/// The function app's own build output started as its worker process, the way the Functions host
/// starts a dotnet-isolated worker: the executable and entry assembly its <c>worker.config.json</c>
/// names, run in the app's folder, told where the host's gRPC endpoint is by the
/// <c>--functions-*</c> arguments, with the app settings as environment variables.
/// </summary>
public sealed partial class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public Task Exited => _process.WaitForExitAsync();

    /// <summary>The worker's last lines of output, for a start-up failure.</summary>
    public string LastOutput { get { lock (_lastLines) return string.Join(Environment.NewLine, _lastLines); } }

    public static WorkerProcess Start(string appDirectory, Uri hostEndpoint, string workerId, string requestId,
        IReadOnlyDictionary<string, string?> appSettings, ILogger logger)
    {
        var (executable, entryAssembly) = ReadWorkerConfig(appDirectory);
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(appDirectory, entryAssembly),
                     "--functions-uri", hostEndpoint.AbsoluteUri,
                     "--functions-worker-id", workerId,
                     "--functions-request-id", requestId,
                     "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in appSettings) start.Environment[name.Replace(":", "__")] = value;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        // The runner's own ASP.NET Core settings are not the worker's.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the worker '{executable}' in {appDirectory}.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data, logger, LogLevel.Information);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data, logger, LogLevel.Warning);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    private static (string Executable, string EntryAssembly) ReadWorkerConfig(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "worker.config.json");
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: '{appDirectory}' is not the build output of an isolated-worker function app.");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var description = config.RootElement.GetProperty("description");
        return (description.GetProperty("defaultExecutablePath").GetString()!, description.GetProperty("defaultWorkerPath").GetString()!);
    }

    private void Keep(string? line, ILogger logger, LogLevel level)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40) _lastLines.Dequeue();
        }
        LogOutput(logger, level, line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [LoggerMessage(Message = "worker output: {Line}")]
    private static partial void LogOutput(ILogger logger, LogLevel level, string line);
}
