using ComplaintRouting.Cases;
using ComplaintRouting.Deadlines;

namespace ComplaintRouting.UnitTests.Deadlines;

public class DeadlinePolicyTests
{
    private static readonly DeadlineSettings Days = new(
        NationalAcknowledge: TimeSpan.FromDays(14), NationalOutcome: TimeSpan.FromDays(90), Grace: TimeSpan.FromDays(14),
        ReminderInterval: TimeSpan.FromDays(7), CommitteeAcknowledge: TimeSpan.FromDays(14), Recommendation: TimeSpan.FromDays(60),
        Decision: TimeSpan.FromDays(30), ComplainantFeedback: TimeSpan.FromDays(90), RespondentReply: TimeSpan.FromDays(30), AppealDecision: TimeSpan.FromDays(60));

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static CaseState State(CaseStatus status, DateTimeOffset? updated = null) => new()
    {
        Reference = "CR-TEST-0001", Status = status, ReceivedAt = T0, UpdatedAt = updated ?? T0,
        ReferredAt = status is CaseStatus.ReferredToNational or CaseStatus.UnderNationalReview ? T0 : null,
        EscalatedAt = status is CaseStatus.EscalatedToCommittee or CaseStatus.UnderCommitteeReview ? T0 : null,
        RecommendedAt = status is CaseStatus.AwaitingDecision ? T0 : null,
    };

    private static DeadlineReport At(CaseState state, TimeSpan after) => DeadlinePolicy.Evaluate(state, Days, T0 + after);

    private static DueReminder[] Reminders(CaseState state, TimeSpan after, ChaseTarget target) =>
        At(state, after).Reminders.Where(r => r.Target == target).ToArray();

    [Fact]
    public void National_acknowledgement_is_chased_at_the_deadline_and_every_interval_then_escalates_after_the_grace()
    {
        var s = State(CaseStatus.ReferredToNational);
        var deadline = TimeSpan.FromDays(14);

        Assert.Empty(Reminders(s, deadline - Tick, ChaseTarget.National));
        Assert.Equal(T0 + deadline, Assert.Single(Reminders(s, deadline, ChaseTarget.National)).DuePoint);
        Assert.Equal(T0 + deadline, Assert.Single(Reminders(s, deadline + TimeSpan.FromDays(7) - Tick, ChaseTarget.National)).DuePoint);
        Assert.Equal(T0 + deadline + TimeSpan.FromDays(7), Assert.Single(Reminders(s, deadline + TimeSpan.FromDays(7), ChaseTarget.National)).DuePoint);

        Assert.Null(At(s, deadline + TimeSpan.FromDays(14) - Tick).Escalation);
        Assert.Equal(EscalationReason.NationalUnresponsive, At(s, deadline + TimeSpan.FromDays(14)).Escalation);
        Assert.Empty(Reminders(s, deadline + TimeSpan.FromDays(14), ChaseTarget.National));
    }

    [Fact]
    public void An_acknowledged_referral_is_not_chased_for_acknowledgement_but_for_its_outcome_one_interval_early()
    {
        var s = State(CaseStatus.UnderNationalReview);

        Assert.Empty(Reminders(s, TimeSpan.FromDays(30), ChaseTarget.National));
        Assert.Null(At(s, TimeSpan.FromDays(30)).Escalation);
        Assert.Empty(Reminders(s, TimeSpan.FromDays(83) - Tick, ChaseTarget.National));
        Assert.Equal(T0 + TimeSpan.FromDays(83), Assert.Single(Reminders(s, TimeSpan.FromDays(83), ChaseTarget.National)).DuePoint);
        Assert.Equal(T0 + TimeSpan.FromDays(90), Assert.Single(Reminders(s, TimeSpan.FromDays(90), ChaseTarget.National)).DuePoint);
        Assert.Null(At(s, TimeSpan.FromDays(104) - Tick).Escalation);
        Assert.Equal(EscalationReason.NationalOverdue, At(s, TimeSpan.FromDays(104)).Escalation);
    }

