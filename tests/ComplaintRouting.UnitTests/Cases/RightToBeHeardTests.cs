using ComplaintRouting.Cases;
using ComplaintRouting.Consequences;
using ComplaintRouting.Deadlines;

namespace ComplaintRouting.UnitTests.Cases;

/// <summary>SPEC §9: no sanction before the member is heard; one reply; an appeal of a sanction within its window, decided once.</summary>
public class RightToBeHeardTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Reply = TimeSpan.FromDays(30);
    private static readonly TimeSpan AppealWindow = TimeSpan.FromDays(30);

    private static Case UnderReview()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        @case.IdentifyRespondent("M-1001");
        @case.ReferToNational("DE-1", Now);
        @case.RecordNationalOutcome(NationalDetermination.Upheld, "Upheld.", Now);
        @case.AcknowledgeCommittee(Now);
        return @case;
    }

    private static IReadOnlyList<(MailKind, Recipient)> Mails(Case @case) =>
        ConsequencePolicy.AfterTransition(@case.NewEvents[^1], @case.State, complainantReachable: true).Select(s => (s.Kind, s.To)).ToList();

    [Theory]
    [InlineData(Verdict.Reminder)]
    [InlineData(Verdict.Warning)]
    [InlineData(Verdict.Expulsion)]
    public void A_sanction_is_refused_until_the_member_was_notified_and_replied_or_the_window_closed(Verdict sanction)
    {
        var @case = UnderReview();
        Assert.Contains("notify", @case.Recommend(sanction, "Serious.", Now, Reply).Refusal);
        Assert.True(@case.NotifyRespondent(reachable: true, Now).Succeeded);
        Assert.Contains("may reply until", @case.Recommend(sanction, "Serious.", Now.AddDays(29), Reply).Refusal);
        Assert.True(@case.Recommend(sanction, "Serious.", Now.AddDays(30), Reply).Succeeded); // the window closed
    }

    [Fact]
    public void A_reply_hears_the_member_at_once_and_there_is_only_one()
    {
        var @case = UnderReview();
        Assert.Contains("not been notified", @case.Reply("Too early.", Now).Refusal);
        @case.NotifyRespondent(reachable: true, Now);
        Assert.Equal([(MailKind.RespondentNotice, Recipient.Respondent)], Mails(@case));
        Assert.True(@case.Reply("I dispute this.", Now.AddDays(2)).Succeeded);
        Assert.Equal([(MailKind.CommitteeRespondentReply, Recipient.Chair)], Mails(@case));
        Assert.Contains("one reply", @case.Reply("And another thing.", Now.AddDays(3)).Refusal);
        Assert.True(@case.Recommend(Verdict.Warning, "Serious.", Now.AddDays(3), Reply).Succeeded);
        Assert.Equal("I dispute this.", @case.State.RespondentReply);
    }

    [Fact]
    public void Not_justified_needs_no_notice_and_a_member_who_cannot_be_reached_cannot_be_notified()
    {
        var @case = UnderReview();
        Assert.Contains("not identified", @case.NotifyRespondent(reachable: false, Now).Refusal);
        Assert.True(@case.Recommend(Verdict.NotJustified, "No breach.", Now, Reply).Succeeded);
        Assert.True(@case.Decide(Verdict.NotJustified, "No breach.", Now, Reply).Succeeded);
        Assert.Contains("Only a reminder, a warning or an expulsion", @case.Appeal("Why?", Now, AppealWindow).Refusal);
    }

    [Fact]
    public void A_decision_tells_everyone_an_appeal_goes_to_the_Executive_Committee_and_its_outcome_is_final_and_told_again()
    {
        var @case = UnderReview();
        @case.NotifyRespondent(reachable: true, Now);
        @case.Reply("I dispute this.", Now);
        @case.Recommend(Verdict.Warning, "Serious.", Now, Reply);
        @case.Decide(Verdict.Warning, "A warning.", Now.AddDays(1), Reply);
        var told = new[] { (MailKind.ComplainantUpdate, Recipient.Complainant), (MailKind.RespondentDecision, Recipient.Respondent), (MailKind.NationalDecision, Recipient.National) };
        Assert.Equal(told, Mails(@case));

        Assert.Contains("window closed", @case.Appeal("Late.", Now.AddDays(32), AppealWindow).Refusal);
        Assert.Contains("cannot be appealed", @case.Appeal("Off.", Now.AddDays(2), TimeSpan.Zero).Refusal);
        Assert.True(@case.Appeal("Too harsh.", Now.AddDays(31), AppealWindow).Succeeded);
        Assert.Equal((CaseStatus.UnderAppeal, (DateTimeOffset?)null), (@case.Status, @case.State.ClosedAt));
        Assert.Equal([(MailKind.ExecutiveAppeal, Recipient.Executive)], Mails(@case));

        Assert.Contains("needs the new decision", @case.DecideAppeal(AppealOutcome.Varied, null, "Lesser.", Now.AddDays(40)).Refusal);
        Assert.True(@case.DecideAppeal(AppealOutcome.Varied, Verdict.Reminder, "A reminder instead.", Now.AddDays(40)).Succeeded);
        Assert.Equal((CaseStatus.Decided, Verdict.Reminder, AppealOutcome.Varied), (@case.Status, @case.State.Decision, @case.State.AppealOutcome));
        Assert.Equal(told, Mails(@case));
        Assert.Contains("final", @case.Appeal("Again.", Now.AddDays(41), AppealWindow).Refusal);
    }

    [Theory]
    [InlineData(AppealOutcome.Upheld, Verdict.Expulsion)]
    [InlineData(AppealOutcome.Overturned, Verdict.NotJustified)]
    public void An_upheld_decision_stands_and_an_overturned_one_becomes_not_justified(AppealOutcome outcome, Verdict final)
    {
        var @case = UnderReview();
        @case.NotifyRespondent(reachable: true, Now);
        @case.Reply("No.", Now);
        @case.Recommend(Verdict.Expulsion, "Grave.", Now, Reply);
        @case.Decide(Verdict.Expulsion, "Expelled.", Now, Reply);
        @case.Appeal("Unfair.", Now, AppealWindow);
        @case.DecideAppeal(outcome, null, "Decided.", Now.AddDays(10));

        Assert.Equal(final, @case.State.Decision);
        Assert.Equal(["executive", "respondent", "executive"], @case.NewEvents.TakeLast(3).Select(e => e.Actor));
    }

    private static readonly DeadlineSettings Settings = new(TimeSpan.FromDays(14), TimeSpan.FromDays(90), TimeSpan.FromDays(14), TimeSpan.FromDays(7),
        TimeSpan.FromDays(14), TimeSpan.FromDays(60), TimeSpan.FromDays(30), TimeSpan.FromDays(90), Reply, TimeSpan.FromDays(60));

    [Fact]
    public void The_member_is_reminded_a_week_before_and_on_the_day_the_window_closes_and_never_after()
    {
        var @case = UnderReview();
        @case.NotifyRespondent(reachable: true, Now);
        DueReminder[] At(int days) => [.. DeadlinePolicy.Evaluate(@case.State, Settings, Now.AddDays(days)).Reminders.Where(r => r.Target == ChaseTarget.Respondent)];

        Assert.Empty(At(22));
        Assert.Equal(Now.AddDays(23), Assert.Single(At(23)).DuePoint);
        Assert.Equal(Now.AddDays(30), Assert.Single(At(30)).DuePoint);
        Assert.Equal(Now.AddDays(30), Assert.Single(At(60)).DuePoint); // the last one, not a new one
        Assert.DoesNotContain(DeadlinePolicy.Evaluate(@case.State, Settings, Now.AddDays(31)).Overdue, o => o.Step == Step.RespondentReply);
        Assert.Equal((MailKind.RespondentReminder, Recipient.Respondent), ConsequencePolicy.Reminder(At(30)[0], true) is { } m ? (m.Kind, m.To) : default);

        @case.Reply("Here.", Now.AddDays(24));
        Assert.DoesNotContain(DeadlinePolicy.Evaluate(@case.State, Settings, Now.AddDays(30)).Reminders, r => r.Target == ChaseTarget.Respondent);
    }

    [Fact]
    public void An_appeal_not_decided_in_time_reminds_the_Executive_Committee()
    {
        var @case = UnderReview();
        @case.Recommend(Verdict.NotJustified, "x", Now, Reply);
        @case.NotifyRespondent(true, Now); // refused: not under review any more
        var decided = new Case(@case.State with { Status = CaseStatus.Decided, Decision = Verdict.Warning, DecidedAt = Now });
        decided.Appeal("Unfair.", Now, AppealWindow);

        var report = DeadlinePolicy.Evaluate(decided.State, Settings, Now.AddDays(60));
        Assert.Equal(Step.AppealDecision, Assert.Single(report.Reminders, r => r.Target == ChaseTarget.Executive).Step);
        Assert.Contains(report.Overdue, o => o.Step == Step.AppealDecision);
    }
}
