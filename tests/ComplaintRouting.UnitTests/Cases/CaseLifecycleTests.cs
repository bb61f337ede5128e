using ComplaintRouting.Evidence;
using ComplaintRouting.Parties;
using ComplaintRouting.Cases;
using ComplaintRouting.Api;

namespace ComplaintRouting.UnitTests.Cases;

public class CaseLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);

    // SPEC §2, written out independently of CaseLifecycle: (from, action) -> to.
    private static readonly Dictionary<(CaseStatus, CaseAction), CaseStatus> Expected = new()
    {
        [(CaseStatus.Received, CaseAction.ReferToNational)] = CaseStatus.ReferredToNational,
        [(CaseStatus.Received, CaseAction.Escalate)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.Received, CaseAction.Withdraw)] = CaseStatus.Withdrawn,
        [(CaseStatus.ReferredToNational, CaseAction.AcknowledgeNational)] = CaseStatus.UnderNationalReview,
        [(CaseStatus.ReferredToNational, CaseAction.RecordNationalOutcome)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.ReferredToNational, CaseAction.Escalate)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.ReferredToNational, CaseAction.Withdraw)] = CaseStatus.Withdrawn,
        [(CaseStatus.UnderNationalReview, CaseAction.RecordNationalOutcome)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.UnderNationalReview, CaseAction.Escalate)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.UnderNationalReview, CaseAction.Withdraw)] = CaseStatus.Withdrawn,
        [(CaseStatus.EscalatedToCommittee, CaseAction.AcknowledgeCommittee)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.UnderCommitteeReview, CaseAction.Recommend)] = CaseStatus.AwaitingDecision,
        [(CaseStatus.AwaitingDecision, CaseAction.Decide)] = CaseStatus.Decided,
        // The committee's own work (SPEC §9) while it has the case; the status stays.
        [(CaseStatus.EscalatedToCommittee, CaseAction.Assign)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.UnderCommitteeReview, CaseAction.Assign)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.AwaitingDecision, CaseAction.Assign)] = CaseStatus.AwaitingDecision,
        [(CaseStatus.EscalatedToCommittee, CaseAction.Recuse)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.UnderCommitteeReview, CaseAction.Recuse)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.AwaitingDecision, CaseAction.Recuse)] = CaseStatus.AwaitingDecision,
        [(CaseStatus.EscalatedToCommittee, CaseAction.Note)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.UnderCommitteeReview, CaseAction.Note)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.AwaitingDecision, CaseAction.Note)] = CaseStatus.AwaitingDecision,
        // The member's right to be heard, and the appeal.
        [(CaseStatus.UnderCommitteeReview, CaseAction.NotifyRespondent)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.UnderCommitteeReview, CaseAction.Reply)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.AwaitingDecision, CaseAction.Reply)] = CaseStatus.AwaitingDecision,
        [(CaseStatus.Decided, CaseAction.Appeal)] = CaseStatus.UnderAppeal,
        [(CaseStatus.UnderAppeal, CaseAction.DecideAppeal)] = CaseStatus.Decided,
        // The dialogue with the complainant (SPEC §10) while anyone still works on the case.
        [(CaseStatus.ReferredToNational, CaseAction.Message)] = CaseStatus.ReferredToNational,
        [(CaseStatus.UnderNationalReview, CaseAction.Message)] = CaseStatus.UnderNationalReview,
        [(CaseStatus.EscalatedToCommittee, CaseAction.Message)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.UnderCommitteeReview, CaseAction.Message)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.AwaitingDecision, CaseAction.Message)] = CaseStatus.AwaitingDecision,
        [(CaseStatus.UnderAppeal, CaseAction.Message)] = CaseStatus.UnderAppeal,
        // Evidence (SPEC §10): with the complaint and while anyone works on the case; shared while the committee has it.
        [(CaseStatus.Received, CaseAction.Attach)] = CaseStatus.Received,
        [(CaseStatus.ReferredToNational, CaseAction.Attach)] = CaseStatus.ReferredToNational,
        [(CaseStatus.UnderNationalReview, CaseAction.Attach)] = CaseStatus.UnderNationalReview,
        [(CaseStatus.EscalatedToCommittee, CaseAction.Attach)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.UnderCommitteeReview, CaseAction.Attach)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.AwaitingDecision, CaseAction.Attach)] = CaseStatus.AwaitingDecision,
        [(CaseStatus.UnderAppeal, CaseAction.Attach)] = CaseStatus.UnderAppeal,
        [(CaseStatus.EscalatedToCommittee, CaseAction.ShareAttachment)] = CaseStatus.EscalatedToCommittee,
        [(CaseStatus.UnderCommitteeReview, CaseAction.ShareAttachment)] = CaseStatus.UnderCommitteeReview,
        [(CaseStatus.AwaitingDecision, CaseAction.ShareAttachment)] = CaseStatus.AwaitingDecision,
        [(CaseStatus.UnderAppeal, CaseAction.ShareAttachment)] = CaseStatus.UnderAppeal,
    };

    public static TheoryData<CaseStatus, CaseAction> EveryPair()
    {
        var data = new TheoryData<CaseStatus, CaseAction>();
        foreach (var status in Enum.GetValues<CaseStatus>())
        foreach (var action in Enum.GetValues<CaseAction>())
            data.Add(status, action);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_action_from_every_status_is_allowed_exactly_as_the_spec_says(CaseStatus from, CaseAction action)
    {
        var state = new CaseState { Reference = "CR-TEST-0001", Status = from, ReceivedAt = Now, UpdatedAt = Now, LastEvent = 3, NationalOrganizationId = "DE-1", Assigned = ["m-1"] };
        // What each action needs besides the status: a reply needs notice, an appeal a sanction.
        var @case = new Case(action switch
        {
            CaseAction.Reply => state with { RespondentNotifiedAt = Now.AddDays(-1) },
            CaseAction.Appeal => state with { Decision = Verdict.Warning, DecidedAt = Now.AddDays(-1) },
            CaseAction.ShareAttachment => state with { Attachments = [new Attachment("f-1", "f.pdf", 1, EvidenceType.Pdf, Party.Complainant, Now)] },
            _ => state,
        });

        var result = Act(@case, action);

        if (Expected.TryGetValue((from, action), out var to))
        {
            Assert.True(result.Succeeded, result.Refusal);
            Assert.Equal(to, @case.Status);
            // A recusal also keeps its reason as the member's note: a second event.
            Assert.Equal(action == CaseAction.Recuse ? 2 : 1, @case.NewEvents.Count);
            var e = @case.NewEvents[0];
            Assert.Equal((4, from, to, Now), (e.Sequence, e.From!.Value, e.To, e.At));
        }
        else
        {
            Assert.False(result.Succeeded);
            Assert.Contains(from.ToApi(), result.Refusal);
            Assert.Equal(from, @case.Status);
            Assert.Empty(@case.NewEvents);
        }
    }

    [Fact]
    public void A_received_case_starts_with_one_event_from_nothing_to_received()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "fr", urgent: true);

        var e = Assert.Single(@case.NewEvents);
        Assert.Equal((1, (CaseStatus?)null, CaseStatus.Received, Actors.Complainant), (e.Sequence, e.From, e.To, e.Actor));
        Assert.True(@case.State.Urgent);
        Assert.Equal("fr", @case.State.Language);
    }

    [Theory]
    [InlineData(NationalDetermination.Upheld, EscalationReason.NationalConcluded)]
    [InlineData(NationalDetermination.NotUpheld, EscalationReason.NationalConcluded)]
    [InlineData(NationalDetermination.Declined, EscalationReason.NationalDeclined)]
    [InlineData(NationalDetermination.NoJurisdiction, EscalationReason.NationalDeclined)]
    public void A_national_outcome_escalates_with_the_reason_its_determination_implies(NationalDetermination determination, EscalationReason reason)
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", false);
        @case.ReferToNational("DE-1", Now);

        var result = @case.RecordNationalOutcome(determination, "Reviewed by our board.", Now.AddDays(30));

        Assert.True(result.Succeeded);
        Assert.Equal(CaseStatus.EscalatedToCommittee, @case.Status);
        Assert.Equal(reason, @case.State.EscalationReason);
        Assert.Equal(determination, @case.State.NationalOutcome);
        Assert.Equal("national:DE-1", result.Event!.Actor);
        Assert.Equal(reason.ToApi(), result.Event.Reason);
    }

    [Fact]
    public void Each_step_records_when_it_started_so_deadlines_can_count_from_it()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", false);
        @case.ReferToNational("DE-1", Now.AddHours(1));
        @case.AcknowledgeNational(Now.AddDays(2));
        @case.Escalate(EscalationReason.NationalOverdue, Actors.Timer, Now.AddDays(100));
        @case.AcknowledgeCommittee(Now.AddDays(101));
        @case.Recommend(Verdict.NotJustified, "No breach.", Now.AddDays(120), Window);
        @case.Decide(Verdict.NotJustified, "No breach.", Now.AddDays(140), Window);

        var s = @case.State;
        Assert.Equal(Now.AddHours(1), s.ReferredAt);
        Assert.Equal(Now.AddDays(2), s.NationalAcknowledgedAt);
        Assert.Equal(Now.AddDays(100), s.EscalatedAt);
        Assert.Equal(Now.AddDays(101), s.CommitteeAcknowledgedAt);
        Assert.Equal(Now.AddDays(120), s.RecommendedAt);
        Assert.Equal(Now.AddDays(140), s.ClosedAt);
        Assert.Equal(CaseStatus.Decided, s.Status);
        Assert.Equal(Enumerable.Range(1, 7), @case.NewEvents.Select(e => e.Sequence));
    }

    [Fact]
    public void Status_names_are_the_spec_strings()
    {
        Assert.Equal(
            ["received", "referred-to-national", "under-national-review", "escalated-to-committee", "under-committee-review", "awaiting-decision", "decided", "under-appeal", "withdrawn"],
            Enum.GetValues<CaseStatus>().Select(s => s.ToApi()));
        Assert.Equal(
            ["national-concluded", "national-declined", "national-unresponsive", "national-overdue", "no-national-organization", "respondent-not-identified", "conflict-of-interest", "urgent"],
            Enum.GetValues<EscalationReason>().Select(s => s.ToApi()));
        Assert.Equal(["not-justified", "reminder", "warning", "expulsion"], Enum.GetValues<Verdict>().Select(s => s.ToApi()));
        Assert.Equal(["upheld", "not-upheld", "no-jurisdiction", "declined"], Enum.GetValues<NationalDetermination>().Select(s => s.ToApi()));
    }

    [Fact]
    public void A_member_who_is_the_respondent_or_recused_can_never_be_assigned_and_only_an_assigned_member_recuses()
    {
        var @case = new Case(new CaseState { Reference = "CR-TEST-0001", Status = CaseStatus.UnderCommitteeReview, ReceivedAt = Now, UpdatedAt = Now, LastEvent = 3 });

        Assert.Contains("complained about", @case.Assign("m-1", isRespondent: true, Now).Refusal);
        Assert.False(@case.Recuse("m-1", "Why.", Now).Succeeded);
        Assert.True(@case.Assign("m-1", isRespondent: false, Now).Succeeded);
        Assert.Contains("already", @case.Assign("m-1", isRespondent: false, Now).Refusal);
        Assert.True(@case.Assign("m-2", isRespondent: false, Now).Succeeded);
        Assert.Equal("m-2", @case.State.Rapporteur);
        Assert.True(@case.Recuse("m-2", "I trained the member.", Now).Succeeded);
        Assert.Contains("conflict", @case.Assign("m-2", isRespondent: false, Now).Refusal);

        Assert.Equal("m-1", @case.State.Rapporteur);
        Assert.Equal(["m-1"], @case.State.Assigned);
        Assert.Equal(["m-2"], @case.State.Recused);
        var note = Assert.Single(@case.NewNotes);
        Assert.Equal(("member:m-2", "I trained the member.", 1), (note.Author, note.Text, note.Number));
        Assert.Equal(CaseStatus.UnderCommitteeReview, @case.Status);
    }

    private static CaseResult Act(Case @case, CaseAction action) => action switch
    {
        CaseAction.ReferToNational => @case.ReferToNational("DE-1", Now),
        CaseAction.Escalate => @case.Escalate(EscalationReason.NationalUnresponsive, Actors.Timer, Now),
        CaseAction.AcknowledgeNational => @case.AcknowledgeNational(Now),
        CaseAction.RecordNationalOutcome => @case.RecordNationalOutcome(NationalDetermination.Upheld, "Upheld.", Now),
        CaseAction.AcknowledgeCommittee => @case.AcknowledgeCommittee(Now),
        CaseAction.Recommend => @case.Recommend(Verdict.NotJustified, "No breach.", Now, Window),
        CaseAction.Decide => @case.Decide(Verdict.NotJustified, "No breach.", Now, Window),
        CaseAction.NotifyRespondent => @case.NotifyRespondent(reachable: true, Now),
        CaseAction.Reply => @case.Reply("My answer.", Now),
        CaseAction.Appeal => @case.Appeal("The sanction is too harsh.", Now, Window),
        CaseAction.DecideAppeal => @case.DecideAppeal(AppealOutcome.Upheld, null, "It stands.", Now),
        CaseAction.Message => @case.Message(MessageSide.Complainant, "One more thing.", Now),
        CaseAction.Withdraw => @case.Withdraw(Now),
        CaseAction.Assign => @case.Assign("m-2", isRespondent: false, Now),
        CaseAction.Recuse => @case.Recuse("m-1", "A conflict.", Now),
        CaseAction.Note => @case.Note(Actors.Chair, "A note.", Now),
        CaseAction.Attach => @case.Attach(Party.Complainant, [new StoredFile("f-2", "g.pdf", 1, EvidenceType.Pdf)], new AttachmentLimits(10, 5, 100), Now),
        CaseAction.ShareAttachment => @case.Share("f-1", Now),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
