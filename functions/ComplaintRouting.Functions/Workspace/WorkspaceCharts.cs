using System.Globalization;
using System.Xml.Linq;
using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Localization;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace ComplaintRouting.Workspace;

/// <summary>
/// One chart of the workspace (SPEC §11): <paramref name="Svg"/> is a standalone SVG document
/// (served as <c>image/svg+xml</c>, shown with <c>&lt;img&gt;</c>), <paramref name="Table"/> its text
/// equivalent, row by row, in the reader's language.
/// </summary>
public sealed record Chart(string Name, string Title, string Svg, IReadOnlyList<(string Label, string Value)> Table);

/// <summary>
/// The chair's dashboard charts (SPEC §11): open cases by status, their ages, the days spent in the
/// current step against its deadline, and the cases overdue each month over the last year. Drawn by
/// ScottPlot 5 on SkiaSharp's SVG canvas, with DejaVu Sans from the assembly (Workspace/Fonts) so
/// text is measured and drawn on a host without system fonts. The SVG is then tidied with
/// System.Xml.Linq: a <c>&lt;title&gt;</c> and a <c>viewBox</c>, each <c>&lt;text&gt;</c> anchored at
/// its first glyph instead of Skia's per-glyph positions (which would break right-to-left and joined
/// scripts in a browser), a generic font fallback, and no script, foreign content or reference
/// outside the document: the dashboard's CSP stays <c>self</c>.
/// </summary>
public static class WorkspaceCharts
{
    public const string ByStatus = "by-status";
    public const string Ages = "ages";
    public const string Steps = "steps";
    public const string Overdue = "overdue";

    /// <summary>The charts in the order <see cref="Build"/> returns them.</summary>
    public static IReadOnlyList<string> Names { get; } = [ByStatus, Ages, Steps, Overdue];

    public const int Width = 720;
    public const int Height = 400;

    /// <summary>The family name inside the embedded font files.</summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>What a browser draws the text with when DejaVu Sans is not installed.</summary>
    private const string CssFontFamily = "'DejaVu Sans', Verdana, Arial, sans-serif";

    // Colours at 3:1 or more against white (WCAG 1.4.11), text at 4.5:1 or more.
    private static readonly Color Ink = Color.FromHex("#1a1a1a");
    private static readonly Color Primary = Color.FromHex("#1f5f99");
    private static readonly Color DeadlineColour = Color.FromHex("#8a5a00");
    private static readonly Color OverdueColour = Color.FromHex("#a61b1b");

    /// <summary>Statuses a case is open in: always shown in the by-status chart, with zero when none.</summary>
    private static readonly CaseStatus[] OpenStatuses =
    [
        CaseStatus.Received, CaseStatus.ReferredToNational, CaseStatus.UnderNationalReview,
        CaseStatus.EscalatedToCommittee, CaseStatus.UnderCommitteeReview, CaseStatus.AwaitingDecision,
        CaseStatus.UnderAppeal,
    ];

    /// <summary>Age buckets in days, lower bound inclusive: [0, 30), [30, 90), [90, 180), [180, 365), [365, ∞).</summary>
    private static readonly (int From, string Key)[] AgeBuckets =
    [
        (0, "workspace.chart.age.under30"),
        (30, "workspace.chart.age.30to90"),
        (90, "workspace.chart.age.90to180"),
        (180, "workspace.chart.age.180to365"),
        (365, "workspace.chart.age.overYear"),
    ];

    /// <summary>ScottPlot's font registry and caches are process-wide; one chart renders at a time.</summary>
    private static readonly Lock RenderGate = new();

    private static readonly Lazy<EmbeddedFonts> Typefaces = new(EmbeddedFonts.Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The four charts for the open cases at <paramref name="now"/>, in <paramref name="lang"/>.
    /// <paramref name="overdueByMonth"/> counts the cases overdue in a month (the first of the
    /// month, or any day in it); months it does not name count zero.
    /// </summary>
    public static IReadOnlyList<Chart> Build(
        IReadOnlyList<OpenCaseSummary> open,
        IReadOnlyList<(DateOnly Month, int Overdue)> overdueByMonth,
        DateTimeOffset now,
        string lang)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(overdueByMonth);
        lang = Texts.Resolve(lang);
        var culture = Form.FormPage.Culture(lang);
        return
        [
            BuildByStatus(open, lang, culture),
            BuildAges(open, now, lang, culture),
            BuildSteps(open, now, lang, culture),
            BuildOverdue(overdueByMonth, now, lang, culture),
        ];
    }

