using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Intake;
using Microsoft.Extensions.Hosting;

namespace ComplaintRouting.Storage;

/// <summary>Creates the tables and queues once at start-up, so no request pays for it.</summary>
public sealed class StorageInitializer(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs) : IHostedService
{
    public static readonly string[] Tables = [CaseStore.TableName, DueIndex.TableName, OpenCases.TableName, DirectoryStore.TableName, IdempotencyKeys.TableName, Digest.DigestHandler.TableName, Delivery.DeliveryEvents.TableName, Links.LinkRevocations.TableName, FloodControl.SharedCounters.TableName, Workspace.WorkspaceSessions.TableName, Workspace.WorkspaceReads.TableName];
    public static readonly string[] Queues = [QueueNames.Routing, QueueNames.Mail, QueueNames.Chase];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var table in Tables) await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        foreach (var queue in Queues) await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // Private: no public access level (the account forbids it in Azure anyway).
        await blobs.GetBlobContainerClient(Evidence.AttachmentStore.ContainerName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
