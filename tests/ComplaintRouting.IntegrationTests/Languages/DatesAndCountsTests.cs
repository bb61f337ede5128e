using ComplaintRouting.Localization;

namespace ComplaintRouting.IntegrationTests.Languages;

/// <summary>Dates and counts as each language writes them (SPEC §12): dates from the platform's culture data (the month named, no weekday, UTC), counts in CLDR's plural forms.</summary>
public sealed class DatesAndCountsTests
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

    [Theory]
    [InlineData("en", 1, "1 day"), InlineData("en", 2, "2 days"), InlineData("en", 0, "0 days")]
    [InlineData("fr", 0, "0 jour"), InlineData("fr", 1, "1 jour"), InlineData("fr", 2, "2 jours")]
    [InlineData("ru", 1, "1 день"), InlineData("ru", 3, "3 дня"), InlineData("ru", 5, "5 дней"), InlineData("ru", 11, "11 дней"), InlineData("ru", 21, "21 день"), InlineData("ru", 22, "22 дня"), InlineData("ru", 112, "112 дней")]
    [InlineData("he", 1, "יום אחד"), InlineData("he", 2, "יומיים"), InlineData("he", 7, "7 ימים")]
    [InlineData("tr", 1, "1 gün"), InlineData("tr", 9, "9 gün")]
    public void A_count_takes_the_languages_plural_form(string lang, int days, string text) =>
        Assert.Equal(text, Texts.Count(lang, "workspace.age.days", days));

    [Fact]
    public void A_fraction_takes_the_form_cldr_gives_it() =>
        Assert.Equal("просрочка 1,5 дня", Texts.Count("ru", "workspace.timeline.late", 1.46));
}
