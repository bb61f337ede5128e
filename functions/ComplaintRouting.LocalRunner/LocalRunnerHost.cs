using System.Net;
using System.Reflection;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ComplaintRouting.LocalRunner.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace ComplaintRouting.LocalRunner;

/// <summary>
/// The whole pipeline on one machine, run the way Azure runs it: the function app's own build
/// output as its own worker process, driven over the Functions host's gRPC protocol — the HTTP
/// front end with function keys, queue polling and timers on the host side — on Azurite
/// (started when needed), with mail captured at <c>/dev/mail</c> when no SendGrid host is configured.
/// </summary>
public sealed class LocalRunnerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AzuriteProcess? _azurite;
    private readonly WorkerConnection _worker;
    private readonly IReadOnlyList<BackgroundService> _triggers;

    private LocalRunnerHost(WebApplication app, AzuriteProcess? azurite, WorkerConnection worker, IReadOnlyList<BackgroundService> triggers,
        string baseUrl, string functionKey, MailCapture? mail)
    {
        _app = app;
        _azurite = azurite;
        _worker = worker;
        _triggers = triggers;
        BaseUrl = baseUrl;
        FunctionKey = functionKey;
        Mail = mail;
    }

    public string BaseUrl { get; }
    public string FunctionKey { get; }
    /// <summary>The built-in capture, when mail is not sent to a configured SendGrid host.</summary>
    public MailCapture? Mail { get; }
    /// <summary>The functions as the worker reported them.</summary>
    public IReadOnlyList<FunctionDeclaration> Functions => _worker.Functions;
    /// <summary>The worker's process id.</summary>
    public int WorkerProcessId => _worker.ProcessId;
    /// <summary>Successful invocations per function, through the worker.</summary>
    public IReadOnlyDictionary<string, int> Invocations => _worker.Succeeded;
    /// <summary>The worker's own HTTP listener (for measuring what the host side adds).</summary>
    public Uri WorkerHttpUri => _worker.HttpUri;

    /// <param name="settings">Settings on top of environment variables (tests pass theirs here); the worker gets them as app settings.</param>
    public static async Task<LocalRunnerHost> StartAsync(string[] args, IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var user = builder.Configuration;

        var port = int.TryParse(user["LocalHost:Port"], out var p) ? p : 7071;
        // Port 0: one the system picks, held until the front end binds it, so that the worker
        // (which picks a free port for its own listener meanwhile) cannot take it.
        using var reserved = port == 0 ? new TcpListener(IPAddress.Loopback, 0) : null;
        reserved?.Start();
        if (reserved is not null) port = ((IPEndPoint)reserved.LocalEndpoint).Port;
        var baseUrl = $"http://localhost:{port}";
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}", $"http://[::1]:{port}");
        // The host's own limit on a request body (azure-functions-host ScriptConstants.DefaultMaxRequestBodySize), not Kestrel's 30 MB.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = HostRules.MaxRequestBodyBytes);

        AzuriteProcess? azurite = null;
        var storage = user["AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(storage) && user.GetSection("AzureWebJobsStorage").GetChildren().Any() is false)
            storage = "UseDevelopmentStorage=true";
        if (storage == "UseDevelopmentStorage=true" && !await AzuriteProcess.DevelopmentStorageAnswersAsync())
            azurite = await AzuriteProcess.StartAsync(10000, 10001, 10002, cancellationToken);

        var functionKey = user["LocalHost:FunctionKey"] is { Length: > 0 } key ? key : Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var captureMail = string.IsNullOrWhiteSpace(user["SendGrid:Host"]);

        // The app settings, as infra/ writes them in Azure: the defaults, development values for
        // what Azure keeps in Key Vault, then whatever the environment and the caller set.
        var development = DevelopmentSettings.Values(baseUrl, storage, captureMail);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = SettingDefaults.Values });
        builder.Configuration.Sources.Insert(1, new MemoryConfigurationSource { InitialData = development });
        var appSettings = SettingDefaults.Values.Keys.Concat(development.Keys).Concat(settings?.Keys ?? [])
            .Where(k => !k.StartsWith("LocalHost:", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(k => KeyValuePair.Create(k, builder.Configuration[k]))
            .Where(kv => kv.Value is not null)
            .ToDictionary(StringComparer.OrdinalIgnoreCase);

        builder.Services.AddHttpForwarder();
        var mail = captureMail ? new MailCapture() : null;
        var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        var appDirectory = FunctionAppDirectory(user);
        var hostJson = HostJson.Read(appDirectory);
        WorkerConnection? worker = null;
        try
        {
            // Under Workspace__SignIn=entra the runner plays App Service Authentication (HttpFrontEnd), so it tells the worker what the platform would.
            var entra = string.Equals(builder.Configuration["Workspace:SignIn"], "entra", StringComparison.OrdinalIgnoreCase);
            if (entra) appSettings["WEBSITE_AUTH_ENABLED"] = "True";
            worker = await WorkerConnection.StartAsync(appDirectory, appSettings, name => builder.Configuration[name], loggers, cancellationToken);
            var frontEnd = new HttpFrontEnd(worker, functionKey, entra, loggers.CreateLogger<HttpFrontEnd>());
            app.Lifetime.ApplicationStopped.Register(frontEnd.Dispose);
            frontEnd.Map(app, hostJson.RoutePrefix, worker.Functions.OfType<HttpFunction>(), app.Services.GetRequiredService<IHttpForwarder>());
            frontEnd.MapInvoke(app, worker.Functions.Where(f => f is QueueFunction or TimerFunction).ToArray());
            if (mail is not null)
            {
                mail.Map(app);
                app.MapGet("/dev/mail", context => DevMailPage.WriteAsync(context, mail));
                app.MapGet("/dev/mail.json", context => context.Response.WriteAsJsonAsync(mail.All));
            }

            var queueSettings = hostJson.Queues;
            if (TimeSpan.TryParse(user["LocalHost:QueueLease"], System.Globalization.CultureInfo.InvariantCulture, out var lease) && lease > TimeSpan.Zero)
                queueSettings = queueSettings with { Lease = lease };
            var triggers = Triggers(worker, QueueService(builder.Configuration, queueSettings), queueSettings, name => builder.Configuration[name], loggers);

            reserved?.Stop();
            await app.StartAsync(cancellationToken);
            foreach (var trigger in triggers) await trigger.StartAsync(cancellationToken);
            var host = new LocalRunnerHost(app, azurite, worker, triggers, baseUrl, functionKey, mail);
            // A worker that ends on its own ends the runner: nothing would answer any more.
            _ = worker.Ended.ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
            return host;
        }
        catch
        {
            // Refused or failed: leave nothing running behind.
            if (worker is not null) await worker.DisposeAsync();
            await app.DisposeAsync();
            if (azurite is not null) await azurite.DisposeAsync();
            throw;
        }
    }

    private static List<BackgroundService> Triggers(WorkerConnection worker, QueueServiceClient queues, QueueSettings queueSettings,
        Func<string, string?> setting, ILoggerFactory loggers)
    {
        var triggers = new List<BackgroundService>();
        foreach (var function in worker.Functions)
        {
            switch (function)
            {
                case QueueFunction q:
                    triggers.Add(new QueueListener(queues, HostRules.Resolve(q.QueueName, setting), queueSettings,
                        (message, ct) => worker.InvokeAsync(Worker.Invocations.Queue(q, message), ct), loggers.CreateLogger<QueueListener>()));
                    break;
                case TimerFunction t:
                    triggers.Add(new TimerScheduler(t.Name, TimerScheduler.Parse(t.Schedule, setting),
                        (last, next, ct) => worker.InvokeAsync(Worker.Invocations.Timer(t, last, next), ct), TimeProvider.System, loggers.CreateLogger<TimerScheduler>()));
                    break;
            }
        }
        return triggers;
    }

    /// <summary>The host's own queue client on the app's storage (<c>AzureWebJobsStorage</c>), with host.json's message encoding.</summary>
    private static QueueServiceClient QueueService(IConfiguration configuration, QueueSettings settings)
    {
        var options = new QueueClientOptions { MessageEncoding = settings.MessageEncoding };
        if (configuration["AzureWebJobsStorage"] is { Length: > 0 } connection) return new QueueServiceClient(connection, options);
        var section = configuration.GetSection("AzureWebJobsStorage");
        var uri = section["queueServiceUri"] is { Length: > 0 } u ? new Uri(u) : new Uri($"https://{section["accountName"]}.queue.core.windows.net");
        return new QueueServiceClient(uri, new Azure.Identity.DefaultAzureCredential(), options);
    }

    /// <summary>The function app's build output this runner was built beside.</summary>
    public static string BuiltFunctionAppDirectory { get; } =
        typeof(LocalRunnerHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionAppDirectory").Value!;

    /// <summary>The worker's folder: <c>LocalHost:FunctionAppDirectory</c>, else the build output beside the runner.</summary>
    private static string FunctionAppDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["LocalHost:FunctionAppDirectory"] is { Length: > 0 } configured ? configured : BuiltFunctionAppDirectory);

    /// <summary>
    /// Only the invocation half of an HTTP call: the caller sends the request to
    /// <see cref="WorkerHttpUri"/> itself with the same <c>x-ms-invocation-id</c>. Benchmarks compare
    /// this with the whole path to see what the front end adds.
    /// </summary>
    public Task InvokeHttpAsync(string functionName, string invocationId, CancellationToken cancellationToken) =>
        _worker.InvokeAsync(Worker.Invocations.Http(Functions.OfType<HttpFunction>().Single(f => f.Name == functionName), invocationId, []), cancellationToken);

    /// <summary>Stops queue polling and timers (benchmarks measure the request path alone).</summary>
    public async Task StopTriggersAsync()
    {
        foreach (var trigger in _triggers) await trigger.StopAsync(CancellationToken.None);
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await StopTriggersAsync();
        await _app.StopAsync();
        await _worker.DisposeAsync();
        await _app.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}
