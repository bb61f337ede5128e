using System.Globalization;
using System.Text;
using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Guidelines;
using ComplaintRouting.Localization;
using ComplaintRouting.Parties;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ComplaintRouting.Workspace;

/// <summary>
/// The case file (SPEC §11, <c>GET /api/workspace/cases/{reference}/file.pdf</c>): one PDF with
/// everything the Executive Committee's meeting reads about a case, in this order: the case, the
/// complaint, the national outcome, the events, the messages, the internal notes, the member's reply,
/// the recommendation, the decision, the appeal when there is one, and the list of evidence files.
/// It holds what <see cref="Party.Executive"/> sees (<see cref="PartyRules"/>): never the complainant's
/// e-mail or phone, anonymous or not, and never an anonymous complainant's name. Each page's footer
/// names the case and says "page N of M": the whole file is laid out first, then drawn.
/// </summary>
public static class CaseFile
{
    /// <param name="stored">The case, as <see cref="Storage.CaseStore"/> loads it.</param>
    /// <param name="lang">The reader's language (the same text keys as the committee's page).</param>
    /// <param name="actorName">An event's actor (<c>chair</c>, <c>member:cm-ana</c>, <c>national:DE-1</c>, …) as a name to print: the caller's roster look-up.</param>
    /// <param name="printedAt">When the file is printed, shown under the title.</param>
    public static byte[] Render(Storage.StoredCase stored, string lang, Func<string, string> actorName, DateTimeOffset printedAt)
    {
        CaseFileFonts.Register();
        lang = Texts.Resolve(lang);
        var writer = new Writer();
        new Contents(stored, lang, actorName, writer).Compose(printedAt);
        return writer.Save(
            Texts.Format(lang, "casefile.title", stored.Reference),
            $"{stored.Reference} · {Texts.Get(lang, "casefile.confidential")}",
            (page, pages) => Texts.Format(lang, "casefile.page", page, pages),
            lang,
            printedAt);
    }

    /// <summary>What the file says, section by section, in the reader's language.</summary>
    private sealed class Contents(Storage.StoredCase stored, string lang, Func<string, string> actorName, Writer w)
    {
        private readonly CaseState _state = stored.Case.State;

        private string T(string key) => Texts.Get(lang, key);

        private string F(string key, params object?[] args) => Texts.Format(lang, key, args);

        private string Name(string actor) => actorName(actor) is { Length: > 0 } name ? name : actor;

        private string When(DateTimeOffset at) => Dates.Moment(lang, at);

        private string? When(DateTimeOffset? at) => at is { } value ? When(value) : null;

        public void Compose(DateTimeOffset printedAt)
        {
            w.Title(F("casefile.title", _state.Reference));
            w.Paragraph(F("casefile.printed", When(printedAt)), w.Small);
            TheCase();
            TheComplaint();
            NationalOutcome();
            Events();
            Messages();
            Notes();
            Reply();
            Recommendation();
            Decision();
            Appeal();
            Evidence();
        }

        private void TheCase()
        {
            w.Heading(T("casefile.case"));
            w.Facts(
            [
                (T("page.committee.status"), CaseWords.Status(lang, _state.Status)),
                (T("page.committee.received"), When(_state.ReceivedAt)),
                (T("page.committee.urgent"), T(_state.Urgent ? "page.yes" : "page.no")),
                (T("page.committee.escalationReason"), _state.EscalationReason is { } reason ? CaseWords.Escalation(lang, reason) : null),
                (T("page.committee.rapporteur"), _state.Rapporteur is { } rapporteur ? Name(Actors.Member(rapporteur)) : null),
                (T("page.committee.assigned"), Members(_state.Assigned)),
                (T("casefile.recused"), Members(_state.Recused)),
            ]);
            if (_state.ChairConflict) w.Paragraph(T("page.committee.chairConflict"));
        }

        private string? Members(IReadOnlyList<string> ids) => ids.Count == 0 ? null : string.Join(", ", ids.Select(id => Name(Actors.Member(id))));

