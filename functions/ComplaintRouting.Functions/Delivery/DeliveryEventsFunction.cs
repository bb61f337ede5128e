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
        var (raw, refused) = await RequestBody.ReadBytesAsync(req, MaxBytes, cancellationToken);
        if (refused is not null) return refused;

        // Not UTF-8 means not SendGrid's: the replacement characters then fail the signature.
        var result = await events.HandleAsync(System.Text.Encoding.UTF8.GetString(raw),
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
