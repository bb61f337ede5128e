using ComplaintRouting.Http;
using ComplaintRouting.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Evidence;

/// <summary>
/// Takes the files of a multipart body into Blob Storage for one case (SPEC §10), one at a time as
/// they arrive: the type judged from the first bytes (<see cref="EvidenceTypes"/>, 415 otherwise),
/// images decoded and written again without location or camera metadata (<see cref="ImageCleaner"/>),
/// every other file streamed through sealing, counted against <c>Attachments__MaxBytes</c> (413)
/// and the case's limits (409) as it passes. All or nothing: when one file is refused, the ones
/// stored before it in the same request are deleted again.
/// </summary>
public sealed class AttachmentReceiver(AttachmentStore store, IOptions<AttachmentOptions> options)
{
    public AttachmentLimits Limits => options.Value.Limits;

    /// <summary>Room for the fields and the part headers around a case's worth of files.</summary>
    public const long BodyOverhead = 1024 * 1024;

    /// <summary>
    /// Starts reading a multipart body. The worker's Kestrel takes 30 MB by default (the Functions
    /// worker runs it with ASP.NET Core's defaults); a request may carry up to a case's worth of
    /// files, so this request's limit is raised to that — the receiver's own counts stop it sooner.
    /// </summary>
    public Task<(MultipartBody? Body, ApiResult? Error)> StartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = Limits.MaxCaseBytes + BodyOverhead;
        return MultipartBody.StartAsync(request, cancellationToken);
    }

    /// <param name="required">Whether at least one file must come (an upload), or none may (a complaint form with its file input left empty).</param>
    public async Task<(IReadOnlyList<StoredFile> Files, ApiResult? Refusal)> ReceiveAsync(
        string reference, MultipartBody body, IReadOnlyList<Attachment> existing, CancellationToken cancellationToken, bool required = true)
    {
        var stored = new List<StoredFile>();
        async Task<(IReadOnlyList<StoredFile>, ApiResult?)> Refuse(ApiResult refusal)
        {
            await store.DeleteAsync(reference, stored.Select(f => f.Id), CancellationToken.None);
            return ([], refusal);
        }

        try
        {
            await foreach (var part in body.FilesAsync(cancellationToken))
            {
                // One more file would be too many: refused before it is read.
                if (Limits.Exceeded(existing.Count + stored.Count + 1, 0) is { } tooMany) return await Refuse(ApiResult.Conflict(tooMany));
                var (file, refusal) = await StoreAsync(reference, part, cancellationToken);
                if (refusal is not null) return await Refuse(refusal);
                stored.Add(file!);
                if (Limits.Exceeded(existing, stored) is { } why) return await Refuse(ApiResult.Conflict(why));
            }
        }
        catch (Exception ex) when (MultipartBody.IsUnreadable(ex))
        {
            return await Refuse(MultipartBody.Unreadable(ex));
        }
        catch
        {
            await store.DeleteAsync(reference, stored.Select(f => f.Id), CancellationToken.None);
            throw;
        }
        return stored.Count > 0 || !required ? (stored, null) : await Refuse(FileProblem(StatusCodes.Status400BadRequest, "No file was sent.", "Choose at least one file."));
    }

    private async Task<(StoredFile?, ApiResult?)> StoreAsync(string reference, FilePart part, CancellationToken cancellationToken)
    {
        var max = Limits.MaxBytes;
        var prefix = new byte[EvidenceTypes.SniffBytes];
        var read = await part.Content.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0) return (null, FileProblem(StatusCodes.Status400BadRequest, "A file is empty.", $"'{part.FileName}' has no content."));
        if (read > max) return (null, TooLarge(max));
        if (EvidenceTypes.Judge(prefix.AsSpan(0, read), complete: read < prefix.Length) is not { } type)
            return (null, FileProblem(StatusCodes.Status415UnsupportedMediaType, "This kind of file is not taken.",
                "Send PDF, JPEG, PNG, plain text, DOCX, ODT, MP3 or M4A; the kind is judged by the file's content, not its name."));

        var id = AttachmentStore.NewId();
        var content = new LimitedStream(new ConcatStream(prefix[..read], part.Content), max);
        long bytes;
        try
        {
            if (type.IsImage())
            {
                // An image is decoded whole to write it again without its metadata (at most MaxBytes in memory).
                using var original = new MemoryStream();
                await content.CopyToAsync(original, cancellationToken);
                original.Position = 0;
                using var cleaned = new MemoryStream();
                switch (ImageCleaner.Clean(type, original, cleaned))
                {
                    case CleanOutcome.TooManyPixels:
                        return (null, FileProblem(StatusCodes.Status413PayloadTooLarge, "An image is too large.", $"An image may have at most {ImageCleaner.MaxPixels / 1_000_000} million pixels."));
                    case CleanOutcome.Unreadable:
                        return (null, FileProblem(StatusCodes.Status415UnsupportedMediaType, "An image could not be read.", "The file starts like an image but is not one that can be opened."));
                }
                cleaned.Position = 0;
                bytes = cleaned.Length;
                await store.UploadAsync(reference, id, cleaned, cancellationToken);
            }
            else
            {
                await store.UploadAsync(reference, id, content, cancellationToken);
                bytes = content.Count;
            }
        }
        catch (FileTooLargeException)
        {
            // Block blobs commit last: nothing of this file was stored.
            return (null, TooLarge(max));
        }
        return (new StoredFile(id, EvidenceTypes.SafeName(part.FileName, type), bytes, type), null);
    }

    private static ApiResult TooLarge(long max) =>
        FileProblem(StatusCodes.Status413PayloadTooLarge, "A file is too large.", $"A file may be at most {max / (1024.0 * 1024):0.#} MiB.");

    private static ApiResult FileProblem(int status, string title, string detail) =>
        ApiResult.Problem(status, title, detail, new Dictionary<string, string[]> { [MultipartBody.FileField] = [detail] });

    private sealed class FileTooLargeException : Exception;

    /// <summary>Counts what passes and stops the read (and so the upload) once more than <paramref name="max"/> bytes came.</summary>
    private sealed class LimitedStream(Stream inner, long max) : ReadOnlyStream
    {
        public long Count { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            Count += n;
            if (Count > max) throw new FileTooLargeException();
            return n;
        }
    }
}
