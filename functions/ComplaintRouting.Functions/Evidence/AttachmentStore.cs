using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ComplaintRouting.Storage;

namespace ComplaintRouting.Evidence;

/// <summary>
/// Evidence files in Blob Storage (SPEC §10): container <c>attachments</c>, one blob per file at
/// <c>{reference}/{id}</c>, sealed as it streams (<see cref="SealedStreams"/>) and bound to that
/// name. Blobs carry no metadata: the file's name and type live in the sealed case.
/// </summary>
public sealed class AttachmentStore(BlobServiceClient blobs, Sealer sealer)
{
    public const string ContainerName = "attachments";

    /// <summary>Uploads in blocks of this size, one at a time: a file of any size passes through this much memory.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(ContainerName);

    public static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Seals and stores <paramref name="content"/> as it is read; never overwrites. Block blobs
    /// commit only when the whole file has passed, so a read that fails half-way stores nothing.
    /// </summary>
    public async Task UploadAsync(string reference, string id, Stream content, CancellationToken cancellationToken)
    {
        await using var sealedContent = SealedStreams.Seal(sealer, content, At(reference, id));
        await Blob(reference, id).UploadAsync(sealedContent, new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes, MaximumConcurrency = 1 },
        }, cancellationToken);
    }

    /// <summary>The file's content as it was given, opened as it streams.</summary>
    public async Task<Stream> OpenAsync(string reference, string id, CancellationToken cancellationToken)
    {
        var raw = await Blob(reference, id).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = BlockBytes }, cancellationToken);
        return SealedStreams.Open(sealer, raw, At(reference, id));
    }

    public async Task DeleteAsync(string reference, IEnumerable<string> ids, CancellationToken cancellationToken) =>
        await Task.WhenAll(ids.Select(id => Blob(reference, id).DeleteIfExistsAsync(cancellationToken: cancellationToken)));

    /// <summary>Every file stored under the case, recorded on it or not (a crash between storing and recording leaves one behind).</summary>
    public async Task<int> DeleteCaseAsync(string reference, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, reference + "/", cancellationToken))
        {
            await _container.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            deleted++;
        }
        return deleted;
    }

    private BlobClient Blob(string reference, string id) => _container.GetBlobClient($"{reference}/{id}");

    private static SealedAt At(string reference, string id) => new(ContainerName, reference, id, "content");
}
