using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ComplaintRouting.LocalRunner;

/// <summary>
/// Azurite (npm <c>azurite</c>, from the repository's node_modules) in memory, on fixed or random
/// ports. Installs it with <c>npm install</c> when missing; reads the ports it chose from its
/// output; kills the whole process tree when disposed.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;

    private AzuriteProcess(Process process, int blob, int queue, int table)
    {
        _process = process;
        BlobPort = blob;
        QueuePort = queue;
        TablePort = table;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Whether something already answers on the development storage queue port (10001).</summary>
    public static async Task<bool> DevelopmentStorageAnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", 10001, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts Azurite; a port of 0 lets it choose.</summary>
    public static async Task<AzuriteProcess> StartAsync(int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken)
    {
        var executable = await FindOrInstallAsync(cancellationToken);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", blobPort.ToString(), "--queuePort", queuePort.ToString(), "--tablePort", tablePort.ToString() })
            start.ArgumentList.Add(arg);

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        var ports = new Dictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (ports)
            {
                output.Add(e.Data);
                if (Listening().Match(e.Data) is { Success: true } m) ports[m.Groups[1].Value] = int.Parse(m.Groups[2].Value);
                if (ports.Count == 3) ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (ports) output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync(cancellationToken);
        var finished = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
        if (finished != ready.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            lock (ports) throw new InvalidOperationException("Azurite did not start:\n" + string.Join("\n", output));
        }
        return new AzuriteProcess(process, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    private static async Task<string> FindOrInstallAsync(CancellationToken cancellationToken)
    {
        var root = FindRepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (File.Exists(azurite)) return azurite;

        var npm = new ProcessStartInfo("npm") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var arg in new[] { "install", "--no-audit", "--no-fund" }) npm.ArgumentList.Add(arg);
        using var install = Process.Start(npm) ?? throw new InvalidOperationException("npm is needed to install Azurite.");
        await install.WaitForExitAsync(cancellationToken);
        return File.Exists(azurite) ? azurite : throw new InvalidOperationException($"'npm install' in {root} did not install Azurite.");
    }

    /// <summary>The folder holding the package.json that lists Azurite, searched upwards from the app and the working directory.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var package = Path.Combine(dir.FullName, "package.json");
                if (File.Exists(package) && File.ReadAllText(package).Contains("\"azurite\"", StringComparison.Ordinal)) return dir.FullName;
            }
        }
        throw new InvalidOperationException("No package.json listing azurite was found above the app or the working directory.");
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

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://[^:]+:(\d+)")]
    private static partial Regex Listening();
}
