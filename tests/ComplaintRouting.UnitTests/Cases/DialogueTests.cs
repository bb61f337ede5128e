using ComplaintRouting.Cases;
using ComplaintRouting.Consequences;

namespace ComplaintRouting.UnitTests.Cases;

/// <summary>SPEC §10: who may write to the complainant when, and who hears of a message (never what it says).</summary>
public class DialogueTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<(MailKind, Recipient)> Mails(Case @case, bool reachable = true) =>
        ConsequencePolicy.AfterTransition(@case.NewEvents[^1], @case.State, reachable).Select(s => (s.Kind, s.To)).ToList();

    [Fact]
    public void The_national_organization_writes_while_it_holds_the_case_and_the_complainant_answers_it()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        Assert.False(@case.Message(MessageSide.Complainant, "Too early.", Now).Succeeded); // still being routed
        @case.ReferToNational("DE-1", Now);

        Assert.Contains("does not have the case", @case.Message(MessageSide.Committee, "Not yet.", Now).Refusal);
        Assert.True(@case.Message(MessageSide.National, "When did this start?", Now).Succeeded);
        Assert.Equal([(MailKind.ComplainantMessage, Recipient.Complainant)], Mails(@case));
        Assert.Empty(Mails(@case, reachable: false)); // an anonymous complainant without an address is not written to
        Assert.True(@case.Message(MessageSide.Complainant, "In March.", Now).Succeeded);
        Assert.Equal([(MailKind.NationalMessage, Recipient.National)], Mails(@case));
        Assert.Equal(("national:DE-1", "complainant"), (@case.NewEvents[^2].Actor, @case.NewEvents[^1].Actor));
    }

    [Fact]
    public void Once_escalated_the_committee_writes_the_organization_no_longer_can_and_the_complainant_writes_to_the_committee()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        @case.ReferToNational("DE-1", Now);
        @case.RecordNationalOutcome(NationalDetermination.Upheld, "Upheld.", Now);

        Assert.Contains("no longer holds", @case.Message(MessageSide.National, "One more thing.", Now).Refusal);
        Assert.True(@case.Message(MessageSide.Committee, "Can you say more?", Now).Succeeded);
        Assert.True(@case.Message(MessageSide.Complainant, "Yes.", Now).Succeeded);
        Assert.Equal([(MailKind.CommitteeMessage, Recipient.Chair)], Mails(@case));
        Assert.Equal([new CaseMessage(1, Now, MessageSide.Committee, "Can you say more?"), new CaseMessage(2, Now, MessageSide.Complainant, "Yes.")], @case.NewMessages);
        Assert.Equal(CaseStatus.EscalatedToCommittee, @case.Status);

        @case.AcknowledgeCommittee(Now);
        @case.Recommend(Verdict.NotJustified, "No breach.", Now, TimeSpan.FromDays(30));
        @case.Decide(Verdict.NotJustified, "No breach.", Now, TimeSpan.FromDays(30));
        Assert.False(@case.Message(MessageSide.Complainant, "After.", Now).Succeeded); // a decided case takes no messages
    }
}
