using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ComplaintRouting.Email;
using ComplaintRouting.Http;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Routing;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ComplaintRouting.IntegrationTests.Infrastructure;

/// <summary>
/// The app's own composition (AddComplaintRouting) on a real Azurite started on random ports,
/// the real SendGrid client posting to a capture server on loopback, and a clock the test moves.
/// Tests call the real function classes and drain the real queues through the queue functions.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string ChairEmail = "chair@ethics.example";
    public const string DeputyEmail = "deputy@ethics.example";
    public const string ChairMembershipNumber = "M-CHAIR";
    public const string ExecutiveEmail = "executive@ethics.example";
    public const string ChairLanguage = "en";
    public const string PublicBaseUrl = "https://complaints.example";

    /// <summary>A valid verification key nobody holds the private half of (tests of delivery events set their own).</summary>
    public static readonly string WebhookKey = Convert.ToBase64String(ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfo());

    public AzuriteProcess Azurite { get; private set; } = null!;
    public MailCaptureServer Mail { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);
        Mail = await MailCaptureServer.StartAsync();
        Services = BuildServices(Settings());
        foreach (var hosted in Services.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
    }

    public Dictionary<string, string?> Settings() => new(SettingDefaults.Values)
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionString,
        ["SendGrid:ApiKey"] = "SG.test-key",
        ["SendGrid:FromEmail"] = "complaints@ethics.example",
        ["SendGrid:Host"] = Mail.BaseUrl,
        ["SendGrid:EventWebhookPublicKey"] = WebhookKey,
        ["Committee:ChairEmail"] = ChairEmail,
        ["Committee:ChairName"] = "Chair Person",
        ["Committee:ChairMembershipNumber"] = ChairMembershipNumber,
        ["Committee:DeputyEmail"] = DeputyEmail,
        ["Committee:ChairLanguage"] = ChairLanguage,
        ["Committee:DeputyLanguage"] = "en",
        ["ExecutiveCommittee:Email"] = ExecutiveEmail,
        ["ExecutiveCommittee:Name"] = "Executive Committee",
        ["ExecutiveCommittee:Language"] = "en",
        ["Links:PublicBaseUrl"] = PublicBaseUrl,
        ["Links:SigningKey"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("test signing key"))),
        ["Encryption:Key"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("test encryption key"))),
        ["Encryption:KeyId"] = "test-1",
        ["Intake:SubmissionsPerClientPerHour"] = "1000",
        ["Intake:AcknowledgementsPerAddressPerDay"] = "1000",
        // In-process tests call the intake function directly, as no browser would; the proof of
        // work is tested black-box through the runner (Intake/FloodControlTests).
        ["Intake:ProofOfWorkBits"] = "0",
        ["Intake:AllowedOrigins"] = "https://association.example",
    };

    public ServiceProvider BuildServices(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        configure?.Invoke(services);
        services.AddComplaintRouting(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Dictionary<string, string> Headers, DateTimeOffset At)> _sessions = new();

    /// <summary>
    /// Request headers carrying <paramref name="email"/>'s workspace session (<see cref="WorkspaceSignIn"/>),
    /// signed in again once the clock has moved an hour: the tests sharing this app stay within the sign-in mails an address may ask for.
    /// </summary>
    public async Task<Dictionary<string, string>> SignedInAsync(string email)
    {
        var now = Clock.GetUtcNow();
        if (_sessions.TryGetValue(email, out var session) && now - session.At < TimeSpan.FromHours(1)) return session.Headers;
        var headers = await WorkspaceSignIn.HeadersAsync(Function<ComplaintRouting.Workspace.SignInFunctions>(), Mail.Capture, email);
        _sessions[email] = (headers, now);
        return headers;
    }

    public TableClient Table(string name) => Services.GetRequiredService<TableServiceClient>().GetTableClient(name);

    public QueueClient Queue(string name) => Services.GetRequiredService<QueueServiceClient>().GetQueueClient(name);

    /// <summary>Calls an HTTP function the way the host does and returns what it answered.</summary>
    public static Task<HttpAnswer> CallAsync(Func<HttpRequest, Task<IActionResult>> function, string? body = null,
        string contentType = "application/json", IDictionary<string, string>? headers = null, string? remoteIp = "203.0.113.7") =>
        CallAsync(function, Encoding.UTF8.GetBytes(body ?? ""), contentType, headers, remoteIp);

    /// <summary>The same with a body of bytes (a multipart upload).</summary>
    public static async Task<HttpAnswer> CallAsync(Func<HttpRequest, Task<IActionResult>> function, byte[] bytes,
        string contentType, IDictionary<string, string>? headers = null, string? remoteIp = "203.0.113.7")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        if (remoteIp is not null) context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(remoteIp);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) context.Request.Headers[name] = value;
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Response.Body = new MemoryStream();

        var result = await function(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new HttpAnswer(context.Response.StatusCode, context.Response.ContentType, text, context.Response.Headers);
    }

    /// <summary>Runs the queue functions until the queues are empty, as the host would.</summary>
    public Task DrainQueuesAsync() => DrainQueuesAsync(Services);

    /// <summary>
    /// Drains routing, chase and mail through the real queue functions of <paramref name="services"/>.
    /// A mail SendGrid deferred or did not answer in time goes back on the queue at once, as the host's retry would put it.
    /// </summary>
    public static async Task DrainQueuesAsync(IServiceProvider services)
    {
        T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(services);
        var queues = services.GetRequiredService<QueueServiceClient>();
        for (var round = 0; round < 20; round++)
        {
            var any = false;
            foreach (var (name, run) in new (string, Func<string, Task>)[]
            {
                (QueueNames.Routing, m => Function<RoutingFunction>().Run(m, CancellationToken.None)),
                (QueueNames.Chase, m => Function<Chasing.ChaseFunctions>().Chase(m, CancellationToken.None)),
                (QueueNames.Mail, m => Function<MailFunction>().Run(m, CancellationToken.None)),
            })
            {
                var queue = queues.GetQueueClient(name);
                foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
                {
                    any = true;
                    try
                    {
                        await run(message.Body.ToString());
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                    catch (Exception ex) when (ex is MailDeferredException or TaskCanceledException)
                    {
                        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                    }
                }
            }
            if (!any) return;
        }
        throw new InvalidOperationException("The queues did not drain.");
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Mail.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

public sealed record HttpAnswer(int Status, string? ContentType, string Body, IHeaderDictionary Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app on Azurite";
}
