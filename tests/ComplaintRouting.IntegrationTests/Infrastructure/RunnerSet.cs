using ComplaintRouting.LocalRunner;

namespace ComplaintRouting.IntegrationTests.Infrastructure;

/// <summary>
/// Azurite, a SendGrid capture server and one or more local runners (each its own worker process)
/// on that one storage account, as Flex Consumption runs several instances of one app.
/// </summary>
public sealed class RunnerSet : IAsyncDisposable
{
    private RunnerSet(AzuriteProcess azurite, MailCaptureServer mail, IReadOnlyList<LocalRunnerHost> hosts) => (Azurite, Mail, Hosts) = (azurite, mail, hosts);

    public AzuriteProcess Azurite { get; }
    public MailCaptureServer Mail { get; }
    public IReadOnlyList<LocalRunnerHost> Hosts { get; }
    public LocalRunnerHost Host => Hosts[0];

    public static async Task<RunnerSet> StartAsync(int instances, IDictionary<string, string?> settings)
    {
        var azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);
        var mail = await MailCaptureServer.StartAsync();
        var all = new Dictionary<string, string?>(settings)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["SendGrid:Host"] = mail.BaseUrl,
            ["LocalHost:Port"] = "0",
        };
        all.TryAdd("Logging:LogLevel:Default", "Warning");
        var hosts = new List<LocalRunnerHost>();
        for (var i = 0; i < instances; i++) hosts.Add(await LocalRunnerHost.StartAsync([], all));
        return new RunnerSet(azurite, mail, hosts);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts) await host.DisposeAsync();
        await Mail.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
