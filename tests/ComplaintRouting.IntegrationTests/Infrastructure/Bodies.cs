using System.Text.Json.Nodes;

namespace ComplaintRouting.IntegrationTests.Infrastructure;

/// <summary>Submission bodies as outside clients send them (SPEC §5).</summary>
public static class Bodies
{
    public const string Summary = "During group sessions the therapist repeatedly shared details of my private disclosures with another client.";

    public static JsonObject Complaint(string respondent = "Unknown Person", string? membershipNumber = null, string country = "DE",
        string[]? sections = null, string? email = "jane@example.org", bool anonymous = false, string language = "en", bool ongoingRisk = false)
    {
        var body = new JsonObject
        {
            ["complainant"] = new JsonObject
            {
                ["name"] = anonymous ? null : "Jane Doe",
                ["email"] = email,
                ["relationship"] = "patient",
                ["anonymous"] = anonymous,
                ["language"] = language,
            },
            ["respondent"] = new JsonObject
            {
                ["name"] = respondent,
                ["membershipNumber"] = membershipNumber,
                ["countryOfPractice"] = country,
            },
            ["allegation"] = new JsonObject
            {
                ["sections"] = new JsonArray((sections ?? ["3.1"]).Select(s => (JsonNode?)s).ToArray()),
                ["summary"] = Summary,
                ["occurredFrom"] = "2026-05-01",
                ["ongoingRisk"] = ongoingRisk,
            },
            ["consent"] = new JsonObject { ["shareWithNationalOrganization"] = true, ["truthful"] = true },
        };
        return body;
    }
}
