using System.Diagnostics;
using System.Security.Cryptography;
using ComplaintRouting.LocalRunner;

namespace ComplaintRouting.IntegrationTests.Settings;

/// <summary>
/// The function app's own build output, started as the Functions host starts it, stops before
/// it serves anything when a required setting is missing or a key is malformed, and says which
/// setting and what it must be. (No host listens: a valid configuration would go on to connect.)
/// </summary>
public class WorkerStartupTests
{
    [Fact]
    public async Task A_missing_chair_name_and_a_39_character_key_stop_the_worker_naming_both()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = SettingsValidationTests.Valid();
        settings.Remove("Committee:ChairName");
        settings["Links:SigningKey"] = key[..39];
        settings["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";

        var (exitCode, stderr) = await RunWorkerAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Setting 'Committee__ChairName' is missing: it has no default and must be set.", stderr);
        Assert.Contains("Setting 'Links__SigningKey' is malformed (39 characters that are not valid base64): it must be the base64 of at least 32 random bytes", stderr);
        Assert.DoesNotContain("minimum length", stderr);
        Assert.DoesNotContain(key[..39], stderr);
    }

    private static async Task<(int ExitCode, string Stderr)> RunWorkerAsync(IDictionary<string, string?> settings)
    {
        var bin = LocalRunnerHost.BuiltFunctionAppDirectory;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "ComplaintRouting.Functions.dll", "--functions-uri", "http://127.0.0.1:9/", "--functions-worker-id", "settings-test",
            "--functions-request-id", "settings-test", "--functions-grpc-max-message-length", "2147483647",
        }) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("AzureWebJobs", StringComparison.Ordinal)).ToArray())
            start.Environment.Remove(name);
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = bin;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = bin;
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach (var (name, value) in settings) start.Environment[name.Replace(":", "__")] = value;

        using var worker = Process.Start(start)!;
        var stderr = worker.StandardError.ReadToEndAsync();
        _ = worker.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await worker.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            worker.Kill(entireProcessTree: true);
            throw new TimeoutException("The worker did not stop on its own: it accepted the settings.");
        }
        return (worker.ExitCode, await stderr);
    }
}
