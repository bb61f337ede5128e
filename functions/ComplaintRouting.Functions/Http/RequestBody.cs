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

    /// <summary>Reads a JSON body, or (when <paramref name="allowForm"/>) form fields turned into the same JSON.</summary>
    public static async Task<ReadBody> ReadAsync(HttpRequest request, bool allowForm, CancellationToken cancellationToken)
    {
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var isJson = mediaType is "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);
        var isForm = allowForm && mediaType == "application/x-www-form-urlencoded";
        if (!isJson && !isForm)
            return Fail(ApiResult.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                allowForm ? "Send application/json or application/x-www-form-urlencoded." : "Send application/json."));

        if (request.ContentLength > MaxBytes) return Fail(TooLarge());
        var raw = await ReadBoundedAsync(request.Body, cancellationToken);
        if (raw is null) return Fail(TooLarge());

        if (isForm)
        {
            if (!TryDecodeUtf8(raw, out var text)) return Fail(Malformed("The form data is not valid UTF-8."));
            var fields = new FormReader(text).ReadForm();
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

    private static ApiResult TooLarge() =>
        ApiResult.Problem(StatusCodes.Status413PayloadTooLarge, "The submission is too large.", $"The body may be at most {MaxBytes / 1024} KiB.");

    private static ApiResult Malformed(string detail) =>
        ApiResult.Problem(StatusCodes.Status400BadRequest, "The body could not be read.", detail,
            new Dictionary<string, string[]> { [""] = [detail] });

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
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
