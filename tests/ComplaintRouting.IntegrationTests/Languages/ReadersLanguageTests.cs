using System.Text.RegularExpressions;
using ComplaintRouting.Api;
using ComplaintRouting.Committee;
using ComplaintRouting.Consequences;
using ComplaintRouting.Directory;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Executive;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Localization;
using ComplaintRouting.Referrals;
using ComplaintRouting.Respondents;
using ComplaintRouting.Workspace;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Languages;

/// <summary>The languages of a case's readers.</summary>
public sealed record Readers(string Complainant, string Organization, string Chair, string Member, string Executive);

// Nine cases, the readers' languages turned round one place each time: every kind of reader reads
// every language but English once. The first is the walkthrough of issue 18 — the national association
// Italian, the chair French, the member complained about Hebrew-speaking.
public sealed class ItalianAssociationFrenchChairHebrewMember() : ReadersLanguageTests(0);
public sealed class FrenchAssociationHebrewChairGreekMember() : ReadersLanguageTests(1);
public sealed class HebrewAssociationGreekChairRussianMember() : ReadersLanguageTests(2);
public sealed class GreekAssociationRussianChairGermanMember() : ReadersLanguageTests(3);
public sealed class RussianAssociationGermanChairTurkishMember() : ReadersLanguageTests(4);
public sealed class GermanAssociationTurkishChairSpanishMember() : ReadersLanguageTests(5);
public sealed class TurkishAssociationSpanishChairPortugueseMember() : ReadersLanguageTests(6);
public sealed class SpanishAssociationPortugueseChairItalianMember() : ReadersLanguageTests(7);
public sealed class PortugueseAssociationItalianChairFrenchMember() : ReadersLanguageTests(8);

/// <summary>
/// Issue 18, SPEC §12: a case from the complaint to the decision in which every reader has their own
/// language — the member complained about their own, not their organization's. Every mail and every
/// page each of them gets is in that language, and holds no English sentence of the language files
/// that the language translates.
/// </summary>
public abstract partial class ReadersLanguageTests(int turn) : AppWithSettings
{
    private static readonly string[] Round = ["pt", "it", "fr", "he", "el", "ru", "de", "tr", "es"];

    private readonly Readers readers = new(Round[turn % 9], Round[(turn + 1) % 9], Round[(turn + 2) % 9], Round[(turn + 3) % 9], Round[(turn + 4) % 9]);

