using ComplaintRouting.Cases;
using ComplaintRouting.Deadlines;
using ComplaintRouting.Storage;

namespace ComplaintRouting.IntegrationTests.Storage;

/// <summary>
/// The digest's figures come from the summary's rows (issue 17): for every state on the way through the
/// lifecycle, the deadline policy says of <see cref="OpenCase.AsState"/> exactly what it says of the case.
/// </summary>
public sealed class OpenCaseDeadlineTests
{
    private static readonly DeadlineSettings Settings = new(
        TimeSpan.FromDays(14), TimeSpan.FromDays(90), TimeSpan.FromDays(14), TimeSpan.FromDays(7), TimeSpan.FromDays(14),
        TimeSpan.FromDays(60), TimeSpan.FromDays(30), TimeSpan.FromDays(90), TimeSpan.FromDays(21), TimeSpan.FromDays(30));

    private static IEnumerable<CaseState> Lifecycle()
    {
        var t = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var window = Settings.RespondentReply;
        var @case = Case.Receive("CR-SUMM-0001", t, "en", urgent: true);
        yield return @case.State;
        var steps = new Func<DateTimeOffset, CaseResult>[]
        {
            now => @case.ReferToNational("DE-L", now),
            now => @case.AcknowledgeNational(now),
            now => @case.RecordNationalOutcome(NationalDetermination.Upheld, "summary", now),
            now => @case.AcknowledgeCommittee(now),
            now => @case.Assign("member-1", false, now),
            now => @case.NotifyRespondent(true, now),
            now => @case.Reply("reply", now),
            now => @case.Recommend(Verdict.Warning, "rationale", now, window),
            now => @case.Decide(Verdict.Warning, "statement", now, window),
            now => @case.Appeal("grounds", now, TimeSpan.FromDays(30)),
        };
        foreach (var step in steps)
        {
            t = t.AddDays(9);
            Assert.True(step(t).Succeeded);
            yield return @case.State with { ChaseDue = DeadlinePolicy.Evaluate(@case.State, Settings, t).Next };
        }
    }

    [Fact]
    public void The_deadline_policy_says_the_same_of_the_summary_as_of_the_case()
    {
        var states = Lifecycle().ToList();
        Assert.Contains(states, s => s.Status == CaseStatus.UnderAppeal);
        foreach (var state in states)
        {
            var summary = OpenCase.Of(state, 7, Settings.RespondentReply).AsState();
            Assert.Equal(state.ReplyDue(Settings.RespondentReply), summary.ReplyDue(Settings.RespondentReply));
            foreach (var days in new[] { 0, 5, 15, 30, 45, 70, 95, 120, 200 })
            {
                var now = state.UpdatedAt.AddDays(days);
                var (expected, actual) = (DeadlinePolicy.Evaluate(state, Settings, now), DeadlinePolicy.Evaluate(summary, Settings, now));
                Assert.Equal(expected.Overdue, actual.Overdue);
                Assert.Equal(expected.Reminders, actual.Reminders);
                Assert.Equal(expected.Escalation, actual.Escalation);
                Assert.Equal(expected.Next, actual.Next);
            }
        }
    }
}