        private void TheComplaint()
        {
            var complaint = stored.Complaint;
            var complainant = complaint.Complainant;
            var allegation = complaint.Allegation;
            w.Heading(T("page.complaint.heading"));
            // Who complains, never how to reach them: the file is the Executive Committee's, and
            // PartyRules.SeesContactDetails(Party.Executive, …) is false whether anonymous or not.
            // The member's own e-mail stays out too: the file names people, it does not reach them.
            w.Facts(
            [
                (T("page.complaint.respondent"), complaint.Respondent.Name),
                (T("page.complaint.membershipNumber"), complaint.Respondent.MembershipNumber),
                (T("page.complaint.country"), complaint.Respondent.CountryOfPractice),
                (T("page.complaint.complainant"), complainant.Anonymous ? T("page.complaint.anonymous") : complainant.Name),
                (T("page.complaint.relationship"), T("form.relationship." + complainant.Relationship.ToApi())),
                (T("page.complaint.when"), allegation.OccurredFrom is not { } from ? T("page.complaint.notGiven")
                    : allegation.OccurredTo is { } to ? F("page.complaint.range", Day(from), Day(to)) : Day(from)),
                (T("page.complaint.ongoingRisk"), T(allegation.OngoingRisk ? "page.yes" : "page.no")),
            ]);
            w.Subheading(T("page.complaint.standards"));
            foreach (var section in allegation.Sections)
                w.Bullet($"{section} — {Texts.TryGet(lang, "section." + section) ?? GuidelineCatalogue.Find(section)?.Title}");
            w.Subheading(T("page.complaint.summary"));
            w.Quote(allegation.Summary);
        }

        private string Day(DateOnly day) => Dates.Day(lang, day);

        private void NationalOutcome()
        {
            w.Heading(T("page.committee.nationalOutcome"));
            if (_state.NationalOrganizationId is not { } organization)
            {
                w.Paragraph(T("casefile.national.none"));
                return;
            }
            w.Facts(
            [
                (T("page.committee.national"), Name(Actors.National(organization))),
                (T("casefile.national.referred"), When(_state.ReferredAt)),
                (T("casefile.national.acknowledged"), When(_state.NationalAcknowledgedAt)),
                (T("page.committee.nationalOutcome"), _state.NationalOutcome is { } outcome ? T("page.referral.determination." + outcome.ToApi()) : T("casefile.national.pending")),
            ]);
            if (_state.NationalOutcomeSummary is { } summary)
            {
                w.Subheading(T("page.committee.nationalSummary"));
                w.Quote(summary);
            }
        }

        private void Events()
        {
            w.Heading(T("page.committee.events"));
            w.Table([108, 124],
                [T("page.committee.events.when"), T("page.committee.events.by"), T("casefile.events.what")],
                stored.Events.OrderBy(e => e.Sequence).Select(e => new[] { When(e.At), Name(e.Actor), What(e) }));
        }

        private string What(CaseEvent e) => CaseWords.Event(lang, e, _state.Attachments, Name);

        private void Messages()
        {
            w.Heading(T("page.messages.heading"));
            if (stored.Messages.Count == 0) w.Paragraph(T("page.messages.none"));
            foreach (var m in stored.Messages)
            {
                w.Byline($"{T("page.messages.from." + m.From.ToApi())}, {When(m.At)}");
                w.Quote(m.Text);
            }
        }

        private void Notes()
        {
            w.Heading(T("page.committee.notes"));
            if (stored.Notes.Count == 0) w.Paragraph(T("page.committee.noNotes"));
            foreach (var note in stored.Notes)
            {
                w.Byline(F("page.committee.noteBy", Name(note.Author), When(note.At)));
                w.Quote(note.Text);
            }
        }

        private void Reply()
        {
            w.Heading(T("page.committee.respondentReply"));
            if (_state.RespondentNotifiedAt is null)
            {
                w.Paragraph(T("casefile.reply.notNotified"));
                return;
            }
            w.Facts(
            [
                (T("casefile.reply.notified"), When(_state.RespondentNotifiedAt)),
                (T("casefile.reply.replied"), When(_state.RespondentRepliedAt)),
            ]);
            if (_state.RespondentReply is { } reply) w.Quote(reply);
            else w.Paragraph(T("casefile.reply.none"));
        }

