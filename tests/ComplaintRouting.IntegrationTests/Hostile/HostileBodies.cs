using System.Text;
using System.Text.Json.Nodes;
using ComplaintRouting.IntegrationTests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace ComplaintRouting.IntegrationTests.Hostile;

/// <summary>One generated request: its body bytes, media type, and whether it was built to be valid.</summary>
public sealed record HostileRequest(byte[] Body, string ContentType, string Kind);

/// <summary>
/// FsCheck generators for what an attacker or a broken client sends: wrong types, missing and extra
/// fields, huge strings, deep nesting, invalid UTF-8, control characters, markup and script,
/// header injection — mostly as one mutation of an otherwise valid complaint, so that validation
/// is pushed field by field rather than failing at the first byte.
/// </summary>
public static class HostileBodies
{
    private static readonly string[] Paths =
    [
        "complainant.name", "complainant.email", "complainant.phone", "complainant.relationship", "complainant.anonymous", "complainant.language",
        "respondent.name", "respondent.membershipNumber", "respondent.email", "respondent.countryOfPractice",
        "allegation.sections", "allegation.summary", "allegation.occurredFrom", "allegation.occurredTo", "allegation.ongoingRisk",
        "consent.shareWithNationalOrganization", "consent.truthful", "complainant", "respondent", "allegation", "consent", "extra.field",
    ];

    public const string Script = "<script>alert('x')</script><img src=x onerror=alert(1)>";

    private static readonly Gen<string> Nasty = Gen.Elements(
        "", " ", "\0", "\u0007bell", "Jane\r\nBcc: victim@example.org", Script, "\"'><svg onload=alert(1)>", "=cmd|' /C calc'!A0",
        "😀😀😀", "\ud83d", "Ünïcödé Ñame", "../../etc/passwd", "${jndi:ldap://x}", "%00", "\u202Eevil", new string('x', 300),
        "2026-02-30", "9999-12-31", "1.0", "10.4", "XX", "de", "patient", "true", "null", "{}", "[]");

    private static Gen<JsonNode?> Value(int depth) => Gen.OneOf(
        Nasty.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Choose(-1000, 1000).Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Elements<JsonNode?>(JsonValue.Create(true), JsonValue.Create(false), null, JsonValue.Create(1e308), JsonValue.Create(-0.0)),
        Gen.Choose(1, 70_000).Select(n => (JsonNode?)JsonValue.Create(new string('a', n))),
        depth <= 0 ? Gen.Constant<JsonNode?>(new JsonArray()) : Value(depth - 1).ListOf().Select(l => (JsonNode?)new JsonArray(l.Select(v => v?.DeepClone()).ToArray())),
        depth <= 0 ? Gen.Constant<JsonNode?>(new JsonObject()) : Value(depth - 1).Select(v => (JsonNode?)new JsonObject { ["k"] = v?.DeepClone() }));

    private static readonly Gen<HostileRequest> Mutated =
        from path in Gen.Elements(Paths)
        from value in Value(2)
        from remove in Gen.Elements(false, false, true)
        select Request(Mutate(path, value, remove), "mutated " + path);

    private static readonly Gen<HostileRequest> DeepNesting =
        from depth in Gen.Choose(10, 5000)
        select new HostileRequest(Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)), "application/json", "deep nesting");

    private static readonly Gen<HostileRequest> InvalidUtf8 =
        from position in Gen.Choose(0, 400)
        from bad in Gen.Elements<byte[]>([0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80])
        select Splice(Encoding.UTF8.GetBytes(Bodies.Complaint().ToJsonString()), position, bad);

    private static readonly Gen<HostileRequest> MarkupEverywhere =
        from anonymous in Gen.Elements(true, false)
        select Request(WithMarkup(anonymous), "valid with markup");

    private static readonly Gen<HostileRequest> FormFields =
        from path in Gen.Elements(Paths)
        from value in Nasty
        select new HostileRequest(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(path)}={Uri.EscapeDataString(value)}&allegation.sections=3.1"), "application/x-www-form-urlencoded", "form");

    private static readonly Gen<HostileRequest> Garbage =
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf()
        from type in Gen.Elements("application/json", "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")
        select new HostileRequest(bytes, type, "garbage " + type);

    public static Gen<HostileRequest> Any { get; } = Gen.Frequency(
        (60, Mutated), (5, DeepNesting), (10, InvalidUtf8), (10, MarkupEverywhere), (10, FormFields), (5, Garbage));

    private static HostileRequest Request(JsonNode body, string kind) => new(Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json", kind);

    private static HostileRequest Splice(byte[] body, int position, byte[] bad)
    {
        var at = Math.Min(position, body.Length);
        return new HostileRequest([.. body[..at], .. bad, .. body[at..]], "application/json", "invalid utf-8");
    }

    private static JsonNode Mutate(string path, JsonNode? value, bool remove)
    {
        var body = Bodies.Complaint(respondent: "Hostile Suite");
        var parts = path.Split('.');
        if (parts.Length == 1)
        {
            if (remove) body.Remove(parts[0]); else body[parts[0]] = value?.DeepClone();
            return body;
        }
        if (body[parts[0]] is not JsonObject section)
        {
            body[parts[0]] = section = new JsonObject();
        }
        if (remove) section.Remove(parts[1]); else section[parts[1]] = value?.DeepClone();
        return body;
    }

    private static JsonNode WithMarkup(bool anonymous)
    {
        var body = Bodies.Complaint(respondent: "Mark <b>Up</b> " + Script, anonymous: anonymous, email: anonymous ? null : "markup@example.org");
        if (!anonymous) body["complainant"]!["name"] = "Eve " + Script;
        body["respondent"]!["membershipNumber"] = "<i>M-1</i>";
        body["allegation"]!["summary"] = "This summary carries markup that must never run: " + Script + " and continues long enough.";
        body["complainant"]!["phone"] = "<b>555</b>";
        return body;
    }
}
