using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplaintRouting.Api;
using ComplaintRouting.Guidelines;

namespace ComplaintRouting.Intake;

/// <summary>A failing field: its JSON path (e.g. <c>respondent.countryOfPractice</c>), a stable code the form translates, and an English message.</summary>
public sealed record FieldError(string Path, string Code, string Message);

/// <summary>
/// Checks a submission (SPEC §5) field by field from the raw JSON, so that a wrong type is a field
/// error like any other and nothing a client sends can throw. Either every rule holds and a
/// <see cref="Complaint"/> comes out, or the list names each failing field.
/// </summary>
public static partial class ComplaintValidator
{
    public const int SummaryMin = 50;
    public const int SummaryMax = 20_000;
    private const int NameMax = 200;
    private const int EmailMax = 254;
    private const int PhoneMax = 40;
    private const int ShortMax = 64;

    public static (Complaint? Complaint, IReadOnlyList<FieldError> Errors) Validate(JsonElement root, DateOnly today)
    {
        var v = new Reader();
        if (root.ValueKind != JsonValueKind.Object)
        {
            v.Fail("", "object", "The body must be a JSON object.");
            return (null, v.Errors);
        }

        var complainant = v.Object(root, "complainant");
        var anonymous = v.Bool(complainant, "complainant.anonymous") ?? false;
        var name = v.Text(complainant, "complainant.name", NameMax, required: !anonymous);
        var email = v.Email(complainant, "complainant.email", required: !anonymous);
        var phone = v.Text(complainant, "complainant.phone", PhoneMax, required: false);
        var relationship = v.Choice<Relationship>(complainant, "complainant.relationship");
        var language = v.Text(complainant, "complainant.language", 16, required: false);
        if (language is not null && !LanguageTag().IsMatch(language))
            v.Fail("complainant.language", "language", "Give a language code such as en, es, fr or de.");

        var respondent = v.Object(root, "respondent");
        var respondentName = v.Text(respondent, "respondent.name", NameMax, required: true);
        var membershipNumber = v.Text(respondent, "respondent.membershipNumber", ShortMax, required: false);
        var respondentEmail = v.Email(respondent, "respondent.email", required: false);
        var country = v.Text(respondent, "respondent.countryOfPractice", 2, required: true)?.ToUpperInvariant();
        if (country is not null && !Countries.IsValid(country))
            v.Fail("respondent.countryOfPractice", "country", "Choose the country where the member practises (a two-letter ISO code such as DE).");

        var allegation = v.Object(root, "allegation");
        var sections = v.Sections(allegation, "allegation.sections");
        var summary = v.Text(allegation, "allegation.summary", SummaryMax, required: true, multiline: true);
        if (summary is not null && summary.Length < SummaryMin)
            v.Fail("allegation.summary", "too-short", $"Describe what happened in at least {SummaryMin} characters.");
        var from = v.Date(allegation, "allegation.occurredFrom", today);
        var to = v.Date(allegation, "allegation.occurredTo", today);
        if (from is not null && to is not null && to < from)
            v.Fail("allegation.occurredTo", "date-order", "The end date must not be before the start date.");
        var ongoingRisk = v.Bool(allegation, "allegation.ongoingRisk") ?? false;

        var consent = v.Object(root, "consent");
        v.MustBeTrue(consent, "consent.shareWithNationalOrganization", "Your consent to share the complaint with the member's national association is needed to process it.");
        v.MustBeTrue(consent, "consent.truthful", "Please confirm that the information is true to the best of your knowledge.");

        if (v.Errors.Count > 0) return (null, v.Errors);

        return (new Complaint(
            new ComplainantDetails(name, email, phone, relationship!.Value, anonymous, (language ?? "en").ToLowerInvariant()),
            new RespondentDetails(respondentName!, membershipNumber, respondentEmail, country!),
            new AllegationDetails(sections!, summary!, from, to, ongoingRisk)), v.Errors);
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    /// <summary>Reads fields leniently and records one error per failing field.</summary>
    private sealed class Reader
    {
        public List<FieldError> Errors { get; } = [];

        public void Fail(string path, string code, string message) => Errors.Add(new FieldError(path, code, message));

        public JsonElement? Object(JsonElement parent, string path)
        {
            if (!parent.TryGetProperty(path, out var value) || value.ValueKind is JsonValueKind.Null)
            {
                Fail(path, "required", "This section is required.");
                return null;
            }
            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "object", "This must be an object.");
                return null;
            }
            return value;
        }

        private static JsonElement? Field(JsonElement? parent, string path)
        {
            if (parent is not { } p) return null;
            var name = path[(path.LastIndexOf('.') + 1)..];
            return p.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
        }

