using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ComplaintRouting.Localization;

namespace ComplaintRouting.IntegrationTests.Infrastructure;

/// <summary>
/// Finds English left in a text meant for another language (SPEC §12): every English value of the
/// language files, cut at its placeholders, gives the fragments of three words or more that the
/// language translates (its own value does not contain them); none may appear in the text.
/// </summary>
public static partial class EnglishLeft
{
    private static readonly ConcurrentDictionary<string, (string Key, string Fragment)[]> Fragments = new(StringComparer.Ordinal);

    public static void AssertNone(string lang, string where, string text)
    {
        foreach (var (key, fragment) in Fragments.GetOrAdd(lang, Translated))
            Assert.False(text.Contains(fragment, StringComparison.Ordinal), $"{where}: the English \"{fragment}\" ({key}) is left in a text in {lang}");
    }

    private static (string, string)[] Translated(string lang) =>
        lang == Texts.Fallback ? [] : Texts.Keys(Texts.Fallback)
            .SelectMany(key => Placeholder().Split(Texts.Get(Texts.Fallback, key))
                .Select(f => f.Trim(' ', '.', ',', ':', ';', '(', ')', '"', '\'', '—', '–'))
                .Where(f => f.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3 && !Texts.Get(lang, key).Contains(f, StringComparison.Ordinal))
                .Select(f => (key, f)))
            .ToArray();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();
}
