using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ComplaintRouting.Localization;

/// <summary>
/// Dates and times as the reader's language writes them (SPEC §12), from the platform's culture data:
/// the day with its month named (nothing to misread between 4/12 and 12/4; no weekday), the time in
/// 24 hours, always UTC. Tables and files for machines (CSV, the management API) keep ISO 8601.
/// </summary>
public static partial class Dates
{
    private static readonly ConcurrentDictionary<string, string> DayPatterns = new(StringComparer.Ordinal);

    public static string Day(string language, DateTimeOffset at) => Day(language, DateOnly.FromDateTime(at.UtcDateTime));

    public static string Day(string language, DateOnly day)
    {
        var culture = Culture(language);
        return day.ToString(DayPatterns.GetOrAdd(culture.Name, _ => Weekday().Replace(culture.DateTimeFormat.LongDatePattern, " ").Trim(' ', ',')), culture);
    }

    /// <summary>The day and the time in UTC, for a text that says "UTC" itself: "4 décembre 2026, 09:30".</summary>
    public static string At(string language, DateTimeOffset at) =>
        $"{Day(language, at)}, {at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)}";

    /// <summary>The day and the time: "4 décembre 2026, 09:30 UTC".</summary>
    public static string Moment(string language, DateTimeOffset at) => $"{At(language, at)} UTC";

    private static CultureInfo Culture(string language) => Form.FormPage.Culture(Texts.Resolve(language));

    [GeneratedRegex(@"\s*dddd[,،]?\s*")]
    private static partial Regex Weekday();
}
