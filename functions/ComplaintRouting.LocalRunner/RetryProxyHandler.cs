using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.LocalRunner;

/// <summary>
/// Retries forwarding to the worker when the connection fails, as the Azure host does
/// (RetryProxyHandler in azure-functions-host): up to 10 attempts, 50 ms doubling to 250 ms. Right
/// after the functions are loaded the worker's HTTP listener may not be accepting connections yet.
/// </summary>
public sealed partial class RetryProxyHandler(HttpMessageHandler inner, ILogger logger) : DelegatingHandler(inner)
{
    private const int MaxAttempts = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (attempt < MaxAttempts)
            {
                LogRetry(logger, attempt, ex.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forwarding to the worker failed (attempt {Attempt}), retrying: {Error}")]
    private static partial void LogRetry(ILogger logger, int attempt, string error);
}
