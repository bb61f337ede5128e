using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Text.RegularExpressions;
using ComplaintRouting.Chasing;
using ComplaintRouting.Committee;
using ComplaintRouting.Delivery;
using ComplaintRouting.Digest;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Links;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Localization;
using ComplaintRouting.Referrals;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.IntegrationTests.Links;

/// <summary>
/// SPEC §11 links as their holders meet them: they expire after <c>Links__Lifetime</c>, an expired
/// one's page sends a fresh link only to the registered address, a party's links end when its
/// address changes or it is revoked, the digest carries no link that opens a case alone, and a national organization
/// whose part is over sees the status only. Each test has its own app, Azurite and mail capture.
/// </summary>
public sealed partial class LinkTests : AppWithSettings
{
    private const string Organizations = """
        id,name,country,referralEmail,contactName,language,active
        ES-AEP,Asociación Española,ES,etica@aep.example,María Núñez,es,true
        """;

    private const string Members = """
        membershipNumber,fullName,email,country,primaryOrganizationId
        M-5001,José Luis Ramírez,jose@example.org,ES,ES-AEP
        """;

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    [GeneratedRegex(@"/api/(referrals|committee/cases)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    /// <summary>A guideline section number (1.0–9.2, 6.12) standing alone, as a mail must never carry one.</summary>
    [GeneratedRegex(@"(?<![\d.])[1-9]\.\d{1,2}(?![\d.])")]
    private static partial Regex SectionNumber();

    private async Task ImportAsync(string organizations = Organizations, string members = Members)
    {
        var directory = Function<DirectoryFunctions>();
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Organizations(r, default), organizations, "text/csv")).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Members(r, default), members, "text/csv")).Status);
    }

    private async Task<string> SubmitAsync(System.Text.Json.Nodes.JsonObject body)
    {
        var answer = await AppFixture.CallAsync(r => Function<ComplaintRouting.Intake.IntakeFunction>().Run(r, default), body.ToJsonString());
        Assert.Equal(202, answer.Status);
        await DrainAsync();
        return answer.Json.GetProperty("reference").GetString()!;
    }

    private Task<string> ReferAsync(string[]? sections = null) =>
        ImportThen(() => SubmitAsync(Bodies.Complaint(respondent: "José Luis Ramírez", membershipNumber: "M-5001", country: "ES", sections: sections)));

    private async Task<string> ImportThen(Func<Task<string>> then)
    {
        await ImportAsync();
        return await then();
    }

    private static string Token(CapturedMail mail) => LinkPattern().Match(mail.Text).Groups[2].Value;

    private string LastToken(string reference, string kind) => Token(App.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind));

    /// <summary>A GET as a browser makes it; the body comes back HTML-decoded, as its reader sees it.</summary>
    private static async Task<HttpAnswer> Get(Func<HttpRequest, Task<IActionResult>> f, string? query = null)
    {
        var answer = await AppFixture.CallAsync(r => { r.Method = "GET"; if (query is not null) r.QueryString = new QueryString(query); return f(r); });
        return answer with { Body = System.Net.WebUtility.HtmlDecode(answer.Body) };
    }

    private Task<HttpAnswer> ViewReferral(string token) => Get(r => Function<ReferralFunctions>().View(r, token, default));

    private Task<HttpAnswer> ViewCommittee(string token) => Get(r => Function<CommitteeFunctions>().View(r, token, default));

    private Task<HttpAnswer> RenewReferral(string token, string body = "") =>
        AppFixture.CallAsync(r => { r.QueryString = new QueryString("?lang=es"); return Function<LinkFunctions>().RenewReferral(r, token, default); }, body, "application/x-www-form-urlencoded");

    /// <summary>A renewal posted as the expired page's form posts it: to its action, with the query the action carries.</summary>
    private static Task<HttpAnswer> PostRenewalForm(HttpAnswer expiredPage, Func<HttpRequest, string, Task<IActionResult>> renew)
    {
        var action = RenewAction().Match(expiredPage.Body);
        Assert.True(action.Success, "The expired page has no renewal form.");
        return AppFixture.CallAsync(async r =>
        {
            r.QueryString = new QueryString(action.Groups["query"].Value);
            var answer = await renew(r, Uri.UnescapeDataString(action.Groups["token"].Value));
            return answer;
        }, "", "application/x-www-form-urlencoded");
    }

    [GeneratedRegex("""<form method="post" action="(?<token>[^"/?]+)/renew(?<query>\?[^"]*)">""")]
    private static partial Regex RenewAction();

    /// <summary>Every visible text of the expired page, and the English ones absent when the page is in another language.</summary>
    private static void AssertExpiredPageIn(string lang, HttpAnswer page)
    {
        Assert.Equal(410, page.Status);
        Assert.Contains($"<html lang=\"{lang}\" dir=\"ltr\">", page.Body);
        foreach (var key in new[] { "link.expired.title", "link.expired.body", "link.expired.renewHeading", "link.expired.renew", "link.expired.button" })
        {
            Assert.Contains(Texts.Get(lang, key), page.Body);
            if (lang != "en") Assert.DoesNotContain(Texts.Get("en", key), page.Body);
        }
    }

    private static void AssertRenewalRequestedPageIn(string lang, HttpAnswer page)
    {
        Assert.Equal(202, page.Status);
        var body = System.Net.WebUtility.HtmlDecode(page.Body);
        Assert.Contains($"<html lang=\"{lang}\" dir=\"ltr\">", body);
        Assert.Contains(Texts.Get(lang, "link.renew.title"), body);
        Assert.Contains(Texts.Get(lang, "link.renew.body"), body);
        if (lang != "en") Assert.DoesNotContain(Texts.Get("en", "link.renew.body"), body);
    }

    private IReadOnlyList<CapturedMail> Renewals(string reference) =>
        App.Mail.Capture.ForReference(reference).Where(m => m.Kind == MailKind.LinkRenewal.ToApi()).ToArray();

    [Fact]
    public async Task A_link_past_its_lifetime_is_410_with_a_renewal_form_that_mails_only_the_registered_address_once_an_hour()
    {
        var reference = await ReferAsync();
        var national = LastToken(reference, MailKind.NationalReferral.ToApi());
        Assert.Equal(200, (await ViewReferral(national)).Status);

        App.Clock.Advance(Lifetime + TimeSpan.FromSeconds(1));
        var expired = await ViewReferral(national);
        Assert.Equal(410, expired.Status);
        Assert.Contains("Este enlace ha caducado.", expired.Body);          // the organization's language
        Assert.Contains("Enviarme un enlace nuevo", expired.Body);
        Assert.Contains("<form method=\"post\"", expired.Body);            // works without script
        Assert.Contains("This link has expired.", (await Get(r => Function<ReferralFunctions>().View(r, national, default), "?lang=en")).Body);
        Assert.Contains("Dieser Link ist abgelaufen.", (await Get(r => Function<ReferralFunctions>().View(r, national, default), "?lang=de")).Body);
        Assert.Contains("Ce lien a expiré.", (await Get(r => Function<ReferralFunctions>().View(r, national, default), "?lang=fr")).Body);
        Assert.Equal(410, (await AppFixture.CallAsync(r => Function<ReferralFunctions>().Acknowledge(r, national, default))).Status);

        // An address typed on the page is never used; the answer is the same for a forged token.
        var asked = await RenewReferral(national, "email=attacker%40evil.example&to=attacker%40evil.example");
        var forged = await RenewReferral("not-a-token", "email=attacker%40evil.example");
        Assert.Equal(202, asked.Status);
        Assert.Equal((asked.Status, asked.Body), (forged.Status, forged.Body));
        await DrainAsync();
        Assert.Equal(202, (await RenewReferral(national)).Status); // a refresh of the page
        await DrainAsync();

        var renewal = Assert.Single(Renewals(reference));
        Assert.Equal("etica@aep.example", renewal.To);
        Assert.Contains(reference, renewal.Subject);
        Assert.StartsWith("Un enlace nuevo", renewal.Subject);
        Assert.DoesNotContain(App.Mail.Capture.All, m => m.To.Contains("evil.example"));
        var fresh = Token(renewal);
        Assert.NotEqual(national, fresh);
        Assert.Equal(200, (await ViewReferral(fresh)).Status);
        Assert.Equal("under-national-review", (await AppFixture.CallAsync(r => Function<ReferralFunctions>().Acknowledge(r, fresh, default), "{}")).Json.GetProperty("status").GetString());

        // A link that still works asks for nothing; an hour later the expired one may ask again.
        Assert.Equal(202, (await RenewReferral(fresh)).Status);
        App.Clock.Advance(CapabilityGate.RenewalInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(202, (await RenewReferral(national)).Status);
        await DrainAsync();
        Assert.Equal(2, Renewals(reference).Count);
        Assert.All(Renewals(reference), m => Assert.Equal("etica@aep.example", m.To));
    }

    [Theory]
    [InlineData("fr", "FR-SFP", "Société Française de Psychothérapie", "FR", "ethique@sfp.example")]
    [InlineData("de", "DE-DGP", "Deutsche Gesellschaft für Psychotherapie", "DE", "ethik@dgp.example")]
    public async Task An_organizations_expired_page_its_confirmation_and_its_fresh_link_are_in_the_organizations_language(
        string lang, string organizationId, string organizationName, string country, string referralEmail)
    {
        await ImportAsync(
            $"id,name,country,referralEmail,contactName,language,active\n{organizationId},{organizationName},{country},{referralEmail},,{lang},true\n",
            $"membershipNumber,fullName,email,country,primaryOrganizationId\nM-6001,Anna Berger,anna@example.org,{country},{organizationId}\n");
        var reference = await SubmitAsync(Bodies.Complaint(respondent: "Anna Berger", membershipNumber: "M-6001", country: country));
        var national = LastToken(reference, MailKind.NationalReferral.ToApi());

        App.Clock.Advance(Lifetime + TimeSpan.FromSeconds(1));
        var expired = await ViewReferral(national); // no ?lang=: the organization's directory language
        AssertExpiredPageIn(lang, expired);
        AssertRenewalRequestedPageIn(lang, await PostRenewalForm(expired, (r, t) => Function<LinkFunctions>().RenewReferral(r, t, default)));
        await DrainAsync();

        var renewal = Assert.Single(Renewals(reference));
        Assert.Equal(referralEmail, renewal.To);
        Assert.Equal(Texts.Format(lang, "mail.renewal.subject", reference), renewal.Subject);
        var until = Dates.At(lang, App.Clock.GetUtcNow() + Lifetime);
        foreach (var text in new[]
        {
            Texts.Format(lang, "mail.referral.greeting", organizationName), Texts.Format(lang, "mail.renewal.body", reference, until),
            Texts.Get(lang, "mail.renewal.link"), Texts.Get(lang, "mail.renewal.ignore"), Texts.Get(lang, "mail.footer"),
        })
        {
            Assert.Contains(text, renewal.Text);
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text), renewal.Html);
        }
        Assert.Contains($"<html lang=\"{lang}\" dir=\"ltr\">", renewal.Html);
        Assert.DoesNotContain(Texts.Get("en", "mail.renewal.ignore"), renewal.Text);
        Assert.Equal(200, (await ViewReferral(Token(renewal))).Status);
    }

    [Fact]
    public async Task The_committees_expired_page_follows_lang_and_its_fresh_link_is_in_the_language_of_every_mail_to_the_chair()
    {
        var reference = await SubmitAsync(Bodies.Complaint(respondent: "Nobody In The Directory"));
        var committee = LastToken(reference, MailKind.CommitteeEscalation.ToApi());

        App.Clock.Advance(Lifetime + TimeSpan.FromSeconds(1));
        AssertExpiredPageIn("en", await ViewCommittee(committee)); // the chair has no language setting: English
        var german = await Get(r => Function<CommitteeFunctions>().View(r, committee, default), "?lang=de");
        AssertExpiredPageIn("de", german);
        AssertRenewalRequestedPageIn("de", await PostRenewalForm(german, (r, t) => Function<LinkFunctions>().RenewCommittee(r, t, default)));
        await DrainAsync();

        // The mail is the chair's, not the asker's: in Committee__ChairLanguage, like the escalation.
        var renewal = Assert.Single(Renewals(reference));
        Assert.Equal(AppFixture.ChairEmail, renewal.To);
        Assert.Equal(Texts.Format(AppFixture.ChairLanguage, "mail.renewal.subject", reference), renewal.Subject);
        Assert.Contains(Texts.Get(AppFixture.ChairLanguage, "mail.renewal.ignore"), renewal.Text);
        Assert.Contains($"<html lang=\"{AppFixture.ChairLanguage}\" dir=\"ltr\">", renewal.Html);
        Assert.Equal(200, (await ViewCommittee(Token(renewal))).Status);
    }

    [Fact]
    public async Task An_organization_whose_referral_address_changed_can_no_longer_use_the_old_link()
    {
        var reference = await ReferAsync();
        var old = LastToken(reference, MailKind.NationalReferral.ToApi());
        Assert.Equal(200, (await ViewReferral(old)).Status);

        await ImportAsync(Organizations.Replace("etica@aep.example", "nueva-etica@aep.example"));

        Assert.Equal(404, (await ViewReferral(old)).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => Function<ReferralFunctions>().Acknowledge(r, old, default), "{}")).Status);

        // The organization's next mail goes to the new address, and its link works.
        App.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await Function<ChaseFunctions>().Sweep(new TimerInfo(), default);
        await DrainAsync();
        var reminder = App.Mail.Capture.ForReference(reference).Last(m => m.Kind == MailKind.NationalReminder.ToApi());
        Assert.Equal("nueva-etica@aep.example", reminder.To);
        Assert.Equal(200, (await ViewReferral(Token(reminder))).Status);

        App.Clock.Advance(Lifetime);
        Assert.Equal(404, (await ViewReferral(old)).Status); // expired and rebound: no renewal form either
        Assert.Equal(202, (await RenewReferral(old)).Status);
        await DrainAsync();
        Assert.Empty(Renewals(reference));
    }

    [Fact]
    public async Task An_explicit_revocation_refuses_links_issued_before_it_but_not_after()
    {
        var reference = await SubmitAsync(Bodies.Complaint(respondent: "Nobody In The Directory"));
        var before = LastToken(reference, MailKind.CommitteeEscalation.ToApi());
        Assert.Equal(200, (await ViewCommittee(before)).Status);
        var manage = Function<LinkFunctions>();

        var bad = await AppFixture.CallAsync(r => manage.Revoke(r, default), """{"party":"everyone"}""");
        Assert.Equal(400, bad.Status);
        Assert.True(bad.Json.GetProperty("errors").TryGetProperty("party", out _));
        Assert.Equal(400, (await AppFixture.CallAsync(r => manage.Revoke(r, default), """{"party":"national:a/b"}""")).Status);
        Assert.Equal(200, (await ViewCommittee(before)).Status); // a refused request revoked nothing

        var revoked = await AppFixture.CallAsync(r => manage.Revoke(r, default), """{"party":"committee"}""");
        Assert.Equal(200, revoked.Status);
        Assert.Equal("committee", revoked.Json.GetProperty("party").GetString());
        Assert.Equal(404, (await ViewCommittee(before)).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => Function<CommitteeFunctions>().Acknowledge(r, before, default), "{}")).Status);

        // The next mail's link was issued after the revocation: it works.
        App.Clock.Advance(TimeSpan.FromDays(15));
        await Function<ChaseFunctions>().Sweep(new TimerInfo(), default);
        await DrainAsync();
        var after = LastToken(reference, MailKind.CommitteeReminder.ToApi());
        Assert.Equal(200, (await ViewCommittee(after)).Status);
        Assert.Equal(404, (await ViewCommittee(before)).Status);
    }

    [Fact]
    public async Task The_digest_links_each_case_to_the_workspace_and_carries_no_link_that_opens_a_case_alone()
    {
        var reference = await SubmitAsync(Bodies.Complaint(respondent: "Nobody In The Directory"));

        await Function<DigestFunction>().Run(new TimerInfo(), default);
        var digest = Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi());
        Assert.Contains($"{AppFixture.PublicBaseUrl}/api/workspace/cases/{reference}?lang=", digest.Text);
        Assert.Contains($"{AppFixture.PublicBaseUrl}/api/workspace?lang=", digest.Text);
        Assert.DoesNotMatch(@"/api/(referrals|committee|executive|respondents)/", digest.Text + digest.Html); // no capability link of any party

        // The case's page opens only signed in.
        var cases = Function<ComplaintRouting.Workspace.WorkspaceCaseFunctions>();
        var anonymous = await AppFixture.CallAsync(r => { r.Method = "GET"; return cases.View(r, reference, default); });
        Assert.Equal(401, anonymous.Status);
        Assert.DoesNotContain(reference, anonymous.Body);
        var signedIn = await AppFixture.CallAsync(r => { r.Method = "GET"; return cases.View(r, reference, default); }, headers: await SignedInAsync(AppFixture.ChairEmail));
        Assert.Equal(200, signedIn.Status);
        Assert.Contains(reference, signedIn.Body);
    }

    [Fact]
    public async Task A_national_link_after_escalation_shows_the_status_only()
    {
        var reference = await ReferAsync();
        var national = LastToken(reference, MailKind.NationalReferral.ToApi());
        Assert.Contains("private disclosures", (await ViewReferral(national)).Body);

        var outcome = await AppFixture.CallAsync(r => Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"declined","summary":"Outside our remit."}""");
        Assert.Equal(200, outcome.Status);

        var page = await ViewReferral(national);
        Assert.Equal(200, page.Status);
        Assert.Contains("escalated-to-committee", page.Body);
        Assert.DoesNotContain("private disclosures", page.Body);
        Assert.DoesNotContain("José Luis Ramírez", page.Body);
        Assert.DoesNotContain("<form", page.Body);
        Assert.Contains("ha terminado", page.Body); // in the organization's language
        Assert.Equal(409, (await AppFixture.CallAsync(r => Function<ReferralFunctions>().Acknowledge(r, national, default), "{}")).Status);
        Assert.Equal(409, (await AppFixture.CallAsync(r => Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"upheld","summary":"Again."}""")).Status);
    }

    [Fact]
    public async Task The_chairs_page_of_an_anonymous_complaint_never_shows_the_complainants_contact_details()
    {
        var body = Bodies.Complaint(respondent: "Nobody In The Directory", anonymous: true, email: "anon-contact@example.org");
        body["complainant"]!["phone"] = "+49 30 1234567";
        var reference = await SubmitAsync(body);

        var page = await ViewCommittee(LastToken(reference, MailKind.CommitteeEscalation.ToApi()));

        Assert.Equal(200, page.Status);
        Assert.Contains("anonymous", page.Body);
        Assert.DoesNotContain("anon-contact", page.Body);
        Assert.DoesNotContain("1234567", page.Body);
        Assert.Contains(App.Mail.Capture.ForReference(reference), m => m.To == "anon-contact@example.org"); // still used to notify
    }

    [Fact]
    public async Task No_mail_of_any_kind_carries_a_section_number()
    {
        var urgent = await ReferAsync(sections: ["1.2", "3.1", "6.12"]);
        var national = LastToken(urgent, MailKind.NationalReferral.ToApi());
        App.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await Function<ChaseFunctions>().Sweep(new TimerInfo(), default);         // national-reminder
        await DrainAsync();
        await AppFixture.CallAsync(r => Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"upheld","summary":"Upheld by our board."}""");
        await DrainAsync();                                                        // committee-escalation
        App.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await Function<ChaseFunctions>().Sweep(new TimerInfo(), default);         // committee-reminder
        await DrainAsync();
        App.Clock.Advance(Lifetime);
        await RenewReferral(national);                                             // link-renewal
        await DrainAsync();
        using (var signer = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            // delivery-failure-alert: through the real handler (its signature check is covered in DeliveryEventTests).
            var events = $$"""[{"email":"etica@aep.example","event":"bounce","kind":"national-referral","reference":"{{urgent}}","sg_event_id":"sections-1","reason":"550 unknown"}]""";
            var handler = new DeliveryEvents(Microsoft.Extensions.Options.Options.Create(new ComplaintRouting.Options.SendGridOptions { EventWebhookPublicKey = Convert.ToBase64String(signer.ExportSubjectPublicKeyInfo()) }),
                Get<ComplaintRouting.Storage.CaseCommands>(), Get<DeliveryFailureLog>(), App.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<DeliveryEvents>.Instance);
            var timestamp = "1764300000";
            var signature = Convert.ToBase64String(signer.SignData(System.Text.Encoding.UTF8.GetBytes(timestamp + events), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence));
            Assert.Equal(DeliveryCheck.Accepted, await handler.HandleAsync(events, signature, timestamp, default));
        }
        await DrainAsync();
        await Function<DigestFunction>().Run(new TimerInfo(), default);            // chair-digest

        var kinds = App.Mail.Capture.All.Select(m => m.Kind).Distinct().ToHashSet();
        Assert.Superset(new HashSet<string?>
        {
            MailKind.ComplainantAcknowledgement.ToApi(), MailKind.NationalReferral.ToApi(), MailKind.NationalReminder.ToApi(), MailKind.CommitteeUrgentAlert.ToApi(),
            MailKind.CommitteeEscalation.ToApi(), MailKind.CommitteeReminder.ToApi(), MailKind.LinkRenewal.ToApi(), MailKind.DeliveryFailureAlert.ToApi(), MailKind.ChairDigest.ToApi(),
        }, kinds);
        Assert.All(App.Mail.Capture.All, m =>
        {
            Assert.DoesNotMatch(SectionNumber(), m.Subject + "\n" + m.Text);
            Assert.DoesNotMatch(SectionNumber(), Regex.Replace(m.Html, "<[^>]*>", " ")); // the HTML's text, not its styles
            Assert.DoesNotContain("safeguard information", m.Text); // nor a section's title (3.1)
            Assert.DoesNotContain("torture", m.Text);               // nor what an urgent section is about (1.2)
        });
    }

    private T Get<T>() where T : notnull => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(Services);
}
