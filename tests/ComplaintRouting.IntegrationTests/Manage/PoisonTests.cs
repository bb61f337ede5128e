using Azure.Storage.Queues;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Manage;
using ComplaintRouting.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Manage;

/// <summary>
/// SPEC §13: <c>GET /api/manage/poison</c> shows what the host gave up on, and
/// <c>POST /api/manage/poison/{queue}/redrive</c> sends it through again: the case is routed once.
/// </summary>
public sealed class PoisonTests : AppWithSettings
{
    /// <summary>A complaint whose routing message the host moved aside after its fifth failure, as the host does it.</summary>
    private async Task<string> GivenUpOnAsync()
    {
        var submitted = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default), Bodies.Complaint().ToJsonString());
        var reference = submitted.Json.GetProperty("reference").GetString()!;
        var queues = Services.GetRequiredService<QueueServiceClient>();
        var routing = queues.GetQueueClient(QueueNames.Routing);
        var poison = queues.GetQueueClient(PoisonQueues.PoisonOf(QueueNames.Routing));
        await poison.CreateIfNotExistsAsync();
        foreach (var message in (await routing.ReceiveMessagesAsync(32)).Value)
        {
            await poison.SendMessageAsync(message.Body);
            await routing.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
        return reference;
    }

    [Fact]
    public async Task A_message_given_up_on_is_listed_with_its_case_and_a_redrive_routes_the_case_once()
    {
        var reference = await GivenUpOnAsync();
        await DrainAsync();
        Assert.Equal("received", (await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!.Case.State.Status.ToApi()); // stuck

        var listed = await AppFixture.CallAsync(r => { r.Method = "GET"; return Function<PoisonFunctions>().List(r, default); });
        Assert.Equal(200, listed.Status);
        var routing = listed.Json.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == QueueNames.Routing);
        Assert.Equal(1, routing.GetProperty("count").GetInt32());
        Assert.Equal(reference, Assert.Single(routing.GetProperty("messages").EnumerateArray()).GetProperty("reference").GetString());
        Assert.All(listed.Json.GetProperty("queues").EnumerateArray().Where(q => q.GetProperty("queue").GetString() != QueueNames.Routing),
            q => Assert.Equal(0, q.GetProperty("count").GetInt32()));
        Assert.DoesNotContain("jane@example.org", listed.Body); // a reference, never the complaint
        await Function<ComplaintRouting.Digest.DigestFunction>().Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), default);
        Assert.Contains("routing-poison", Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi()).Text); // the chair hears of it

        var redriven = await AppFixture.CallAsync(r => Function<PoisonFunctions>().Redrive(r, QueueNames.Routing, default), "");
        Assert.Equal(200, redriven.Status);
        Assert.Equal(1, redriven.Json.GetProperty("redriven").GetInt32());
        Assert.False(redriven.Json.GetProperty("more").GetBoolean());
        await DrainAsync();

        var state = (await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!.Case.State;
        Assert.NotEqual("received", state.Status.ToApi());
        Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ComplainantAcknowledgement.ToApi());
        var again = await AppFixture.CallAsync(r => { r.Method = "GET"; return Function<PoisonFunctions>().List(r, default); });
        Assert.All(again.Json.GetProperty("queues").EnumerateArray(), q => Assert.Equal(0, q.GetProperty("count").GetInt32()));
        Assert.Equal(0, (await AppFixture.CallAsync(r => Function<PoisonFunctions>().Redrive(r, QueueNames.Routing, default), "")).Json.GetProperty("redriven").GetInt32());
    }

    [Fact]
    public async Task A_queue_the_app_does_not_have_is_404_and_moves_nothing()
    {
        await GivenUpOnAsync();
        var unknown = await AppFixture.CallAsync(r => Function<PoisonFunctions>().Redrive(r, "routing-poison", default), "");
        Assert.Equal(404, unknown.Status);
        Assert.StartsWith("application/problem+json", unknown.ContentType);
        var listed = await AppFixture.CallAsync(r => { r.Method = "GET"; return Function<PoisonFunctions>().List(r, default); });
        Assert.Equal(1, listed.Json.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == QueueNames.Routing).GetProperty("count").GetInt32());
    }
}