    [Fact]
    public void The_round_holds_every_language_but_english_once() =>
        Assert.Equal(Texts.Languages.Where(l => l != Texts.Fallback).Order(), Round.Order());

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Committee:ChairLanguage"] = readers.Chair;
        settings["ExecutiveCommittee:Language"] = readers.Executive;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var directory = Services.GetRequiredService<DirectoryStore>();
        await directory.UpsertOrganizationAsync(new Organization("IT-APG", "Associazione Italiana", "IT", "etica@apg.example", "Giulia Rossi", readers.Organization, true), default);
        await directory.UpsertMemberAsync(new Member("M-9001", "Yael Cohen", "yael@example.org", "IT", "IT-APG", readers.Member), default);
    }

    [GeneratedRegex(@"/api/(?:referrals|committee/cases|executive/cases|respondents)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private string Token(string reference, MailKind kind) =>
        LinkPattern().Match(App.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind.ToApi()).Text).Groups[1].Value;

    [Fact]
    public async Task Each_reader_gets_every_mail_and_page_in_their_own_language_with_no_english_left()
    {
        var submitted = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default),
            Bodies.Complaint(respondent: "Yael Cohen", membershipNumber: "M-9001", country: "IT", language: readers.Complainant).ToJsonString());
        var reference = submitted.Json.GetProperty("reference").GetString()!;
        await DrainAsync();
        var pages = new List<(string Lang, string Html, string English)>();
        async Task<string> Page(string lang, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> view, Dictionary<string, string>? headers = null)
        {
            var page = await AppFixture.CallAsync(r => { r.Method = "GET"; return view(r); }, headers: headers);
            Assert.Equal(200, page.Status);
            // The same page asked for in English (?lang=), to find English no language file holds.
            var english = await AppFixture.CallAsync(r => { r.Method = "GET"; r.QueryString = new("?lang=en"); return view(r); }, headers: headers);
            pages.Add((lang, page.Body, english.Body));
            return page.Body;
        }

        var referral = Token(reference, MailKind.NationalReferral);
        await Page(readers.Organization, r => Function<ReferralFunctions>().View(r, referral, default));
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<ReferralFunctions>().Outcome(r, referral, default), """{"determination":"upheld","summary":"Upheld."}""")).Status);
        await DrainAsync();

        var chair = Token(reference, MailKind.CommitteeEscalation);
        var chairSession = await SignedInAsync(AppFixture.ChairEmail);
        await Page(readers.Chair, r => Function<CommitteeFunctions>().View(r, chair, default));
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<CommitteeFunctions>().Acknowledge(r, chair, default), "{}")).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<CommitteeFunctions>().NotifyRespondent(r, chair, default), "{}")).Status);
        await DrainAsync();

        var member = Token(reference, MailKind.RespondentNotice);
        var memberPage = await Page(readers.Member, r => Function<RespondentFunctions>().View(r, member, default));
        Assert.Contains($"dir=\"{ComplaintRouting.Pages.Stylesheet.Direction(readers.Member)}\"", memberPage);
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<RespondentFunctions>().Reply(r, member, default), """{"text":"I dispute the account."}""")).Status);
        await DrainAsync();

        await Page(readers.Chair, r => Function<WorkspaceFunctions>().Dashboard(r, default), chairSession);
        await Page(readers.Chair, r => Function<WorkspaceCaseFunctions>().View(r, reference, default), chairSession);
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<CommitteeFunctions>().Recommend(r, chair, default), """{"recommendation":"warning","rationale":"A breach."}""", headers: chairSession)).Status);
        await DrainAsync();

        var decider = Token(reference, MailKind.ExecutiveRecommendation);
        await Page(readers.Executive, r => Function<ExecutiveFunctions>().View(r, decider, default));
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<ExecutiveFunctions>().Decide(r, decider, default), """{"decision":"warning","statement":"A warning is issued."}""", headers: await SignedInAsync(AppFixture.ExecutiveEmail))).Status);
        await DrainAsync();
        await Page(readers.Member, r => Function<RespondentFunctions>().View(r, member, default));

        // The complainant's follow-up page, and the same in English.
        var code = submitted.Json.GetProperty("followUpCode").GetString()!;
        async Task<string> FollowUp(string lang) => (await AppFixture.CallAsync(r => Function<ComplaintRouting.Form.FormFunctions>().FollowUpForm(r, default),
            $"lang={lang}&reference={reference}&followUpCode={Uri.EscapeDataString(code)}", "application/x-www-form-urlencoded")).Body;
        pages.Add((readers.Complainant, await FollowUp(readers.Complainant), await FollowUp("en")));

        var expected = new Dictionary<string, string>
        {
            ["jane@example.org"] = readers.Complainant, ["etica@apg.example"] = readers.Organization, [AppFixture.ChairEmail] = readers.Chair,
            ["yael@example.org"] = readers.Member, [AppFixture.ExecutiveEmail] = readers.Executive,
        };
        // The check finds English where it is left: the complainant's acknowledgement as English would have it.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => EnglishLeft.AssertNone(readers.Complainant, "an English acknowledgement", Texts.Format("en", "mail.ack.body", reference)));
        await Function<ComplaintRouting.Digest.DigestFunction>().Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), default);
        var digest = Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi());
        var mails = App.Mail.Capture.ForReference(reference).Append(digest).ToList();
        foreach (var kind in new[] { MailKind.ComplainantAcknowledgement, MailKind.NationalReferral, MailKind.CommitteeEscalation, MailKind.RespondentNotice,
                     MailKind.CommitteeRespondentReply, MailKind.ExecutiveRecommendation, MailKind.RespondentDecision, MailKind.NationalDecision, MailKind.ComplainantUpdate })
            Assert.Contains(mails, m => m.Kind == kind.ToApi());
        foreach (var mail in mails)
        {
            var lang = expected[mail.To];
            Assert.Contains($"<html lang=\"{lang}\"", mail.Html);
            Assert.Contains($"dir=\"{ComplaintRouting.Pages.Stylesheet.Direction(lang)}\"", mail.Html);
            EnglishLeft.AssertNone(lang, $"{mail.Kind} to {mail.To}", mail.Subject + "\n" + mail.Text);
        }
        string[] typed = [Bodies.Summary, "Upheld.", "I dispute the account.", "A breach.", "A warning is issued.", "Yael Cohen", "Jane Doe", "Associazione Italiana", "Giulia Rossi"];
        foreach (var (lang, html, english) in pages)
        {
            Assert.Contains($"lang=\"{lang}\"", html);
            EnglishLeft.AssertNone(lang, $"a {lang} page", Text(html));
            Assert.Contains("lang=\"en\"", english);
            var sentences = Sentences(Text(english)).Where(l => !typed.Any(t => l.Contains(t, StringComparison.Ordinal))).ToHashSet();
            var left = Sentences(Text(html)).Where(sentences.Contains).ToList();
            Assert.True(left.Count == 0, $"a page in {lang} says what the English page says: {string.Join(" | ", left)}");
        }
    }

    private static string Text(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", "", RegexOptions.Singleline), "<[^>]+>", "\n"));

    /// <summary>The lines of a page's text with three words or more (a date and time is not a sentence).</summary>
    private static IEnumerable<string> Sentences(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetter)) >= 3);
}
