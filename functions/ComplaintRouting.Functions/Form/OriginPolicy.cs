using ComplaintRouting.Http;
using ComplaintRouting.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Form;

/// <summary>
/// Which web sites may embed the form and post to the API (<c>Intake__AllowedOrigins</c>): they
/// get <c>frame-ancestors</c> and CORS answers; any other browser origin is refused. Requests
/// without an Origin (API clients, same-origin navigation) and the app's own origin are allowed.
/// </summary>
public sealed class OriginPolicy(IOptions<IntakeOptions> intake, IOptions<LinksOptions> links)
{
    private readonly HashSet<string> _allowed = new(intake.Value.Origins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public string FrameAncestors => string.Join(' ', new[] { "'self'" }.Concat(_allowed));

    /// <summary>False when a browser on a foreign origin sent the request.</summary>
    public bool Admits(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsOwn(request, origin) || request.Headers["Sec-Fetch-Site"] == "same-origin") return true;
        if (!_allowed.Contains(origin)) return false;
        request.HttpContext.Response.Headers.AccessControlAllowOrigin = origin;
        request.HttpContext.Response.Headers.Vary = "Origin";
        return true;
    }

    /// <summary>The CORS preflight answer.</summary>
    public ApiResult Preflight(HttpRequest request)
    {
        if (!Admits(request) || request.Headers.Origin.ToString().Length == 0)
            return ApiResult.Problem(StatusCodes.Status403Forbidden, "This origin may not use the complaint API.");
        return new ApiResult(StatusCodes.Status204NoContent, null, null, new Dictionary<string, string>
        {
            ["Access-Control-Allow-Methods"] = "POST, OPTIONS",
            ["Access-Control-Allow-Headers"] = "Content-Type, Idempotency-Key, Proof-Of-Work",
            ["Access-Control-Max-Age"] = "600",
        });
    }

    /// <summary>A form page with the strict CSP: scripts only from this origin, framing only by the allowed origins.</summary>
    public ApiResult Page(string html, int status = StatusCodes.Status200OK, IReadOnlyDictionary<string, string>? extra = null)
    {
        var headers = new Dictionary<string, string>
        {
            ["Content-Security-Policy"] = $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors {FrameAncestors}",
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "same-origin",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>()) headers[name] = value;
        return ApiResult.Html(html, status, headers);
    }

    public static ApiResult Refused() => ApiResult.Problem(StatusCodes.Status403Forbidden, "This origin may not use the complaint API.");

    private bool IsOwn(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(origin, new Uri(links.Value.PublicBaseUrl).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
