using System.Text;
using System.Text.Json;
using ComplaintRouting.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ComplaintRouting.Http;

/// <summary>A request body read safely: bounded in size, JSON or form fields, never throwing on bad input.</summary>
public sealed record ReadBody(JsonElement? Json, ApiResult? Error, bool FromForm, byte[] Raw);

public static class RequestBody
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The no-script complaint form sends about 40 fields (each ticked section is one), named in under 40 characters.</summary>
    public const int MaxFormFields = 200;
    public const int MaxFormKey = 100;

    /// <summary>Reads a JSON body, or (when <paramref name="allowForm"/>) form fields turned into the same JSON.</summary>
    public static async Task<ReadBody> ReadAsync(HttpRequest request, bool allowForm, CancellationToken cancellationToken)
    {
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var isJson = mediaType is "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);
        var isForm = allowForm && mediaType == "application/x-www-form-urlencoded";
        if (!isJson && !isForm)
            return Fail(ApiResult.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                allowForm ? "Send application/json or application/x-www-form-urlencoded." : "Send application/json."));

        var (raw, refused) = await ReadBytesAsync(request, MaxBytes, cancellationToken);
        if (refused is not null) return Fail(refused);

        if (isForm)
        {
            if (!TryDecodeUtf8(raw, out var text)) return Fail(Malformed("The form data is not valid UTF-8."));
            Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields;
            try
            {
                fields = new FormReader(text) { ValueCountLimit = MaxFormFields, KeyLengthLimit = MaxFormKey }.ReadForm();
            }
            catch (InvalidDataException)
            {
                return Fail(Malformed($"The form data may have at most {MaxFormFields} fields, each named in at most {MaxFormKey} characters."));
            }
            var json = FormFields.ToJson(fields.Select(f => new KeyValuePair<string, IReadOnlyList<string>>(f.Key, f.Value.Where(v => v is not null).ToArray()!)));
            return new ReadBody(json, null, true, raw);
        }

        try
        {
            using var document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 16 });
            return new ReadBody(document.RootElement.Clone(), null, false, raw);
        }
        catch (JsonException)
        {
            return Fail(Malformed("The body is not valid JSON."));
        }

        static ReadBody Fail(ApiResult error) => new(null, error, false, []);
    }

    private static ApiResult Malformed(string detail) =>
        ApiResult.Problem(StatusCodes.Status400BadRequest, "The body could not be read.", detail,
            new Dictionary<string, string[]> { [""] = [detail] });

    /// <summary>
    /// The body's bytes, at most <paramref name="maxBytes"/>, whatever its framing says: a declared
    /// length over the limit is refused before reading, a chunked body as soon as it passes it, and
    /// Kestrel's refusals (a body ending before its length, a broken chunk, too slow) become problems.
    /// </summary>
    public static async Task<(byte[] Raw, ApiResult? Error)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var tooLarge = ApiResult.Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large.", $"The body may be at most {maxBytes / 1024} KiB.");
        if (request.ContentLength > maxBytes) return ([], tooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) return ([], tooLarge);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return ([], ApiResult.Problem(ex.StatusCode, "The body could not be read.", "The request body ended early, came too slowly or was framed wrongly."));
        }
        return (buffer.ToArray(), null);
    }

    private static bool TryDecodeUtf8(byte[] raw, out string text)
    {
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }
}
