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
