using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.Chasing;
using ComplaintRouting.Digest;
using ComplaintRouting.Directory;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Deadlines;

/// <summary>
/// The timers on Azurite with second-scale deadlines (the SPEC's days as seconds), driven by a
/// clock the test moves: reminders, escalation, stopping when a step is done, no duplicates.
/// </summary>
public sealed class DeadlineTests : AppWithSettings
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        foreach (var (name, seconds) in new[] { ("NationalAcknowledge", 14), ("NationalOutcome", 90), ("Grace", 14), ("ReminderInterval", 7),
                     ("CommitteeAcknowledge", 14), ("Recommendation", 60), ("Decision", 30), ("ComplainantFeedback", 90) })
            settings[$"Deadlines:{name}"] = TimeSpan.FromSeconds(seconds).ToString();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var directory = Services.GetRequiredService<DirectoryStore>();
        await directory.UpsertOrganizationAsync(new Organization("FR-SFPG", "Société française", "FR", "ethique@sfpg.example", "Luc Martin", "fr", true), default);
        await directory.UpsertMemberAsync(new Member("M-3001", "Claire Dubois", "claire@example.org", "FR", "FR-SFPG"), default);
    }

    private async Task<string> ReferAsync()
    {
        var answer = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default),
            Bodies.Complaint(respondent: "Claire Dubois", country: "FR").ToJsonString());
        var reference = answer.Json.GetProperty("reference").GetString()!;
        await DrainAsync();
        return reference;
    }

    private async Task SweepAtAsync(int secondsAfterReferral, DateTimeOffset referredAt)
    {
        App.Clock.SetUtcNow(referredAt + TimeSpan.FromSeconds(secondsAfterReferral));
        await Function<ChaseFunctions>().Sweep(new TimerInfo(), default);
        await DrainAsync();
    }

    private async Task<StoredCase> Load(string reference) =>
        (await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!;

    private int Count(string reference, string kind) => App.Mail.Capture.ForReference(reference).Count(m => m.Kind == kind);

    [Fact]
    public async Task An_unanswered_referral_is_reminded_then_escalated_as_unresponsive_with_its_mails()
    {
        var reference = await ReferAsync();
        var referredAt = (await Load(reference)).Case.State.ReferredAt!.Value;

        await SweepAtAsync(13, referredAt);
        Assert.Equal(0, Count(reference, MailKind.NationalReminder.ToApi()));
        await SweepAtAsync(14, referredAt);
        Assert.Equal(1, Count(reference, MailKind.NationalReminder.ToApi()));
        await SweepAtAsync(20, referredAt);
        Assert.Equal(1, Count(reference, MailKind.NationalReminder.ToApi()));
        await SweepAtAsync(21, referredAt);
        Assert.Equal(2, Count(reference, MailKind.NationalReminder.ToApi()));
        await SweepAtAsync(28, referredAt);

        var stored = await Load(reference);
        Assert.Equal(Cases.CaseStatus.EscalatedToCommittee, stored.Case.Status);
        Assert.Equal(Cases.EscalationReason.NationalUnresponsive, stored.Case.State.EscalationReason);
        Assert.Equal("timer", stored.Events[^1].Actor);
        Assert.Equal(2, Count(reference, MailKind.NationalReminder.ToApi()));
        var escalation = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.Equal(AppFixture.ChairEmail, escalation.To);
        Assert.Equal("ethique@sfpg.example", App.Mail.Capture.ForReference(reference).First(m => m.Kind == MailKind.NationalReminder.ToApi()).To);
    }

    [Fact]
    public async Task An_acknowledged_referral_is_not_chased_for_acknowledgement_and_reminders_stop_when_done()
    {
        var reference = await ReferAsync();
        var referredAt = (await Load(reference)).Case.State.ReferredAt!.Value;
        await Services.GetRequiredService<CaseCommands>().ExecuteAsync(reference, (s, now) => Decision.From(s.Case.AcknowledgeNational(now)), default);

        await SweepAtAsync(40, referredAt);
        Assert.Equal(0, Count(reference, MailKind.NationalReminder.ToApi()));
        Assert.Equal(Cases.CaseStatus.UnderNationalReview, (await Load(reference)).Case.Status);

        await SweepAtAsync(83, referredAt); // one interval before the outcome deadline
        Assert.Equal(1, Count(reference, MailKind.NationalReminder.ToApi()));

        await Services.GetRequiredService<CaseCommands>().ExecuteAsync(reference,
            (s, now) => Decision.From(s.Case.RecordNationalOutcome(Cases.NationalDetermination.Upheld, "Upheld after hearing.", now)), default);
        await SweepAtAsync(97, referredAt);
        await SweepAtAsync(104, referredAt);
        Assert.Equal(1, Count(reference, MailKind.NationalReminder.ToApi()));
        Assert.Equal(Cases.EscalationReason.NationalConcluded, (await Load(reference)).Case.State.EscalationReason);
    }

    [Fact]
    public async Task An_overdue_decision_reminds_the_Executive_Committee_through_its_own_link_and_not_the_chair()
    {
        var reference = await ReferAsync();
        var commands = Services.GetRequiredService<CaseCommands>();
        await commands.ExecuteAsync(reference, (s, now) => Decision.From(s.Case.RecordNationalOutcome(Cases.NationalDetermination.Upheld, "Upheld.", now)), default);
        await commands.ExecuteAsync(reference, (s, now) => Decision.From(s.Case.AcknowledgeCommittee(now)), default);
        await commands.ExecuteAsync(reference, (s, now) => Decision.From(s.Case.Recommend(Cases.Verdict.NotJustified, "No breach.", now, TimeSpan.FromSeconds(30))), default);
        await DrainAsync();
        var recommendedAt = (await Load(reference)).Case.State.RecommendedAt!.Value;
        var committeeReminders = Count(reference, MailKind.CommitteeReminder.ToApi());

        await SweepAtAsync(29, recommendedAt);
        Assert.Equal(0, Count(reference, MailKind.ExecutiveReminder.ToApi()));
        await SweepAtAsync(30, recommendedAt);

        var reminder = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ExecutiveReminder.ToApi());
        Assert.Equal(AppFixture.ExecutiveEmail, reminder.To);
        Assert.Contains($"{AppFixture.PublicBaseUrl}/api/executive/cases/", reminder.Text);
        Assert.Equal(committeeReminders, Count(reference, MailKind.CommitteeReminder.ToApi()));
    }

    [Fact]
    public async Task Two_sweeps_at_once_and_a_late_one_send_each_reminder_once()
    {
        var reference = await ReferAsync();
        var referredAt = (await Load(reference)).Case.State.ReferredAt!.Value;
        App.Clock.SetUtcNow(referredAt + TimeSpan.FromSeconds(15));

        await Task.WhenAll(Function<ChaseFunctions>().Sweep(new TimerInfo(), default), Function<ChaseFunctions>().Sweep(new TimerInfo(), default));
        var client = Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(QueueNames.Chase);
        var messages = (await client.ReceiveMessagesAsync(32)).Value;
        await Task.WhenAll(messages.Select(m => Task.Run(() => Function<ChaseFunctions>().Chase(m.Body.ToString(), default))));
        foreach (var m in messages) await client.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        await DrainAsync();
        await Function<ChaseFunctions>().Sweep(new TimerInfo(), default);
        await DrainAsync();

        Assert.True(messages.Length >= 2);
        Assert.Equal(1, Count(reference, MailKind.NationalReminder.ToApi()));
    }

    [Fact]
    public async Task The_digest_lists_open_cases_urgent_first_with_links_and_is_sent_once_for_an_occurrence()
    {
        var reference = await ReferAsync();
        var urgent = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default),
            Bodies.Complaint(respondent: "Nobody Urgent", sections: ["1.4"]).ToJsonString());
        var urgentReference = urgent.Json.GetProperty("reference").GetString()!;
        await DrainAsync();

        await Task.WhenAll(Function<DigestFunction>().Run(new TimerInfo(), default), Function<DigestFunction>().Run(new TimerInfo(), default));
        await Function<DigestFunction>().Run(new TimerInfo(), default);

        var digest = Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi());
        Assert.Equal(AppFixture.ChairEmail, digest.To);
        Assert.Null(digest.Reference);
        Assert.Contains(reference, digest.Text);
        Assert.True(digest.Text.IndexOf(urgentReference, StringComparison.Ordinal) < digest.Text.IndexOf(reference, StringComparison.Ordinal));
        Assert.Contains($"{AppFixture.PublicBaseUrl}/api/workspace/cases/{reference}?lang=", digest.Text);
        Assert.DoesNotContain("/api/committee/cases/", digest.Text);
        Assert.Contains("<table", digest.Html);
    }

    [Fact]
    public async Task The_digest_is_correct_when_nothing_is_open()
    {
        await Function<DigestFunction>().Run(new TimerInfo(), default);

        var digest = Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi());
        Assert.Contains("no open cases", digest.Text);
    }
}
