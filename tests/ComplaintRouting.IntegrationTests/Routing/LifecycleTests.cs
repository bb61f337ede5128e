using ComplaintRouting.Localization;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Text.RegularExpressions;
using ComplaintRouting.Manage;
using ComplaintRouting.Committee;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.FollowUp;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Links;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Routing;

/// <summary>Every path of SPEC §2–§3 through the HTTP functions and the queues, on Azurite.</summary>
[Collection(AppCollection.Name)]
public partial class LifecycleTests(AppFixture app)
{
    private const string Organizations = """
        id,name,country,referralEmail,contactName,language,active
        ES-AEP,"Asociación Española de Psicoterapia, Grupo",ES,etica@aep.example,María Núñez,es,true
        PT-OFF,Associação Portuguesa,PT,etica@ap.example,,pt,false
        IT-NOMAIL,Società Italiana,IT,,,it,true
        NL-NGG,Nederlandse Groep,NL,ethiek@ngg.example,Jan de Vries,nl,true
        """;

    private const string Members = """
        membershipNumber,fullName,email,country,primaryOrganizationId
        M-5001,"José Luis Ramírez",jose@example.org,ES,ES-AEP
        M-5002,Ana Ortega,ana@example.org,PT,PT-OFF
        M-5003,Luca Bianchi,luca@example.org,IT,IT-NOMAIL
        M-5004,Jan de Vries,jan@example.org,NL,NL-NGG
        M-CHAIR,Chair Person,chair-member@example.org,ES,ES-AEP
        """;

    private static async Task<HttpAnswer> Csv(Func<HttpRequest, Task<IActionResult>> f, string body, string type = "text/csv") =>
        await AppFixture.CallAsync(f, body, type);

    private async Task ImportAsync()
    {
        var directory = app.Function<DirectoryFunctions>();
        Assert.Equal(200, (await Csv(r => directory.Organizations(r, default), Organizations)).Status);
        Assert.Equal(200, (await Csv(r => directory.Members(r, default), Members)).Status);
    }

    private async Task<(string Reference, string Code)> SubmitAndRouteAsync(string respondent, string? number = null, string country = "ES", string[]? sections = null)
    {
        await ImportAsync();
        var submitted = await app.SubmitAsync(Bodies.Complaint(respondent: respondent, membershipNumber: number, country: country, sections: sections, language: "es"));
        await app.DrainQueuesAsync();
        return submitted;
    }

