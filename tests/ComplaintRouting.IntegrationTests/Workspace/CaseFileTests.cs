using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure;
using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Committee;
using ComplaintRouting.Consequences;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Evidence;
using ComplaintRouting.Executive;
using ComplaintRouting.FollowUp;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Intake;
using ComplaintRouting.Localization;
using ComplaintRouting.Parties;
using ComplaintRouting.Referrals;
using ComplaintRouting.Respondents;
using ComplaintRouting.Storage;
using ComplaintRouting.Workspace;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using PdfSharp.Fonts;
using Xunit.Abstractions;

namespace ComplaintRouting.IntegrationTests.Workspace;

/// <summary>
/// SPEC §11's case file for the Executive Committee's meeting, read the way a person or a machine
/// reads a PDF: its text through <c>pdftotext -layout</c> (a form feed between pages), its pages
/// drawn by <c>pdftoppm</c>, its fonts listed by <c>pdffonts</c> (poppler-utils, installed by .ci/run).
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class CaseFileTests(AppFixture app, ITestOutputHelper output)
{
    private static readonly DateTimeOffset PrintedAt = new(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);

    // ----- A case walked through every party's link, loaded from Azurite -----

    /// <summary>A page's footer as poppler reads it: the reference, "·", the word confidential, "page N of M".</summary>
    [GeneratedRegex(@"^[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4} · \S+ .*\d+ \S+ \d+$", RegexOptions.Multiline)]
    private static partial Regex FooterLine();

    [GeneratedRegex("[\u200E\u200F\u202A-\u202E\u2066-\u2069]")]
    private static partial Regex BidiControls();

    [GeneratedRegex(@"/api/(?:referrals|committee/cases|committee/members|executive/cases|respondents)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private string Token(string reference, MailKind kind) =>
        LinkPattern().Match(app.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind.ToApi()).Text).Groups[1].Value;

    private static async Task Ok(Func<HttpRequest, Task<IActionResult>> f, string json = "{}", Dictionary<string, string>? headers = null)
    {
        var answer = await AppFixture.CallAsync(f, json, headers: headers);
        Assert.True(answer.Status is 200 or 201, $"{answer.Status}: {answer.Body}");
    }

    /// <summary>The roster look-up the workspace passes in: names for the actors of this walk.</summary>
    private static string ActorName(string actor) => actor switch
    {
        "chair" => "Chair Person",
        "executive" => "Executive Committee",
        "respondent" => "Sofia Marques (member complained about)",
        "complainant" => "Complainant",
        "router" or "timer" => "the service",
        "member:cm-ana" => "Ana Lefèvre",
        "national:PT-SPGPAG" => "Sociedade Portuguesa de Grupanálise",
        _ => actor,
    };

    /// <summary>
    /// A complaint by Jane Doe (named, with an e-mail) about Sofia Marques, referred to PT-SPGPAG, a
    /// question and an answer there, upheld, then with the committee: assigned, two notes, the member
    /// notified and replying, a question from the committee, a warning recommended and decided.
    /// </summary>
    private async Task<StoredCase> DecidedCaseAsync()
    {
        var directory = app.Function<DirectoryFunctions>();
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Organizations(r, default), """
            id,name,country,referralEmail,contactName,language,active
            PT-SPGPAG,Sociedade Portuguesa de Grupanálise,PT,etica@spgpag.example,,pt,true
            """, "text/csv")).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Members(r, default), """
            membershipNumber,fullName,email,country,primaryOrganizationId
            M-7301,Sofia Marques,sofia.private@example.org,PT,PT-SPGPAG
            """, "text/csv")).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Committee(r, default), """
            id,name,email,language,active
            cm-ana,Ana Lefèvre,ana@committee.example,fr,true
            """, "text/csv")).Status);

        var (reference, code) = await app.SubmitAsync(Bodies.Complaint(respondent: "Sofia Marques", membershipNumber: "M-7301", country: "PT", sections: ["3.1", "4.3"]));
        await app.DrainQueuesAsync();
        var national = Token(reference, MailKind.NationalReferral);
        await Ok(r => app.Function<ReferralFunctions>().Message(r, national, default), """{"text":"Did you raise this with the therapist at the time?"}""");
        var answered = await AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Message(r, reference, default),
            $$"""{"followUpCode":"{{code}}","text":"Yes, after the session in March; she laughed it off."}""", remoteIp: "192.0.2.44");
        Assert.Equal(201, answered.Status);
        await Ok(r => app.Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"upheld","summary":"Upheld by our ethics board after hearing both sides."}""");
        await app.DrainQueuesAsync();

        var chair = Token(reference, MailKind.CommitteeEscalation);
        var committee = app.Function<CommitteeFunctions>();
        await Ok(r => committee.Acknowledge(r, chair, default));
        await Ok(r => committee.Assign(r, chair, default), """{"member":"cm-ana"}""");
        await app.DrainQueuesAsync();
        var member = Token(reference, MailKind.CommitteeAssignment);
        await Ok(r => committee.Note(r, chair, default), """{"text":"Ask the national association for its hearing notes."}""");
        await Ok(r => app.Function<MemberFunctions>().Note(r, member, default), """{"text":"The dates in the summary agree with the hearing."}""");
        await Ok(r => committee.Message(r, chair, default), """{"text":"Which group did this happen in?"}""");
        await Ok(r => committee.NotifyRespondent(r, chair, default));
        await app.DrainQueuesAsync();
        await Ok(r => app.Function<RespondentFunctions>().Reply(r, Token(reference, MailKind.RespondentNotice), default), """{"text":"I did not share anything that was said in the group."}""");
        var workspace = app.Function<WorkspaceCaseFunctions>();
        await Ok(r => workspace.Act(r, reference, "recommendation", default), """{"recommendation":"warning","rationale":"A breach of 3.1, confirmed by the national hearing."}""",
            await app.SignedInAsync(AppFixture.ChairEmail));
        await app.DrainQueuesAsync();
        await Ok(r => workspace.Act(r, reference, "decision", default), """{"decision":"warning","statement":"A warning is issued to the member."}""",
            await app.SignedInAsync(AppFixture.ExecutiveEmail));
        await app.DrainQueuesAsync();
        return (await app.Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!;
    }

    [Fact]
    public async Task A_decided_case_prints_every_section_in_order_with_its_reference_and_page_numbers_on_each_page()
    {
        var stored = await DecidedCaseAsync();
        var pdf = Pdf.Of(CaseFile.Render(stored, "en", ActorName, PrintedAt));
        output.WriteLine($"{stored.Reference}: {pdf.Bytes.Length:N0} bytes, {pdf.Pages.Count} pages");

        string[] headings =
        [
            Texts.Format("en", "casefile.title", stored.Reference),
            Texts.Get("en", "casefile.case"),
            Texts.Get("en", "page.complaint.heading"),
            Texts.Get("en", "page.committee.nationalOutcome"),
            Texts.Get("en", "page.committee.events"),
            Texts.Get("en", "page.messages.heading"),
            Texts.Get("en", "page.committee.notes"),
            Texts.Get("en", "page.committee.respondentReply"),
            Texts.Get("en", "page.committee.recHeading"),
            Texts.Get("en", "page.executive.decisionHeading"),
            Texts.Get("en", "page.evidence.heading"),
        ];
        var at = headings.Select(pdf.LineOf).ToArray();
        Assert.All(at, (line, i) => Assert.True(line >= 0, $"no heading '{headings[i]}'"));
        Assert.Equal(at.Order(), at); // in the order SPEC §11 lists them
        Assert.Equal(-1, pdf.LineOf(Texts.Get("en", "page.executive.appealHeading"))); // no appeal, no appeal section

        foreach (var seen in new[]
        {
            "Printed on December 1, 2026, 08:30 UTC",
            Bodies.Summary,
            "Jane Doe", "Sofia Marques", "PT", "M-7301",
            "3.1 — " + Texts.Get("en", "section.3.1"), "4.3 — " + Texts.Get("en", "section.4.3"),
            "Sociedade Portuguesa de Grupanálise", Texts.Get("en", "page.referral.determination.upheld"), "Upheld by our ethics board after hearing both sides.",
            "Did you raise this with the therapist at the time?", "Yes, after the session in March; she laughed it off.", "Which group did this happen in?",
            Texts.Get("en", "page.messages.from.national"), Texts.Get("en", "page.messages.from.complainant"),
            "Ask the national association for its hearing notes.", "The dates in the summary agree with the hearing.", "Ana Lefèvre",
            "I did not share anything that was said in the group.",
            Texts.Get("en", "verdict.warning"), "A breach of 3.1, confirmed by the national hearing.",
            "A warning is issued to the member.",
            // The timeline: status names, the committee's own work in words, who via the roster.
            Texts.Get("en", "status.escalated-to-committee") + " — " + Texts.Get("en", "casefile.escalation.national-concluded"),
            Texts.Get("en", "status.decided") + " — " + Texts.Get("en", "verdict.warning"),
            Texts.Format("en", "casefile.event.assigned", "Ana Lefèvre"),
            Texts.Format("en", "casefile.event.noted", 2),
            Texts.Get("en", "casefile.event.notified"),
            Texts.Get("en", "casefile.event.replied"),
            Texts.Get("en", "casefile.evidence.none"),
        })
            Assert.Contains(seen, pdf.Flat);
        Assert.DoesNotContain("member:cm-ana", pdf.Text); // actors are named, not printed as ids

        // Contact details never, named complainant or not, nor the member's own address.
        Assert.DoesNotContain("jane@example.org", pdf.Text);
        Assert.DoesNotContain("sofia.private@example.org", pdf.Text);
        Assert.DoesNotContain("@", pdf.Text);

        Assert.Equal(pdf.Pages.Count, pdf.Images);
        for (var n = 1; n <= pdf.Pages.Count; n++)
        {
            Assert.Contains(Texts.Format("en", "casefile.page", n, pdf.Pages.Count), pdf.Pages[n - 1]);
            Assert.Contains(stored.Reference, pdf.Pages[n - 1]);
        }
        Assert.Contains($"page 1 of {pdf.Pages.Count}", pdf.Pages[0]);
        Assert.True(pdf.Bytes.Length < 250_000, $"{pdf.Bytes.Length} bytes: the fonts should be embedded as subsets");
        Assert.All(pdf.Fonts, f => Assert.Matches(@"\+DejaVu Sans(,Bold)? .* yes ", f)); // embedded, our font only
    }

    // ----- Cases built directly, for what the links cannot easily produce -----

    private const string Reference = "CR-CASE-FILE";
    private static readonly DateTimeOffset Received = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static Complaint ComplaintOf(string summary, bool anonymous, string? name = "Jane Doe", string respondent = "Marc Lefort") => new(
        new ComplainantDetails(name, "samira@hidden.example", "+44 20 7946 0321", Relationship.Patient, anonymous, "en"),
        new RespondentDetails(respondent, "M-8001", "marc@example.org", "FR"),
        new AllegationDetails(["1.4"], summary, new DateOnly(2026, 1, 10), new DateOnly(2026, 2, 20), OngoingRisk: true));

    private static StoredCase Build(Complaint complaint, Func<CaseState, CaseState>? state = null, IReadOnlyList<CaseEvent>? events = null,
        IReadOnlyList<CaseNote>? notes = null, IReadOnlyList<CaseMessage>? messages = null)
    {
        var basic = new CaseState
        {
            Reference = Reference,
            Status = CaseStatus.UnderCommitteeReview,
            ReceivedAt = Received,
            UpdatedAt = Received.AddDays(3),
            EscalationReason = EscalationReason.NoNationalOrganization,
            EscalatedAt = Received,
            Urgent = true,
        };
        return new StoredCase(new Case(state?.Invoke(basic) ?? basic), ETag.All,
            events ?? [new CaseEvent(1, Received, null, CaseStatus.Received, "complainant", null)], [], [], [],
            () => complaint, () => notes ?? [], () => messages ?? []);
    }

    [Fact]
    public void An_anonymous_complainant_is_never_named_nor_reachable_in_the_file()
    {
        var stored = Build(ComplaintOf(Bodies.Summary, anonymous: true, name: "Samira Hidden"),
            messages: [new CaseMessage(1, Received.AddDays(1), MessageSide.Complainant, "It happened again last week.")]);

        var pdf = Pdf.Of(CaseFile.Render(stored, "en", a => a, PrintedAt));

        Assert.Contains(Texts.Get("en", "page.complaint.anonymous"), pdf.Flat);
        Assert.Contains("It happened again last week.", pdf.Flat);
        Assert.Contains("Marc Lefort", pdf.Flat);
        foreach (var hidden in new[] { "Samira", "Hidden", "samira@hidden.example", "7946", "marc@example.org" })
            Assert.DoesNotContain(hidden, pdf.Text);
        Assert.Contains(Texts.Get("en", "casefile.national.none"), pdf.Flat);
        Assert.Contains(Texts.Get("en", "casefile.escalation.no-national-organization"), pdf.Flat);
    }

    [Fact]
    public void A_named_complainant_is_named_but_their_e_mail_and_phone_stay_out()
    {
        var pdf = Pdf.Of(CaseFile.Render(Build(ComplaintOf(Bodies.Summary, anonymous: false, name: "Jane Doe")), "en", a => a, PrintedAt));

        Assert.Contains("Jane Doe", pdf.Flat);
        Assert.DoesNotContain("samira@hidden.example", pdf.Text);
        Assert.DoesNotContain("7946", pdf.Text);
        Assert.DoesNotContain(Texts.Get("en", "page.complaint.email"), pdf.Text);
        Assert.DoesNotContain(Texts.Get("en", "page.complaint.phone"), pdf.Text);
    }

    [Fact]
    public void A_long_summary_flows_onto_the_next_pages_whole_and_every_page_is_numbered_and_drawn()
    {
        var sentences = Enumerable.Range(1, 120).Select(i => $"Sentence S{i:000} of the complainant's long account of the group sessions.").ToArray();
        const string unbroken = "https://example.org/a-very-long-address-that-has-no-space-in-it/" + "0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij";
        var summary = string.Join(" ", sentences[..60]) + "\n\n" + unbroken + "\n" + string.Join(" ", sentences[60..]);
        summary += new string('.', 9_000 - summary.Length);
        Assert.Equal(9_000, summary.Length);

        var pdf = Pdf.Of(CaseFile.Render(Build(ComplaintOf(summary, anonymous: false)), "en", a => a, PrintedAt));

        Assert.True(pdf.Pages.Count >= 2, $"{pdf.Pages.Count} page(s)");
        Assert.Contains("S001", pdf.Pages[0]);
        var last = pdf.Pages.FindIndex(p => p.Contains("S120", StringComparison.Ordinal));
        Assert.True(last >= 1, "the summary's end is on a later page");
        // Nothing lost or reordered on the way, and the address too wide for a line is cut, not dropped.
        var positions = sentences.Select(s => pdf.Flat.IndexOf(s, StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains(unbroken, Regex.Replace(pdf.Text, @"\s+", ""));
        Assert.True(pdf.Right <= 595.28 - 50, $"a word ends at {pdf.Right:0.#} pt, past the right margin");

        Assert.Equal(pdf.Pages.Count, pdf.Images);
        for (var n = 1; n <= pdf.Pages.Count; n++)
        {
            Assert.Contains($"page {n} of {pdf.Pages.Count}", pdf.Pages[n - 1]);
            Assert.Contains(Reference, pdf.Pages[n - 1]);
        }
    }

    [Fact]
    public void A_french_reader_gets_french_headings_and_page_numbers()
    {
        var stored = Build(ComplaintOf(Bodies.Summary, anonymous: true, name: null),
            notes: [new CaseNote(1, Received.AddDays(2), "chair", "Demander les notes de l'audition.")]);

        var pdf = Pdf.Of(CaseFile.Render(stored, "fr", a => a, PrintedAt));

        foreach (var key in new[] { "page.complaint.heading", "page.committee.events", "page.committee.notes", "page.messages.heading", "page.committee.respondentReply", "page.committee.recHeading", "page.executive.decisionHeading", "page.evidence.heading", "casefile.case" })
        {
            Assert.NotEqual(Texts.Get("en", key), Texts.Get("fr", key));
            Assert.True(pdf.LineOf(Texts.Get("fr", key)) >= 0, $"no French heading {key}: {Texts.Get("fr", key)}");
            Assert.Equal(-1, pdf.LineOf(Texts.Get("en", key)));
        }
        Assert.Contains(Texts.Format("fr", "casefile.page", 1, pdf.Pages.Count), pdf.Pages[0]);
        Assert.Contains(Texts.Get("fr", "page.complaint.anonymous"), pdf.Flat);
        Assert.Contains(Texts.Get("fr", "status.received"), pdf.Flat);
        Assert.Contains("Demander les notes de l'audition.", pdf.Flat);
    }

    [Fact]
    public void A_hebrew_reader_gets_the_file_in_hebrew_laid_out_from_the_right()
    {
        var stored = Build(ComplaintOf(Bodies.Summary, anonymous: true, name: null));

        var hebrew = Pdf.Of(CaseFile.Render(stored, "he", a => a, PrintedAt));
        var english = Pdf.Of(CaseFile.Render(stored, "en", a => a, PrintedAt));

        Assert.True(hebrew.LineOf(Texts.Get("he", "page.complaint.heading")) >= 0, "no Hebrew heading");
        Assert.Equal(-1, hebrew.LineOf(Texts.Get("en", "page.complaint.heading")));
        Assert.Contains(CaseWords.Status("he", stored.Case.State.Status), hebrew.Text);
        Assert.Contains(Reference, hebrew.Pages[0]);
        // The heading of the complaint starts at the left margin in English and well to the right in Hebrew (mirrored).
        static int Indent(Pdf pdf, string heading) => pdf.Text.Split('\n').First(l => l.Trim().Trim('\f') == heading) is var line ? line.Length - line.TrimStart().Length : -1;
        Assert.True(Indent(hebrew, Texts.Get("he", "page.complaint.heading")) > Indent(english, Texts.Get("en", "page.complaint.heading")) + 20,
            "the Hebrew heading is not laid out from the right");
        Assert.True(hebrew.Right <= 595.28 - 50 + 0.5, $"a word ends at {hebrew.Right:0.#} pt, past the right margin");
    }

    [Fact]
    public void An_appeal_and_the_evidence_list_are_printed_without_the_files_contents()
    {
        var decided = Received.AddDays(40);
        var stored = Build(ComplaintOf(Bodies.Summary, anonymous: false), s => s with
        {
            Status = CaseStatus.Decided,
            Recommendation = Verdict.Expulsion,
            RecommendationRationale = "Repeated and serious.",
            RecommendedAt = decided.AddDays(-5),
            Decision = Verdict.Warning,
            DecisionStatement = "On appeal, a warning replaces the expulsion.",
            DecidedAt = decided.AddDays(20),
            RespondentNotifiedAt = Received.AddDays(5),
            AppealedAt = decided.AddDays(3),
            AppealGrounds = "The committee did not hear my supervisor.",
            AppealOutcome = AppealOutcome.Varied,
            AppealStatement = "The supervisor's account lessens the breach.",
            Attachments =
            [
                new Attachment("a1", "session-notes.pdf", 250_000, EvidenceType.Pdf, Party.Complainant, Received),
                new Attachment("a2", "letter from the member.docx", 3_500_000, EvidenceType.Docx, Party.Respondent, Received.AddDays(6)),
                new Attachment("a3", "photo.jpg", 800, EvidenceType.Jpeg, Party.Chair, Received.AddDays(7), Shared: true),
            ],
        }, events:
        [
            new CaseEvent(1, Received, null, CaseStatus.Received, "complainant", null),
            new CaseEvent(2, Received, CaseStatus.Received, CaseStatus.Received, "complainant", "a1", CaseActivity.Attached),
            new CaseEvent(3, Received.AddDays(7), CaseStatus.UnderCommitteeReview, CaseStatus.UnderCommitteeReview, "chair", "a3", CaseActivity.Shared),
            new CaseEvent(4, decided.AddDays(3), CaseStatus.Decided, CaseStatus.UnderAppeal, "respondent", null),
            new CaseEvent(5, decided.AddDays(20), CaseStatus.UnderAppeal, CaseStatus.Decided, "executive", "varied"),
        ]);

        var pdf = Pdf.Of(CaseFile.Render(stored, "en", a => a, PrintedAt));

        Assert.True(pdf.LineOf(Texts.Get("en", "page.executive.appealHeading")) > pdf.LineOf(Texts.Get("en", "page.executive.decisionHeading")));
        Assert.True(pdf.LineOf(Texts.Get("en", "page.evidence.heading")) > pdf.LineOf(Texts.Get("en", "page.executive.appealHeading")));
        foreach (var seen in new[]
        {
            "The committee did not hear my supervisor.", "The supervisor's account lessens the breach.", "On appeal, a warning replaces the expulsion.",
            Texts.Get("en", "appealOutcome.varied"), Texts.Get("en", "verdict.expulsion"), Texts.Get("en", "verdict.warning"),
            "session-notes.pdf", "letter from the member.docx", "photo.jpg",
            Texts.FileSize("en", 250_000), Texts.FileSize("en", 3_500_000),
            Texts.Get("en", "page.evidence.from.complainant"), Texts.Get("en", "page.evidence.from.respondent"), Texts.Get("en", "page.evidence.shared"),
            Texts.Format("en", "casefile.event.attached", "session-notes.pdf"), Texts.Format("en", "casefile.event.shared", "photo.jpg"),
            Texts.Get("en", "status.decided") + " — " + Texts.Get("en", "appealOutcome.varied"),
            Texts.Get("en", "casefile.reply.none"),
        })
            Assert.Contains(seen, pdf.Flat);
    }

    [Fact]
    public void Greek_cyrillic_hebrew_and_arabic_print_as_text_an_emoji_as_a_replacement_and_the_fonts_are_set_once()
    {
        CaseFileFonts.Register();
        CaseFileFonts.Register(); // a second call (another request) does not throw
        var stored = Build(ComplaintOf("Η θεραπεύτρια μοιράστηκε όσα είπα. Терапевт рассказал другим участникам группы. Hebrew: שרה כהן. Arabic: سارة. Smile: 😀.", anonymous: false, name: "Ελένη Παπαδοπούλου", respondent: "Дмитрий Соколов"));

        var pdf = Pdf.Of(CaseFile.Render(stored, "en", a => a, PrintedAt));

        Assert.IsType<CaseFileFonts>(GlobalFontSettings.FontResolver);
        foreach (var seen in new[] { "Ελένη Παπαδοπούλου", "Дмитрий Соколов", "Η θεραπεύτρια μοιράστηκε όσα είπα.", "Терапевт рассказал другим участникам группы." })
            Assert.Contains(seen, pdf.Flat);
        // Right-to-left runs are drawn turned round, so a reader (and poppler) reads them in their own order.
        Assert.Contains("שרה כהן", pdf.Text);
        Assert.Contains("سارة", pdf.Text);
        // PDFsharp would print U+1F600 as U+1F60 (a Greek letter): it is a replacement character instead.
        Assert.Contains("Smile: \uFFFD", pdf.Flat);
        Assert.DoesNotContain("\u1F60", pdf.Text);
    }

    // ----- Reading a PDF with poppler-utils -----

    /// <summary>A rendered file as poppler reads it.</summary>
    /// <param name="Text">As laid out on the pages (<c>pdftotext -layout</c>).</param>
    /// <param name="Raw">In the order it was written (<c>pdftotext -raw</c>): a table cell's lines together.</param>
    /// <param name="Right">Where the rightmost word on any page ends, in points from the left edge (<c>pdftotext -bbox</c>).</param>
    private sealed record Pdf(byte[] Bytes, string Text, string Raw, List<string> Pages, int Images, IReadOnlyList<string> Fonts, double Right)
    {
        /// <summary>
        /// The text in the order written without the pages' footers, with every run of white space
        /// (line ends, page breaks) as one space: what a text split across two pages reads as.
        /// </summary>
        public string Flat { get; } = Regex.Replace(FooterLine().Replace(Raw, ""), @"\s+", " ");

        private readonly string[] _lines = Text.Split('\n').Select(l => l.Trim().Trim('\f')).ToArray();

        /// <summary>The line that is exactly <paramref name="text"/> (a heading), or -1.</summary>
        public int LineOf(string text) => Array.IndexOf(_lines, text);

        public static Pdf Of(byte[] bytes)
        {
            Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
            var folder = System.IO.Directory.CreateTempSubdirectory("casefile-");
            try
            {
                var file = Path.Combine(folder.FullName, "case.pdf");
                File.WriteAllBytes(file, bytes);
                // To look at the files themselves: CASEFILE_PDF_DIR=/some/folder dotnet test … --filter CaseFileTests
                if (Environment.GetEnvironmentVariable("CASEFILE_PDF_DIR") is { Length: > 0 } keep)
                    File.WriteAllBytes(Path.Combine(keep, $"case-file-{bytes.Length}.pdf"), bytes);
                // poppler marks right-to-left runs with invisible embedding controls; the text is read without them.
                var text = BidiControls().Replace(Run("pdftotext", "-layout", "-enc", "UTF-8", file, "-"), "");
                var raw = BidiControls().Replace(Run("pdftotext", "-raw", "-enc", "UTF-8", file, "-"), "");
                var pages = text.Split('\f').ToList();
                if (pages.Count > 0 && pages[^1].Trim().Length == 0) pages.RemoveAt(pages.Count - 1);
                Run("pdftoppm", "-png", "-r", "50", file, Path.Combine(folder.FullName, "page"));
                var images = folder.GetFiles("page*.png").Length;
                var fonts = Run("pdffonts", file).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
                var right = Regex.Matches(Run("pdftotext", "-bbox", file, "-"), @"<word [^>]*xMax=""([0-9.]+)""")
                    .Max(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                return new Pdf(bytes, text, raw, pages, images, fonts, right);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        private static string Run(string tool, params string[] args)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (poppler-utils: .ci/run installs it).");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), $"{tool} did not finish");
            Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }
}
