using ComplaintRouting.Cases;

namespace ComplaintRouting.Deadlines;

/// <summary>SPEC §4 deadlines, each a setting (<c>Deadlines__NAME</c>).</summary>
public sealed record DeadlineSettings(
    TimeSpan NationalAcknowledge,
    TimeSpan NationalOutcome,
    TimeSpan Grace,
    TimeSpan ReminderInterval,
    TimeSpan CommitteeAcknowledge,
    TimeSpan Recommendation,
    TimeSpan Decision,
    TimeSpan ComplainantFeedback,
    TimeSpan RespondentReply,
    TimeSpan AppealDecision);

/// <summary>The steps that have a deadline.</summary>
public enum Step
{
    NationalAcknowledge,
    NationalOutcome,
    CommitteeAcknowledge,
    Recommendation,
    Decision,
    ComplainantFeedback,
    RespondentReply,
    AppealDecision,
}

/// <summary>Who a chasing mail goes to.</summary>
public enum ChaseTarget
{
    National,
    Committee,
    Executive,
    Complainant,
    /// <summary>The member complained about: reminded of their reply window, never chased past it.</summary>
    Respondent,
}

/// <summary>A reminder (or complainant update) due at a precise point; the point makes it unique, so it is sent once.</summary>
public sealed record DueReminder(Step Step, ChaseTarget Target, DateTimeOffset DuePoint);

/// <summary>What is due on a case now, and when to look at it next.</summary>
public sealed record DeadlineReport(IReadOnlyList<DueReminder> Reminders, EscalationReason? Escalation, DateTimeOffset? Next, IReadOnlyList<Overdue> Overdue);

/// <summary>A step past its deadline, for the digest.</summary>
public sealed record Overdue(Step Step, DateTimeOffset Deadline);

/// <summary>
/// Deadline arithmetic (SPEC §4), pure: from the case's state (each step's start is recorded on
/// it) and the settings, which reminders are due now, whether the case must escalate, and when
/// the next point falls. Every point is start + a multiple of the settings, so compressing the
/// settings compresses the whole process and nothing else changes.
/// </summary>
public static class DeadlinePolicy
{
    /// <param name="LastReminder">No reminder after this point (the member is reminded before and at the deadline only).</param>
    private sealed record Schedule(Step Step, ChaseTarget Target, DateTimeOffset Deadline, DateTimeOffset FirstReminder, DateTimeOffset? EscalateAt, EscalationReason? Reason,
        DateTimeOffset? LastReminder = null);

    public static DeadlineReport Evaluate(CaseState state, DeadlineSettings s, DateTimeOffset now)
    {
        var reminders = new List<DueReminder>();
        var overdue = new List<Overdue>();
        EscalationReason? escalation = null;
        DateTimeOffset? next = null;

        foreach (var schedule in Schedules(state, s))
        {
            // The member's window closing is not a failing of anyone's: it is never "overdue".
            if (schedule.Deadline <= now && schedule.Target is not (ChaseTarget.Complainant or ChaseTarget.Respondent)) overdue.Add(new Overdue(schedule.Step, schedule.Deadline));

            if (schedule.EscalateAt is { } escalateAt && escalateAt <= now)
            {
                escalation ??= schedule.Reason;
                continue;
            }

            // Reminders fall at the first point and every interval after it; complainant news once per silence.
            var until = schedule.LastReminder is { } last && last < now ? last : now;
            var latest = schedule.Target == ChaseTarget.Complainant
                ? (schedule.FirstReminder <= now ? schedule.FirstReminder : null)
                : LatestPointAtOrBefore(schedule.FirstReminder, s.ReminderInterval, until);
            if (latest is { } point) reminders.Add(new DueReminder(schedule.Step, schedule.Target, point));

            DateTimeOffset? upcoming = latest is null ? schedule.FirstReminder
                : schedule.Target == ChaseTarget.Complainant ? null
                : latest.Value + s.ReminderInterval;
            if (schedule.LastReminder is { } stop && upcoming > stop) upcoming = null;
            if (schedule.EscalateAt is { } e && (upcoming is null || e < upcoming)) upcoming = e;
            if (upcoming is { } u && (next is null || u < next)) next = u;
        }

        // Once escalating, the national reminders are moot: the case is leaving the national step.
        if (escalation is not null) reminders.RemoveAll(r => r.Target == ChaseTarget.National);
        return new DeadlineReport(reminders, escalation, next, overdue);
    }

