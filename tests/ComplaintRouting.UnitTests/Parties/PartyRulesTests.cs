using ComplaintRouting.Cases;
using ComplaintRouting.Parties;

namespace ComplaintRouting.UnitTests.Parties;

/// <summary>SPEC §9's table of parties, as the one place the pages and actions read it.</summary>
public class PartyRulesTests
{
    [Fact]
    public void Each_party_may_do_exactly_what_its_link_allows()
    {
        Assert.Equal([PartyAction.ViewStatus, PartyAction.Withdraw, PartyAction.Message, PartyAction.Attach], PartyRules.ActionsOf(Party.Complainant));
        Assert.Equal([PartyAction.ViewStatus, PartyAction.Acknowledge, PartyAction.ReportOutcome, PartyAction.Message, PartyAction.Attach, PartyAction.RenewLink], PartyRules.ActionsOf(Party.National));
        Assert.False(PartyRules.May(Party.National, PartyAction.Recommend));
        Assert.False(PartyRules.May(Party.National, PartyAction.Decide));
        Assert.False(PartyRules.May(Party.Chair, PartyAction.ReportOutcome));
        Assert.False(PartyRules.May(Party.Chair, PartyAction.Withdraw));
        Assert.True(PartyRules.May(Party.Chair, PartyAction.Recommend));
        Assert.Equal([PartyAction.ViewStatus, PartyAction.Acknowledge, PartyAction.Assign, PartyAction.NotifyRespondent, PartyAction.Note, PartyAction.Message, PartyAction.Attach, PartyAction.ShareAttachment, PartyAction.Recommend, PartyAction.RenewLink], PartyRules.ActionsOf(Party.Chair));
        Assert.Equal([PartyAction.ViewStatus, PartyAction.Note, PartyAction.Recuse, PartyAction.RenewLink], PartyRules.ActionsOf(Party.CommitteeMember));
        Assert.Equal([PartyAction.ViewStatus, PartyAction.Decide, PartyAction.DecideAppeal, PartyAction.RenewLink], PartyRules.ActionsOf(Party.Executive));
        Assert.Equal([PartyAction.ViewStatus, PartyAction.Reply, PartyAction.Appeal, PartyAction.Attach, PartyAction.RenewLink], PartyRules.ActionsOf(Party.Respondent));
        Assert.False(PartyRules.SeesNotes(Party.Respondent));
        Assert.True(PartyRules.SeesAllegationOnly(Party.Respondent));
        // Only the Executive Committee decides; only the chair recommends and assigns.
        Assert.Equal([Party.Executive], Enum.GetValues<Party>().Where(p => PartyRules.May(p, PartyAction.Decide)));
        Assert.Equal([Party.Chair], Enum.GetValues<Party>().Where(p => PartyRules.May(p, PartyAction.Recommend) || PartyRules.May(p, PartyAction.Assign)));
    }

    [Fact]
    public void Notes_are_seen_by_the_committee_side_only_and_members_never_see_contact_details()
    {
        Assert.Equal([Party.Chair, Party.CommitteeMember, Party.Executive], Enum.GetValues<Party>().Where(PartyRules.SeesNotes));
        Assert.False(PartyRules.SeesContactDetails(Party.CommitteeMember, anonymous: false));
        Assert.False(PartyRules.SeesContactDetails(Party.Executive, anonymous: false));
        Assert.True(PartyRules.SeesContactDetails(Party.Chair, anonymous: false));
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
    [InlineData(Party.CommitteeMember)]
    [InlineData(Party.Executive)]
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
        aboutChair.Recommend(Verdict.NotJustified, "No breach.", now, TimeSpan.FromDays(30));
        var ordinary = Case.Receive("CR-CCCC-DDDD", now, "en", urgent: false);
        ordinary.Escalate(EscalationReason.RespondentNotIdentified, Actors.Router, now);
        ordinary.AcknowledgeCommittee(now);

        Assert.Equal([Actors.Deputy, Actors.Deputy], aboutChair.NewEvents.Skip(2).Select(e => e.Actor));
        Assert.Equal(Actors.Chair, ordinary.NewEvents[^1].Actor);
    }

    [Fact]
    public void Events_name_the_member_and_the_Executive_Committee_who_acted()
    {
        var now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var @case = Case.Receive("CR-AAAA-BBBB", now, "en", urgent: false);
        @case.Escalate(EscalationReason.RespondentNotIdentified, Actors.Router, now);
        @case.AcknowledgeCommittee(now);
        @case.Assign("m-ana", isRespondent: false, now);
        @case.Note(Actors.Member("m-ana"), "Read it.", now);
        @case.Recommend(Verdict.NotJustified, "Minor.", now, TimeSpan.FromDays(30));
        @case.Decide(Verdict.NotJustified, "No breach.", now, TimeSpan.FromDays(30));

        Assert.Equal([Actors.Chair, Actors.Chair, "member:m-ana", Actors.Chair, Actors.Executive], @case.NewEvents.Skip(2).Select(e => e.Actor));
    }
}