    private async Task<StoredCase> Load(string reference) =>
        (await app.Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!;

    [GeneratedRegex(@"/api/(referrals|committee/cases|committee/members|executive/cases|respondents)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private string Token(string reference, string kind) =>
        LinkPattern().Match(app.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind).Text).Groups[2].Value;

    private static Task<HttpAnswer> Post(Func<HttpRequest, Task<IActionResult>> f, string json = "{}", Dictionary<string, string>? headers = null) =>
        AppFixture.CallAsync(f, json, headers: headers);

    [Fact]
    public async Task The_directory_import_takes_quoted_non_ascii_rows_and_reports_bad_rows_by_line()
    {
        var directory = app.Function<DirectoryFunctions>();
        var answer = await Csv(r => directory.Members(r, default), """
            membershipNumber,fullName,email,country,primaryOrganizationId
            M-6001,"Åsa Öberg-Ñúñez",asa@example.org,DE,DE-DAGG
            M-6002,=HYPERLINK("http://evil"),x@example.org,DE,DE-DAGG
            M-6003,Bad Country,bad@example.org,XX,
            M/6004,Slash Number,s@example.org,DE,
            M-6005,Bad Mail,not-mail,DE,
            M-6006,Good Two,good@example.org,FR,
            """);

        Assert.Equal(200, answer.Status);
        Assert.Equal(2, answer.Json.GetProperty("upserted").GetInt32());
        Assert.Equal([3, 4, 5, 6], answer.Json.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        Assert.All(answer.Json.GetProperty("rejected").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("error").GetString())));
        var found = await app.Services.GetRequiredService<DirectoryStore>().FindMembersByNameAsync("ASA  OBERG NUNEZ", "DE", default);
        Assert.Equal("M-6001", Assert.Single(found).MembershipNumber);

        Assert.Equal(415, (await Csv(r => directory.Members(r, default), "a,b", "application/json")).Status);
        var header = await Csv(r => directory.Members(r, default), "number,name\nM-1,X");
        Assert.Equal(400, header.Status);
        Assert.Contains("membershipNumber,fullName,email,country,primaryOrganizationId", header.Body);
    }

    [Fact]
    public async Task A_case_goes_from_referral_to_decision_through_the_links_with_every_event_and_mail()
    {
        var (reference, code) = await SubmitAndRouteAsync("José Luis Ramírez");

        var referral = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.NationalReferral.ToApi());
        Assert.Equal("etica@aep.example", referral.To);
        var national = Token(reference, MailKind.NationalReferral.ToApi());
        var referrals = app.Function<ReferralFunctions>();

        var page = await AppFixture.CallAsync(r => referrals.View(r, national, default));
        Assert.Equal(200, page.Status);
        Assert.Contains(Bodies.Summary.Split(' ')[3], page.Body);
        Assert.Contains("frame-ancestors 'none'", page.Headers.ContentSecurityPolicy.ToString());

        Assert.Equal("under-national-review", (await Post(r => referrals.Acknowledge(r, national, default))).Json.GetProperty("status").GetString());
        Assert.Equal(409, (await Post(r => referrals.Acknowledge(r, national, default))).Status);
        var bad = await Post(r => referrals.Outcome(r, national, default), """{"determination":"maybe","summary":""}""");
        Assert.Equal(["determination", "summary"], bad.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var outcome = await Post(r => referrals.Outcome(r, national, default), """{"determination":"upheld","summary":"Our board upheld the complaint."}""");
        Assert.Equal("escalated-to-committee", outcome.Json.GetProperty("status").GetString());
        await app.DrainQueuesAsync();

        var committee = app.Function<CommitteeFunctions>();
        var chair = Token(reference, MailKind.CommitteeEscalation.ToApi());
        Assert.Equal(AppFixture.ChairEmail, app.Mail.Capture.ForReference(reference).Last(m => m.Kind == MailKind.CommitteeEscalation.ToApi()).To);
        var casePage = await AppFixture.CallAsync(r => committee.View(r, chair, default));
        Assert.Contains("Our board upheld the complaint.", casePage.Body);
        Assert.Contains(Texts.Get("en", "casefile.escalation.national-concluded"), System.Net.WebUtility.HtmlDecode(casePage.Body)); // the reason in words

        Assert.Equal("under-committee-review", (await Post(r => committee.Acknowledge(r, chair, default))).Json.GetProperty("status").GetString());
        Assert.Equal(409, (await Post(r => committee.Recommend(r, chair, default), """{"recommendation":"warning","rationale":"Unheard."}""", await app.SignedInAsync(AppFixture.ChairEmail))).Status);
        Assert.Equal(200, (await Post(r => committee.NotifyRespondent(r, chair, default))).Status);
        await app.DrainQueuesAsync();
        var respondent = Token(reference, MailKind.RespondentNotice.ToApi());
        Assert.Equal(200, (await Post(r => app.Function<ComplaintRouting.Respondents.RespondentFunctions>().Reply(r, respondent, default), """{"text":"I dispute it."}""")).Status);
        Assert.Equal("awaiting-decision", (await Post(r => committee.Recommend(r, chair, default), """{"recommendation":"warning","rationale":"Repeated breach of confidentiality."}""", await app.SignedInAsync(AppFixture.ChairEmail))).Json.GetProperty("status").GetString());
        await app.DrainQueuesAsync();
        var recommendation = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ExecutiveRecommendation.ToApi());
        Assert.Equal(AppFixture.ExecutiveEmail, recommendation.To);
        var executive = app.Function<Executive.ExecutiveFunctions>();
        var executiveToken = Token(reference, MailKind.ExecutiveRecommendation.ToApi());
        Assert.Equal("decided", (await Post(r => executive.Decide(r, executiveToken, default), """{"decision":"warning","statement":"A warning is issued to the member."}""", await app.SignedInAsync(AppFixture.ExecutiveEmail))).Json.GetProperty("status").GetString());
        await app.DrainQueuesAsync();

        var stored = await Load(reference);
        Assert.Equal(["received", "referred-to-national", "under-national-review", "escalated-to-committee", "under-committee-review", "awaiting-decision", "decided"],
            stored.Events.Where(e => e.IsTransition).Select(e => e.To.ToApiString()));
        Assert.Equal(["complainant", "router", "national:ES-AEP", "national:ES-AEP", "chair", "chair", "respondent", "chair", "executive"], stored.Events.Select(e => e.Actor));
        var told = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.NationalDecision.ToApi());
        Assert.Equal("etica@aep.example", told.To);
        Assert.Contains(Texts.Get("es", "verdict.warning"), told.Text); // the organization's language
        Assert.DoesNotContain("A warning is issued to the member.", told.Text); // the statement is written for the complainant
        var update = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ComplainantUpdate.ToApi());
        Assert.Equal("jane@example.org", update.To);
        Assert.Contains("A warning is issued to the member.", update.Text);
        Assert.All(app.Mail.Capture.ForReference(reference), m =>
        {
            Assert.DoesNotContain(code, m.Raw);
            Assert.DoesNotContain(code.Replace("-", ""), m.Raw);
            Assert.DoesNotContain("private disclosures", m.Raw);
        });
    }

    [Theory]
    [InlineData("Ana Ortega", null, "PT", "no-national-organization")]     // organization inactive
    [InlineData("Luca Bianchi", null, "IT", "no-national-organization")]   // organization without referral address
    [InlineData("Jan de Vries", null, "NL", "conflict-of-interest")]       // the member is the organization's contact
    [InlineData("Someone Unknown", "M-0000", "ES", "respondent-not-identified")]
    public async Task Routing_escalates_with_the_reason_the_rules_give(string respondent, string? number, string country, string reason)
    {
        var (reference, _) = await SubmitAndRouteAsync(respondent, number, country);

        var stored = await Load(reference);
        Assert.Equal(("escalated-to-committee", reason), (stored.Case.Status.ToApiString(), stored.Case.State.EscalationReason?.ToApiString()));
        Assert.Equal(AppFixture.ChairEmail, Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi()).To);
        Assert.DoesNotContain(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.NationalReferral.ToApi());
    }

    [Fact]
    public async Task A_complaint_about_the_chair_sends_everything_for_the_chair_to_the_deputy()
    {
        var (reference, _) = await SubmitAndRouteAsync("Chair Person", AppFixture.ChairMembershipNumber, sections: ["4.1"]);

        var stored = await Load(reference);
        Assert.True(stored.Case.State.ChairConflict);
        Assert.Equal("referred-to-national", stored.Case.Status.ToApiString());
        var alert = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeUrgentAlert.ToApi());
        Assert.Equal(AppFixture.DeputyEmail, alert.To);
        Assert.DoesNotContain(app.Mail.Capture.ForReference(reference), m => m.To == AppFixture.ChairEmail);
    }

    [Fact]
    public async Task An_urgent_allegation_alerts_the_chair_at_once_while_the_referral_goes_ahead()
    {
        var (reference, _) = await SubmitAndRouteAsync("José Luis Ramírez", "M-5001", sections: ["1.2"]);

        Assert.Equal("referred-to-national", (await Load(reference)).Case.Status.ToApiString());
        Assert.Equal(AppFixture.ChairEmail, Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeUrgentAlert.ToApi()).To);
        Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.NationalReferral.ToApi());
    }

    [Fact]
    public async Task Tampered_expired_and_wrong_party_tokens_are_refused()
    {
        var (reference, _) = await SubmitAndRouteAsync("José Luis Ramírez", "M-5001");
        var national = Token(reference, MailKind.NationalReferral.ToApi());
        var referrals = app.Function<ReferralFunctions>();
        var committee = app.Function<CommitteeFunctions>();
        var tokens = app.Services.GetRequiredService<CapabilityTokens>();

        var tampered = national[..^3] + (national[^3] == 'A' ? "B" : "A") + national[^2..];
        var now = app.Clock.GetUtcNow();
        var otherCase = tokens.Issue("CR-0000-0000", new LinkParty.National("ES-AEP"), "etica@aep.example", now, now.AddDays(1));
        var otherOrg = tokens.Issue(reference, new LinkParty.National("NL-NGG"), "ethiek@ngg.example", now, now.AddDays(1));
        var otherAddress = tokens.Issue(reference, new LinkParty.National("ES-AEP"), "someone@else.example", now, now.AddDays(1));
        var expired = tokens.Issue(reference, new LinkParty.National("ES-AEP"), "etica@aep.example", now.AddDays(-2), now.AddSeconds(-1));

        Assert.Equal(404, (await AppFixture.CallAsync(r => referrals.View(r, tampered, default))).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => referrals.View(r, national[..20], default))).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => referrals.View(r, otherCase, default))).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => referrals.View(r, otherOrg, default))).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => referrals.View(r, otherAddress, default))).Status);
        Assert.Equal(410, (await AppFixture.CallAsync(r => referrals.View(r, expired, default))).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => committee.View(r, national, default))).Status); // a national link opens no committee page
        Assert.Equal(200, (await AppFixture.CallAsync(r => referrals.View(r, national, default))).Status);
    }

    [Fact]
    public async Task The_referral_page_is_in_the_organizations_language_down_to_its_form_and_the_standards_titles()
    {
        var (reference, _) = await SubmitAndRouteAsync("José Luis Ramírez", "M-5001"); // ES-AEP writes Spanish
        var page = await AppFixture.CallAsync(r => app.Function<ReferralFunctions>().View(r, Token(reference, MailKind.NationalReferral.ToApi()), default));

        Assert.Equal(200, page.Status);
        Assert.Contains("lang=\"es\"", page.Body);
        foreach (var key in new[] { "page.referral.intro", "page.complaint.heading", "page.complaint.respondent", "page.referral.ackButton",
                     "page.referral.outcomeHeading", "page.referral.determination.no-jurisdiction", "page.referral.state.referred-to-national", "section.3.1" })
            Assert.Contains(Texts.Get("es", key), System.Net.WebUtility.HtmlDecode(page.Body));
        foreach (var english in new[] { "The complaint as submitted", "Acknowledge the referral", "Report your outcome", "Member complained about" })
            Assert.DoesNotContain(english, page.Body);
    }

    [Fact]
    public async Task Each_party_link_opens_only_its_own_party_pages_and_actions_and_changes_nothing_elsewhere()
    {
        var (reference, _) = await SubmitAndRouteAsync("José Luis Ramírez", "M-5001");
        var now = app.Clock.GetUtcNow();
        var tokens = app.Services.GetRequiredService<CapabilityTokens>();
        var national = Token(reference, MailKind.NationalReferral.ToApi());
        var chair = tokens.Issue(reference, new LinkParty.Committee(), AppFixture.ChairEmail, now, now.AddDays(1));
        var referrals = app.Function<ReferralFunctions>();
        var committee = app.Function<CommitteeFunctions>();
        var before = (await Load(reference)).Events.Count;

        var nationalOnCommittee = new (string Route, Func<HttpRequest, Task<IActionResult>> Call)[]
        {
            ("view", r => committee.View(r, national, default)),
            ("acknowledge", r => committee.Acknowledge(r, national, default)),
            ("recommendation", r => committee.Recommend(r, national, default)),
        };
        var chairOnReferral = new (string Route, Func<HttpRequest, Task<IActionResult>> Call)[]
        {
            ("view", r => referrals.View(r, chair, default)),
            ("acknowledge", r => referrals.Acknowledge(r, chair, default)),
            ("outcome", r => referrals.Outcome(r, chair, default)),
        };
        foreach (var (route, call) in nationalOnCommittee.Concat(chairOnReferral))
        {
            var answer = await AppFixture.CallAsync(call, """{"recommendation":"warning","rationale":"x","decision":"warning","statement":"x","determination":"upheld","summary":"x"}""");
            Assert.True(answer.Status == 404, $"{route}: {answer.Status}");
        }

        Assert.Equal(before, (await Load(reference)).Events.Count);
        Assert.Equal(200, (await AppFixture.CallAsync(r => referrals.View(r, national, default))).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => committee.View(r, chair, default))).Status);
    }

    [Fact]
    public async Task A_refused_link_opened_in_a_browser_gets_a_page_and_an_api_call_gets_problem_json()
    {
        var (reference, _) = await SubmitAndRouteAsync("José Luis Ramírez", "M-5001");
        var tokens = app.Services.GetRequiredService<CapabilityTokens>();
        var expired = tokens.Issue(reference, new LinkParty.National("ES-AEP"), "etica@aep.example", app.Clock.GetUtcNow().AddDays(-2), app.Clock.GetUtcNow().AddSeconds(-1));

        var expiredPage = await AppFixture.CallAsync(r => app.Function<ReferralFunctions>().View(r, expired, default));
        var forgedPage = await AppFixture.CallAsync(r => app.Function<CommitteeFunctions>().View(r, "not-a-token", default));
        var forgedPost = await AppFixture.CallAsync(r => app.Function<ReferralFunctions>().Acknowledge(r, "not-a-token", default));

        Assert.Equal((410, "text/html"), (expiredPage.Status, expiredPage.ContentType?.Split(';')[0]));
        Assert.Contains("Este enlace ha caducado.", expiredPage.Body); // the organization's language (es)
        Assert.Matches("<form method=\"post\" action=\"[^\"]+/renew\\?lang=es\"><button", expiredPage.Body);
        Assert.Equal((404, "text/html"), (forgedPage.Status, forgedPage.ContentType?.Split(';')[0]));
        Assert.Contains("This link is not valid.", forgedPage.Body);
        Assert.Equal((404, "application/problem+json"), (forgedPost.Status, forgedPost.ContentType?.Split(';')[0]));
    }

    [Fact]
    public async Task Two_outcomes_posted_at_once_end_with_one_recorded_and_the_other_refused()
    {
        var (reference, _) = await SubmitAndRouteAsync("José Luis Ramírez", "M-5001");
        var national = Token(reference, MailKind.NationalReferral.ToApi());

        var answers = await Task.WhenAll(
            Task.Run(() => Post(r => app.Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"upheld","summary":"First."}""")),
            Task.Run(() => Post(r => app.Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"declined","summary":"Second."}""")));

        Assert.Equal([200, 409], answers.Select(a => a.Status).Order());
        var stored = await Load(reference);
        Assert.Single(stored.Events, e => e.To == Cases.CaseStatus.EscalatedToCommittee);
        var winner = answers.Single(a => a.Status == 200);
        Assert.Equal(stored.Case.State.NationalOutcomeSummary == "First." ? Cases.NationalDetermination.Upheld : Cases.NationalDetermination.Declined, stored.Case.State.NationalOutcome);
        Assert.Equal("escalated-to-committee", winner.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_outcome_racing_a_withdrawal_ends_in_one_consistent_state()
    {
        var (reference, code) = await SubmitAndRouteAsync("José Luis Ramírez", "M-5001");
        var national = Token(reference, MailKind.NationalReferral.ToApi());

        var answers = await Task.WhenAll(
            Task.Run(() => Post(r => app.Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"upheld","summary":"Upheld."}""")),
            Task.Run(() => AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Withdraw(r, reference, default), $"{{\"followUpCode\":\"{code}\"}}", remoteIp: "192.0.2.77")));

        Assert.Equal([200, 409], answers.Select(a => a.Status).Order());
        var stored = await Load(reference);
        Assert.Equal(3, stored.Events.Count);
        Assert.Equal(stored.Case.Status, stored.Events[^1].To);
        Assert.Contains(stored.Case.Status, new[] { Cases.CaseStatus.Withdrawn, Cases.CaseStatus.EscalatedToCommittee });
    }

    [Fact]
    public async Task The_management_api_lists_cases_by_status_and_shows_one_with_its_events()
    {
        var (reference, _) = await SubmitAndRouteAsync("Someone Else Unknown");
        var manage = app.Function<ManageFunctions>();

        var list = await AppFixture.CallAsync(r => { r.Method = "GET"; r.QueryString = new QueryString("?status=escalated-to-committee"); return manage.List(r, default); });
        var one = await AppFixture.CallAsync(r => manage.Get(r, reference, default));
        var badStatus = await AppFixture.CallAsync(r => { r.QueryString = new QueryString("?status=lost"); return manage.List(r, default); });

        Assert.Contains(list.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("reference").GetString() == reference);
        Assert.All(list.Json.GetProperty("items").EnumerateArray(), i => Assert.Equal("escalated-to-committee", i.GetProperty("status").GetString()));
        Assert.Equal(2, one.Json.GetProperty("events").GetArrayLength());
        Assert.Equal(400, badStatus.Status);
        Assert.True(badStatus.Json.GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal(404, (await AppFixture.CallAsync(r => manage.Get(r, "CR-0000-0000", default))).Status);
    }
}
