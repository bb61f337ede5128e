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

    private static readonly ChairIdentity Chair = new("Ana Müller-Lüdenscheidt", "M-CHAIR");

    private static RoutingDecision Decide(Complaint c, Member? byNumber, IReadOnlyList<Member>? byName = null, Organization? org = null, ChairIdentity? chair = null) =>
        RoutingPolicy.Decide(c, byNumber, byName ?? [], id => org?.Id == id ? org : null, chair ?? Chair);

    private static Complaint About(string name, string? number = null)
    {
        var c = Complaint();
        return c with { Respondent = c.Respondent with { Name = name, MembershipNumber = number } };
    }

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
        var d = Decide(Complaint(), Smith, org: German, chair: Chair with { MembershipNumber = "m-1001" });
        Assert.True(d.ChairConflict);
        Assert.Equal(German, d.Referral);
    }

    [Theory]
    [InlineData("Ana Müller-Lüdenscheidt")]
    [InlineData("ANA MULLER LUDENSCHEIDT")]
    [InlineData("  ana  müller–lüdenscheidt. ")]
    [InlineData("Ana Mül\u00ADler-Lüdenscheidt")]
    [InlineData("Ana Mu\u0308ller-Lu\u0308denscheidt")]
    public void A_complaint_naming_the_chair_is_the_deputys_even_when_nobody_is_found_in_the_directory(string typed)
    {
        var d = Decide(About(System.Text.RegularExpressions.Regex.Unescape(typed)), null);
        Assert.True(d.ChairConflict);
        Assert.Equal(EscalationReason.RespondentNotIdentified, d.Escalation);
    }

    [Fact]
    public void The_chair_is_recognised_by_a_typed_number_by_the_name_found_and_by_the_number_found()
    {
        Assert.True(Decide(About("Someone Else", "m-chair"), null).ChairConflict);
        Assert.True(Decide(About("A. Müller", "M-1001"), Smith with { FullName = "Ana Müller-Lüdenscheidt" }, org: German).ChairConflict);
        Assert.True(Decide(About("A. Müller"), null, [Smith with { MembershipNumber = "M-CHAIR" }], German).ChairConflict);
    }

    [Fact]
    public void Another_member_with_a_similar_name_is_not_the_chair()
    {
        Assert.False(Decide(About("Ana Müller"), null).ChairConflict);
        Assert.False(Decide(Complaint(), Smith, org: German).ChairConflict);
        Assert.False(RoutingPolicy.ConcernsChair(About("Ana Müller-Lüdenscheidt").Respondent, null, new ChairIdentity(" ", null)));
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
