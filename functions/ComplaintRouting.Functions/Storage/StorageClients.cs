using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace ComplaintRouting.Storage;

/// <summary>
/// The one place that turns <c>AzureWebJobsStorage</c> into Table, Queue and Blob clients, the same way
/// the Functions host reads it for its own triggers: a connection string locally, or identity-based
/// settings in Azure (<c>__tableServiceUri</c>/<c>__queueServiceUri</c>/<c>__blobServiceUri</c> or <c>__accountName</c>,
/// with <c>__credential</c>/<c>__clientId</c> understood by Microsoft.Extensions.Azure).
/// </summary>
public static class StorageClients
{
    public const string Setting = "AzureWebJobsStorage";

    public sealed record Endpoints(string? ConnectionString, Uri? TableServiceUri, Uri? QueueServiceUri, Uri? BlobServiceUri);

    public static Endpoints Resolve(IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        if (!string.IsNullOrWhiteSpace(section.Value)) return new Endpoints(section.Value, null, null, null);

        var account = section["accountName"];
        Uri? Service(string key, string kind) =>
            section[key] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{kind}.core.windows.net")
            : null;

        var tables = Service("tableServiceUri", "table");
        var queues = Service("queueServiceUri", "queue");
        var blobs = Service("blobServiceUri", "blob");
        if (tables is null || queues is null || blobs is null)
            throw new InvalidOperationException(
                $"Setting '{Setting}' is missing: give a connection string, or '{Setting}__accountName' (or '__tableServiceUri', '__queueServiceUri' and '__blobServiceUri') for an identity-based connection.");
        return new Endpoints(null, tables, queues, blobs);
    }

    public static TableServiceClient CreateTableServiceClient(IConfiguration configuration, AzureComponentFactory factory, IEnumerable<HttpPipelinePolicy> policies)
    {
        var endpoints = Resolve(configuration);
        var options = new TableClientOptions();
        Configure(options, policies);
        return endpoints.ConnectionString is { } cs
            ? new TableServiceClient(cs, options)
            : new TableServiceClient(endpoints.TableServiceUri!, Credential(configuration, factory), options);
    }

    public static QueueServiceClient CreateQueueServiceClient(IConfiguration configuration, AzureComponentFactory factory, IEnumerable<HttpPipelinePolicy> policies)
    {
        var endpoints = Resolve(configuration);
        // The Functions queue trigger expects base64 messages (host.json messageEncoding).
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Configure(options, policies);
        return endpoints.ConnectionString is { } cs
            ? new QueueServiceClient(cs, options)
            : new QueueServiceClient(endpoints.QueueServiceUri!, Credential(configuration, factory), options);
    }

    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration, AzureComponentFactory factory, IEnumerable<HttpPipelinePolicy> policies)
    {
        var endpoints = Resolve(configuration);
        var options = new BlobClientOptions();
        Configure(options, policies);
        return endpoints.ConnectionString is { } cs
            ? new BlobServiceClient(cs, options)
            : new BlobServiceClient(endpoints.BlobServiceUri!, Credential(configuration, factory), options);
    }

    private static TokenCredential Credential(IConfiguration configuration, AzureComponentFactory factory) =>
        factory.CreateTokenCredential(configuration.GetSection(Setting));

    private static void Configure(ClientOptions options, IEnumerable<HttpPipelinePolicy> policies)
    {
        options.Retry.MaxRetries = 3;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        // Extra policies (tests count requests and inject faults through this seam).
        foreach (var policy in policies) options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
    }
}
