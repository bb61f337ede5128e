using System.Text;
using System.Text.Json;
using ComplaintRouting.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ComplaintRouting.Http;

/// <summary>
/// Every answer of the app: status, media type, body and headers, never cached. An
/// <see cref="IActionResult"/>, which the worker's ASP.NET Core integration executes as MVC would.
/// </summary>
public sealed class ApiResult(int status, string? contentType, string? body, IReadOnlyDictionary<string, string>? headers = null) : IActionResult
{
    public int Status { get; } = status;
    public string? Body { get; } = body;
    public IReadOnlyDictionary<string, string> Headers { get; } = headers ?? new Dictionary<string, string>();

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        foreach (var (name, value) in Headers) response.Headers[name] = value;
        response.Headers.CacheControl = "no-store";
        if (Body is null) return;
        response.ContentType = contentType;
        await response.WriteAsync(Body, Encoding.UTF8);
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static ApiResult Ok<T>(T value, int status = StatusCodes.Status200OK) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.Serialize(value, Json));

    public static ApiResult Html(string html, int status = StatusCodes.Status200OK, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, "text/html; charset=utf-8", html, headers);

    public static ApiResult Problem(int status, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null, IReadOnlyDictionary<string, string>? headers = null) =>
        Problem(status, title, detail, errors, codes: null, headers);

    private static ApiResult Problem(int status, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors, IReadOnlyDictionary<string, string[]>? codes, IReadOnlyDictionary<string, string>? headers) =>
        new(status, "application/problem+json; charset=utf-8", JsonSerializer.Serialize(new ProblemBody(
            $"https://httpstatuses.io/{status}", title, status, detail, errors, codes), Json), headers);

    /// <summary>
    /// 400 with each failing field under <c>errors</c> (English messages) and, as an RFC 9457 extension
    /// member, the same fields under <c>codes</c> with the stable error codes that the form translates.
    /// </summary>
    public static ApiResult Validation(IEnumerable<FieldError> errors)
    {
        var byPath = errors.GroupBy(e => e.Path).ToArray();
        return Problem(StatusCodes.Status400BadRequest, "The submission has errors.", "Correct the fields listed under 'errors'.",
            byPath.ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            byPath.ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray()), headers: null);
    }

    /// <summary>The Retry-After header (whole seconds, at least one).</summary>
    public static IReadOnlyDictionary<string, string> RetryAfter(TimeSpan wait) =>
        new Dictionary<string, string> { ["Retry-After"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>428: the submission needs a proof of work; the problem carries a fresh <c>challenge</c> and its <c>bits</c> (RFC 9457 extension members).</summary>
    public static ApiResult ProofNeeded(string challenge, int bits, string reason) =>
        new(StatusCodes.Status428PreconditionRequired, "application/problem+json; charset=utf-8", JsonSerializer.Serialize(new
        {
            type = "https://httpstatuses.io/428",
            title = "A proof of work is needed.",
            status = StatusCodes.Status428PreconditionRequired,
            detail = $"Find a decimal nonce such that SHA-256 of \"challenge:nonce\" begins with {bits} zero bits, then send the same request again with the header Proof-Of-Work: challenge:nonce.",
            errors = new Dictionary<string, string[]> { ["Proof-Of-Work"] = [reason] },
            challenge,
            bits,
        }, Json));

    public static ApiResult NotFound() => Problem(StatusCodes.Status404NotFound, "Not found.");

    public static ApiResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Not possible now.", detail);

    public static ApiResult TooMany(TimeSpan retryAfter) => Problem(StatusCodes.Status429TooManyRequests, "Too many requests.",
        "Please wait a little and try again.", headers: RetryAfter(retryAfter));

    public static ApiResult Unavailable() => Problem(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable.",
        "Nothing was stored. Please try again in a minute.", headers: new Dictionary<string, string> { ["Retry-After"] = "30" });

    private sealed record ProblemBody(string Type, string Title, int Status, string? Detail, IReadOnlyDictionary<string, string[]>? Errors, IReadOnlyDictionary<string, string[]>? Codes);
}
