using Azure.Core;
using Azure.Identity;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Storage;

/// <summary>One code path turns AzureWebJobsStorage into clients, in both of its shapes.</summary>
public class StorageClientsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    private static AzureComponentFactory Factory()
    {
        var services = new ServiceCollection();
        services.AddAzureClientsCore();
        return services.BuildServiceProvider().GetRequiredService<AzureComponentFactory>();
    }

    [Fact]
    public void A_connection_string_is_used_as_it_is()
    {
        var settings = Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        Assert.Equal("UseDevelopmentStorage=true", StorageClients.Resolve(settings).ConnectionString);
        Assert.Equal("devstoreaccount1", StorageClients.CreateTableServiceClient(settings, Factory(), []).AccountName);
    }

    [Fact]
    public void Identity_based_settings_give_service_uris_and_the_managed_identity_named_by_client_id()
    {
        var byUri = Settings(
            ("AzureWebJobsStorage:tableServiceUri", "https://stexample.table.core.windows.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://stexample.queue.core.windows.net"),
            ("AzureWebJobsStorage:blobServiceUri", "https://stexample.blob.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"));
        var byAccount = Settings(("AzureWebJobsStorage:accountName", "stother"));

        var endpoints = StorageClients.Resolve(byUri);
        Assert.Null(endpoints.ConnectionString);
        Assert.Equal("https://stexample.table.core.windows.net/", endpoints.TableServiceUri!.ToString());
        Assert.Equal("https://stother.queue.core.windows.net/", StorageClients.Resolve(byAccount).QueueServiceUri!.ToString());
        Assert.Equal("https://stother.blob.core.windows.net/", StorageClients.Resolve(byAccount).BlobServiceUri!.ToString());
        Assert.Equal("stexample", StorageClients.CreateTableServiceClient(byUri, Factory(), []).AccountName);
        Assert.Equal("stexample", StorageClients.CreateQueueServiceClient(byUri, Factory(), []).AccountName);
        Assert.Equal("stexample", StorageClients.CreateBlobServiceClient(byUri, Factory(), []).AccountName);
        Assert.IsType<ManagedIdentityCredential>(Factory().CreateTokenCredential(byUri.GetSection("AzureWebJobsStorage")));
    }

    [Fact]
    public void A_missing_storage_setting_stops_the_app_with_a_message_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageClients.Resolve(Settings()));
        Assert.Contains("AzureWebJobsStorage", error.Message);
    }
}
