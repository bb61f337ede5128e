using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting;

public sealed class Ping
{
    [Function("Ping")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ping/{name}")] HttpRequest req, string name) => new OkObjectResult(new { name });

    [Function("PingQueue")]
    public Task RunQueue([QueueTrigger("ping")] string message, CancellationToken cancellationToken) => Task.CompletedTask;

    [Function("PingTimer")]
    public Task RunTimer([TimerTrigger("%Schedules:Chase%")] TimerInfo timer, CancellationToken cancellationToken) => Task.CompletedTask;
}
