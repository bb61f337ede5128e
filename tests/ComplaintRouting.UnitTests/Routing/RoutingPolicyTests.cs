using System.Text.Json;
using ComplaintRouting.Cases;
using ComplaintRouting.Directory;
using ComplaintRouting.Guidelines;
using ComplaintRouting.Intake;
using ComplaintRouting.Routing;
using ComplaintRouting.UnitTests.Intake;

namespace ComplaintRouting.UnitTests.Routing;

public class RoutingPolicyTests
{
    private static readonly Organization German = new("DE-DAGG", "Deutscher Arbeitskreis", "DE", "ethik@dagg.example", "Petra Weiss", "de", true);
    private static readonly Member Smith = new("M-1001", "John Smith", "john@example.org", "DE", "DE-DAGG");

    private static Complaint Complaint(string[]? sections = null, bool ongoingRisk = false)
    {
        var body = ComplaintValidatorTests.ValidBody();
        body["allegation"]!["sections"] = new System.Text.Json.Nodes.JsonArray((sections ?? ["3.1"]).Select(s => (System.Text.Json.Nodes.JsonNode?)s).ToArray());
        body["allegation"]!["ongoingRisk"] = ongoingRisk;
        return ComplaintValidator.Validate(JsonSerializer.SerializeToElement(body), new DateOnly(2026, 11, 28)).Complaint!;
    }

    private static RoutingDecision Decide(Complaint c, Member? byNumber, IReadOnlyList<Member>? byName = null, Organization? org = null, string? chair = null) =>
        RoutingPolicy.Decide(c, byNumber, byName ?? [], id => org?.Id == id ? org : null, chair);

    [Fact]
    public void An_identified_member_is_referred_to_their_national_organization()
    {
        var d = Decide(Complaint(), Smith, org: German);
        Assert.Equal((German, (EscalationReason?)null, false, false), (d.Referral, d.Escalation, d.ChairConflict, d.UrgentAlert));
    }

    [Fact]
    public void One_name_match_identifies_the_member_but_two_or_none_do_not()
    {
        Assert.Equal(German, Decide(Complaint(), null, [Smith], German).Referral);
        Assert.Equal(EscalationReason.RespondentNotIdentified, Decide(Complaint(), null, [Smith, Smith with { MembershipNumber = "M-2" }], German).Escalation);
        Assert.Equal(EscalationReason.RespondentNotIdentified, Decide(Complaint(), null, [], German).Escalation);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("inactive")]
    [InlineData("no-address")]
    [InlineData("other-country")]
    public void No_usable_national_organization_escalates_with_no_national_organization(string problem)
    {
        var org = problem switch
        {
            "missing" => null,
            "inactive" => German with { Active = false },
            "no-address" => German with { ReferralEmail = " " },
            _ => German with { Country = "AT" },
        };
        Assert.Equal(EscalationReason.NoNationalOrganization, Decide(Complaint(), Smith, org: org).Escalation);
    }

    [Fact]
    public void A_member_who_is_the_organizations_referral_contact_skips_the_national_step()
    {
        Assert.Equal(EscalationReason.ConflictOfInterest, Decide(Complaint(), Smith, org: German with { ReferralEmail = "JOHN@example.org" }).Escalation);
        Assert.Equal(EscalationReason.ConflictOfInterest, Decide(Complaint(), Smith, org: German with { ContactName = "john  SMITH" }).Escalation);
    }

    [Fact]
    public void A_complaint_about_the_chair_goes_ahead_but_everything_for_the_chair_goes_to_the_deputy()
    {
        var d = Decide(Complaint(), Smith, org: German, chair: "m-1001");
        Assert.True(d.ChairConflict);
        Assert.Equal(German, d.Referral);
    }

    [Theory]
    [InlineData("1.2", false, true)]
    [InlineData("1.3", false, true)]
    [InlineData("1.4", false, true)]
    [InlineData("4.1", false, true)]
    [InlineData("3.1", true, true)]
    [InlineData("3.1", false, false)]
    public void Urgent_allegations_alert_the_chair_while_the_referral_goes_ahead(string section, bool ongoingRisk, bool urgent)
    {
        var d = Decide(Complaint([section], ongoingRisk), Smith, org: German);
        Assert.Equal(urgent, d.UrgentAlert);
        Assert.Equal(German, d.Referral);
    }

    [Theory]
    [InlineData("ANA MÜLLER-LÜDENSCHEIDT", "Ana Müller-Lüdenscheidt")]
    [InlineData("  José   María O'Neill ", "jose maria o neill")]
    [InlineData("Strauß", "STRAUSS")]
    public void Names_compare_without_case_accents_punctuation_or_spacing(string a, string b) =>
        Assert.Equal(PersonNames.Normalize(a), PersonNames.Normalize(b));

    [Fact]
    public void The_catalogue_holds_every_section_from_1_0_to_9_2_and_nothing_else()
    {
        var numbers = GuidelineCatalogue.Chapters.SelectMany(c => c.Sections).Select(s => s.Number).ToArray();
        Assert.Equal(9 + 9 + 10 + 6 + 7 + 13 + 2 + 13 + 3, numbers.Length);
        Assert.Contains("6.12", numbers);
        Assert.Contains("9.2", numbers);
        Assert.False(GuidelineCatalogue.Exists("9.3"));
        Assert.False(GuidelineCatalogue.Exists("10.0"));
    }
}
