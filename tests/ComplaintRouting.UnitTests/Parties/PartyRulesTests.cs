using ComplaintRouting.Cases;
using ComplaintRouting.Parties;

namespace ComplaintRouting.UnitTests.Parties;

/// <summary>SPEC §9's table of parties, as the one place the pages and actions read it.</summary>
public class PartyRulesTests
{
    [Fact]
    public void Each_party_may_do_exactly_what_its_link_allows()
    {
        Assert.Equal([PartyAction.ViewStatus, PartyAction.Withdraw], PartyRules.ActionsOf(Party.Complainant));
        Assert.Equal([PartyAction.ViewStatus, PartyAction.Acknowledge, PartyAction.ReportOutcome, PartyAction.RenewLink], PartyRules.ActionsOf(Party.National));
        Assert.False(PartyRules.May(Party.National, PartyAction.Recommend));
        Assert.False(PartyRules.May(Party.National, PartyAction.Decide));
        Assert.False(PartyRules.May(Party.Chair, PartyAction.ReportOutcome));
        Assert.False(PartyRules.May(Party.Chair, PartyAction.Withdraw));
        Assert.True(PartyRules.May(Party.Chair, PartyAction.Recommend));
    }

    [Theory]
    [InlineData(CaseStatus.ReferredToNational, true)]
    [InlineData(CaseStatus.UnderNationalReview, true)]
    [InlineData(CaseStatus.EscalatedToCommittee, false)]
    [InlineData(CaseStatus.Decided, false)]
    [InlineData(CaseStatus.Withdrawn, false)]
    public void The_national_organization_sees_the_complaint_only_while_it_holds_the_case(CaseStatus status, bool sees)
    {
        Assert.Equal(sees, PartyRules.SeesComplaint(Party.National, status));
        Assert.True(PartyRules.SeesComplaint(Party.Chair, status));
        Assert.False(PartyRules.SeesComplaint(Party.Complainant, status));
    }

    [Theory]
    [InlineData(Party.National)]
    [InlineData(Party.Chair)]
    [InlineData(Party.Complainant)]
    public void No_party_ever_sees_an_anonymous_complainants_contact_details(Party party) =>
        Assert.False(PartyRules.SeesContactDetails(party, anonymous: true));

    [Fact]
    public void The_committee_events_name_the_deputy_when_the_deputy_holds_the_case()
    {
        var now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var aboutChair = Case.Receive("CR-AAAA-BBBB", now, "en", urgent: false);
        aboutChair.SetChairConflict();
        aboutChair.Escalate(EscalationReason.ConflictOfInterest, Actors.Router, now);
        aboutChair.AcknowledgeCommittee(now);
        aboutChair.Recommend(Verdict.NotJustified, "No breach.", now);
        var ordinary = Case.Receive("CR-CCCC-DDDD", now, "en", urgent: false);
        ordinary.Escalate(EscalationReason.RespondentNotIdentified, Actors.Router, now);
        ordinary.AcknowledgeCommittee(now);

        Assert.Equal([Actors.Deputy, Actors.Deputy], aboutChair.NewEvents.Skip(2).Select(e => e.Actor));
        Assert.Equal(Actors.Chair, ordinary.NewEvents[^1].Actor);
    }
}
