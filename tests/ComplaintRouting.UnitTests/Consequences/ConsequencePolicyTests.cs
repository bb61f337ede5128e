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
    public void A_decision_tells_the_complainant_and_a_step_inside_a_body_tells_nobody()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        @case.Escalate(EscalationReason.RespondentNotIdentified, Actors.Router, Now);
        @case.AcknowledgeCommittee(Now);
        Assert.Empty(After(@case));
        @case.Recommend(Verdict.Warning, "Because.", Now);
        Assert.Empty(After(@case));
        @case.Decide(Verdict.Warning, "Decided.", Now);

        Assert.Equal([(MailKind.ComplainantUpdate, Recipient.Complainant)], After(@case));
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
