using System.Text.RegularExpressions;
using ComplaintRouting.Committee;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.Digest;
using ComplaintRouting.Executive;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Localization;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.IntegrationTests.Committee;

/// <summary>
/// SPEC §12 for the committee side: the chair reads French, the deputy German and the Executive
/// Committee Spanish, as the settings say; every mail and page each of them gets is in that
/// language, whatever language the complainant wrote in.
/// </summary>
public sealed partial class CommitteeLanguageTests : AppWithSettings
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Committee:ChairLanguage"] = "fr";
        settings["Committee:DeputyLanguage"] = "de";
        settings["ExecutiveCommittee:Language"] = "es";
    }

    [GeneratedRegex(@"/api/(?:committee/cases|executive/cases)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private async Task<string> SubmitAsync(string respondent, string? number = null)
    {
        var answer = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default),
            Bodies.Complaint(respondent: respondent, membershipNumber: number, language: "en").ToJsonString());
        await DrainAsync();
        return answer.Json.GetProperty("reference").GetString()!;
    }

    [Fact]
    public async Task The_chair_reads_the_escalation_the_page_and_the_digest_in_French_and_the_Executive_Committee_its_mail_and_page_in_Spanish()
    {
        var reference = await SubmitAsync("Nobody Known");
        var escalation = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.Equal(Texts.Format("fr", "mail.committee.escalation.subject", reference, Texts.Get("fr", "casefile.escalation.respondent-not-identified")), escalation.Subject);
        Assert.Contains("<html lang=\"fr\"", escalation.Html);
        var chair = LinkPattern().Match(escalation.Text).Groups[1].Value;

        var page = await AppFixture.CallAsync(r => Function<CommitteeFunctions>().View(r, chair, default));
        Assert.Contains("lang=\"fr\"", page.Body);
        Assert.Contains(Texts.Get("fr", "page.committee.ackButton"), System.Net.WebUtility.HtmlDecode(page.Body));
        Assert.DoesNotContain(Texts.Get("en", "page.committee.ackButton"), page.Body);

        await Function<DigestFunction>().Run(new TimerInfo(), default);
        Assert.Contains("lang=\"fr\"", Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi()).Html);

        await AppFixture.CallAsync(r => Function<CommitteeFunctions>().Acknowledge(r, chair, default), "{}");
        await AppFixture.CallAsync(r => Function<CommitteeFunctions>().Recommend(r, chair, default), """{"recommendation":"not-justified","rationale":"No breach."}""", headers: await SignedInAsync(AppFixture.ChairEmail));
        await DrainAsync();
        var toExecutive = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ExecutiveRecommendation.ToApi());
        Assert.Equal(Texts.Format("es", "mail.executive.subject", reference), toExecutive.Subject);
        Assert.Contains(Texts.Get("es", "verdict.not-justified"), toExecutive.Text);
        var executivePage = await AppFixture.CallAsync(r => Function<ExecutiveFunctions>().View(r, LinkPattern().Match(toExecutive.Text).Groups[1].Value, default));
        Assert.Contains("lang=\"es\"", executivePage.Body);
        Assert.Contains(Texts.Get("es", "page.committee.openInWorkspace"), System.Net.WebUtility.HtmlDecode(executivePage.Body)); // the decision is the workspace's
    }

    [Fact]
    public async Task The_deputy_reads_a_case_about_the_chair_in_German()
    {
        var reference = await SubmitAsync("Chair Person", AppFixture.ChairMembershipNumber);

        var escalation = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.Equal(AppFixture.DeputyEmail, escalation.To);
        Assert.Contains("<html lang=\"de\"", escalation.Html);
        var page = await AppFixture.CallAsync(r => Function<CommitteeFunctions>().View(r, LinkPattern().Match(escalation.Text).Groups[1].Value, default));
        Assert.Contains("lang=\"de\"", page.Body);
        Assert.Contains(Texts.Get("de", "page.committee.chairConflict"), System.Net.WebUtility.HtmlDecode(page.Body));
    }
}
