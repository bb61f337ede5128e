using ComplaintRouting.Cases;

namespace ComplaintRouting.Deadlines;

/// <summary>One step of a case against its deadline: when it began, when it was due, when it ended (null while it runs).</summary>
public sealed record TimelineStep(Step Step, DateTimeOffset Start, DateTimeOffset Due, DateTimeOffset? End)
{
    /// <summary>How far past its deadline the step ran (or runs, at <paramref name="now"/>); null when within it.</summary>
    public TimeSpan? LateBy(DateTimeOffset now) => (End ?? now) is var end && end > Due ? end - Due : null;
}

/// <summary>
/// A case's history as the steps of SPEC §4, each against its deadline — the workspace's case
/// timeline. The steps come from the case's transitions: entering a status begins the steps it
/// has (the national outcome counts from the referral, as <see cref="DeadlinePolicy"/> counts it;
/// the recommendation from the escalation), leaving it ends them. The member's reply window runs
/// from the notice to the reply.
/// </summary>
public static class StepTimeline
{
    public static IReadOnlyList<TimelineStep> Of(IEnumerable<CaseEvent> events, CaseState state, DeadlineSettings s)
    {
        var steps = new List<TimelineStep>();
        var running = new Dictionary<Step, (DateTimeOffset Start, DateTimeOffset Due)>();
        foreach (var e in events.Where(e => e.IsTransition).OrderBy(e => e.Sequence))
        {
            var before = StepsOf(e.From);
            var after = StepsOf(e.To);
            foreach (var step in before.Except(after))
                if (running.Remove(step, out var r)) steps.Add(new TimelineStep(step, r.Start, r.Due, e.At));
            foreach (var step in after.Except(before))
                running[step] = (e.At, e.At + Allowed(step, s));
        }
        steps.AddRange(running.Select(r => new TimelineStep(r.Key, r.Value.Start, r.Value.Due, null)));
        if (state.RespondentNotifiedAt is { } notified)
            steps.Add(new TimelineStep(Step.RespondentReply, notified, notified + s.RespondentReply, state.RespondentRepliedAt));
        return steps.OrderBy(t => t.Start).ThenBy(t => t.Step).ToList();
    }

    private static Step[] StepsOf(CaseStatus? status) => status switch
    {
        CaseStatus.ReferredToNational => [Step.NationalAcknowledge, Step.NationalOutcome],
        CaseStatus.UnderNationalReview => [Step.NationalOutcome],
        CaseStatus.EscalatedToCommittee => [Step.CommitteeAcknowledge, Step.Recommendation],
        CaseStatus.UnderCommitteeReview => [Step.Recommendation],
        CaseStatus.AwaitingDecision => [Step.Decision],
        CaseStatus.UnderAppeal => [Step.AppealDecision],
        _ => [],
    };

    private static TimeSpan Allowed(Step step, DeadlineSettings s) => step switch
    {
        Step.NationalAcknowledge => s.NationalAcknowledge,
        Step.NationalOutcome => s.NationalOutcome,
        Step.CommitteeAcknowledge => s.CommitteeAcknowledge,
        Step.Recommendation => s.Recommendation,
        Step.Decision => s.Decision,
        Step.AppealDecision => s.AppealDecision,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not a step a status runs."),
    };
}
