using ComplaintRouting.Cases;
using ComplaintRouting.Consequences;
using ComplaintRouting.Evidence;
using ComplaintRouting.Parties;

namespace ComplaintRouting.UnitTests.Cases;

/// <summary>SPEC §10's evidence in the aggregate: who adds files when, the limits, the chair's share, who sees what — and that none of it is mailed.</summary>
public class EvidenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly AttachmentLimits Limits = new(MaxBytes: 1000, MaxPerCase: 3, MaxCaseBytes: 2500);

    private static StoredFile File(string id, long bytes = 100) => new(id, id + ".pdf", bytes, EvidenceType.Pdf);

    private static Case WithTheCommittee()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        @case.ReferToNational("DE-1", Now);
        @case.RecordNationalOutcome(NationalDetermination.Upheld, "Upheld.", Now);
        @case.AcknowledgeCommittee(Now);
        return @case;
    }

    [Fact]
    public void Each_party_adds_evidence_only_while_its_part_of_the_case_runs()
    {
        var @case = Case.Receive("CR-AAAA-BBBB", Now, "en", urgent: false);
        Assert.True(@case.Attach(Party.Complainant, [File("a")], Limits, Now).Succeeded); // with the complaint
        Assert.Contains("does not have the case", @case.WhyNotAttach(Party.Chair));
        @case.ReferToNational("DE-1", Now);
        Assert.True(@case.Attach(Party.National, [File("b")], Limits, Now).Succeeded);
        Assert.Contains("not been told", @case.WhyNotAttach(Party.Respondent));
        @case.RecordNationalOutcome(NationalDetermination.Upheld, "Upheld.", Now);
        Assert.Contains("no longer holds", @case.Attach(Party.National, [File("c")], Limits, Now).Refusal);
        Assert.True(@case.Attach(Party.Chair, [File("c")], Limits, Now).Succeeded);
        Assert.NotNull(@case.WhyNotAttach(Party.CommitteeMember));
        Assert.NotNull(@case.WhyNotAttach(Party.Executive));

        Assert.Equal(["complainant", "national:DE-1", "chair"], @case.NewEvents.Where(e => e.Activity == CaseActivity.Attached).Select(e => e.Actor));
        Assert.Equal([Party.Complainant, Party.National, Party.Chair], @case.State.Attachments.Select(a => a.From));
        Assert.All(@case.NewEvents.Where(e => e.Activity == CaseActivity.Attached),
            e => Assert.Empty(ConsequencePolicy.AfterTransition(e, @case.State, complainantReachable: true)));

        @case.AcknowledgeCommittee(Now);
        @case.Recommend(Verdict.NotJustified, "No breach.", Now, TimeSpan.FromDays(30));
        @case.Decide(Verdict.NotJustified, "No breach.", Now, TimeSpan.FromDays(30));
        Assert.Contains("decided", @case.WhyNotAttach(Party.Complainant));
    }

    [Fact]
    public void The_case_limits_hold_for_the_files_together_and_a_refused_batch_records_nothing()
    {
        var @case = WithTheCommittee();
        var events = @case.State.LastEvent;
        Assert.Contains("at most 3 files", @case.Attach(Party.Chair, [File("a"), File("b"), File("c"), File("d")], Limits, Now).Refusal);
        Assert.Contains("at most", @case.Attach(Party.Chair, [File("a", 1000), File("b", 1000), File("c", 600)], Limits, Now).Refusal);
        Assert.Equal(events, @case.State.LastEvent);
        Assert.True(@case.Attach(Party.Chair, [File("a", 1000), File("b", 1000)], Limits, Now).Succeeded);
        Assert.Equal(events + 2, @case.State.LastEvent);
        Assert.NotNull(@case.Attach(Party.Chair, [File("c", 501)], Limits, Now).Refusal);
        Assert.True(@case.Attach(Party.Chair, [File("c", 500)], Limits, Now).Succeeded);
    }

    [Fact]
    public void The_chair_shares_a_file_once_and_only_then_the_member_sees_it()
    {
        var @case = WithTheCommittee();
        @case.Attach(Party.Chair, [File("mine")], Limits, Now);
        @case.NotifyRespondent(reachable: true, Now);
        @case.Attach(Party.Respondent, [File("theirs")], Limits, Now);
        var mine = @case.State.Attachments[0];
        Assert.False(PartyRules.SeesAttachment(Party.Respondent, mine, @case.Status));
        Assert.True(PartyRules.SeesAttachment(Party.Respondent, @case.State.Attachments[1], @case.Status));

        var shared = @case.Share("mine", Now);
        Assert.Equal(CaseActivity.Shared, shared.Event!.Activity);
        Assert.Empty(ConsequencePolicy.AfterTransition(shared.Event, @case.State, complainantReachable: true));
        Assert.True(PartyRules.SeesAttachment(Party.Respondent, @case.State.Attachments[0], @case.Status));
        Assert.Contains("already", @case.Share("mine", Now).Refusal);
        Assert.Contains("theirs already", @case.Share("theirs", Now).Refusal);
        Assert.Contains("no such file", @case.Share("nothing", Now).Refusal);
    }

    [Theory]
    [InlineData(Party.Complainant, CaseStatus.UnderCommitteeReview, "complainant", true)]
    [InlineData(Party.Complainant, CaseStatus.UnderCommitteeReview, "national", false)]
    [InlineData(Party.National, CaseStatus.UnderNationalReview, "complainant", true)]
    [InlineData(Party.National, CaseStatus.UnderNationalReview, "chair", false)]
    [InlineData(Party.National, CaseStatus.UnderCommitteeReview, "national", false)]
    [InlineData(Party.CommitteeMember, CaseStatus.UnderCommitteeReview, "respondent", true)]
    [InlineData(Party.Executive, CaseStatus.AwaitingDecision, "national", true)]
    [InlineData(Party.Respondent, CaseStatus.UnderCommitteeReview, "complainant", false)]
    public void Who_sees_an_attachment_follows_spec_10(Party party, CaseStatus status, string from, bool sees)
    {
        var giver = from switch { "complainant" => Party.Complainant, "national" => Party.National, "chair" => Party.Chair, _ => Party.Respondent };
        Assert.Equal(sees, PartyRules.SeesAttachment(party, new Attachment("x", "x.pdf", 1, EvidenceType.Pdf, giver, Now), status));
    }
}