    private static IEnumerable<Schedule> Schedules(CaseState state, DeadlineSettings s)
    {
        if (CaseLifecycle.IsFinal(state.Status)) yield break;

        if (state.ReferredAt is { } referred && state.Status is CaseStatus.ReferredToNational or CaseStatus.UnderNationalReview)
        {
            if (state.Status == CaseStatus.ReferredToNational)
            {
                var ack = referred + s.NationalAcknowledge;
                yield return new Schedule(Step.NationalAcknowledge, ChaseTarget.National, ack, ack, ack + s.Grace, EscalationReason.NationalUnresponsive);
            }
            var outcome = referred + s.NationalOutcome;
            yield return new Schedule(Step.NationalOutcome, ChaseTarget.National, outcome, outcome - s.ReminderInterval, outcome + s.Grace, EscalationReason.NationalOverdue);
        }

        if (state.EscalatedAt is { } escalated && state.Status is CaseStatus.EscalatedToCommittee or CaseStatus.UnderCommitteeReview)
        {
            if (state.Status == CaseStatus.EscalatedToCommittee)
            {
                var ack = escalated + s.CommitteeAcknowledge;
                yield return new Schedule(Step.CommitteeAcknowledge, ChaseTarget.Committee, ack, ack, null, null);
            }
            var recommendation = escalated + s.Recommendation;
            yield return new Schedule(Step.Recommendation, ChaseTarget.Committee, recommendation, recommendation, null, null);
        }

        if (state.RecommendedAt is { } recommended && state.Status == CaseStatus.AwaitingDecision)
        {
            var decision = recommended + s.Decision;
            yield return new Schedule(Step.Decision, ChaseTarget.Executive, decision, decision, null, null);
        }

        // The member's reply window: reminded one interval before it closes and when it closes, no more.
        if (state.RespondentNotifiedAt is { } notified && state.RespondentRepliedAt is null
            && state.Status is CaseStatus.UnderCommitteeReview or CaseStatus.AwaitingDecision)
        {
            var reply = notified + s.RespondentReply;
            var first = reply - s.ReminderInterval > notified ? reply - s.ReminderInterval : reply;
            yield return new Schedule(Step.RespondentReply, ChaseTarget.Respondent, reply, first, null, null, LastReminder: reply);
        }

        if (state.AppealedAt is { } appealed && state.Status == CaseStatus.UnderAppeal)
        {
            var appealDecision = appealed + s.AppealDecision;
            yield return new Schedule(Step.AppealDecision, ChaseTarget.Executive, appealDecision, appealDecision, null, null);
        }

        // News to the complainant: any change they can see, or the last update we sent them.
        var lastNews = state.LastNewsAt is { } news && news > state.UpdatedAt ? news : state.UpdatedAt;
        var feedback = lastNews + s.ComplainantFeedback;
        yield return new Schedule(Step.ComplainantFeedback, ChaseTarget.Complainant, feedback, feedback, null, null);
    }

    private static DateTimeOffset? LatestPointAtOrBefore(DateTimeOffset first, TimeSpan interval, DateTimeOffset now)
    {
        if (now < first) return null;
        if (interval <= TimeSpan.Zero) return first;
        var steps = (now - first).Ticks / interval.Ticks;
        return first + TimeSpan.FromTicks(steps * interval.Ticks);
    }
}
