using ComplaintRouting.Cases;
using ComplaintRouting.Deadlines;

namespace ComplaintRouting.UnitTests.Deadlines;

public class StepTimelineTests
{
    private static readonly DeadlineSettings Days = new(
        NationalAcknowledge: TimeSpan.FromDays(14), NationalOutcome: TimeSpan.FromDays(90), Grace: TimeSpan.FromDays(14),
        ReminderInterval: TimeSpan.FromDays(7), CommitteeAcknowledge: TimeSpan.FromDays(14), Recommendation: TimeSpan.FromDays(60),
        Decision: TimeSpan.FromDays(30), ComplainantFeedback: TimeSpan.FromDays(90), RespondentReply: TimeSpan.FromDays(30), AppealDecision: TimeSpan.FromDays(60));

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CaseEvent Move(int sequence, int day, CaseStatus? from, CaseStatus to) => new(sequence, T0.AddDays(day), from, to, "system", null);

    [Fact]
    public void Each_status_begins_its_steps_and_leaving_it_ends_them_the_national_outcome_counting_from_the_referral()
    {
        CaseEvent[] events =
        [
            Move(1, 0, null, CaseStatus.Received),
            Move(2, 0, CaseStatus.Received, CaseStatus.ReferredToNational),
            Move(3, 20, CaseStatus.ReferredToNational, CaseStatus.UnderNationalReview), // acknowledged 6 days late
            new(4, T0.AddDays(30), CaseStatus.UnderNationalReview, CaseStatus.UnderNationalReview, "national", "a note", CaseActivity.Noted),
            Move(5, 100, CaseStatus.UnderNationalReview, CaseStatus.EscalatedToCommittee),
            Move(6, 105, CaseStatus.EscalatedToCommittee, CaseStatus.UnderCommitteeReview),
        ];
        var state = new CaseState { Reference = "CR-TEST-0001", Status = CaseStatus.UnderCommitteeReview, ReceivedAt = T0, UpdatedAt = T0.AddDays(105) };

        var steps = StepTimeline.Of(events, state, Days);

        Assert.Equal(
            [
                new TimelineStep(Step.NationalAcknowledge, T0, T0.AddDays(14), T0.AddDays(20)),
                new TimelineStep(Step.NationalOutcome, T0, T0.AddDays(90), T0.AddDays(100)),
                new TimelineStep(Step.CommitteeAcknowledge, T0.AddDays(100), T0.AddDays(114), T0.AddDays(105)),
                new TimelineStep(Step.Recommendation, T0.AddDays(100), T0.AddDays(160), null),
            ],
            steps);
        Assert.Equal(TimeSpan.FromDays(6), steps[0].LateBy(T0.AddDays(200)));
        Assert.Null(steps[2].LateBy(T0.AddDays(200)));
        Assert.Null(steps[3].LateBy(T0.AddDays(160)));
        Assert.Equal(TimeSpan.FromDays(1), steps[3].LateBy(T0.AddDays(161))); // still running: late by now
    }

    [Fact]
    public void The_members_reply_window_runs_from_the_notice_to_the_reply()
    {
        var state = new CaseState
        {
            Reference = "CR-TEST-0001", Status = CaseStatus.UnderCommitteeReview, ReceivedAt = T0, UpdatedAt = T0,
            RespondentNotifiedAt = T0.AddDays(3), RespondentRepliedAt = T0.AddDays(10),
        };

        var reply = Assert.Single(StepTimeline.Of([Move(1, 0, null, CaseStatus.Received)], state, Days));

        Assert.Equal(new TimelineStep(Step.RespondentReply, T0.AddDays(3), T0.AddDays(33), T0.AddDays(10)), reply);
    }

    [Fact]
    public void A_decided_case_has_no_running_step_and_an_appeal_begins_one()
    {
        CaseEvent[] events =
        [
            Move(1, 0, CaseStatus.UnderCommitteeReview, CaseStatus.AwaitingDecision),
            Move(2, 40, CaseStatus.AwaitingDecision, CaseStatus.Decided),
            Move(3, 50, CaseStatus.Decided, CaseStatus.UnderAppeal),
        ];
        var state = new CaseState { Reference = "CR-TEST-0001", Status = CaseStatus.UnderAppeal, ReceivedAt = T0, UpdatedAt = T0 };

        var steps = StepTimeline.Of(events, state, Days);

        Assert.Equal([new TimelineStep(Step.Decision, T0, T0.AddDays(30), T0.AddDays(40)), new TimelineStep(Step.AppealDecision, T0.AddDays(50), T0.AddDays(110), null)], steps);
        Assert.Equal(TimeSpan.FromDays(10), steps[0].LateBy(T0.AddDays(300)));
    }
}
