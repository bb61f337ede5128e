using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace ComplaintRouting.Localization;

/// <summary>
/// Every user-facing string, one JSON file per language under Localization/ (embedded). Adding a
/// language is adding one file; a key missing from it falls back to English.
/// </summary>
public static class Texts
{
    public const string Fallback = "en";

    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> Sets = Load();

    /// <summary>Languages with a resource file, English first.</summary>
    public static IReadOnlyList<string> Languages { get; } =
        Sets.Keys.OrderBy(l => l == Fallback ? "" : l, StringComparer.Ordinal).ToArray();

    /// <summary>The best supported language for a requested tag (<c>fr-CA</c> → <c>fr</c>), else English.</summary>
    public static string Resolve(string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) return Fallback;
        var tag = language.Trim().ToLowerInvariant();
        if (Sets.ContainsKey(tag)) return tag;
        var primary = tag.Split('-', '_')[0];
        return Sets.ContainsKey(primary) ? primary : Fallback;
    }

    /// <summary>The best supported language from an Accept-Language header, else English.</summary>
    public static string FromAcceptLanguage(string? header)
    {
        foreach (var part in (header ?? "").Split(','))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.Length > 0 && Resolve(tag) is var lang && (lang != Fallback || tag.StartsWith(Fallback, StringComparison.OrdinalIgnoreCase)))
                return lang;
        }
        return Fallback;
    }

    public static string Get(string language, string key) =>
        Sets.TryGetValue(Resolve(language), out var set) && set.TryGetValue(key, out var text) ? text
        : Sets[Fallback].TryGetValue(key, out var english) ? english
        : throw new KeyNotFoundException($"No text '{key}' in Localization/{Fallback}.json.");

    /// <summary>The text in the language or English, or null when neither has the key.</summary>
    public static string? TryGet(string language, string key) =>
        Sets.TryGetValue(Resolve(language), out var set) && set.TryGetValue(key, out var text) ? text
        : Sets[Fallback].GetValueOrDefault(key);

    public static string Format(string language, string key, params object?[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Get(language, key), args);

    /// <summary>
    /// A text that counts (SPEC §12): its forms, split by <c>|</c>, in the order of the language's
    /// plural categories (<see cref="PluralForms"/>), with the count (to one decimal) as the reader's
    /// language writes it in <c>{0}</c>. A text of one form reads the same for every count.
    /// </summary>
    public static string Count(string language, string key, double count)
    {
        var lang = Resolve(language);
        count = Math.Round(count, 1);
        var forms = Get(lang, key).Split('|');
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, forms[Math.Min(PluralForm(lang, count), forms.Length - 1)],
            count.ToString("0.#", Form.FormPage.Culture(lang)));
    }

    /// <summary>How many plural forms a language's counting texts have: CLDR's categories for the counts the product shows.</summary>
    public static int PluralForms(string language) => Resolve(language) switch { "ru" or "he" => 3, _ => 2 };

    /// <summary>
    /// CLDR's plural rules for the product's languages, for whole and decimal counts: Russian one
    /// (1, 21, 31…), few (2–4, 22–24…; and any fraction), many; Hebrew one, two, other; French and
    /// Portuguese one for 0 and 1; the others one for 1 alone.
    /// </summary>
    private static int PluralForm(string lang, double n)
    {
        var whole = n == Math.Floor(n);
        var i = (long)Math.Floor(Math.Abs(n));
        return lang switch
        {
            "fr" or "pt" => i <= 1 ? 0 : 1,
            "ru" when !whole => 1,
            "ru" => i % 10 == 1 && i % 100 != 11 ? 0 : i % 10 >= 2 && i % 10 <= 4 && (i % 100 < 12 || i % 100 > 14) ? 1 : 2,
            "he" => !whole ? 2 : i == 1 ? 0 : i == 2 ? 1 : 2,
            _ => whole && i == 1 ? 0 : 1,
        };
    }

    /// <summary>A file's size for a reader: KB under a megabyte, else MB with one decimal, in the language's number format and unit names.</summary>
    public static string FileSize(string language, long bytes)
    {
        var culture = Form.FormPage.Culture(Resolve(language));
        return bytes < 1024 * 1024
            ? string.Format(culture, Get(language, "size.kb"), Math.Max(1, (bytes + 1023) / 1024))
            : string.Format(culture, Get(language, "size.mb"), (bytes / (1024.0 * 1024)).ToString("0.0", culture));
    }

    /// <summary>All keys of a language (tests hold every language to the English key set).</summary>
    public static IReadOnlyCollection<string> Keys(string language) => Sets[language].Keys;

    private static FrozenDictionary<string, FrozenDictionary<string, string>> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "ComplaintRouting.Localization.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .ToFrozenDictionary(
                n => n[prefix.Length..^".json".Length],
                n =>
                {
                    using var stream = assembly.GetManifestResourceStream(n)!;
                    return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary(StringComparer.Ordinal);
                },
                StringComparer.Ordinal);
    }
}
