using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.LocalRunner.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace ComplaintRouting.LocalRunner;

/// <summary>
/// The host's HTTP side of an HTTP function, as the Functions host does it for a worker on the
/// ASP.NET Core integration: the route under the host.json prefix, the function key for anything
/// not anonymous (<c>x-functions-key</c> header or <c>code</c> query), then an
/// <c>InvocationRequest</c> (route values as trigger metadata) and, at the same time, the request
/// itself forwarded to the worker's HTTP listener with the invocation id in
/// <c>x-ms-invocation-id</c>, which is how the worker pairs the two.
/// </summary>
/// <remarks>
/// App Service Authentication's principal headers (<c>X-MS-CLIENT-PRINCIPAL*</c>) are the
/// platform's: Azure removes any a client sends, and so does the runner. With
/// <c>Workspace__SignIn=entra</c> the runner plays the platform's part for a test: a
/// <see cref="LocalPrincipalHeader"/> on the request becomes <c>X-MS-CLIENT-PRINCIPAL-NAME</c>, as if
/// that account had signed in with Entra ID (docs/local-host.md).
/// </remarks>
public sealed partial class HttpFrontEnd(WorkerConnection worker, string functionKey, bool emulateEntra, ILogger<HttpFrontEnd> logger) : IDisposable
{
    private const string InvocationHeader = "x-ms-invocation-id";

    /// <summary>The runner's stand-in for an Entra sign-in: the account name the platform would pass on. Never forwarded.</summary>
    public const string LocalPrincipalHeader = "X-Local-Principal-Name";

    private const string PrincipalPrefix = "X-MS-CLIENT-PRINCIPAL";
    private readonly HttpMessageInvoker _invoker = new(new RetryProxyHandler(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    }, logger));

    public void Map(IEndpointRouteBuilder endpoints, string routePrefix, IEnumerable<HttpFunction> functions, IHttpForwarder forwarder)
    {
        foreach (var function in functions)
        {
            var pattern = "/" + string.Join('/', new[] { routePrefix.Trim('/'), function.Route.Trim('/') }.Where(p => p.Length > 0));
            RequestDelegate serve = context => ServeAsync(context, function, forwarder);
            var endpoint = function.Methods.Count == 0 ? endpoints.Map(pattern, serve) : endpoints.MapMethods(pattern, function.Methods, serve);
            endpoint.WithDisplayName(function.Name);
        }
    }

    /// <summary>
    /// The host's way to run a function that is not HTTP-triggered now: <c>POST /admin/functions/{name}</c>
    /// with <c>{ "input": "…" }</c> (a queue message's text; ignored for a timer). Azure demands the
    /// master key; the runner demands its function key, and answers <c>202</c> once the run is over
    /// (Azure answers at once), or <c>500</c> with the worker's message if it failed.
    /// </summary>
    public void MapInvoke(IEndpointRouteBuilder endpoints, IReadOnlyList<FunctionDeclaration> functions)
    {
        endpoints.MapPost("/admin/functions/{name}", async (HttpContext context, string name) =>
        {
            if (!HasKey(context.Request)) return Results.Unauthorized();
            var function = functions.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (function is null) return Results.NotFound();
            string input;
            try
            {
                input = (await context.Request.ReadFromJsonAsync<InvokeBody>(context.RequestAborted))?.Input ?? "";
            }
            catch (System.Text.Json.JsonException)
            {
                return Results.Problem(statusCode: 400, title: "The body must be { \"input\": \"…\" }.");
            }
            var request = function switch
            {
                QueueFunction q => Invocations.Queue(q, Azure.Storage.Queues.Models.QueuesModelFactory.QueueMessage(
                    Guid.NewGuid().ToString(), "manual", input, 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7))),
                TimerFunction t => Invocations.Timer(t, DateTime.UtcNow, DateTime.UtcNow),
                _ => throw new InvalidOperationException(),
            };
            try
            {
                await worker.InvokeAsync(request, context.RequestAborted);
                return Results.Accepted();
            }
            catch (FunctionFailedException ex)
            {
                return Results.Problem(statusCode: 500, title: ex.Message);
            }
        });
    }

    private sealed record InvokeBody(string? Input);

    /// <summary>Only the platform names who signed in: a client's principal headers go, and the local stand-in becomes the platform's under <c>entra</c>.</summary>
    private void SetPrincipal(IHeaderDictionary headers)
    {
        foreach (var name in headers.Keys.Where(k => k.StartsWith(PrincipalPrefix, StringComparison.OrdinalIgnoreCase)).ToArray()) headers.Remove(name);
        if (headers.Remove(LocalPrincipalHeader, out var account) && emulateEntra) headers[PrincipalPrefix + "-NAME"] = account;
    }

    private async Task ServeAsync(HttpContext context, HttpFunction function, IHttpForwarder forwarder)
    {
        if (!function.IsAnonymous && !HasKey(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        // The host adds the header only when absent (TryAdd); the runner always sets its own, so a
        // client cannot pair its request with someone else's invocation here.
        context.Request.Headers[InvocationHeader] = invocationId;
        if (context.Connection.RemoteIpAddress is { } remote)
            context.Request.Headers.Append("X-Forwarded-For", remote.ToString());
        SetPrincipal(context.Request.Headers);

        var request = Invocations.Http(function, invocationId, context.Request.RouteValues);
        var invocation = worker.InvokeAsync(request, context.RequestAborted);
        var forwarded = forwarder.SendAsync(context, worker.HttpUri.AbsoluteUri, _invoker, ForwarderRequestConfig.Empty, HttpTransformer.Default);
        try
        {
            await invocation;
        }
        catch (FunctionFailedException ex)
        {
            LogFailed(function.Name, ex.Message);
            if (!context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away, or the worker did (its stream closed): the forwarder ends too.
        }
        // Always awaited: the forwarder works on this request's context until it is done.
        var error = await forwarded;
        if (error != ForwarderError.None && !context.RequestAborted.IsCancellationRequested)
            LogForwardFailed(function.Name, error.ToString());
    }

    private bool HasKey(HttpRequest request)
    {
        var given = request.Headers["x-functions-key"].ToString();
        if (given.Length == 0) given = request.Query["code"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(functionKey));
    }

    public void Dispose() => _invoker.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} failed: {Error}")]
    private partial void LogFailed(string function, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function}: forwarding to the worker failed ({Error})")]
    private partial void LogForwardFailed(string function, string error);
}