        private void Recommendation()
        {
            w.Heading(T("page.committee.recHeading"));
            if (_state.Recommendation is not { } recommendation)
            {
                w.Paragraph(T("casefile.recommendation.none"));
                return;
            }
            w.Facts(
            [
                (T("page.committee.recommendation"), T("verdict." + recommendation.ToApi())),
                (T("casefile.date"), When(_state.RecommendedAt)),
            ]);
            if (_state.RecommendationRationale is { } rationale)
            {
                w.Subheading(T("page.committee.rationale"));
                w.Quote(rationale);
            }
        }

        private void Decision()
        {
            w.Heading(T("page.executive.decisionHeading"));
            // After an appeal the state holds the decision that stands; the first one is in the events.
            if (_state.Decision is not { } decision)
            {
                w.Paragraph(T("casefile.decision.none"));
                return;
            }
            w.Facts(
            [
                (T("page.committee.decision"), T("verdict." + decision.ToApi())),
                (T("casefile.date"), When(_state.DecidedAt)),
            ]);
            if (_state.DecisionStatement is { } statement)
            {
                w.Subheading(T("page.committee.statement"));
                w.Quote(statement);
            }
        }

        private void Appeal()
        {
            if (_state.AppealedAt is null && _state.AppealGrounds is null) return;
            w.Heading(T("page.executive.appealHeading"));
            w.Facts(
            [
                (T("casefile.appeal.on"), When(_state.AppealedAt)),
                (T("page.executive.appealOutcome"), _state.AppealOutcome is { } outcome ? T("appealOutcome." + outcome.ToApi()) : T("casefile.appeal.pending")),
            ]);
            if (_state.AppealGrounds is { } grounds)
            {
                w.Subheading(T("page.committee.appealGrounds"));
                w.Quote(grounds);
            }
            if (_state.AppealStatement is { } statement)
            {
                w.Subheading(T("page.committee.appealStatement"));
                w.Quote(statement);
            }
        }

        private void Evidence()
        {
            w.Heading(T("page.evidence.heading"));
            if (_state.Attachments.Count == 0)
            {
                w.Paragraph(T("casefile.evidence.none"));
                return;
            }
            w.Paragraph(T("casefile.evidence.hint"), w.Small);
            w.Table([170, 55, 165],
                [T("casefile.evidence.name"), T("casefile.evidence.size"), T("casefile.evidence.from"), T("casefile.evidence.added")],
                _state.Attachments.Select(a => new[]
                {
                    a.Name,
                    Texts.FileSize(lang, a.Bytes),
                    a.Shared ? $"{T("page.evidence.from." + a.From.ToString().ToLowerInvariant())}, {T("page.evidence.shared")}" : T("page.evidence.from." + a.From.ToString().ToLowerInvariant()),
                    Dates.Day(lang, a.At),
                }));
        }
    }

    /// <summary>
    /// Lays text out on A4 pages (wrapping lines, breaking pages, keeping a heading with what follows
    /// it), then draws every page once the number of pages is known.
    /// </summary>
    private sealed class Writer
    {
        private const double PageWidth = 595.28;   // A4, in points
        private const double PageHeight = 841.89;
        private const double Margin = 56;          // 2 cm
        private const double BodyBottom = PageHeight - 72;
        private const double FooterTop = PageHeight - 46;
        private const double Width = PageWidth - 2 * Margin;
        private const double Indent = 14;
        private const double Gap = 8;

        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

        private readonly XGraphics _measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        private readonly List<List<Op>> _pages = [[]];
        private readonly XPen _rule = new(XColor.FromArgb(160, 160, 160), 0.5);
        private readonly XPen _bar = new(XColor.FromArgb(190, 190, 190), 2);
        private readonly XBrush _ink = new XSolidBrush(XColor.FromArgb(20, 20, 20));
        private readonly XBrush _grey = new XSolidBrush(XColor.FromArgb(90, 90, 90));
        private readonly Dictionary<(XFont, string), double> _widths = [];
        private double _y = Margin;

        /// <summary>Called after a page break inside a table, to repeat its header.</summary>
        private Action? _continued;

        public XFont Body { get; } = Font(10, bold: false);
        public XFont Bold { get; } = Font(10, bold: true);
        public XFont Small { get; } = Font(8.5, bold: false);
        private XFont Cell { get; } = Font(9, bold: false);
        private XFont CellBold { get; } = Font(9, bold: true);
        private XFont H1 { get; } = Font(18, bold: true);
        private XFont H2 { get; } = Font(13, bold: true);
        private XFont H3 { get; } = Font(10.5, bold: true);

