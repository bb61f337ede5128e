using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ComplaintRouting.Http;

/// <summary>
/// Headers every HTTP answer of the app carries, whatever the function: browsers keep to HTTPS
/// for a year (HSTS) and never guess a media type. Registered in Program.cs, so it holds for
/// every function the host invokes, including ones written later.
/// </summary>
public sealed class ResponseHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            http.Response.Headers.StrictTransportSecurity = StrictTransportSecurity;
            http.Response.Headers.XContentTypeOptions = "nosniff";
        }
        return next(context);
    }
}