    private static Chart BuildByStatus(IReadOnlyList<OpenCaseSummary> open, string lang, CultureInfo culture)
    {
        var title = Texts.Get(lang, "workspace.chart.byStatus.title");
        if (open.Count == 0) return Empty(ByStatus, title, lang);

        var present = open.Select(c => c.Status).ToHashSet();
        var statuses = Enum.GetValues<CaseStatus>().Where(s => OpenStatuses.Contains(s) || present.Contains(s)).ToArray();
        var rows = statuses.Select(s => (Status: s, Label: StatusName(lang, s), Count: open.Count(c => c.Status == s))).ToArray();

        var svg = Render(ByStatus, title, lang, plot =>
        {
            var n = rows.Length;
            var bars = rows.Select((r, i) => new Bar
            {
                Position = n - 1 - i, // the lifecycle reads from the top
                Value = r.Count,
                FillColor = Primary,
                LineWidth = 0,
                Label = r.Count.ToString("N0", culture),
            }).ToArray();
            var plottable = plot.Add.Bars(bars);
            plottable.Horizontal = true;
            StyleValueLabels(plottable);
            CategoryAxis(plot.Axes.Left, rows.Select((r, i) => (Position: (double)(n - 1 - i), r.Label)));
            CountAxis(plot.Axes.Bottom, culture);
            plot.Axes.Bottom.Label.Text = Texts.Get(lang, "workspace.chart.axis.cases");
            plot.Grid.YAxisStyle.IsVisible = false;
            plot.Axes.SetLimits(0, HeadRoom(rows.Max(r => r.Count)), -0.6, n - 0.4);
        });
        return new Chart(ByStatus, title, svg, rows.Select(r => (r.Label, r.Count.ToString("N0", culture))).ToArray());
    }

    private static Chart BuildAges(IReadOnlyList<OpenCaseSummary> open, DateTimeOffset now, string lang, CultureInfo culture)
    {
        var title = Texts.Get(lang, "workspace.chart.ages.title");
        if (open.Count == 0) return Empty(Ages, title, lang);

        var counts = new int[AgeBuckets.Length];
        foreach (var c in open) counts[AgeBucket(now - c.ReceivedAt)]++;
        var labels = AgeBuckets.Select(b => Texts.Get(lang, b.Key)).ToArray();

        var svg = Render(Ages, title, lang, plot =>
        {
            var bars = counts.Select((count, i) => new Bar
            {
                Position = i,
                Value = count,
                FillColor = Primary,
                LineWidth = 0,
                Label = count.ToString("N0", culture),
            }).ToArray();
            StyleValueLabels(plot.Add.Bars(bars));
            CategoryAxis(plot.Axes.Bottom, labels.Select((l, i) => (Position: (double)i, Label: l)));
            CountAxis(plot.Axes.Left, culture);
            plot.Axes.Left.Label.Text = Texts.Get(lang, "workspace.chart.axis.cases");
            plot.Axes.Bottom.Label.Text = Texts.Get(lang, "workspace.chart.axis.age");
            plot.Grid.XAxisStyle.IsVisible = false;
            plot.Axes.SetLimits(-0.6, counts.Length - 0.4, 0, HeadRoom(counts.Max()));
        });
        return new Chart(Ages, title, svg, labels.Select((l, i) => (l, counts[i].ToString("N0", culture))).ToArray());
    }

    /// <summary>The bucket of a case's age: lower bounds inclusive, a future receipt counts as new.</summary>
    internal static int AgeBucket(TimeSpan age)
    {
        var days = age.TotalDays;
        for (var i = AgeBuckets.Length - 1; i > 0; i--)
            if (days >= AgeBuckets[i].From) return i;
        return 0;
    }