        private static XFont Font(double size, bool bold) =>
            new(CaseFileFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);

        private static double Leading(XFont font) => font.Size * 1.35;

        private abstract record Op;
        private sealed record Words(string Text, XFont Font, XBrush Brush, double X, double Y) : Op
        {
            /// <summary>The line as drawn: PDFsharp writes glyphs left to right, so right-to-left runs are turned round first.</summary>
            public string Text { get; } = Visual(Text);
        }

        private static bool RightToLeft(char c) => c is >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF';

        /// <summary>
        /// A line in the order its letters are seen, for the left-to-right page: each run of Hebrew or
        /// Arabic (with the spaces, punctuation and numbers inside it) reversed, its numbers kept
        /// reading left to right and its brackets mirrored. A simple form of the Unicode bidirectional
        /// algorithm, enough for names and sentences (Arabic letters are not shaped into their joined forms).
        /// </summary>
        private static string Visual(string line)
        {
            if (!line.Any(RightToLeft)) return line;
            var chars = line.ToCharArray();
            var i = 0;
            while (i < chars.Length)
            {
                if (!RightToLeft(chars[i])) { i++; continue; }
                var end = i; // the run ends at its last right-to-left letter before a left-to-right one
                for (var j = i; j < chars.Length && !(char.IsLetter(chars[j]) && !RightToLeft(chars[j])); j++)
                    if (RightToLeft(chars[j])) end = j;
                Array.Reverse(chars, i, end - i + 1);
                for (var k = i; k <= end; k++)
                {
                    chars[k] = chars[k] switch { '(' => ')', ')' => '(', '[' => ']', ']' => '[', '<' => '>', '>' => '<', var other => other };
                    if (!char.IsDigit(chars[k])) continue;
                    var digits = k;
                    while (digits + 1 <= end && (char.IsDigit(chars[digits + 1]) || chars[digits + 1] is '.' or ',' or ':' or '/' or '-' && digits + 2 <= end && char.IsDigit(chars[digits + 2]))) digits++;
                    Array.Reverse(chars, k, digits - k + 1);
                    k = digits;
                }
                i = end + 1;
            }
            return new string(chars);
        }

        private sealed record Rule(XPen Pen, double X1, double Y1, double X2, double Y2) : Op;

        private List<Op> Page => _pages[^1];

        private bool AtTop => _y <= Margin;

        /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
        private void Need(double height)
        {
            if (_y + height <= BodyBottom || AtTop) return;
            _pages.Add([]);
            _y = Margin;
            _continued?.Invoke();
        }

        private void Space(double height)
        {
            if (!AtTop) _y = Math.Min(_y + height, BodyBottom);
        }

        /// <summary>Lines of one font at <paramref name="x"/>, each on the page it fits on; a quote has a bar beside it.</summary>
        private void Lines(IEnumerable<string> lines, XFont font, double x, XBrush? brush = null, bool bar = false)
        {
            var leading = Leading(font);
            foreach (var line in lines)
            {
                Need(leading);
                if (line.Length > 0) Page.Add(new Words(line, font, brush ?? _ink, x, _y));
                if (bar) Page.Add(new Rule(_bar, x - Indent + 4, _y, x - Indent + 4, _y + leading));
                _y += leading;
            }
        }

        public void Title(string text)
        {
            Lines(Wrap(text, H1, Width), H1, Margin);
            Space(2);
        }

        public void Heading(string text)
        {
            Space(16);
            var leading = Leading(H2);
            Need(leading + 4 + 3 * Leading(Body)); // never a heading alone at the foot of a page
            Lines(Wrap(text, H2, Width), H2, Margin);
            Page.Add(new Rule(_rule, Margin, _y, Margin + Width, _y));
            _y += 6;
        }

        public void Subheading(string text)
        {
            Space(6);
            Need(Leading(H3) + 2 * Leading(Body));
            Lines(Wrap(text, H3, Width), H3, Margin);
            _y += 2;
        }

