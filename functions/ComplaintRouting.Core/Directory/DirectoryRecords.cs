using System.Globalization;
using System.Text;

namespace ComplaintRouting.Directory;

/// <summary>A national (primary professional) organization, as the administrator imports it.</summary>
public sealed record Organization(string Id, string Name, string Country, string? ReferralEmail, string? ContactName, string Language, bool Active);

/// <summary>A member of the association and the organization they belong to in their country of practice.</summary>
public sealed record Member(string MembershipNumber, string FullName, string? Email, string Country, string? PrimaryOrganizationId, string? Language = null);

/// <summary>A member of the ethics committee besides the chair and deputy (SPEC §9), as the administrator imports the roster.</summary>
public sealed record CommitteeMember(string Id, string Name, string Email, string Language, bool Active)
{
    /// <summary>
    /// Whether this committee member is the person a complaint is about (SPEC §9): by e-mail (the
    /// one the complainant gave, or the directory's) or by normalized name. Such a member can never
    /// be assigned to the case or open it.
    /// </summary>
    public bool IsRespondent(string respondentName, params IEnumerable<string?> respondentEmails) =>
        respondentEmails.Any(e => e is not null && string.Equals(e.Trim(), Email, StringComparison.OrdinalIgnoreCase))
        || PersonNames.Normalize(respondentName) is { Length: > 0 } name && name == PersonNames.Normalize(Name);
}

public static class PersonNames
{
    /// <summary>
    /// The form names are compared in: accents removed, case folded, punctuation and runs of
    /// white space made one space ("ANA MÜLLER-LÜDENSCHEIDT" = "Ana Müller Lüdenscheidt").
    /// </summary>
    public static string Normalize(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            // Marks and invisible format characters (soft hyphen, zero-width, bidi controls) are dropped, not made spaces.
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) continue;
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0) sb.Append(' ');
                space = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString().Replace("ß", "ss", StringComparison.Ordinal);
    }
}
