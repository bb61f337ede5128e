using ComplaintRouting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Manage;

/// <summary>
/// <c>GET /api/manage/poison</c> and <c>POST /api/manage/poison/{queue}/redrive</c> (function key,
/// SPEC §5, §13): what the queues gave up on, and sending it through again once the cause is mended.
/// </summary>
public sealed class PoisonFunctions(PoisonQueues poison)
{
    [Function("ListPoison")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/poison")] HttpRequest req, CancellationToken cancellationToken) =>
        ApiResult.Ok(new
        {
            queues = (await poison.ListAsync(peek: true, cancellationToken)).Select(q => new
            {
                queue = q.Queue, poisonQueue = q.PoisonQueueName, count = q.Count,
                messages = q.Messages.Select(m => new { id = m.Id, reference = m.Reference, insertedOn = m.InsertedOn, dequeueCount = m.DequeueCount }),
            }),
        });

    [Function("RedrivePoison")]
    public async Task<IActionResult> Redrive(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/poison/{queue}/redrive")] HttpRequest req, string queue, CancellationToken cancellationToken) =>
        await poison.RedriveAsync(queue, cancellationToken) is { } moved
            ? ApiResult.Ok(new { queue, redriven = moved, more = moved == PoisonQueues.MaxPerRedrive })
            : ApiResult.Problem(StatusCodes.Status404NotFound, "No such queue.", $"The work queues are: {string.Join(", ", Storage.StorageInitializer.Queues)}.");
}
