using ComplaintRouting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SendGrid.Helpers.EventWebhook;

namespace ComplaintRouting.Delivery;

/// <summary><c>POST /api/sendgrid/events</c>: SendGrid's signed Event Webhook.</summary>
public sealed class DeliveryEventsFunction(DeliveryEvents events)
{
    private const int MaxBytes = 1024 * 1024;

    [Function("SendGridEvents")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sendgrid/events")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        if (req.ContentLength > MaxBytes) return ApiResult.Problem(StatusCodes.Status413PayloadTooLarge, "Too large.");
        using var reader = new StreamReader(req.Body);
        var buffer = new char[MaxBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxBytes) return ApiResult.Problem(StatusCodes.Status413PayloadTooLarge, "Too large.");

        var result = await events.HandleAsync(new string(buffer, 0, read),
            req.Headers[RequestValidator.SIGNATURE_HEADER], req.Headers[RequestValidator.TIMESTAMP_HEADER], cancellationToken);
        return result switch
        {
            DeliveryCheck.Accepted => new ApiResult(StatusCodes.Status204NoContent, null, null),
            DeliveryCheck.BadSignature => ApiResult.Problem(StatusCodes.Status401Unauthorized, "The signature does not verify."),
            _ => ApiResult.Problem(StatusCodes.Status400BadRequest, "Not a SendGrid event batch.", null,
                new Dictionary<string, string[]> { [""] = ["Expected a JSON array of events."] }),
        };
    }
}
