using System.Text;
using System.Text.Json;
using ComplaintRouting.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ComplaintRouting.Http;

/// <summary>One file part of a multipart body: the name its sender gave it, and its content as it arrives.</summary>
public sealed record FilePart(string? FileName, Stream Content);

/// <summary>
/// A <c>multipart/form-data</c> body read as it arrives: the fields before the first file are read
/// (bounded as <see cref="RequestBody"/> bounds a form), the files are then handed over one at a
/// time as streams, never held whole. Fields after the first file are not read — a browser sends
/// the form's fields in their order, and every form of the app puts its file input last.
/// </summary>
public sealed class MultipartBody
{
    public const string FileField = "file";
    private const int MaxFieldBytes = RequestBody.MaxBytes;

    private readonly MultipartReader _reader;
    private MultipartSection? _pending;

    private MultipartBody(MultipartReader reader, List<KeyValuePair<string, IReadOnlyList<string>>> fields, MultipartSection? pending) =>
        (_reader, Fields, _pending) = (reader, fields, pending);

    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Fields { get; }

    public string? Field(string name) => Fields.FirstOrDefault(f => f.Key == name).Value is [var first, ..] ? first : null;

    /// <summary>The fields as the same JSON a form's fields become (<see cref="FormFields.ToJson"/>).</summary>
    public JsonElement ToJson() => FormFields.ToJson(Fields);

    public static bool Is(HttpRequest request) =>
        (request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the fields up to the first file; a body that is not multipart, or is malformed, is a problem.</summary>
    public static async Task<(MultipartBody? Body, ApiResult? Error)> StartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!Is(request) || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
            return (null, ApiResult.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Send multipart/form-data with a boundary."));

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 8, HeadersLengthLimit = 4096 };
        var fields = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        var fieldBytes = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    return (null, Malformed("Each part needs Content-Disposition: form-data with a name."));
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition()) return (new MultipartBody(reader, fields, section), null);

                if (name.Length > RequestBody.MaxFormKey || fields.Count >= RequestBody.MaxFormFields)
                    return (null, Malformed($"The form data may have at most {RequestBody.MaxFormFields} fields, each named in at most {RequestBody.MaxFormKey} characters."));
                var (raw, tooLarge) = await ReadFieldAsync(section.Body, MaxFieldBytes - fieldBytes, cancellationToken);
                if (tooLarge) return (null, ApiResult.Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large.", $"The fields may be at most {MaxFieldBytes / 1024} KiB together."));
                fieldBytes += raw.Length;
                string value;
                try { value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw); }
                catch (DecoderFallbackException) { return (null, Malformed("The form data is not valid UTF-8.")); }
                var at = fields.FindIndex(f => f.Key == name);
                if (at < 0) fields.Add(new(name, [value]));
                else fields[at] = new(name, [.. fields[at].Value, value]);
            }
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            return (null, Unreadable(ex));
        }
        return (new MultipartBody(reader, fields, null), null);
    }

    /// <summary>
    /// The file parts, in order, each to be read to its end before the next is asked for. An empty
    /// part with no name (a browser's file input left empty) is skipped. Malformed framing throws
    /// what <see cref="IsUnreadable"/> recognizes.
    /// </summary>
    public async IAsyncEnumerable<FilePart> FilesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var section = _pending; section is not null; section = await _reader.ReadNextSectionAsync(cancellationToken))
        {
            _pending = null;
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            if (string.IsNullOrEmpty(name) && await IsEmptyAsync(section, cancellationToken)) continue;
            yield return new FilePart(name, section.Body);
        }
    }

    /// <summary>What reading a body can throw because of what the client sent: broken framing, a body cut short or too slow.</summary>
    public static bool IsUnreadable(Exception ex) => ex is IOException or InvalidDataException or BadHttpRequestException;

    public static ApiResult Unreadable(Exception ex) => ex is BadHttpRequestException bad
        ? ApiResult.Problem(bad.StatusCode, "The body could not be read.", "The request body ended early, came too slowly or was framed wrongly.")
        : Malformed("The multipart body is not well formed.");

    private static async Task<bool> IsEmptyAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        if (await section.Body.ReadAsync(probe, cancellationToken) == 0) return true;
        // Not empty after all: put the byte back in front of the rest.
        section.Body = new ConcatStream(probe, section.Body);
        return false;
    }

    private static async Task<(byte[] Raw, bool TooLarge)> ReadFieldAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return ([], true);
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), false);
    }

    private static ApiResult Malformed(string detail) =>
        ApiResult.Problem(StatusCodes.Status400BadRequest, "The body could not be read.", detail, new Dictionary<string, string[]> { [""] = [detail] });
}