    private static Chart BuildSteps(IReadOnlyList<OpenCaseSummary> open, DateTimeOffset now, string lang, CultureInfo culture)
    {
        var title = Texts.Get(lang, "workspace.chart.steps.title");
        if (open.Count == 0) return Empty(Steps, title, lang);

        var rows = open
            .GroupBy(c => c.Status)
            .OrderBy(g => g.Key)
            .Select(g => (
                Label: StatusName(lang, g.Key),
                InStep: Median(g.Select(c => Math.Max(0, (now - c.StepStartedAt).TotalDays))),
                Deadline: g.Any(c => c.StepDueAt is not null)
                    ? Median(g.Where(c => c.StepDueAt is not null).Select(c => Math.Max(0, (c.StepDueAt!.Value - c.StepStartedAt).TotalDays)))
                    : (double?)null,
                Overdue: g.Count(c => c.StepDueAt is { } due && due < now)))
            .ToArray();

        var inStepText = Texts.Get(lang, "workspace.chart.steps.median");
        var deadlineText = Texts.Get(lang, "workspace.chart.steps.deadline");
        var svg = Render(Steps, title, lang, plot =>
        {
            var n = rows.Length;
            var days = new List<Bar>();
            var deadlines = new List<Bar>();
            for (var i = 0; i < n; i++)
            {
                var (_, inStep, deadline, overdue) = rows[i];
                double position = n - 1 - i;
                days.Add(new Bar
                {
                    Position = position + 0.18,
                    Size = 0.34,
                    Value = inStep,
                    FillColor = Primary,
                    LineWidth = 0,
                    Label = overdue > 0
                        ? Days(inStep, culture) + " · " + string.Format(culture, Texts.Get(lang, "workspace.chart.steps.overdue"), overdue)
                        : Days(inStep, culture),
                });
                if (deadline is { } d)
                    deadlines.Add(new Bar
                    {
                        Position = position - 0.18,
                        Size = 0.34,
                        Value = d,
                        FillColor = DeadlineColour,
                        LineWidth = 0,
                        Label = Days(d, culture),
                    });
            }
            var inStepBars = plot.Add.Bars(days);
            inStepBars.Horizontal = true;
            inStepBars.LegendText = inStepText;
            inStepBars.Color = Primary;
            StyleValueLabels(inStepBars);
            if (deadlines.Count > 0)
            {
                var deadlineBars = plot.Add.Bars(deadlines);
                deadlineBars.Horizontal = true;
                deadlineBars.LegendText = deadlineText;
                deadlineBars.Color = DeadlineColour;
                StyleValueLabels(deadlineBars);
            }
            CategoryAxis(plot.Axes.Left, rows.Select((r, i) => (Position: (double)(n - 1 - i), r.Label)));
            CountAxis(plot.Axes.Bottom, culture);
            plot.Axes.Bottom.Label.Text = Texts.Get(lang, "workspace.chart.axis.days");
            plot.Grid.YAxisStyle.IsVisible = false;
            var max = rows.Max(r => Math.Max(r.InStep, r.Deadline ?? 0));
            // Room on the right for the "· 3 overdue" labels.
            plot.Axes.SetLimits(0, Math.Max(HeadRoom(max), max * 1.45), -0.6, n - 0.4);
            BottomLegend(plot);
        });

        var table = rows.Select(r => (r.Label, r.Deadline is { } d
            ? string.Format(culture, Texts.Get(lang, "workspace.chart.steps.row"), Days(r.InStep, culture), Days(d, culture), r.Overdue.ToString("N0", culture))
            : string.Format(culture, Texts.Get(lang, "workspace.chart.steps.rowNoDeadline"), Days(r.InStep, culture)))).ToArray();
        return new Chart(Steps, title, svg, table);
    }

    private static Chart BuildOverdue(IReadOnlyList<(DateOnly Month, int Overdue)> overdueByMonth, DateTimeOffset now, string lang, CultureInfo culture)
    {
        var title = Texts.Get(lang, "workspace.chart.overdue.title");
        var utc = now.UtcDateTime;
        var thisMonth = new DateOnly(utc.Year, utc.Month, 1);
        var months = Enumerable.Range(0, 12).Select(i => thisMonth.AddMonths(i - 11)).ToArray();
        var counts = months
            .Select(m => overdueByMonth.Where(o => o.Month.Year == m.Year && o.Month.Month == m.Month).Sum(o => Math.Max(0, o.Overdue)))
            .ToArray();

        var svg = Render(Overdue, title, lang, plot =>
        {
            var bars = counts.Select((count, i) => new Bar
            {
                Position = i,
                Value = count,
                FillColor = OverdueColour,
                LineWidth = 0,
                Label = count.ToString("N0", culture),
            }).ToArray();
            StyleValueLabels(plot.Add.Bars(bars));
            CategoryAxis(plot.Axes.Bottom, months.Select((m, i) => (Position: (double)i,
                Label: m.ToString("MMM", culture).TrimEnd('.') + "\n" + m.ToString("yyyy", culture))));
            CountAxis(plot.Axes.Left, culture);
            plot.Axes.Left.Label.Text = Texts.Get(lang, "workspace.chart.axis.cases");
            plot.Axes.Bottom.Label.Text = Texts.Get(lang, "workspace.chart.axis.month");
            plot.Grid.XAxisStyle.IsVisible = false;
            plot.Axes.SetLimits(-0.6, months.Length - 0.4, 0, HeadRoom(counts.Max()));
        });
        var table = months.Select((m, i) => (culture.TextInfo.ToTitleCase(m.ToString("MMMM yyyy", culture)), counts[i].ToString("N0", culture))).ToArray();
        return new Chart(Overdue, title, svg, table);
    }

