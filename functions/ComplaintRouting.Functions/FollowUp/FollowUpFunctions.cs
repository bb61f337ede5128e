using ComplaintRouting.Api;
using ComplaintRouting.Http;
using ComplaintRouting.FloodControl;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.FollowUp;

/// <summary><c>POST /api/complaints/{reference}/status</c>, <c>/withdraw</c> (SPEC §5) and <c>/messages</c> (SPEC §10), each opened by the follow-up code.</summary>
public sealed class FollowUpFunctions(FollowUpHandler handler, Throttles throttles, Form.OriginPolicy origins, Form.FollowUpForms forms)
{
    [Function("ComplaintStatus")]
    public Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "complaints/{reference}/status")] HttpRequest req,
        string reference, CancellationToken cancellationToken) =>
        RunAsync(req, reference, Form.FollowUpForms.Status, (_, code, client) => handler.StatusAsync(reference, code, client, cancellationToken), cancellationToken);

    [Function("WithdrawComplaint")]
    public Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "complaints/{reference}/withdraw")] HttpRequest req,
        string reference, CancellationToken cancellationToken) =>
        RunAsync(req, reference, Form.FollowUpForms.Withdraw, (_, code, client) => handler.WithdrawAsync(reference, code, client, cancellationToken), cancellationToken);

    /// <summary><c>{ "followUpCode": "…", "text": "…" }</c> → <c>201</c> with the status, the message among the others.</summary>
    [Function("MessageFromComplainant")]
    public Task<IActionResult> Message(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "complaints/{reference}/messages")] HttpRequest req,
        string reference, CancellationToken cancellationToken) =>
        RunAsync(req, reference, Form.FollowUpForms.Message, (text, code, client) => handler.MessageAsync(reference, code, text!, client, cancellationToken), cancellationToken,
            text: true, success: StatusCodes.Status201Created);

    private async Task<IActionResult> RunAsync(HttpRequest req, string reference, string action, Func<string?, string?, string, Task<FollowUpOutcome>> act, CancellationToken cancellationToken,
        bool text = false, int success = StatusCodes.Status200OK)
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

        string? message = null;
        if (text)
        {
            var (read, errors) = Links.CaseAnswers.ReadText(body.Json!.Value, "text", Links.CaseAnswers.MaxText);
            if (errors.Count > 0) return ApiResult.Validation(errors);
            message = read;
        }

        return await act(message, code, throttles.ClientOf(req)) switch
        {
            FollowUpOutcome.Found f => ApiResult.Ok(f.View, success),
            FollowUpOutcome.Throttled t => ApiResult.TooMany(t.RetryAfter),
            FollowUpOutcome.Refused r => ApiResult.Conflict(r.Reason),
            _ => ApiResult.NotFound(),
        };
    }
}
