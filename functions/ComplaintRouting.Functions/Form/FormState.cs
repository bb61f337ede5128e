using System.Text.Json;
using ComplaintRouting.Intake;
using ComplaintRouting.Localization;

namespace ComplaintRouting.Form;

/// <summary>
/// What a form page is refilled with on the no-script path: the values posted (by field path,
/// <c>complainant.name</c>) and the errors on them, with the ids, descriptions and messages the
/// field components write.
/// </summary>
public sealed class FormState(string lang, JsonElement? values = null, IReadOnlyList<FieldError>? errors = null)
{
    public string Lang => lang;

    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];

    /// <summary>The element id of a field: its path with dashes (<c>complainant-name</c>).</summary>
    public static string Id(string path) => path.Replace('.', '-');

    public string? Value(string path)
    {
        if (Find(path) is not { } value) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => Api.JsonText.StringOrNull(value),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public HashSet<string> All(string path) =>
        Find(path) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(Api.JsonText.StringOrNull).OfType<string>().ToHashSet()
            : [];

    public bool Has(string path) => For(path).Any();

    public string Message(FieldError error) => Texts.TryGet(lang, "error." + error.Code) ?? error.Message;

    /// <summary>The field's messages in one line, or null when it has none.</summary>
    public string? Inline(string path) => Has(path) ? string.Join(" ", For(path).Select(Message).Distinct()) : null;

    /// <summary>The field's <c>aria-describedby</c>: its hint, then its error; null when it has neither.</summary>
    public string? DescribedBy(string path, string? hint) =>
        string.Join(' ', new[] { hint is null ? null : Id(path) + "-hint", Has(path) ? Id(path) + "-error" : null }.Where(x => x is not null)) is { Length: > 0 } ids ? ids : null;

    /// <summary>The field an error summary entry links to (the section checkboxes share their fieldset).</summary>
    public static string Target(FieldError error) =>
        error.Path.StartsWith("allegation.sections", StringComparison.Ordinal) ? "allegation-sections" : Id(error.Path);

    private IEnumerable<FieldError> For(string path) => Errors.Where(e => e.Path == path || e.Path.StartsWith(path + "[", StringComparison.Ordinal));

    private JsonElement? Find(string path)
    {
        if (values is not { ValueKind: JsonValueKind.Object } current) return null;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out var next)) return null;
            current = next;
        }
        return current;
    }
}
