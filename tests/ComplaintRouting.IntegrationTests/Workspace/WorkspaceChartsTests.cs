using System.Xml.Linq;
using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Localization;
using ComplaintRouting.Workspace;

namespace ComplaintRouting.IntegrationTests.Workspace;

/// <summary>
/// The workspace's charts (SPEC §11) as documents: safe standalone SVG with the numbers in a text
/// equivalent, in the reader's language. Plain: no app is started.
/// </summary>
public class WorkspaceChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static OpenCaseSummary Case(string reference, CaseStatus status, double ageDays, double stepDays, double? deadlineDays, bool urgent = false)
    {
        var stepStarted = Now.AddDays(-stepDays);
        return new(reference, status, Now.AddDays(-ageDays), stepStarted, deadlineDays is { } d ? stepStarted.AddDays(d) : null, urgent);
    }

    /// <summary>
    /// Three under national review (8 days in step at the median, 90-day deadline, none overdue), two
    /// with the committee (25 days, 14-day deadline, both overdue), one just received (no deadline),
    /// one awaiting the decision, one under appeal; ages on the bucket edges (30 and 365 days).
    /// </summary>
    private static readonly OpenCaseSummary[] Open =
    [
        Case("E-2025-0001", CaseStatus.UnderNationalReview, ageDays: 10, stepDays: 5, deadlineDays: 90),
        Case("E-2025-0002", CaseStatus.UnderNationalReview, ageDays: 40, stepDays: 8, deadlineDays: 90),
        Case("E-2025-0003", CaseStatus.UnderNationalReview, ageDays: 100, stepDays: 20, deadlineDays: 90, urgent: true),
        Case("E-2025-0004", CaseStatus.EscalatedToCommittee, ageDays: 200, stepDays: 20, deadlineDays: 14),
        Case("E-2025-0005", CaseStatus.EscalatedToCommittee, ageDays: 400, stepDays: 30, deadlineDays: 14),
        Case("E-2025-0006", CaseStatus.Received, ageDays: 0, stepDays: 0, deadlineDays: null),
        Case("E-2025-0007", CaseStatus.AwaitingDecision, ageDays: 30, stepDays: 3, deadlineDays: 30),
        Case("E-2025-0008", CaseStatus.UnderAppeal, ageDays: 365, stepDays: 10, deadlineDays: null),
    ];

    /// <summary>June 2024 is outside the last twelve months (July 2024 – June 2025).</summary>
    private static readonly (DateOnly Month, int Overdue)[] OverdueByMonth =
    [
        (new DateOnly(2025, 6, 1), 2),
        (new DateOnly(2025, 1, 1), 5),
        (new DateOnly(2024, 7, 1), 1),
        (new DateOnly(2024, 6, 1), 9),
    ];

    private static Dictionary<string, Chart> Build(IReadOnlyList<OpenCaseSummary> open, string lang = "en") =>
        WorkspaceCharts.Build(open, OverdueByMonth, Now, lang).ToDictionary(c => c.Name);

    private static string Value(Chart chart, string label) =>
        Assert.Single(chart.Table, row => string.Equals(row.Label, label, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Status(string lang, CaseStatus status) => Texts.Get(lang, "status." + status.ToApi());

    private static IEnumerable<string> Texts_(XDocument svg) => svg.Descendants(Svg + "text").Select(t => t.Value);

    [Fact]
    public void Every_chart_is_a_standalone_svg_with_no_script_and_nothing_from_elsewhere()
    {
        foreach (var open in new[] { Open, [] })
        {
            var charts = WorkspaceCharts.Build(open, OverdueByMonth, Now, "en");
            Assert.Equal(["by-status", "ages", "steps", "overdue"], charts.Select(c => c.Name));
            foreach (var chart in charts)
            {
                var document = XDocument.Parse(chart.Svg);
                var root = document.Root!;
                Assert.Equal(Svg + "svg", root.Name);
                Assert.Equal($"0 0 {WorkspaceCharts.Width} {WorkspaceCharts.Height}", (string?)root.Attribute("viewBox"));
                Assert.Equal(chart.Title, root.Element(Svg + "title")?.Value);

                var elements = root.DescendantsAndSelf().ToArray();
                Assert.DoesNotContain(elements, e => e.Name.LocalName is "script" or "foreignObject" or "image" or "iframe" or "style" or "a");
                foreach (var attribute in elements.Attributes().Where(a => !a.IsNamespaceDeclaration))
                {
                    Assert.False(attribute.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{chart.Name}: handler {attribute}");
                    Assert.False(attribute.Name.LocalName == "href" && !attribute.Value.StartsWith('#'), $"{chart.Name}: {attribute}");
                    Assert.DoesNotContain("//", attribute.Value);
                    if (attribute.Value.Contains("url(", StringComparison.Ordinal))
                        Assert.Matches(@"^url\(#[A-Za-z0-9_-]+\)$", attribute.Value);
                }
                Assert.DoesNotContain("<script", chart.Svg, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("@import", chart.Svg, StringComparison.OrdinalIgnoreCase);

                // Text is text (drawn with the embedded font: with none, ScottPlot drew no text at all),
                // each anchored at one point so a browser shapes it (right to left, joined scripts).
                var texts = root.Descendants(Svg + "text").ToArray();
                Assert.Contains(texts, t => t.Value == chart.Title);
                foreach (var text in texts)
                {
                    Assert.Matches(@"^-?[0-9.]+(e-?[0-9]+)?$", (string?)text.Attribute("x") ?? "0");
                    Assert.Matches(@"^-?[0-9.]+(e-?[0-9]+)?$", (string?)text.Attribute("y") ?? "0");
                    Assert.EndsWith("sans-serif", (string?)text.Attribute("font-family") ?? "sans-serif");
                }
                Assert.NotEmpty(chart.Table);
            }
        }
    }

    [Fact]
    public void The_by_status_chart_counts_each_status_and_shows_the_numbers()
    {
        var chart = Build(Open)["by-status"];
        Assert.Equal("Open cases by status", chart.Title);
        Assert.Equal("3", Value(chart, Status("en", CaseStatus.UnderNationalReview)));
        Assert.Equal("2", Value(chart, Status("en", CaseStatus.EscalatedToCommittee)));
        Assert.Equal("1", Value(chart, Status("en", CaseStatus.Received)));
        Assert.Equal("1", Value(chart, Status("en", CaseStatus.AwaitingDecision)));
        Assert.Equal("1", Value(chart, Status("en", CaseStatus.UnderAppeal)));
        // Open statuses with no case still have their row (and bar), at zero; final ones do not.
        Assert.Equal("0", Value(chart, Status("en", CaseStatus.ReferredToNational)));
        Assert.Equal("0", Value(chart, Status("en", CaseStatus.UnderCommitteeReview)));
        Assert.DoesNotContain(chart.Table, row => string.Equals(row.Label, Status("en", CaseStatus.Withdrawn), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Open.Length, chart.Table.Sum(row => int.Parse(row.Value, System.Globalization.CultureInfo.InvariantCulture)));

        var texts = Texts_(XDocument.Parse(chart.Svg)).ToArray();
        Assert.Contains("3", texts);
        Assert.Contains("2", texts);
        Assert.Contains(texts, t => t.StartsWith("Being reviewed by the", StringComparison.Ordinal));
    }

    [Fact]
    public void Case_ages_fall_in_their_buckets_lower_bounds_inclusive()
    {
        var chart = Build(Open)["ages"];
        Assert.Equal(
            [("under 30 days", "2"), ("30–90 days", "2"), ("90–180 days", "1"), ("180–365 days", "1"), ("over a year", "2")],
            chart.Table);

        // Moving each case one day older moves the ones on an edge (29.x → 30 and 364.x → 365).
        var justUnder = new[]
        {
            Case("E-1", CaseStatus.UnderNationalReview, ageDays: 29.99, stepDays: 1, deadlineDays: 90),
            Case("E-2", CaseStatus.UnderNationalReview, ageDays: 89.99, stepDays: 1, deadlineDays: 90),
            Case("E-3", CaseStatus.UnderNationalReview, ageDays: 364.99, stepDays: 1, deadlineDays: 90),
            Case("E-4", CaseStatus.Received, ageDays: -1, stepDays: 0, deadlineDays: null), // clock skew: new
        };
        Assert.Equal(["2", "1", "0", "1", "0"], Build(justUnder)["ages"].Table.Select(r => r.Value));
    }

    [Fact]
    public void The_steps_chart_puts_the_median_days_in_step_against_the_median_deadline_with_overdue_counts()
    {
        var chart = Build(Open)["steps"];
        Assert.Equal("Days in the current step against its deadline", chart.Title);
        Assert.Equal("8 days in step (median); deadline 90 days; 0 overdue", Value(chart, Status("en", CaseStatus.UnderNationalReview)));
        Assert.Equal("25 days in step (median); deadline 14 days; 2 overdue", Value(chart, Status("en", CaseStatus.EscalatedToCommittee)));
        Assert.Equal("3 days in step (median); deadline 30 days; 0 overdue", Value(chart, Status("en", CaseStatus.AwaitingDecision)));
        Assert.Equal("0 days in step (median); no deadline runs", Value(chart, Status("en", CaseStatus.Received)));
        Assert.Equal("10 days in step (median); no deadline runs", Value(chart, Status("en", CaseStatus.UnderAppeal)));
        Assert.Equal(5, chart.Table.Count); // only statuses with a case

        var texts = Texts_(XDocument.Parse(chart.Svg)).ToArray();
        Assert.Contains("median days in step", texts);
        Assert.Contains("deadline (median, days)", texts);
        Assert.Contains("25 · 2 overdue", texts);
        Assert.Contains("14", texts);
        Assert.Contains("90", texts);
    }

    [Fact]
    public void The_overdue_chart_covers_the_last_twelve_months_and_no_other()
    {
        var chart = Build(Open)["overdue"];
        Assert.Equal(12, chart.Table.Count);
        Assert.Equal("July 2024", chart.Table[0].Label);
        Assert.Equal("June 2025", chart.Table[^1].Label);
        Assert.Equal("1", chart.Table[0].Value);
        Assert.Equal("5", Value(chart, "January 2025"));
        Assert.Equal("2", chart.Table[^1].Value);
        Assert.Equal(8, chart.Table.Sum(r => int.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture))); // June 2024's 9 left out
        Assert.Contains("5", Texts_(XDocument.Parse(chart.Svg)));
    }

    [Fact]
    public void A_german_reader_gets_german_titles_labels_and_numbers()
    {
        var charts = Build(Open, "de-DE");
        Assert.Equal("Offene Fälle nach Status", charts["by-status"].Title);
        Assert.Equal("Alter der offenen Fälle", charts["ages"].Title);
        Assert.Equal(Texts.Get("de", "workspace.chart.steps.title"), charts["steps"].Title);
        Assert.Equal(Texts.Get("de", "workspace.chart.overdue.title"), charts["overdue"].Title);
        foreach (var chart in charts.Values)
        {
            var document = XDocument.Parse(chart.Svg);
            Assert.Equal(chart.Title, document.Root!.Element(Svg + "title")!.Value);
            Assert.Equal("de", (string?)document.Root!.Attribute("lang"));
            Assert.Contains(chart.Title, Texts_(document));
        }
        Assert.Equal("3", Value(charts["by-status"], Status("de", CaseStatus.UnderNationalReview)));
        Assert.Equal("unter 30 Tage", charts["ages"].Table[0].Label);
        Assert.Equal("25 Tage im Schritt (Median); Frist 14 Tage; 2 überfällig", Value(charts["steps"], Status("de", CaseStatus.EscalatedToCommittee)));
        Assert.Equal("Juni 2025", charts["overdue"].Table[^1].Label);
        Assert.Contains("Tage im Schritt (Median)", Texts_(XDocument.Parse(charts["steps"].Svg)));

        // A half day in German has a decimal comma.
        var half = new[]
        {
            Case("E-1", CaseStatus.UnderNationalReview, ageDays: 10, stepDays: 2, deadlineDays: 90),
            Case("E-2", CaseStatus.UnderNationalReview, ageDays: 10, stepDays: 3, deadlineDays: 90),
        };
        Assert.StartsWith("2,5 Tage", Value(Build(half, "de")["steps"], Status("de", CaseStatus.UnderNationalReview)));
    }

    [Fact]
    public void No_open_cases_still_gives_four_charts_that_say_so()
    {
        var charts = Build([]);
        Assert.Equal(4, charts.Count);
        foreach (var name in new[] { "by-status", "ages", "steps" })
        {
            var chart = charts[name];
            Assert.Equal([("No open cases", "0")], chart.Table);
            Assert.Contains("No open cases", Texts_(XDocument.Parse(chart.Svg)));
        }
        Assert.Equal(12, charts["overdue"].Table.Count); // the last year happened all the same
        Assert.Equal([("Keine offenen Fälle", "0")], Build([], "de")["ages"].Table);

        var nothingOverdue = WorkspaceCharts.Build([], [], Now, "en").Single(c => c.Name == "overdue");
        Assert.All(nothingOverdue.Table, row => Assert.Equal("0", row.Value));
        Assert.Equal("svg", XDocument.Parse(nothingOverdue.Svg).Root!.Name.LocalName);
    }

    [Fact]
    public void Charts_render_the_same_from_many_threads_at_once()
    {
        var expected = WorkspaceCharts.Build(Open, OverdueByMonth, Now, "fr").Select(c => c.Svg).ToArray();
        var results = new string[16][];
        Parallel.For(0, results.Length, i => results[i] = WorkspaceCharts.Build(Open, OverdueByMonth, Now, "fr").Select(c => c.Svg).ToArray());
        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.Equal("Dossiers ouverts par statut", WorkspaceCharts.Build(Open, OverdueByMonth, Now, "fr")[0].Title);

        // For a look by eye: CHART_SAMPLES=/tmp/dir writes each chart there (never in the repository).
        if (Environment.GetEnvironmentVariable("CHART_SAMPLES") is { Length: > 0 } folder)
        {
            System.IO.Directory.CreateDirectory(folder);
            foreach (var lang in new[] { "en", "de" })
                foreach (var chart in WorkspaceCharts.Build(Open, OverdueByMonth, Now, lang))
                    File.WriteAllText(Path.Combine(folder, $"workspace-chart-{chart.Name}.{lang}.svg"), chart.Svg);
        }
    }
}
