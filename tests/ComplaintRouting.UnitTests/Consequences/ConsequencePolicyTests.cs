using ComplaintRouting.Cases;
using ComplaintRouting.Consequences;
using ComplaintRouting.Deadlines;

namespace ComplaintRouting.UnitTests.Consequences;

/// <summary>Which mails follow what happens to a case, read from the one policy that says so.</summary>
public class ConsequencePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<(MailKind, Recipient)> After(Case @case, bool reachable = true) =>
        ConsequencePolicy.AfterTransition(@case.NewEvents[^1], @case.State, reachable).Select(s => (s.Kind, s.To)).ToList();

    [Fact]
    public void A_referral_acknowledges_the_complainant_and_refers_the_national_organization()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        @case.ReferToNational("DE-1", Now);

        Assert.Equal([(MailKind.ComplainantAcknowledgement, Recipient.Complainant), (MailKind.NationalReferral, Recipient.National)], After(@case));
    }

    [Fact]
    public void An_urgent_referral_also_alerts_the_chair_and_an_anonymous_complainant_without_an_address_gets_nothing()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: true);
        @case.ReferToNational("DE-1", Now);

        Assert.Equal([(MailKind.NationalReferral, Recipient.National), (MailKind.CommitteeUrgentAlert, Recipient.Chair)], After(@case, reachable: false));
    }

    [Fact]
    public void Escalation_straight_from_intake_acknowledges_and_escalation_after_the_national_step_does_not_again()
    {
        var direct = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        direct.Escalate(EscalationReason.RespondentNotIdentified, Actors.Router, Now);
        var later = Case.Receive("CR-CCCC-DDDD", Now, "en", urgent: false);
        later.ReferToNational("DE-1", Now);
        later.Escalate(EscalationReason.NationalUnresponsive, Actors.Timer, Now.AddDays(30));

        Assert.Equal([(MailKind.ComplainantAcknowledgement, Recipient.Complainant), (MailKind.CommitteeEscalation, Recipient.Chair)], After(direct));
        Assert.Equal([(MailKind.CommitteeEscalation, Recipient.Chair)], After(later));
    }

    [Fact]
    public void A_recommendation_goes_to_the_Executive_Committee_and_its_decision_tells_the_complainant_and_the_organization()
    {
        var referred = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        referred.ReferToNational("DE-1", Now);
        referred.RecordNationalOutcome(NationalDetermination.Upheld, "Upheld.", Now);
        referred.AcknowledgeCommittee(Now);
        Assert.Empty(After(referred));
        referred.Recommend(Verdict.NotJustified, "Because.", Now, TimeSpan.FromDays(30));
        Assert.Equal([(MailKind.ExecutiveRecommendation, Recipient.Executive)], After(referred));
        referred.Decide(Verdict.NotJustified, "Decided.", Now, TimeSpan.FromDays(30));
        Assert.Equal([(MailKind.ComplainantUpdate, Recipient.Complainant), (MailKind.NationalDecision, Recipient.National)], After(referred));

        // Never referred (the respondent was not identified): no organization to tell.
        var direct = Case.Receive("CR-CCCC-DDDD", Now, "en", urgent: false);
        direct.Escalate(EscalationReason.RespondentNotIdentified, Actors.Router, Now);
        direct.AcknowledgeCommittee(Now);
        direct.Recommend(Verdict.NotJustified, "No breach.", Now, TimeSpan.FromDays(30));
        direct.Decide(Verdict.NotJustified, "No breach.", Now, TimeSpan.FromDays(30));
        Assert.Equal([(MailKind.ComplainantUpdate, Recipient.Complainant)], After(direct));
    }

    [Fact]
    public void An_assignment_mails_the_member_a_recusal_tells_the_chair_and_a_note_mails_nobody()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        @case.Escalate(EscalationReason.RespondentNotIdentified, Actors.Router, Now);
        @case.Assign("m-ana", isRespondent: false, Now);
        var assignment = Assert.Single(ConsequencePolicy.AfterTransition(@case.NewEvents[^1], @case.State, true));
        @case.Note(Actors.Chair, "Ask for the timeline.", Now);
        var afterNote = ConsequencePolicy.AfterTransition(@case.NewEvents[^1], @case.State, true);
        @case.Recuse("m-ana", "I supervised the member.", Now);
        var recusal = @case.NewEvents.Single(e => e.Activity == CaseActivity.Recused);

        Assert.Equal(new MailStep(MailKind.CommitteeAssignment, Recipient.Member, $"e{@case.NewEvents[2].Sequence}", "m-ana"), assignment);
        Assert.Empty(afterNote);
        Assert.Equal([new MailStep(MailKind.CommitteeRecusal, Recipient.Chair, $"e{recusal.Sequence}", "m-ana")], ConsequencePolicy.AfterTransition(recusal, @case.State, true));
        Assert.Equal(CaseStatus.EscalatedToCommittee, @case.Status); // the committee's own work changes no status
    }

    [Fact]
    public void An_overdue_decision_reminds_the_Executive_Committee_not_the_chair()
    {
        var reminder = new DueReminder(Step.Decision, ChaseTarget.Executive, Now);
        Assert.Equal((MailKind.ExecutiveReminder, Recipient.Executive), ConsequencePolicy.Reminder(reminder, true) is { } s ? (s.Kind, s.To) : default);
    }

    [Fact]
    public void The_same_occasion_gives_the_same_due_point_so_a_mail_is_recorded_once()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        @case.ReferToNational("DE-1", Now);
        var first = ConsequencePolicy.AfterTransition(@case.NewEvents[^1], @case.State, true);
        var again = ConsequencePolicy.AfterTransition(@case.NewEvents[^1], @case.State, true);
        var reminder = new DueReminder(Step.NationalAcknowledge, ChaseTarget.National, Now);

        Assert.Equal(first, again);
        Assert.Equal(ConsequencePolicy.Reminder(reminder, true), ConsequencePolicy.Reminder(reminder, true));
        Assert.Equal(new MailStep(MailKind.NationalReminder, Recipient.National, "NationalAcknowledge-20261203090000"), ConsequencePolicy.Reminder(reminder, true));
        Assert.Null(ConsequencePolicy.Reminder(reminder with { Target = ChaseTarget.Complainant }, complainantReachable: false));
    }
}
