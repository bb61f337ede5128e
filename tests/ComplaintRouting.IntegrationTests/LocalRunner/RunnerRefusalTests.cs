using System.Reflection;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.LocalRunner.Worker;

namespace ComplaintRouting.IntegrationTests.LocalRunner;

/// <summary>
/// A real function app the Azure host would refuse to load in part (tests/ComplaintRouting.RefusedApp:
/// a route under <c>admin/</c>, a schedule setting nobody set, and one function that is fine): the
/// runner learns its functions from its worker over gRPC and refuses to start, naming each refusal
/// in the host's words.
/// </summary>
public sealed class RunnerRefusalTests : IAsyncLifetime
{
    private static readonly string RefusedApp = typeof(RunnerRefusalTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RefusedAppDirectory").Value!;
    private AzuriteProcess _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task The_runner_refuses_to_start_an_app_with_a_route_under_admin_or_an_unresolved_schedule()
    {
        var refused = await Assert.ThrowsAsync<HostRefusedException>(() => LocalRunnerHost.StartAsync([], new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["SendGrid:Host"] = "http://127.0.0.1:9",
            ["LocalHost:Port"] = "0",
            ["LocalHost:FunctionAppDirectory"] = RefusedApp,
            ["Logging:LogLevel:Default"] = "Warning",
        }));

        Assert.Equal(
        [
            "Function 'ChaseSweep': '%Schedules:NobodySetThis%' does not resolve to a value.",
            "Function 'ListCases': The specified route conflicts with one or more built in routes.",
        ], refused.Refusals.Order(StringComparer.Ordinal));
    }
}
