using ComplaintRouting.Api;
using ComplaintRouting.Http;
using ComplaintRouting.FloodControl;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.FollowUp;

/// <summary><c>POST /api/complaints/{reference}/status</c> and <c>/withdraw</c> (SPEC §5), both opened by the follow-up code.</summary>
public sealed class FollowUpFunctions(FollowUpHandler handler, Throttles throttles, Form.OriginPolicy origins, Form.FollowUpForms forms)
{
    [Function("ComplaintStatus")]
    public Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "complaints/{reference}/status")] HttpRequest req,
        string reference, CancellationToken cancellationToken) =>
        RunAsync(req, reference, Form.FollowUpForms.Status, (code, client) => handler.StatusAsync(reference, code, client, cancellationToken), cancellationToken);

    [Function("WithdrawComplaint")]
    public Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "complaints/{reference}/withdraw")] HttpRequest req,
        string reference, CancellationToken cancellationToken) =>
        RunAsync(req, reference, Form.FollowUpForms.Withdraw, (code, client) => handler.WithdrawAsync(reference, code, client, cancellationToken), cancellationToken);

    private async Task<IActionResult> RunAsync(HttpRequest req, string reference, string action, Func<string?, string, Task<FollowUpOutcome>> act, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsOptions(req.Method)) return origins.Preflight(req);
        if (!origins.Admits(req)) return Form.OriginPolicy.Refused();
        var body = await RequestBody.ReadAsync(req, allowForm: true, cancellationToken);
        if (body.Error is not null) return body.Error;
        // The follow-up page's no-script forms post here and get the page back (withdraw needs its confirmation box).
        if (body.FromForm) return await forms.AnswerAsync(req, body.Json!.Value, action, reference, cancellationToken);

        var code = JsonText.Property(body.Json!.Value, "followUpCode") is { Length: <= 200 } c ? c : null;
        if (string.IsNullOrWhiteSpace(code))
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "The follow-up code is missing.", null,
                new Dictionary<string, string[]> { ["followUpCode"] = ["Enter the follow-up code you were given."] });

        return await act(code, throttles.ClientOf(req)) switch
        {
            FollowUpOutcome.Found f => ApiResult.Ok(f.View),
            FollowUpOutcome.Throttled t => ApiResult.TooMany(t.RetryAfter),
            FollowUpOutcome.Refused r => ApiResult.Conflict(r.Reason),
            _ => ApiResult.NotFound(),
        };
    }
}
