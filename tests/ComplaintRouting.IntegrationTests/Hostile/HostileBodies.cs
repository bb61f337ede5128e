using System.Text;
using System.Text.Json.Nodes;
using ComplaintRouting.IntegrationTests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace ComplaintRouting.IntegrationTests.Hostile;

/// <summary>One generated request: its body bytes, media type, the class it was built from, and where it is posted.</summary>
public sealed record HostileRequest(byte[] Body, string ContentType, string Kind, string Path = HostileBodies.Complaints, string? Proof = null);

/// <summary>
/// FsCheck generators for what an attacker or a broken client sends: wrong types, missing and extra
/// fields, huge strings, deep nesting, invalid UTF-8, control characters, markup and script,
/// header injection — mostly as one mutation of an otherwise valid complaint, so that validation
/// is pushed field by field rather than failing at the first byte.
/// </summary>
public static class HostileBodies
{
    public const string Complaints = "/api/complaints";

    /// <summary>Every anonymous route that reads a body (tokens and references are well-formed but unknown).</summary>
    private static readonly string[] OtherRoutes =
    [
        "/api/form/follow-up", "/api/complaints/CR-7K4M-9QXD/messages", "/api/referrals/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/messages",
        "/api/committee/cases/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/messages", "/api/complaints/CR-7K4M-9QXD/status", "/api/complaints/CR-7K4M-9QXD/withdraw", "/api/sendgrid/events",
        "/api/referrals/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/outcome", "/api/referrals/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/renew",
        "/api/committee/cases/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/recommendation", "/api/committee/cases/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/acknowledge",
        "/api/committee/cases/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/assign", "/api/committee/cases/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/notes",
        "/api/committee/members/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/notes", "/api/committee/members/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/recuse",
        "/api/executive/cases/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/decision", "/api/executive/cases/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/appeal-outcome",
        "/api/respondents/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/reply", "/api/respondents/AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB/appeal",
    ];

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

    // What ASP.NET Core's form reader refuses: more fields than its count limit, longer keys than its key limit.
    private static readonly Gen<HostileRequest> ManyFormFields =
        from count in Gen.Choose(150, 6000)
        from repeated in Gen.Elements(true, false)
        select new HostileRequest(Encoding.UTF8.GetBytes(string.Join('&', Enumerable.Range(0, count).Select(i => repeated ? "allegation.sections=3.1" : $"f{i}=1"))),
            "application/x-www-form-urlencoded", "form-fields count");

    private static readonly Gen<HostileRequest> LongFormKey =
        from length in Gen.Choose(90, 60_000)
        select new HostileRequest(Encoding.UTF8.GetBytes(new string('k', length) + "=1&complainant.name=x"), "application/x-www-form-urlencoded", "form-key length");

    private static readonly Gen<HostileRequest> FormEncodings =
        from body in Gen.Elements("%", "%%", "%zz=1", "a=%u0041", "=", "&&&", "a==b", "+=+", "%00=%00", "complainant.name=%ED%A0%80", "complainant.name=%C0%AF",
            "complainant%2Ename=x", "a;b=c", "complainant.name=%E2%80%AEevil", "﻿complainant.name=x", "allegation.sections=3.1&allegation.sections=%FF",
            "complainant.name=" + new string('x', 60_000))
        from type in Gen.Elements("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=iso-8859-1",
            "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded; boundary=x; charset=\"")
        from utf16 in Gen.Elements(false, false, true)
        select new HostileRequest(utf16 ? Encoding.Unicode.GetBytes(body) : Encoding.UTF8.GetBytes(body), type, "form-encoding");

    private static readonly Gen<HostileRequest> Multipart =
        from fields in Gen.Choose(1, 300)
        from boundary in Gen.Elements("b", "----WebKitFormBoundary7MA4YWxkTrZu0gW", new string('x', 200))
        from declared in Gen.Elements(boundary, "other", "")
        select new HostileRequest(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, fields).Select(i =>
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"complainant.name{i}\"\r\n\r\nx\r\n")) + $"--{boundary}--\r\n"),
            $"multipart/form-data; boundary={declared}", "multipart");

    private static readonly Gen<HostileRequest> JsonEncodings =
        from encoding in Gen.Elements<Encoding>(Encoding.Unicode, Encoding.UTF32, Encoding.BigEndianUnicode, new UTF8Encoding(true))
        from type in Gen.Elements("application/json", "application/json; charset=utf-16", "application/problem+json", "application/json; charset=utf-32")
        select new HostileRequest([.. encoding.GetPreamble(), .. encoding.GetBytes(Bodies.Complaint().ToJsonString())], type, "json-encoding");

    /// <summary>A valid complaint with a forged, malformed or oversized proof of work.</summary>
    private static readonly Gen<HostileRequest> ForgedProof =
        from proof in Gen.Elements("", ":", "x", "x:1", "a.b.c.d:1", "1.16.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA:0", "1.0.a.b:99999999999999999999999",
            new string('9', 5000), "1.16.a.b:" + new string('1', 30), "-1.-1.-1.-1:-1", "%C3%A9.%C3%A9.%C3%A9.%C3%A9:1", "1.16.a.b:1, 1.16.a.b:2")
        select new HostileRequest(Encoding.UTF8.GetBytes(Bodies.Complaint(respondent: "Forged Proof").ToJsonString()), "application/json", "proof-forged", Proof: proof);

    private static readonly Gen<HostileRequest> ForComplaints = Gen.Frequency(
        (50, Mutated), (5, DeepNesting), (8, InvalidUtf8), (8, MarkupEverywhere), (8, FormFields), (4, Garbage),
        (4, ManyFormFields), (4, LongFormKey), (4, FormEncodings), (3, Multipart), (2, JsonEncodings), (3, ForgedProof));

    /// <summary>Mostly complaints; one in five of the same bodies goes to another route that reads a body.</summary>
    public static Gen<HostileRequest> Any { get; } =
        from request in ForComplaints
        from elsewhere in Gen.Choose(0, 4)
        from route in Gen.Elements(OtherRoutes)
        select elsewhere == 0 ? request with { Path = route } : request;

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