    public const string Timeline = "timeline";

    /// <summary>
    /// A case's steps against their deadlines (the case page, SPEC §11): per step, the days it took
    /// (or has taken so far) beside the days it was allowed, both from the day the complaint was
    /// received; a step past its deadline in the overdue colour. The table says the dates.
    /// </summary>
    public static Chart BuildTimeline(IReadOnlyList<Deadlines.TimelineStep> steps, DateTimeOffset received, DateTimeOffset now, string lang)
    {
        lang = Texts.Resolve(lang);
        var culture = Form.FormPage.Culture(lang);
        var title = Texts.Get(lang, "workspace.chart.timeline.title");
        if (steps.Count == 0) return Empty(Timeline, title, lang);
        double Day(DateTimeOffset at) => Math.Max(0, (at - received).TotalDays);
        var svg = Render(Timeline, title, lang, plot =>
        {
            var n = steps.Count;
            var taken = new List<Bar>();
            var allowed = new List<Bar>();
            for (var i = 0; i < n; i++)
            {
                var step = steps[i];
                double position = n - 1 - i;
                var late = step.LateBy(now) is not null;
                taken.Add(new Bar
                {
                    Position = position + 0.18, Size = 0.34, ValueBase = Day(step.Start), Value = Day(step.End ?? now),
                    FillColor = late ? OverdueColour : Primary, LineWidth = 0,
                    Label = Days(Day(step.End ?? now) - Day(step.Start), culture),
                });
                allowed.Add(new Bar
                {
                    Position = position - 0.18, Size = 0.34, ValueBase = Day(step.Start), Value = Day(step.Due),
                    FillColor = DeadlineColour, LineWidth = 0, Label = Days(Day(step.Due) - Day(step.Start), culture),
                });
            }
            var takenBars = plot.Add.Bars(taken);
            takenBars.Horizontal = true;
            takenBars.LegendText = Texts.Get(lang, "workspace.chart.timeline.taken");
            takenBars.Color = Primary;
            StyleValueLabels(takenBars);
            var allowedBars = plot.Add.Bars(allowed);
            allowedBars.Horizontal = true;
            allowedBars.LegendText = Texts.Get(lang, "workspace.chart.timeline.allowed");
            allowedBars.Color = DeadlineColour;
            StyleValueLabels(allowedBars);
            CategoryAxis(plot.Axes.Left, steps.Select((s, i) => (Position: (double)(n - 1 - i), Texts.Get(lang, "workspace.step." + s.Step))));
            CountAxis(plot.Axes.Bottom, culture);
            plot.Axes.Bottom.Label.Text = Texts.Get(lang, "workspace.chart.axis.sinceReceived");
            plot.Grid.YAxisStyle.IsVisible = false;
            plot.Axes.SetLimits(0, HeadRoom(steps.Max(s => Math.Max(Day(s.Due), Day(s.End ?? now)))), -0.6, n - 0.4);
            BottomLegend(plot);
        });
        string Date(DateTimeOffset at) => at.UtcDateTime.ToString("d", culture);
        var table = steps.Select(s =>
        {
            var when = s.End is { } end
                ? Texts.Format(lang, "workspace.timeline.ended", Date(s.Start), Date(end), Date(s.Due))
                : Texts.Format(lang, "workspace.timeline.running", Date(s.Start), Date(s.Due));
            if (s.LateBy(now) is { } late) when += "; " + Texts.Count(lang, "workspace.timeline.late", late.TotalDays);
            return (Texts.Get(lang, "workspace.step." + s.Step), when);
        }).ToArray();
        return new Chart(Timeline, title, svg, table);
    }

