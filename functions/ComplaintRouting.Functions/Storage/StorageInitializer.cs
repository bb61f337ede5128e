using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Intake;
using Microsoft.Extensions.Hosting;

namespace ComplaintRouting.Storage;

/// <summary>
/// Creates the tables, queues and the evidence container once at start-up, all at once, so no
/// request pays for it. In Azure the template makes them (infra/core/storage.bicep) and writes
/// <c>Storage__CreateResources=false</c>: a cold start makes no create call at all.
/// </summary>
public sealed class StorageInitializer(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs) : IHostedService
{
    public static readonly string[] Tables = [CaseStore.TableName, DueIndex.TableName, OpenCases.TableName, DirectoryStore.TableName, IdempotencyKeys.TableName, Digest.DigestHandler.TableName, Delivery.DeliveryEvents.TableName, Links.LinkRevocations.TableName, FloodControl.SharedCounters.TableName, Workspace.WorkspaceSessions.TableName, Workspace.WorkspaceReads.TableName];
    public static readonly string[] Queues = [QueueNames.Routing, QueueNames.Mail, QueueNames.Chase];

    /// <summary>The setting that turns this off where something else made the resources.</summary>
    public const string Setting = "Storage:CreateResources";

    public static bool Wanted(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !string.Equals(configuration[Setting], "false", StringComparison.OrdinalIgnoreCase);

    public Task StartAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Tables.Select(table => (Task)tables.CreateTableIfNotExistsAsync(table, cancellationToken))
            .Concat(Queues.Select(queue => (Task)queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
            // Private: no public access level (the account forbids it in Azure anyway).
            .Append(blobs.GetBlobContainerClient(Evidence.AttachmentStore.ContainerName).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
