using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintRouting.Intake;

namespace ComplaintRouting.UnitTests.Intake;

public class ComplaintValidatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    public static JsonObject ValidBody() => JsonNode.Parse("""
        {
          "complainant": { "name": "Jane Doe", "email": "jane@example.org", "phone": null, "relationship": "patient", "anonymous": false, "language": "en" },
          "respondent":  { "name": "John Smith", "membershipNumber": "M-1001", "email": null, "countryOfPractice": "DE" },
          "allegation":  { "sections": ["3.1", "4.1"], "summary": "The therapist repeatedly discussed my disclosures with people outside the group.", "occurredFrom": "2026-05-01", "occurredTo": null, "ongoingRisk": false },
          "consent":     { "shareWithNationalOrganization": true, "truthful": true }
        }
        """)!.AsObject();

    private static IReadOnlyList<FieldError> ErrorsFor(JsonNode body) =>
        ComplaintValidator.Validate(JsonSerializer.SerializeToElement(body), Today).Errors;

    private static JsonObject With(string path, JsonNode? value)
    {
        var body = ValidBody();
        var parts = path.Split('.');
        var target = body[parts[0]]!.AsObject();
        if (value is null) target.Remove(parts[1]);
        else target[parts[1]] = value;
        return body;
    }

    [Fact]
    public void A_complete_valid_body_becomes_a_complaint()
    {
        var (complaint, errors) = ComplaintValidator.Validate(JsonSerializer.SerializeToElement(ValidBody()), Today);

        Assert.Empty(errors);
        Assert.NotNull(complaint);
        Assert.Equal("Jane Doe", complaint.Complainant.Name);
        Assert.Equal(Relationship.Patient, complaint.Complainant.Relationship);
        Assert.Equal("DE", complaint.Respondent.CountryOfPractice);
        Assert.Equal(["3.1", "4.1"], complaint.Allegation.Sections);
        Assert.Equal(new DateOnly(2026, 5, 1), complaint.Allegation.OccurredFrom);
        Assert.True(complaint.IsUrgent); // 4.1
    }

    public static TheoryData<string, string, string> BrokenFields() => new()
    {
        { "complainant.name", "null", "complainant.name" },
        { "complainant.email", "\"not-an-address\"", "complainant.email" },
        { "complainant.email", "\"jane@localhost\"", "complainant.email" },
        { "complainant.relationship", "\"neighbour\"", "complainant.relationship" },
        { "complainant.anonymous", "\"yes\"", "complainant.anonymous" },
        { "complainant.language", "\"<script>\"", "complainant.language" },
        { "complainant.name", "\"Jane\\r\\nBcc: x@example.org\"", "complainant.name" },
        { "respondent.name", "\"\"", "respondent.name" },
        { "respondent.countryOfPractice", "\"XX\"", "respondent.countryOfPractice" },
        { "respondent.countryOfPractice", "\"DEU\"", "respondent.countryOfPractice" },
        { "respondent.countryOfPractice", "49", "respondent.countryOfPractice" },
        { "allegation.sections", "[]", "allegation.sections" },
        { "allegation.sections", "[\"3.1\", \"10.4\"]", "allegation.sections[1]" },
        { "allegation.sections", "\"3.1\"", "allegation.sections" },
        { "allegation.summary", "\"Too short to act on.\"", "allegation.summary" },
        { "allegation.occurredFrom", "\"2099-01-01\"", "allegation.occurredFrom" },
        { "allegation.occurredFrom", "\"01/05/2026\"", "allegation.occurredFrom" },
        { "allegation.occurredTo", "\"2026-04-01\"", "allegation.occurredTo" },
        { "allegation.ongoingRisk", "1", "allegation.ongoingRisk" },
        { "consent.shareWithNationalOrganization", "false", "consent.shareWithNationalOrganization" },
        { "consent.truthful", "null", "consent.truthful" },
    };

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public void Each_broken_field_is_named_by_its_json_path(string field, string json, string expectedPath)
    {
        var errors = ErrorsFor(With(field, JsonNode.Parse(json)));

        var error = Assert.Single(errors);
        Assert.Equal(expectedPath, error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_summary_over_twenty_thousand_characters_is_refused()
    {
        var errors = ErrorsFor(With("allegation.summary", new string('a', 20_001)));
        Assert.Equal("allegation.summary", Assert.Single(errors).Path);
        Assert.Empty(ErrorsFor(With("allegation.summary", new string('a', 20_000))));
    }

    [Fact]
    public void An_anonymous_complainant_needs_neither_name_nor_email()
    {
        var body = ValidBody();
        body["complainant"] = JsonNode.Parse("""{ "relationship": "colleague", "anonymous": true }""");

        var (complaint, errors) = ComplaintValidator.Validate(JsonSerializer.SerializeToElement(body), Today);

        Assert.Empty(errors);
        Assert.Null(complaint!.Complainant.Email);
        Assert.True(complaint.Complainant.Anonymous);
    }

    [Fact]
    public void A_missing_section_object_and_a_non_object_body_are_field_errors_not_exceptions()
    {
        var body = ValidBody();
        body.Remove("respondent");
        body["consent"] = "yes";
        Assert.Equal(["respondent", "consent"], ErrorsFor(body).Select(e => e.Path));

        Assert.Equal("", Assert.Single(ErrorsFor(JsonNode.Parse("[1,2]")!)).Path);
    }

    [Fact]
    public void A_lone_surrogate_in_a_name_is_refused()
    {
        var errors = ComplaintValidator.Validate(JsonDocument.Parse(
            ValidBody().ToJsonString().Replace("Jane Doe", "Jane \\ud800Doe")).RootElement, Today).Errors;
        Assert.Equal("complainant.name", Assert.Single(errors).Path);
    }

    [Fact]
    public void Form_fields_named_by_json_path_validate_like_the_json_body()
    {
        var fields = new Dictionary<string, IReadOnlyList<string>>
        {
            ["complainant.name"] = ["Jane Doe"], ["complainant.email"] = ["jane@example.org"], ["complainant.relationship"] = ["patient"],
            ["respondent.name"] = ["John Smith"], ["respondent.countryOfPractice"] = ["de"],
            ["allegation.sections"] = ["3.1", "6.12"], ["allegation.summary"] = [new string('x', 60)], ["allegation.occurredFrom"] = [""],
            ["consent.shareWithNationalOrganization"] = ["on"], ["consent.truthful"] = ["true"],
        };

        var (complaint, errors) = ComplaintValidator.Validate(FormFields.ToJson(fields), Today);

        Assert.Empty(errors);
        Assert.Equal(["3.1", "6.12"], complaint!.Allegation.Sections);
        Assert.Equal("DE", complaint.Respondent.CountryOfPractice);
        Assert.Null(complaint.Allegation.OccurredFrom);
    }
}

public class ComplaintValidatorFormatCharacterTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static (Complaint? Complaint, IReadOnlyList<FieldError> Errors) Validate(string path, string value)
    {
        var body = ComplaintValidatorTests.ValidBody();
        var parts = path.Split('.');
        body[parts[0]]![parts[1]] = value;
        return ComplaintValidator.Validate(JsonSerializer.SerializeToElement(body), Today);
    }

    [Theory]
    [InlineData("respondent.name", "Chair\u200BPerson")]       // zero-width space
    [InlineData("respondent.name", "John \u202ehtimS")]         // right-to-left override
    [InlineData("complainant.name", "Jane\u2066 Doe\u2069")]    // isolate
    [InlineData("complainant.name", "Ja\u00ADne Doe")]          // soft hyphen
    [InlineData("respondent.membershipNumber", "M-\uFEFF1001")] // zero-width no-break space
    [InlineData("complainant.name", "Jane\u200DDoe")]           // joiner between Latin letters
    [InlineData("allegation.summary", "The therapist said the sessions were \u202Eprivate\u202C but told everyone about them later.")]
    public void Invisible_format_characters_that_change_what_a_reader_sees_are_refused_naming_the_field(string path, string value)
    {
        var (complaint, errors) = Validate(path, value);

        Assert.Null(complaint);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Equal("format-characters", error.Code);
    }

    [Theory]
    [InlineData("respondent.name", "\u0645\u0647\u062F\u06CC\u200C\u0632\u0627\u062F\u0647")] // Persian, zero-width non-joiner between letters
    [InlineData("respondent.name", "\u0915\u094D\u200D\u0937\u092E\u093E")]                   // Devanagari, joiner after a virama
    [InlineData("allegation.summary", "Der Therapeut hat \u200Everwiesen auf Gespräche, die außerhalb der Gruppe stattfanden, immer wieder.")]
    public void Joiners_that_a_script_needs_and_marks_in_a_long_text_are_kept(string path, string value)
    {
        var (complaint, errors) = Validate(path, value);

        Assert.Empty(errors);
        Assert.NotNull(complaint);
    }

    [Fact]
    public void Names_are_stored_in_one_spelling_whether_an_accent_was_typed_combined_or_composed()
    {
        var (decomposed, _) = Validate("respondent.name", "Rene\u0301 Mu\u0308ller");
        var (composed, _) = Validate("respondent.name", "Ren\u00E9 M\u00FCller");

        Assert.Equal("Ren\u00E9 M\u00FCller", decomposed!.Respondent.Name);
        Assert.Equal(composed!.Respondent.Name, decomposed.Respondent.Name);
    }
}
