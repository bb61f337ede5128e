using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplaintRouting.Intake;

/// <summary>
/// Turns the no-script form's <c>application/x-www-form-urlencoded</c> fields (named by JSON path,
/// e.g. <c>respondent.countryOfPractice</c>) into the same JSON body the API takes, so one
/// validator serves both.
/// </summary>
public static class FormFields
{
    private static readonly HashSet<string> Booleans = new(StringComparer.Ordinal)
    {
        "complainant.anonymous", "allegation.ongoingRisk", "consent.shareWithNationalOrganization", "consent.truthful",
    };

    private const string Sections = "allegation.sections";

    public static JsonElement ToJson(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> fields)
    {
        var root = new JsonObject
        {
            ["complainant"] = new JsonObject(),
            ["respondent"] = new JsonObject(),
            ["allegation"] = new JsonObject(),
            ["consent"] = new JsonObject(),
        };
        foreach (var (name, values) in fields)
        {
            var dot = name.IndexOf('.');
            if (dot < 0 && name.Length > 0 && root[name] is null && values.LastOrDefault() is { Length: > 0 } plain)
            {
                root[name] = plain; // top-level fields such as followUpCode
                continue;
            }
            if (dot <= 0 || root[name[..dot]] is not JsonObject section) continue;
            var key = name[(dot + 1)..];
            if (name == Sections)
                section[key] = new JsonArray(values.Where(v => v.Length > 0).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            else if (Booleans.Contains(name))
                section[key] = values.Any(v => v is "true" or "on" or "yes");
            else if (values.LastOrDefault() is { Length: > 0 } value)
                section[key] = value;
        }
        return JsonSerializer.SerializeToElement(root);
    }
}
