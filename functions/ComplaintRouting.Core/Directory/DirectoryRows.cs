using System.Net.Mail;
using ComplaintRouting.Intake;

namespace ComplaintRouting.Directory;

/// <summary>
/// Checks one CSV row of the administrator's directory import (SPEC §5 columns) and turns it
/// into a record, or says what is wrong with it in words the administrator can act on.
/// </summary>
public static class DirectoryRows
{
    public static readonly string[] OrganizationColumns = ["id", "name", "country", "referralEmail", "contactName", "language", "active"];
    public static readonly string[] MemberColumns = ["membershipNumber", "fullName", "email", "country", "primaryOrganizationId"];
    /// <summary>Columns a file may add after the required ones: a member's own language, when it is not their organization's (SPEC §12).</summary>
    public static readonly string[] MemberOptionalColumns = ["language"];
    public static readonly string[] CommitteeColumns = ["id", "name", "email", "language", "active"];

    public static (Organization? Row, string? Error) Organization(IReadOnlyDictionary<string, string> f)
    {
        var error = Key(f, "id") ?? Required(f, "name") ?? Text(f, "name") ?? Country(f) ?? Email(f, "referralEmail", required: false)
                    ?? Text(f, "contactName") ?? Language(f) ?? Active(f);
        if (error is not null) return (null, error);
        return (new Organization(f["id"].Trim(), f["name"].Trim(), f["country"].Trim().ToUpperInvariant(), Blank(f["referralEmail"]),
            Blank(f["contactName"]), Blank(f["language"])?.ToLowerInvariant() ?? "en", IsTrue(f["active"])), null);
    }

    public static (Member? Row, string? Error) Member(IReadOnlyDictionary<string, string> f)
    {
        var error = Key(f, "membershipNumber") ?? Required(f, "fullName") ?? Text(f, "fullName") ?? Email(f, "email", required: false)
                    ?? Country(f) ?? (Blank(f["primaryOrganizationId"]) is null ? null : Key(f, "primaryOrganizationId"))
                    ?? (f.ContainsKey("language") ? Language(f) : null);
        if (error is not null) return (null, error);
        return (new Member(f["membershipNumber"].Trim(), f["fullName"].Trim(), Blank(f["email"]), f["country"].Trim().ToUpperInvariant(),
            Blank(f["primaryOrganizationId"]), f.TryGetValue("language", out var language) ? Blank(language)?.ToLowerInvariant() : null), null);
    }

    public static (CommitteeMember? Row, string? Error) CommitteeMember(IReadOnlyDictionary<string, string> f)
    {
        var error = Key(f, "id") ?? Required(f, "name") ?? Text(f, "name") ?? Email(f, "email", required: true) ?? Language(f) ?? Active(f);
        if (error is not null) return (null, error);
        return (new CommitteeMember(f["id"].Trim(), f["name"].Trim(), f["email"].Trim(), Blank(f["language"])?.ToLowerInvariant() ?? "en", IsTrue(f["active"])), null);
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Required(IReadOnlyDictionary<string, string> f, string column) =>
        string.IsNullOrWhiteSpace(f[column]) ? $"{column} is required." : null;

    /// <summary>An id used as a Table Storage key: no / \ # ? or control characters, at most 64 characters.</summary>
    private static string? Key(IReadOnlyDictionary<string, string> f, string column)
    {
        var value = f[column].Trim();
        if (value.Length == 0) return $"{column} is required.";
        if (value.Length > 64) return $"{column} must be at most 64 characters.";
        if (value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))) return $"{column} must not contain / \\ # ? or control characters.";
        return FormulaLike(value) ? $"{column} must not start with = + - or @." : null;
    }

    /// <summary>Free text: no control characters, and nothing a spreadsheet would run as a formula.</summary>
    private static string? Text(IReadOnlyDictionary<string, string> f, string column)
    {
        var value = f[column].Trim();
        if (value.Length > 200) return $"{column} must be at most 200 characters.";
        if (value.Any(char.IsControl)) return $"{column} must not contain control characters.";
        return FormulaLike(value) ? $"{column} must not start with = + - or @ (it would run as a spreadsheet formula)." : null;
    }

    private static bool FormulaLike(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@';

    private static string? Country(IReadOnlyDictionary<string, string> f) =>
        Countries.IsValid(f["country"].Trim().ToUpperInvariant()) ? null : $"country '{f["country"]}' is not an ISO 3166-1 alpha-2 code.";

    private static string? Email(IReadOnlyDictionary<string, string> f, string column, bool required)
    {
        var value = f[column].Trim();
        if (value.Length == 0) return required ? $"{column} is required." : null;
        return MailAddress.TryCreate(value, out var a) && a.Address == value && a.Host.Contains('.') ? null : $"{column} '{value}' is not an e-mail address.";
    }

    private static string? Language(IReadOnlyDictionary<string, string> f)
    {
        var value = f["language"].Trim();
        return value.Length == 0 || (value.Length is >= 2 and <= 16 && value.All(c => char.IsAsciiLetter(c) || c == '-')) ? null : $"language '{value}' is not a language code.";
    }

    private static string? Active(IReadOnlyDictionary<string, string> f) =>
        f["active"].Trim().ToLowerInvariant() is "true" or "false" or "yes" or "no" or "1" or "0" ? null : "active must be true or false.";

    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is "true" or "yes" or "1";
}
