using System.Reflection;
using ComplaintRouting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Api;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI 3.1 document of the public and management API
/// (<c>Api/openapi.json</c>, written by hand and embedded in the assembly). Tests validate it with
/// an OpenAPI validator and hold its paths to every HTTP function in functions.metadata.
/// </summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ComplaintRouting.Api.openapi.json")
                           ?? throw new InvalidOperationException("The embedded openapi.json is missing.");
        return new StreamReader(stream).ReadToEnd();
    });

    [Function("OpenApiDocument")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) =>
        new ApiResult(StatusCodes.Status200OK, "application/json; charset=utf-8", Document.Value);
}