        /// <summary>Who wrote what follows, and when.</summary>
        public void Byline(string text)
        {
            Space(6);
            Need(Leading(Bold) + 2 * Leading(Body));
            Lines(Wrap(text, Bold, Width), Bold, Margin);
        }

        public void Paragraph(string text, XFont? font = null)
        {
            font ??= Body;
            Lines(Wrap(text, font, Width), font, Margin, font == Small ? _grey : _ink);
            _y += 3;
        }

        /// <summary>Someone's own words (a summary, a message, a note, a statement), indented with a bar.</summary>
        public void Quote(string text)
        {
            Lines(Wrap(text, Body, Width - Indent), Body, Margin + Indent, bar: true);
            _y += 3;
        }

        public void Bullet(string text)
        {
            var lines = Wrap(text, Body, Width - Indent);
            Need(Leading(Body));
            Page.Add(new Words("•", Body, _ink, Margin + 3, _y));
            Lines(lines, Body, Margin + Indent);
        }

        /// <summary>Label and value pairs; those without a value are left out.</summary>
        public void Facts(IEnumerable<(string Label, string? Value)> facts)
        {
            const double label = 160;
            foreach (var (name, value) in facts)
                if (value is { Length: > 0 })
                    Row([name, value], [Margin, Margin + label + Gap], [label, Width - label - Gap], [Bold, Body]);
            _y += 3;
        }

        /// <summary>A table: the given column widths, the last column taking the rest; the header repeats on each page it runs onto.</summary>
        public void Table(double[] widths, string[] header, IEnumerable<string[]> rows)
        {
            var all = new double[header.Length];
            var xs = new double[header.Length];
            var x = Margin;
            for (var i = 0; i < header.Length; i++)
            {
                xs[i] = x;
                all[i] = i < widths.Length ? widths[i] : Margin + Width - x;
                x += all[i] + Gap;
            }
            var bodyFonts = header.Select(_ => Cell).ToArray();
            var headFonts = header.Select(_ => CellBold).ToArray();
            void Head()
            {
                Row(header, xs, all, headFonts, small: true);
                Page.Add(new Rule(_rule, Margin, _y - 2, Margin + Width, _y - 2));
                _y += 1;
            }
            Need(Leading(CellBold) + 3 * Leading(Cell));
            Head();
            _continued = Head;
            try
            {
                foreach (var row in rows) Row(row, xs, all, bodyFonts);
            }
            finally
            {
                _continued = null;
            }
            _y += 3;
        }

        /// <summary>
        /// One row of cells, each wrapped in its column: kept on one page, or placed line by line when
        /// it is taller than a page. Each cell is then written whole, left to right, so the text reads (and
        /// copies) cell by cell rather than across the columns.
        /// </summary>
        private void Row(string[] cells, double[] xs, double[] widths, XFont[] fonts, bool small = false)
        {
            var wrapped = cells.Select((cell, i) => Wrap(cell, fonts[i], widths[i])).ToArray();
            var leading = fonts.Max(Leading);
            var count = wrapped.Max(w => w.Count);
            if (count * leading <= BodyBottom - Margin) Need(count * leading); // a row that fits on a page stays whole
            var places = new List<(int Page, double Y)>();
            for (var line = 0; line < count; line++)
            {
                Need(leading);
                places.Add((_pages.Count - 1, _y));
                _y += leading;
            }
            for (var i = 0; i < cells.Length; i++)
                for (var line = 0; line < wrapped[i].Count; line++)
                    if (wrapped[i][line].Length > 0)
                        _pages[places[line].Page].Add(new Words(wrapped[i][line], fonts[i], small ? _grey : _ink, xs[i], places[line].Y));
            _y += 2;
        }

        private double Measure(string text, XFont font)
        {
            if (!_widths.TryGetValue((font, text), out var width))
                _widths[(font, text)] = width = _measure.MeasureString(text, font).Width;
            return width;
        }

