using ComplaintRouting.LocalRunner;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace ComplaintRouting.IntegrationTests.Browser;

/// <summary>
/// The app on the local runner (Azurite, captured mail) with a host page on another loopback
/// origin that is allowed to embed it, and one that is not; real headless Debian Chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private AzuriteProcess _azurite = null!;
    private WebApplication _hosts = null!;
    private IPlaywright _playwright = null!;

    public LocalRunnerHost App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string AllowedHost { get; private set; } = "";
    public string ForeignHost { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);

        // Two host pages on other loopback origins: one allowed to embed the form, one not.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _hosts = builder.Build();
        string? appUrl = null;
        _hosts.MapGet("/", (HttpContext c) => Results.Content($"""
            <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Association</title></head>
            <body><h1>Association site</h1><p>Before the form.</p>
            <script src="{appUrl}/api/embed.js" data-lang="fr"></script>
            <p id="after">After the form.</p></body></html>
            """, "text/html"));
        await _hosts.StartAsync();
        var urls = _hosts.Urls.ToArray();
        AllowedHost = urls[0];
        ForeignHost = urls[1];

        App = await LocalRunnerHost.StartAsync([], new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["LocalHost:Port"] = "0",
            ["Intake:AllowedOrigins"] = AllowedHost,
            ["Intake:SubmissionsPerClientPerHour"] = "100", // every browser test submits from 127.0.0.1
            ["Intake:AcknowledgementsPerAddressPerDay"] = "100", // and types the same address
            ["Logging:LogLevel:Default"] = "Warning",
        });
        appUrl = App.BaseUrl;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string? locale = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = locale });
        return await context.NewPageAsync();
    }

    /// <summary>A German association and one member of it, imported through the management API as an administrator would.</summary>
    public async Task ImportDirectoryAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        foreach (var (route, csv) in new[]
                 {
                     ("organizations", "id,name,country,referralEmail,contactName,language,active\nDE-A11Y,Verband,DE,ethik@verband.example,,de,true\n"),
                     ("members", "membershipNumber,fullName,email,country,primaryOrganizationId\nM-A11Y,Erika Mustermann,erika@a11y.example,DE,DE-A11Y\n"),
                 })
        {
            using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/manage/directory/{route}")
            {
                Headers = { { "x-functions-key", App.FunctionKey } },
                Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"),
            });
            response.EnsureSuccessStatusCode();
            Assert.Contains("\"upserted\":1", await response.Content.ReadAsStringAsync());
        }
    }

    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AzuriteProcess.FindRepositoryRoot(), "docs", "screenshots");
        System.IO.Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
        await _hosts.StopAsync();
        await _hosts.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
