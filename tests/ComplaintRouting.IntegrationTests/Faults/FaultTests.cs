using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ComplaintRouting.Digest;
using ComplaintRouting.Email;
using ComplaintRouting.Intake;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Faults;

/// <summary>Faults injected from outside the code under test: no case lost, no mail twice, the right final state.</summary>
public sealed class FaultTests : AppWithSettings
{
    private readonly FaultPolicy _faults = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<HttpPipelinePolicy>(_faults);

    protected override void Configure(Dictionary<string, string?> settings) => settings["SendGrid:Timeout"] = "00:00:01";

    private async Task<int> CaseCount() =>
        await App.Table(CaseStore.TableName).QueryAsync<TableEntity>(e => e.RowKey == "case", select: ["RowKey"]).CountAsync();

    [Fact]
    public async Task Storage_unavailable_during_intake_answers_503_with_retry_after_and_writes_nothing()
    {
        var before = await CaseCount();
        _faults.Fail = m => m.Request.Uri.Host == "127.0.0.1" && m.Request.Uri.Port == App.Azurite.TablePort;

        var answer = await AppFixture.CallAsync(r => Function<IntakeFunction>().Run(r, default), Bodies.Complaint().ToJsonString());

        _faults.Fail = _ => false;
        Assert.Equal(503, answer.Status);
        Assert.True(int.Parse(answer.Headers.RetryAfter.ToString()) > 0);
        Assert.Equal(before, await CaseCount());
        Assert.Empty((await App.Queue(QueueNames.Routing).PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task A_lost_queue_put_after_the_case_is_stored_still_answers_202_and_the_case_is_routed_by_the_re_drive()
    {
        _faults.Fail = m => m.Request.Uri.Port == App.Azurite.QueuePort && m.Request.Method == Azure.Core.RequestMethod.Post;
        var answer = await AppFixture.CallAsync(r => Function<IntakeFunction>().Run(r, default), Bodies.Complaint(respondent: "Queue Lost").ToJsonString());
        _faults.Fail = _ => false;
        Assert.Equal(202, answer.Status);
        var reference = answer.Json.GetProperty("reference").GetString()!;

        App.Clock.Advance(TimeSpan.Parse(SettingDefaults.Values["Schedules:RedriveAfter"]!) + TimeSpan.FromSeconds(1));
        await Function<ComplaintRouting.Redrive.RedriveFunction>().Run(new TimerInfo(), default);
        await DrainAsync();

        Assert.Equal(Cases.CaseStatus.EscalatedToCommittee, (await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!.Case.Status);
        Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
    }

    [Fact]
    public async Task A_lost_mail_queue_put_after_routing_is_re_driven_by_the_entry_written_at_intake()
    {
        var answer = await AppFixture.CallAsync(r => Function<IntakeFunction>().Run(r, default), Bodies.Complaint(respondent: "Mail Put Lost").ToJsonString());
        var reference = answer.Json.GetProperty("reference").GetString()!;
        _faults.Fail = m => m.Request.Uri.Port == App.Azurite.QueuePort && m.Request.Method == Azure.Core.RequestMethod.Post && m.Request.Uri.Path.Contains("/mail/");
        await DrainAsync(); // routed; the mail message is lost
        _faults.Fail = _ => false;
        Assert.Empty(App.Mail.Capture.ForReference(reference));

        App.Clock.Advance(TimeSpan.Parse(SettingDefaults.Values["Schedules:RedriveAfter"]!) + TimeSpan.FromSeconds(1));
        await Function<ComplaintRouting.Redrive.RedriveFunction>().Run(new TimerInfo(), default);
        await DrainAsync();

        Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ComplainantAcknowledgement.ToApi());
    }

    [Theory]
    [InlineData(429, "1")]
    [InlineData(500, null)]
    [InlineData(503, "600")]
    public async Task SendGrid_refusing_for_now_gets_the_mail_sent_once_later(int status, string? retryAfter)
    {
        var answer = await AppFixture.CallAsync(r => Function<IntakeFunction>().Run(r, default), Bodies.Complaint(respondent: $"Sendgrid {status}").ToJsonString());
        var reference = answer.Json.GetProperty("reference").GetString()!;
        var headers = retryAfter is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Retry-After"] = retryAfter };
        App.Mail.Capture.RespondWith(attempt => attempt <= 2 ? (status, headers) : null);

        await DrainAsync();
        App.Mail.Capture.RespondWith(null);
        await DrainAsync(); // a long Retry-After gives the message back to the queue; the next delivery sends it

        Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ComplainantAcknowledgement.ToApi());
        Assert.All((await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!.Work, w => Assert.True(w.IsDone));
    }

    [Fact(Timeout = 60_000)] // without SendGrid__Timeout (1 s here) the client's HttpClient would wait its default 100 s on each hung call
    public async Task SendGrid_hanging_past_the_timeout_gets_each_mail_sent_once_later()
    {
        var answer = await AppFixture.CallAsync(r => Function<IntakeFunction>().Run(r, default), Bodies.Complaint(respondent: "Sendgrid Hangs").ToJsonString());
        var reference = answer.Json.GetProperty("reference").GetString()!;
        App.Mail.Capture.StallWith(attempt => attempt <= 2 ? Timeout.InfiniteTimeSpan : null); // never answered, never accepted

        await DrainAsync(); // the timed-out sends give their steps back; the message's retry sends them

        Assert.Equal(4, App.Mail.Capture.Attempts); // two that hung, two accepted
        Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ComplainantAcknowledgement.ToApi());
        Assert.All((await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!.Work, w => Assert.True(w.IsDone));
    }

    [Fact]
    public async Task Messages_stuck_in_a_poison_queue_are_reported_in_the_digest()
    {
        var poison = App.Queue(QueueNames.Mail + "-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("CR-POIS-0001|mail.committee-escalation.chair.e2");

        await Function<DigestFunction>().Run(new TimerInfo(), default);

        var digest = Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi());
        Assert.Contains("mail-poison", digest.Text);
    }
}
