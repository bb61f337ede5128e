using ComplaintRouting.Localization;

namespace ComplaintRouting.IntegrationTests.Languages;

/// <summary>Dates as each language writes them, from the platform's culture data (SPEC §12): the month named, no weekday, UTC.</summary>
public sealed class DatesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("en", "December 4, 2026")]
    [InlineData("fr", "4 décembre 2026")]
    [InlineData("de", "4. Dezember 2026")]
    [InlineData("es", "4 de diciembre de 2026")]
    [InlineData("it", "4 dicembre 2026")]
    [InlineData("pt", "4 de dezembro de 2026")]
    [InlineData("ru", "4 декабря 2026 г.")]
    [InlineData("tr", "4 Aralık 2026")]
    [InlineData("el", "4 Δεκεμβρίου 2026")]
    [InlineData("he", "4 בדצמבר 2026")]
    public void A_day_is_written_with_its_month_named_in_the_language(string lang, string day)
    {
        // The culture's own no-break spaces (Russian before "г.") read as spaces here.
        static string Spaced(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');
        Assert.Equal(day, Spaced(Dates.Day(lang, At)));
        Assert.Equal($"{day}, 09:30 UTC", Spaced(Dates.Moment(lang, At)));
    }

    [Fact]
    public void Every_language_has_a_day_pattern_without_the_weekday()
    {
        foreach (var lang in Texts.Languages)
            Assert.DoesNotContain(new System.Globalization.CultureInfo(lang).DateTimeFormat.GetDayName(At.DayOfWeek), Dates.Day(lang, At), StringComparison.OrdinalIgnoreCase);
    }
}
