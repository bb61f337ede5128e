using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.LocalRunner;

/// <summary>
/// The whole pipeline on one machine: the function app's own classes and trigger declarations
/// on a plain ASP.NET Core host — HTTP routes under the host.json route prefix with the function
/// key checked on admin routes, queue listeners, timers — on Azurite (started when needed), with
/// mail captured at <c>/dev/mail</c> when no SendGrid host is configured.
/// </summary>
public sealed class LocalRunnerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AzuriteProcess? _azurite;

    private LocalRunnerHost(WebApplication app, AzuriteProcess? azurite, string baseUrl, string functionKey, MailCapture? mail,
        IReadOnlyList<FunctionDeclaration> functions)
    {
        _app = app;
        _azurite = azurite;
        BaseUrl = baseUrl;
        FunctionKey = functionKey;
        Mail = mail;
        Functions = functions;
    }

    public string BaseUrl { get; }
    public string FunctionKey { get; }
    /// <summary>The built-in capture, when mail is not sent to a configured SendGrid host.</summary>
    public MailCapture? Mail { get; }
    public IReadOnlyList<FunctionDeclaration> Functions { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Settings on top of environment variables (tests pass theirs here).</param>
    /// <param name="configure">Extra services (benchmarks add a request-counting pipeline policy).</param>
    /// <param name="endpoints">Extra endpoints beside the functions (benchmarks add their floor handler).</param>
    public static async Task<LocalRunnerHost> StartAsync(string[] args, IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default,
        Action<IServiceCollection>? configure = null, Action<WebApplication>? endpoints = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var user = builder.Configuration;

        var port = int.TryParse(user["LocalHost:Port"], out var p) ? p : 7071;
        if (port == 0) port = FreePort();
        var baseUrl = $"http://localhost:{port}";
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}", $"http://[::1]:{port}");

        AzuriteProcess? azurite = null;
        var storage = user["AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(storage) && user.GetSection("AzureWebJobsStorage").GetChildren().Any() is false)
            storage = "UseDevelopmentStorage=true";
        if (storage == "UseDevelopmentStorage=true" && !await AzuriteProcess.DevelopmentStorageAnswersAsync())
            azurite = await AzuriteProcess.StartAsync(10000, 10001, 10002, cancellationToken);

        var functionKey = user["LocalHost:FunctionKey"] is { Length: > 0 } key ? key : Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var captureMail = string.IsNullOrWhiteSpace(user["SendGrid:Host"]);

        // Lowest first: the app's defaults, then development values for what Azure keeps in Key Vault.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = SettingDefaults.Values });
        builder.Configuration.Sources.Insert(1, new MemoryConfigurationSource { InitialData = DevelopmentSettings.Values(baseUrl, storage, captureMail) });

        configure?.Invoke(builder.Services);
        builder.Services.AddComplaintRouting(builder.Configuration);
        var mail = captureMail ? new MailCapture() : null;

        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        var queueSettings = QueueSettings.FromHostJson(hostJson);
        if (TimeSpan.TryParse(user["LocalHost:QueueLease"], System.Globalization.CultureInfo.InvariantCulture, out var lease) && lease > TimeSpan.Zero)
            queueSettings = queueSettings with { Lease = lease };
        var functions = FunctionCatalog.Read(typeof(SettingDefaults).Assembly);
        foreach (var function in functions)
        {
            switch (function)
            {
                case QueueFunction q:
                    builder.Services.AddSingleton<IHostedService>(sp => new QueueListener(sp.GetRequiredService<QueueServiceClient>(), q.QueueName, queueSettings,
                        (message, ct) => FunctionInvoker.InvokeAsync(sp, q, message, null, ct), sp.GetRequiredService<ILogger<QueueListener>>()));
                    break;
                case TimerFunction t:
                    var schedule = TimerScheduler.Parse(t.Schedule, name => builder.Configuration[name]);
                    builder.Services.AddSingleton<IHostedService>(sp => new TimerScheduler(t.Name, schedule,
                        ct => FunctionInvoker.InvokeAsync(sp, t, new TimerInfo(), null, ct), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TimerScheduler>>()));
                    break;
            }
        }

        var app = builder.Build();
        var prefix = RoutePrefix(hostJson);
        foreach (var http in functions.OfType<HttpFunction>())
        {
            app.MapMethods($"/{prefix}/{http.Route}".Replace("//", "/"), http.Methods, async context =>
            {
                if (http.AuthLevel != AuthorizationLevel.Anonymous && !HasKey(context.Request, functionKey))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                await FunctionInvoker.InvokeHttpAsync(context.RequestServices, http, context);
            });
        }
        endpoints?.Invoke(app);
        if (mail is not null)
        {
            mail.Map(app);
            app.MapGet("/dev/mail", context => DevMailPage.WriteAsync(context, mail));
            app.MapGet("/dev/mail.json", context => context.Response.WriteAsJsonAsync(mail.All));
        }

        await app.StartAsync(cancellationToken);
        return new LocalRunnerHost(app, azurite, baseUrl, functionKey, mail, functions);
    }

    private static bool HasKey(HttpRequest request, string key)
    {
        var given = request.Headers["x-functions-key"].ToString();
        if (given.Length == 0) given = request.Query["code"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
    }

    private static string RoutePrefix(string hostJson)
    {
        if (!File.Exists(hostJson)) return "api";
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(hostJson));
        return doc.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("http", out var h) && h.TryGetProperty("routePrefix", out var r)
            ? r.GetString() ?? "api" : "api";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

/// <summary>The development-only page listing captured mail.</summary>
internal static class DevMailPage
{
    public static Task WriteAsync(HttpContext context, MailCapture mail)
    {
        var e = HtmlEncoder.Default;
        var sb = new StringBuilder("""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Captured mail (development only)</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}article{border:1px solid #bbb;padding:1rem;margin:1rem 0}
            pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}.dev{background:#fff3cd;padding:.5rem 1rem;border:1px solid #e0c36a}</style></head>
            <body><main><h1>Captured mail</h1><p class="dev">Development page of the local runner: these messages were not sent. It does not exist in Azure.</p>
            """);
        var all = mail.All.Reverse().ToArray();
        if (all.Length == 0) sb.Append("<p>No mail yet.</p>");
        foreach (var m in all)
            sb.Append("<article><h2>").Append(e.Encode(m.Subject)).Append("</h2><p>")
              .Append(e.Encode($"{m.At:u} · to {m.To} · kind {m.Kind} · reference {m.Reference ?? "—"}"))
              .Append("</p><pre>").Append(e.Encode(m.Text)).Append("</pre></article>");
        sb.Append("</main></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        return context.Response.WriteAsync(sb.ToString());
    }
}
