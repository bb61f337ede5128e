using System.Net;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.LocalRunner;

namespace ComplaintRouting.IntegrationTests.LocalRunner;

/// <summary>
/// Trying the Entra way locally (docs/local-host.md): with <c>Workspace__SignIn=entra</c> the runner
/// plays App Service Authentication — its own <c>X-Local-Principal-Name</c> becomes the platform's
/// <c>X-MS-CLIENT-PRINCIPAL-NAME</c> — and, as Azure does, it removes any principal header a client
/// sends itself, so nobody signs in by naming the chair.
/// </summary>
public sealed class EntraSignInRunnerTests : IAsyncLifetime
{
    private RunnerSet _set = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _set = await RunnerSet.StartAsync(1, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Workspace:SignIn"] = "entra",
        });
        _http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(_set.Host.BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _set.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { header, value } } };
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_runners_stand_in_for_the_platform_signs_the_chair_in_and_a_client_set_principal_header_signs_in_nobody()
    {
        var chair = await GetAsync("/api/workspace", HttpFrontEnd.LocalPrincipalHeader, "chair@example.org");
        Assert.Equal(HttpStatusCode.OK, chair.Status);
        Assert.Contains("id=\"cases-title\"", chair.Body);

        foreach (var header in new[] { "X-MS-CLIENT-PRINCIPAL-NAME", "x-ms-client-principal-name", "X-MS-CLIENT-PRINCIPAL" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/workspace", header, "chair@example.org")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/workspace", HttpFrontEnd.LocalPrincipalHeader, "stranger@example.org")).Status);

        // The e-mail way is closed under entra.
        using var mailed = await _http.PostAsync("/api/workspace/sign-in", new StringContent("""{"email":"chair@example.org"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, mailed.StatusCode);
    }
}