        public string? Text(JsonElement? parent, string path, int max, bool required, bool multiline = false)
        {
            if (parent is null) return null;
            var value = Field(parent, path);
            if (value is null || (value.Value.ValueKind == JsonValueKind.String && StringOf(value.Value) is { } blank && string.IsNullOrWhiteSpace(blank)))
            {
                if (required) Fail(path, "required", "This field is required.");
                return null;
            }
            if (value.Value.ValueKind != JsonValueKind.String)
            {
                Fail(path, "text", "This must be text.");
                return null;
            }
            if (StringOf(value.Value) is not { } raw)
            {
                Fail(path, "control-characters", "This contains characters that cannot be stored.");
                return null;
            }
            var text = raw.Trim();
            if (text.Length > max)
            {
                Fail(path, "too-long", $"This must be at most {max} characters.");
                return null;
            }
            if (HasForbiddenControl(text, multiline))
            {
                Fail(path, "control-characters", multiline ? "This contains characters that cannot be stored." : "This must be a single line of text.");
                return null;
            }
            if (HasDeceptiveFormat(text, multiline))
            {
                Fail(path, "format-characters", "This contains invisible characters that change how the text is shown. Please type it again without them.");
                return null;
            }
            // One spelling for one text: "é" typed as e + combining accent equals "é" (NFC).
            return text.Normalize(NormalizationForm.FormC);
        }

        public string? Email(JsonElement? parent, string path, bool required)
        {
            var text = Text(parent, path, EmailMax, required);
            if (text is null) return null;
            if (!MailAddress.TryCreate(text, out var address) || address.Address != text || !address.Host.Contains('.'))
            {
                Fail(path, "email", "Give an e-mail address such as name@example.org.");
                return null;
            }
            return text;
        }

        public bool? Bool(JsonElement? parent, string path)
        {
            var value = Field(parent, path);
            if (value is null) return null;
            if (value.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.Value.GetBoolean();
            Fail(path, "boolean", "This must be true or false.");
            return null;
        }

        public void MustBeTrue(JsonElement? parent, string path, string message)
        {
            if (parent is null) return;
            var value = Field(parent, path);
            if (value is not { ValueKind: JsonValueKind.True }) Fail(path, "consent", message);
        }

        public TEnum? Choice<TEnum>(JsonElement? parent, string path) where TEnum : struct, Enum
        {
            if (parent is null) return null;
            var value = Field(parent, path);
            if (value is { ValueKind: JsonValueKind.String } && ApiNames<TEnum>.TryParse(StringOf(value.Value), out var parsed)) return parsed;
            Fail(path, value is null ? "required" : "choice", $"Choose one of: {string.Join(", ", ApiNames<TEnum>.All)}.");
            return null;
        }

        public DateOnly? Date(JsonElement? parent, string path, DateOnly today)
        {
            var value = Field(parent, path);
            if (value is null) return null;
            if (value.Value.ValueKind != JsonValueKind.String ||
                !DateOnly.TryParseExact(StringOf(value.Value), "yyyy-MM-dd", out var date))
            {
                Fail(path, "date", "Give a date as YYYY-MM-DD.");
                return null;
            }
            if (date > today)
            {
                Fail(path, "future-date", "The date must not be in the future.");
                return null;
            }
            return date;
        }

        public IReadOnlyList<string>? Sections(JsonElement? parent, string path)
        {
            if (parent is null) return null;
            var value = Field(parent, path);
            if (value is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
            {
                Fail(path, "required", "Choose at least one standard that you believe was broken.");
                return null;
            }
            var sections = new List<string>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var number = StringOf(item);
                if (number is null || !GuidelineCatalogue.Exists(number))
                    Fail($"{path}[{index}]", "section", "This is not a section of the guidelines.");
                else if (!sections.Contains(number))
                    sections.Add(number);
                index++;
            }
            return Errors.Any(e => e.Path.StartsWith(path, StringComparison.Ordinal)) ? null : sections;
        }

        private static string? StringOf(JsonElement value) => JsonText.StringOrNull(value);

        /// <summary>
        /// Invisible format characters (Unicode Cf: bidi overrides and isolates, zero-width spaces,
        /// soft hyphens…) make two different names look alike and reorder what the chair reads.
        /// A single line allows none, except the zero-width (non-)joiner between two letters of a
        /// non-Latin script (Persian and Indic names need them; a virama counts as a letter here). A multi-line text keeps marks such
        /// as U+200E but allows no bidi embedding, override or isolate, which reorder a line.
        /// </summary>
        private static bool HasDeceptiveFormat(string text, bool multiline)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') return true;
                if (multiline || char.GetUnicodeCategory(c) != UnicodeCategory.Format) continue;
                if (c is '\u200C' or '\u200D' && i > 0 && i + 1 < text.Length && IsNonLatinLetter(text[i - 1]) && IsNonLatinLetter(text[i + 1])) continue;
                return true;
            }
            return false;

            static bool IsNonLatinLetter(char c) => c > '\u036F' && (char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
        }

        private static bool HasForbiddenControl(string text, bool multiline)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')) return true;
                if (c is '\u2028' or '\u2029' && !multiline) return true;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                else if (char.IsSurrogate(c)) return true;
            }
            return false;
        }
    }
}