        /// <summary>
        /// The text's lines at <paramref name="width"/>: its own line breaks kept, words moved to
        /// the next line when they do not fit, a word longer than a line (an address, a long number)
        /// cut where the line ends.
        /// </summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var space = Measure(" ", font);
            foreach (var paragraph in Clean(text).Split('\n'))
            {
                var line = new StringBuilder();
                var used = 0.0;
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var piece = word;
                    var size = Measure(piece, font);
                    if (line.Length > 0 && used + space + size <= width)
                    {
                        line.Append(' ').Append(piece);
                        used += space + size;
                        continue;
                    }
                    if (line.Length > 0)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                    }
                    while (size > width && Cut(piece, font, width) is var cut && cut < piece.Length)
                    {
                        lines.Add(piece[..cut]);
                        piece = piece[cut..];
                        size = Measure(piece, font);
                    }
                    line.Append(piece);
                    used = size;
                }
                lines.Add(line.ToString());
            }
            while (lines.Count > 1 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
            return lines;
        }

        /// <summary>How many characters of <paramref name="word"/> fit in <paramref name="width"/> (at least one letter, never half a surrogate pair).</summary>
        private int Cut(string word, XFont font, double width)
        {
            var starts = StringInfo.ParseCombiningCharacters(word);
            int low = 1, high = starts.Length - 1, best = 1;
            while (low <= high)
            {
                var mid = (low + high) / 2;
                if (Measure(word[..starts[mid]], font) <= width) { best = mid; low = mid + 1; }
                else high = mid - 1;
            }
            return starts.Length > 1 ? starts[best] : word.Length;
        }

        /// <summary>
        /// Text as typed, made safe to draw: line breaks of any kind as one, tabs as spaces, no
        /// control or direction-override characters (which could hide or reorder what is printed),
        /// and a character beyond the font's plane (an emoji) as "�", which PDFsharp would otherwise
        /// print as an unrelated letter.
        /// </summary>
        private static string Clean(string text)
        {
            var clean = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\r')
                {
                    clean.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                }
                else if (c is '\n' or '\u2028' or '\u2029') clean.Append('\n');
                else if (c == '\t') clean.Append("    ");
                else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { clean.Append('\uFFFD'); i++; }
                else if (char.IsSurrogate(c) || char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F') { }
                else if (char.IsWhiteSpace(c)) clean.Append(' ');
                else clean.Append(c);
            }
            return clean.ToString();
        }

        /// <summary>Draws every page with its footer (the case and "page N of M") and returns the PDF's bytes.</summary>
        public byte[] Save(string title, string footer, Func<int, int, string> pageOf, string lang, DateTimeOffset printedAt)
        {
            using var document = new PdfDocument();
            document.Info.Title = title;
            document.Info.Creator = "ComplaintRouting";
            document.Info.CreationDate = printedAt.UtcDateTime;
            document.Language = lang;
            document.Options.CompressContentStreams = true;
            // A right-to-left language reads the page from the right: every line and rule is mirrored.
            var mirrored = Pages.Stylesheet.Direction(lang) == "rtl";
            double X(double x, double width) => mirrored ? PageWidth - x - width : x;
            for (var i = 0; i < _pages.Count; i++)
            {
                var page = document.AddPage();
                page.Width = XUnit.FromPoint(PageWidth);
                page.Height = XUnit.FromPoint(PageHeight);
                using var graphics = XGraphics.FromPdfPage(page);
                foreach (var op in _pages[i])
                {
                    switch (op)
                    {
                        case Words words:
                            graphics.DrawString(words.Text, words.Font, words.Brush, X(words.X, Measure(words.Text, words.Font)), words.Y, XStringFormats.TopLeft);
                            break;
                        case Rule rule:
                            graphics.DrawLine(rule.Pen, X(rule.X1, 0), rule.Y1, X(rule.X2, 0), rule.Y2);
                            break;
                    }
                }
                graphics.DrawLine(_rule, Margin, FooterTop - 4, Margin + Width, FooterTop - 4);
                var number = pageOf(i + 1, _pages.Count);
                var visualFooter = Visual(footer);
                graphics.DrawString(visualFooter, Small, _grey, X(Margin, Measure(visualFooter, Small)), FooterTop, XStringFormats.TopLeft);
                var visualNumber = Visual(number);
                graphics.DrawString(visualNumber, Small, _grey, X(Margin + Width - Measure(visualNumber, Small), Measure(visualNumber, Small)), FooterTop, XStringFormats.TopLeft);
            }
            using var bytes = new MemoryStream();
            document.Save(bytes, closeStream: false);
            return bytes.ToArray();
        }
    }
}