    /// <summary>A chart of no open cases: the title and one line of text, and a table row that says so.</summary>
    private static Chart Empty(string name, string title, string lang)
    {
        var none = Texts.Get(lang, "workspace.chart.none");
        var svg = Render(name, title, lang, plot =>
        {
            plot.HideAxesAndGrid();
            plot.Axes.Title.IsVisible = true;
            var text = plot.Add.Text(none, 0, 0);
            text.LabelFontName = FontFamily;
            text.LabelFontSize = 16;
            text.LabelFontColor = Ink;
            text.LabelAlignment = Alignment.MiddleCenter;
            plot.Axes.SetLimits(-1, 1, -1, 1);
        });
        return new Chart(name, title, svg, [(none, 0.ToString(CultureInfo.InvariantCulture))]);
    }

    private static string StatusName(string lang, CaseStatus status)
    {
        var name = CaseWords.Status(lang, status);
        // Sentence case on the axis: "Being reviewed by …" (culture-neutral: the first letter only).
        return name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.InvariantCulture) + name[1..];
    }

    private static string Days(double days, CultureInfo culture) => Math.Round(days, 1).ToString("0.#", culture);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The value axis's upper limit: room above the largest bar for its label, at least 1.</summary>
    private static double HeadRoom(double max) => Math.Max(1, max * 1.15);

    private static void CountAxis(IAxis axis, CultureInfo culture)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new NoMinorTicks(),
            LabelFormatter = v => v.ToString("N0", culture),
        };
        axis.TickLabelStyle.FontSize = 12;
        axis.Label.FontSize = 13;
        axis.Label.Bold = false;
    }

    private static void CategoryAxis(IAxis axis, IEnumerable<(double Position, string Label)> ticks)
    {
        var manual = new NumericManual();
        foreach (var (position, label) in ticks) manual.AddMajor(position, Wrap(label, 26));
        axis.TickGenerator = manual;
        axis.TickLabelStyle.FontSize = 12;
        axis.MajorTickStyle.Length = 0;
        axis.Label.FontSize = 13;
        axis.Label.Bold = false;
    }

    /// <summary>The legend below the axis, in one row: never over a bar.</summary>
    private static void BottomLegend(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        var legend = plot.Legend;
        legend.Orientation = Orientation.Horizontal;
        legend.FontName = FontFamily;
        legend.FontSize = 12;
        legend.FontColor = Ink;
        legend.OutlineColor = Color.FromHex("#767676");
        legend.ShadowColor = Colors.Transparent;
    }

    private static void StyleValueLabels(ScottPlot.Plottables.BarPlot bars)
    {
        bars.ValueLabelStyle.FontName = FontFamily;
        bars.ValueLabelStyle.FontSize = 12;
        bars.ValueLabelStyle.ForeColor = Ink;
    }

    /// <summary>A long label in lines of about <paramref name="width"/> characters, broken at spaces.</summary>
    internal static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0) lines.Add(line);
        return string.Join('\n', lines);
    }

    private static string Render(string name, string title, string lang, Action<Plot> draw)
    {
        _ = Typefaces.Value;
        string raw;
        lock (RenderGate)
        {
            using var plot = new Plot();
            plot.FigureBackground.Color = Colors.White;
            plot.DataBackground.Color = Colors.White;
            plot.Axes.Color(Ink);
            plot.Axes.Top.FrameLineStyle.Width = 0;
            plot.Axes.Right.FrameLineStyle.Width = 0;
            plot.Axes.Right.MinimumSize = 24; // room for the last tick label of a bottom value axis
            plot.Grid.MajorLineColor = Color.FromHex("#e0e0e0");
            plot.Title(title, size: 16);
            draw(plot);
            plot.Font.Set(FontFamily); // every label drawn, including those draw() added
            raw = plot.GetSvgXml(Width, Height);
        }
        return Tidy(raw, name, title, lang);
    }

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    /// <summary>
    /// Skia's SVG made fit to serve: a title, language and viewBox; text anchored at its first glyph; nothing
    /// active or outside the document (none is expected: this is a guard, not a filter of input).
    /// </summary>
    internal static string Tidy(string raw, string name, string title, string lang)
    {
        var document = XDocument.Parse(raw);
        var root = document.Root!;
        if (root.Name != Svg + "svg") throw new InvalidOperationException("The chart renderer did not produce an SVG document.");

        root.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {Width} {Height}"));
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("lang", lang);
        root.AddFirst(new XElement(Svg + "title", title));

        foreach (var text in root.Descendants(Svg + "text").ToArray())
        {
            // Skia writes x="x0, x1, …" and y="y0, " (one position per glyph): keep the first.
            foreach (var axis in new[] { "x", "y" })
                if (text.Attribute(axis) is { } a)
                    a.Value = a.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "0";
            if (text.Attribute("font-family") is not null) text.SetAttributeValue("font-family", CssFontFamily);
            var content = text.Value.Trim();
            if (content.Length == 0) { text.Remove(); continue; }
            text.RemoveNodes();
            text.Add(content);
        }

        foreach (var banned in root.Descendants().Where(e => e.Name.LocalName is "script" or "foreignObject" or "image" or "iframe").ToArray())
            banned.Remove();
        foreach (var attribute in root.DescendantsAndSelf().Attributes().ToArray())
        {
            var local = attribute.Name.LocalName;
            if (local.StartsWith("on", StringComparison.OrdinalIgnoreCase)) attribute.Remove();
            else if (local == "href" && !attribute.Value.StartsWith('#')) attribute.Remove();
            else if (attribute.Value.Contains("url(", StringComparison.OrdinalIgnoreCase) && !attribute.Value.Contains("url(#", StringComparison.OrdinalIgnoreCase)) attribute.Remove();
        }

        // Skia numbers clip paths from a process-wide counter: number them per document instead,
        // so one input gives one SVG (and the ids say which chart they belong to).
        var ids = root.Descendants().Select(e => e.Attribute("id")).OfType<XAttribute>().ToArray();
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var fresh = string.Create(CultureInfo.InvariantCulture, $"{name}-{renamed.Count}");
            renamed[id.Value] = fresh;
            id.Value = fresh;
        }
        foreach (var attribute in root.DescendantsAndSelf().Attributes().Where(a => a.Value.Contains('#')).ToArray())
        {
            if (attribute.Value.StartsWith("url(#", StringComparison.Ordinal) && attribute.Value.EndsWith(')')
                && renamed.TryGetValue(attribute.Value[5..^1], out var url))
                attribute.Value = "url(#" + url + ")";
            else if (attribute.Name.LocalName == "href" && renamed.TryGetValue(attribute.Value[1..], out var href))
                attribute.Value = "#" + href;
        }

        if (!root.DescendantsAndSelf().Attributes().Any(a => a.Name.Namespace == XLink))
            root.Attribute(XNamespace.Xmlns + "xlink")?.Remove();

        return document.Declaration is null
            ? root.ToString(SaveOptions.DisableFormatting)
            : "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + root.ToString(SaveOptions.DisableFormatting);
    }

    private sealed class NoMinorTicks : IMinorTickGenerator
    {
        public IEnumerable<double> GetMinorTicks(double[] majorPositions, CoordinateRange visibleRange) => [];
    }

    /// <summary>
    /// DejaVu Sans, regular and bold, from the assembly (the files CaseFileFonts gives PDFsharp),
    /// made the font ScottPlot resolves first. On Linux with SkiaSharp's NoDependencies assets there
    /// is no fontconfig; without a typeface of our own, ScottPlot would draw no text at all.
    /// </summary>
    private sealed class EmbeddedFonts(SKTypeface regular, SKTypeface boldFace) : IFontResolver
    {
        public static EmbeddedFonts Register()
        {
            var fonts = new EmbeddedFonts(Load("DejaVuSans.ttf"), Load("DejaVuSans-Bold.ttf"));
            lock (RenderGate)
            {
                ScottPlot.Fonts.FontResolvers.Insert(0, fonts);
                ScottPlot.Fonts.Default = FontFamily;
                ScottPlot.Fonts.Sans = FontFamily;
            }
            return fonts;
        }

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            Matches(fontName) ? weight >= FontWeight.SemiBold ? boldFace : regular : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            Matches(fontName) ? bold ? boldFace : regular : null;

        private static bool Matches(string fontName) => string.Equals(fontName, FontFamily, StringComparison.OrdinalIgnoreCase);

        private static SKTypeface Load(string file)
        {
            var assembly = typeof(WorkspaceCharts).Assembly;
            var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Workspace.Fonts." + file, StringComparison.Ordinal));
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return SKTypeface.FromData(SKData.CreateCopy(copy.ToArray()))
                ?? throw new InvalidOperationException($"The embedded font {file} did not load.");
        }
    }
}
