using Azure;
using ComplaintRouting.Http;
using ComplaintRouting.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Intake;

/// <summary><c>POST /api/complaints</c> (SPEC §5): validate, store, queue, answer 202 with the reference and follow-up code.</summary>
public sealed class IntakeFunction(IntakeHandler handler, Throttles throttles, TimeProvider clock)
{
    public const int MaxIdempotencyKey = 100;

    [Function("SubmitComplaint")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var key = req.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKey)
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key.", $"At most {MaxIdempotencyKey} characters.",
                new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"At most {MaxIdempotencyKey} characters."] });

        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;

        var (complaint, errors) = ComplaintValidator.Validate(body.Json!.Value, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (complaint is null) return ApiResult.Validation(errors);

        if (throttles.TakeSubmission(throttles.ClientOf(req)) is { } wait) return ApiResult.TooMany(wait);

        IntakeOutcome outcome;
        try
        {
            outcome = await handler.SubmitAsync(complaint, key.Length > 0 ? key : null, body.Raw, cancellationToken);
        }
        catch (RequestFailedException)
        {
            return ApiResult.Unavailable();
        }
        return outcome switch
        {
            IntakeOutcome.Accepted a => ApiResult.Ok(new
            {
                reference = a.Reference,
                followUpCode = a.FollowUpCode,
                status = "received",
                statusUrl = $"/api/complaints/{a.Reference}/status",
            }, StatusCodes.Status202Accepted),
            _ => ApiResult.Conflict("This Idempotency-Key was already used with a different submission."),
        };
    }
}