    [Fact]
    public void The_next_point_is_the_earliest_future_reminder_or_escalation()
    {
        var s = State(CaseStatus.ReferredToNational);

        Assert.Equal(T0 + TimeSpan.FromDays(14), At(s, TimeSpan.Zero).Next);
        Assert.Equal(T0 + TimeSpan.FromDays(21), At(s, TimeSpan.FromDays(14)).Next);
        Assert.Equal(T0 + TimeSpan.FromDays(28), At(s, TimeSpan.FromDays(21)).Next);
    }

    [Fact]
    public void Committee_steps_are_reminded_while_overdue_and_never_escalate()
    {
        var escalated = State(CaseStatus.EscalatedToCommittee);
        Assert.Empty(Reminders(escalated, TimeSpan.FromDays(14) - Tick, ChaseTarget.Committee));
        Assert.Equal(Step.CommitteeAcknowledge, Assert.Single(Reminders(escalated, TimeSpan.FromDays(14), ChaseTarget.Committee)).Step);
        Assert.Equal(2, Reminders(escalated, TimeSpan.FromDays(60), ChaseTarget.Committee).Length); // acknowledgement and recommendation
        Assert.Null(At(escalated, TimeSpan.FromDays(400)).Escalation);

        var reviewing = State(CaseStatus.UnderCommitteeReview);
        Assert.Empty(Reminders(reviewing, TimeSpan.FromDays(59), ChaseTarget.Committee));
        Assert.Equal(Step.Recommendation, Assert.Single(Reminders(reviewing, TimeSpan.FromDays(60), ChaseTarget.Committee)).Step);
        Assert.Equal([Step.Recommendation], At(reviewing, TimeSpan.FromDays(61)).Overdue.Select(o => o.Step));

        // The decision is the Executive Committee's: the reminder goes to it, not to the committee.
        var awaiting = State(CaseStatus.AwaitingDecision);
        Assert.Empty(Reminders(awaiting, TimeSpan.FromDays(30) - Tick, ChaseTarget.Executive));
        Assert.Equal(T0 + TimeSpan.FromDays(37), Assert.Single(Reminders(awaiting, TimeSpan.FromDays(40), ChaseTarget.Executive)).DuePoint);
        Assert.Empty(Reminders(awaiting, TimeSpan.FromDays(40), ChaseTarget.Committee));
    }

    [Fact]
    public void A_complainant_without_news_for_the_feedback_period_is_sent_news_once_per_silence()
    {
        var s = State(CaseStatus.UnderCommitteeReview);

        Assert.Empty(Reminders(s, TimeSpan.FromDays(90) - Tick, ChaseTarget.Complainant));
        Assert.Single(Reminders(s, TimeSpan.FromDays(90), ChaseTarget.Complainant));

        var told = s with { LastNewsAt = T0 + TimeSpan.FromDays(90) };
        Assert.Empty(Reminders(told, TimeSpan.FromDays(179), ChaseTarget.Complainant));
        Assert.Single(Reminders(told, TimeSpan.FromDays(180), ChaseTarget.Complainant));
    }

    [Fact]
    public void Closed_cases_have_no_deadlines()
    {
        foreach (var status in new[] { CaseStatus.Decided, CaseStatus.Withdrawn })
        {
            var report = At(State(status), TimeSpan.FromDays(1000));
            Assert.Empty(report.Reminders);
            Assert.Null(report.Escalation);
            Assert.Null(report.Next);
        }
    }

    [Fact]
    public void Compressing_every_setting_compresses_every_point_and_nothing_else()
    {
        var seconds = new DeadlineSettings(TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(7),
            TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        var s = State(CaseStatus.ReferredToNational);

        for (var day = 0; day <= 120; day++)
        {
            var slow = DeadlinePolicy.Evaluate(s, Days, T0 + TimeSpan.FromDays(day));
            var fast = DeadlinePolicy.Evaluate(s, seconds, T0 + TimeSpan.FromSeconds(day));
            Assert.Equal(slow.Escalation, fast.Escalation);
            Assert.Equal(slow.Reminders.Select(r => (r.Step, (r.DuePoint - T0).TotalDays)), fast.Reminders.Select(r => (r.Step, (r.DuePoint - T0).TotalSeconds)));
        }
    }
}
