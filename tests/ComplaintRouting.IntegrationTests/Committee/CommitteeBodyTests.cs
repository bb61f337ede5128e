using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ComplaintRouting.Committee;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Executive;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Links;
using ComplaintRouting.Localization;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Committee;

/// <summary>
/// SPEC §9's committee as a body on Azurite: the roster, the rapporteur and the member's link,
/// sealed notes, recusal, the Executive Committee's decision, and every party's link tried on
/// every other party's page and action.
/// </summary>
[Collection(AppCollection.Name)]
public partial class CommitteeBodyTests(AppFixture app)
{
    private const string Roster = """
        id,name,email,language,active
        cm-ana,Ana Lefèvre,ana@committee.example,fr,true
        cm-ben,Ben Okafor,ben@committee.example,en,true
        cm-old,Olga Former,olga@committee.example,de,false
        cm-resp,Rita Respondent,rita@committee.example,en,true
        """;

    [GeneratedRegex(@"/api/(?:referrals|committee/cases|committee/members|executive/cases|respondents)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private string Token(string reference, MailKind kind, string? to = null) =>
        LinkPattern().Match(app.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind.ToApi() && (to is null || m.To == to)).Text).Groups[1].Value;

    private static Task<HttpAnswer> Post(Func<HttpRequest, Task<IActionResult>> f, string json = "{}", Dictionary<string, string>? headers = null) =>
        AppFixture.CallAsync(f, json, headers: headers);

    private async Task ImportAsync()
    {
        var directory = app.Function<DirectoryFunctions>();
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Organizations(r, default), """
            id,name,country,referralEmail,contactName,language,active
            IT-COIRAG,Confederazione italiana,IT,etica@coirag.example,,it,true
            """, "text/csv")).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Members(r, default), """
            membershipNumber,fullName,email,country,primaryOrganizationId
            M-7001,Rita Respondent,rita.private@example.org,IT,IT-COIRAG
            M-7002,Paolo Verdi,paolo@example.org,IT,IT-COIRAG
            """, "text/csv")).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Committee(r, default), Roster, "text/csv")).Status);
    }

    /// <summary>A complaint referred to IT-COIRAG, concluded there, and with the chair: the chair's link from the escalation mail.</summary>
    private async Task<(string Reference, string Chair, string Code)> WithTheCommitteeAsync(string respondent = "Rita Respondent", string? number = "M-7001")
    {
        await ImportAsync();
        var (reference, code) = await app.SubmitAsync(Bodies.Complaint(respondent: respondent, membershipNumber: number, country: "IT"));
        await app.DrainQueuesAsync();
        if (app.Mail.Capture.ForReference(reference).Any(m => m.Kind == MailKind.NationalReferral.ToApi()))
        {
            var national = Token(reference, MailKind.NationalReferral);
            Assert.Equal(200, (await Post(r => app.Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"upheld","summary":"Upheld by our board."}""")).Status);
            await app.DrainQueuesAsync();
        }
        return (reference, Token(reference, MailKind.CommitteeEscalation), code);
    }

    private async Task<StoredCase> Load(string reference) =>
        (await app.Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!;

    [Fact]
    public async Task The_roster_is_imported_as_csv_row_by_row_and_exported_with_the_same_columns()
    {
        var directory = app.Function<DirectoryFunctions>();
        var answer = await AppFixture.CallAsync(r => directory.Committee(r, default), """
            id,name,email,language,active
            cm-zed,Zed Zimmer,zed@committee.example,de,true
            cm-bad,No Mail,,en,true
            cm/x,Slash,s@committee.example,en,true
            """, "text/csv");
        var export = await AppFixture.CallAsync(r => directory.ExportCommittee(r, default));

        Assert.Equal(1, answer.Json.GetProperty("upserted").GetInt32());
        Assert.Equal([3, 4], answer.Json.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        Assert.StartsWith("id,name,email,language,active\r\n", export.Body);
        Assert.Contains("cm-zed,Zed Zimmer,zed@committee.example,de,true", export.Body);
        Assert.Equal(400, (await AppFixture.CallAsync(r => directory.Committee(r, default), "id,name\ncm-1,X", "text/csv")).Status);
    }

    [Fact]
    public async Task The_whole_committee_walk_from_assignment_through_notes_to_the_Executive_Committees_decision()
    {
        var (reference, chair, code) = await WithTheCommitteeAsync("Paolo Verdi", "M-7002");
        var committee = app.Function<CommitteeFunctions>();
        var members = app.Function<MemberFunctions>();
        var executive = app.Function<ExecutiveFunctions>();

        Assert.Equal(200, (await Post(r => committee.Acknowledge(r, chair, default))).Status);
        var unknown = await Post(r => committee.Assign(r, chair, default), """{"member":"cm-nobody"}""");
        Assert.Equal((400, true), (unknown.Status, unknown.Json.GetProperty("errors").TryGetProperty("member", out _)));
        Assert.Equal(400, (await Post(r => committee.Assign(r, chair, default), """{"member":"cm-old"}""")).Status); // inactive
        Assert.Equal(200, (await Post(r => committee.Assign(r, chair, default), """{"member":"cm-ana"}""")).Status);
        Assert.Equal(409, (await Post(r => committee.Assign(r, chair, default), """{"member":"cm-ana"}""")).Status);
        await app.DrainQueuesAsync();

        // The member's mail: their language, their link, nothing of the complaint.
        var assignment = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeAssignment.ToApi());
        Assert.Equal("ana@committee.example", assignment.To);
        Assert.Equal(Texts.Format("fr", "mail.assignment.subject", reference), assignment.Subject);
        Assert.DoesNotContain("private disclosures", assignment.Raw);
        var member = Token(reference, MailKind.CommitteeAssignment);

        var page = await AppFixture.CallAsync(r => members.View(r, member, default));
        Assert.Equal(200, page.Status);
        Assert.Contains("lang=\"fr\"", page.Body);
        Assert.Contains(Bodies.Summary.Split(' ')[5], page.Body);
        Assert.DoesNotContain("jane@example.org", page.Body); // a member never sees contact details

        Assert.Equal(200, (await Post(r => committee.Note(r, chair, default), """{"text":"Ask the national association for its hearing notes."}""")).Status);
        Assert.Equal(200, (await Post(r => members.Note(r, member, default), """{"text":"The dates in the summary agree with the hearing."}""")).Status);
        var empty = await Post(r => members.Note(r, member, default), """{"text":"   "}""");
        Assert.True(empty.Json.GetProperty("errors").TryGetProperty("text", out _));

        Assert.Equal(200, (await Post(r => committee.NotifyRespondent(r, chair, default))).Status);
        await app.DrainQueuesAsync();
        Assert.Equal(200, (await Post(r => app.Function<ComplaintRouting.Respondents.RespondentFunctions>().Reply(r, Token(reference, MailKind.RespondentNotice), default), """{"text":"I was not there."}""")).Status);
        // The chair's link alone cannot record the recommendation (SPEC §11), nor with another person's sign-in; with the chair's it can.
        const string recommendation = """{"recommendation":"warning","rationale":"A breach of 3.1."}""";
        var forwarded = await Post(r => committee.Recommend(r, chair, default), recommendation);
        Assert.Equal(403, forwarded.Status);
        Assert.Contains($"/api/workspace/cases/{reference}", forwarded.Body);
        Assert.Equal(403, (await Post(r => committee.Recommend(r, chair, default), recommendation, await app.SignedInAsync("ana@committee.example"))).Status);
        Assert.Equal("under-committee-review", (await Load(reference)).Case.Status.ToApi());
        var chairPage = await AppFixture.CallAsync(r => committee.View(r, chair, default));
        Assert.DoesNotContain("recommendation?lang", chairPage.Body);
        Assert.Contains($"/api/workspace/cases/{reference}", chairPage.Body);
        Assert.Equal(200, (await Post(r => committee.Recommend(r, chair, default), recommendation, await app.SignedInAsync(AppFixture.ChairEmail))).Status);
        await app.DrainQueuesAsync();
        var toExecutive = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ExecutiveRecommendation.ToApi());
        Assert.Equal(AppFixture.ExecutiveEmail, toExecutive.To);
        var decider = Token(reference, MailKind.ExecutiveRecommendation);

        var executivePage = await AppFixture.CallAsync(r => executive.View(r, decider, default));
        foreach (var seen in new[] { "A breach of 3.1.", "Ask the national association for its hearing notes.", "The dates in the summary agree with the hearing." })
            Assert.Contains(seen, System.Net.WebUtility.HtmlDecode(executivePage.Body));
        Assert.DoesNotContain("jane@example.org", executivePage.Body);
        Assert.Contains("The dates in the summary agree with the hearing.", System.Net.WebUtility.HtmlDecode((await AppFixture.CallAsync(r => committee.View(r, chair, default))).Body));

        Assert.Equal(403, (await Post(r => executive.Decide(r, decider, default), """{"decision":"warning","statement":"A warning is issued."}""")).Status);
        Assert.Equal("decided", (await Post(r => executive.Decide(r, decider, default), """{"decision":"warning","statement":"A warning is issued."}""",
            await app.SignedInAsync(AppFixture.ExecutiveEmail))).Json.GetProperty("status").GetString());
        await app.DrainQueuesAsync();

        var stored = await Load(reference);
        Assert.Equal(["chair", "chair", "chair", "member:cm-ana", "chair", "respondent", "chair", "executive"], stored.Events.Skip(3).Select(e => e.Actor));
        Assert.Equal(["assigned", "noted", "noted", "notified", "replied"], stored.Events.Where(e => !e.IsTransition).Select(e => e.Activity.ToApi()));
        Assert.Equal(["chair", "member:cm-ana"], stored.Notes.Select(n => n.Author));
        Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ComplainantUpdate.ToApi());
        Assert.Equal("etica@coirag.example", Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.NationalDecision.ToApi()).To);

        // Notes are sealed at rest: no row of the case holds their words.
        var rows = app.Table(CaseStore.TableName).QueryAsync<TableEntity>(e => e.PartitionKey == reference);
        await foreach (var row in rows)
            Assert.DoesNotContain(row, p => p.Value is string s && s.Contains("hearing", StringComparison.Ordinal));
        // The complainant's timeline shows status changes only, never the committee's own work.
        var status = await app.Services.GetRequiredService<ComplaintRouting.FollowUp.FollowUpHandler>().StatusAsync(reference, code, "192.0.2.1", default);
        var timeline = Assert.IsType<ComplaintRouting.FollowUp.FollowUpOutcome.Found>(status).View.Timeline;
        Assert.Equal(["received", "referred-to-national", "escalated-to-committee", "under-committee-review", "awaiting-decision", "decided"], timeline.Select(t => t.Status));
    }

    [Fact]
    public async Task A_member_who_is_the_respondent_can_never_be_assigned_or_open_the_case()
    {
        var (reference, chair, _) = await WithTheCommitteeAsync(); // about Rita Respondent, who also sits on the committee
        var answer = await Post(r => app.Function<CommitteeFunctions>().Assign(r, chair, default), """{"member":"cm-resp"}""");
        var now = app.Clock.GetUtcNow();
        var forged = app.Services.GetRequiredService<CapabilityTokens>().Issue(reference, new LinkParty.Member("cm-resp"), "rita@committee.example", now, now.AddDays(1));

        Assert.Equal(409, answer.Status);
        Assert.Contains("complained about", answer.Body);
        Assert.Equal(404, (await AppFixture.CallAsync(r => app.Function<MemberFunctions>().View(r, forged, default))).Status);
        Assert.DoesNotContain(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeAssignment.ToApi());
    }

    [Fact]
    public async Task A_member_who_recuses_loses_the_case_for_good_and_the_chair_is_told_with_the_reason_kept_as_a_note()
    {
        var (reference, chair, _) = await WithTheCommitteeAsync("Another Unknown", number: null);
        var committee = app.Function<CommitteeFunctions>();
        var members = app.Function<MemberFunctions>();
        Assert.Equal(200, (await Post(r => committee.Assign(r, chair, default), """{"member":"cm-ben"}""")).Status);
        await app.DrainQueuesAsync();
        var ben = Token(reference, MailKind.CommitteeAssignment, "ben@committee.example");

        Assert.Equal(200, (await Post(r => members.Recuse(r, ben, default), """{"reason":"I supervised the member's training."}""")).Status);
        await app.DrainQueuesAsync();

        Assert.Equal(404, (await AppFixture.CallAsync(r => members.View(r, ben, default))).Status);
        Assert.Equal(404, (await Post(r => members.Note(r, ben, default), """{"text":"Still here?"}""")).Status);
        var told = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeRecusal.ToApi());
        Assert.Equal(AppFixture.ChairEmail, told.To);
        Assert.Contains("Ben Okafor", told.Text);
        Assert.DoesNotContain("supervised", told.Raw); // the reason stays behind the link
        Assert.Equal(409, (await Post(r => committee.Assign(r, chair, default), """{"member":"cm-ben"}""")).Status);
        Assert.Contains("I supervised the member&#x27;s training.", (await AppFixture.CallAsync(r => committee.View(r, chair, default))).Body);
    }

    [Fact]
    public async Task Every_partys_link_is_refused_on_every_other_partys_page_and_action_and_changes_nothing_the_member_complained_about_included()
    {
        var (reference, chair, _) = await WithTheCommitteeAsync("Paolo Verdi", "M-7002");
        var committee = app.Function<CommitteeFunctions>();
        Assert.Equal(200, (await Post(r => committee.Acknowledge(r, chair, default))).Status);
        Assert.Equal(200, (await Post(r => committee.Assign(r, chair, default), """{"member":"cm-ana"}""")).Status);
        Assert.Equal(200, (await Post(r => committee.NotifyRespondent(r, chair, default))).Status);
        await app.DrainQueuesAsync();
        var now = app.Clock.GetUtcNow();
        var tokens = app.Services.GetRequiredService<CapabilityTokens>();
        var links = new Dictionary<string, string>
        {
            ["national"] = tokens.Issue(reference, new LinkParty.National("IT-COIRAG"), "etica@coirag.example", now, now.AddDays(1)),
            ["chair"] = chair,
            ["member"] = Token(reference, MailKind.CommitteeAssignment),
            ["executive"] = tokens.Issue(reference, new LinkParty.Executive(), AppFixture.ExecutiveEmail, now, now.AddDays(1)),
            ["respondent"] = Token(reference, MailKind.RespondentNotice),
        };
        var respondents = app.Function<ComplaintRouting.Respondents.RespondentFunctions>();
        var referrals = app.Function<ReferralFunctions>();
        var members = app.Function<MemberFunctions>();
        var executive = app.Function<ExecutiveFunctions>();
        var routes = new (string Party, string Route, Func<string, Func<HttpRequest, Task<IActionResult>>> Call)[]
        {
            ("national", "view", t => r => referrals.View(r, t, default)),
            ("national", "acknowledge", t => r => referrals.Acknowledge(r, t, default)),
            ("national", "outcome", t => r => referrals.Outcome(r, t, default)),
            ("chair", "view", t => r => committee.View(r, t, default)),
            ("chair", "acknowledge", t => r => committee.Acknowledge(r, t, default)),
            ("chair", "assign", t => r => committee.Assign(r, t, default)),
            ("chair", "notes", t => r => committee.Note(r, t, default)),
            ("chair", "recommendation", t => r => committee.Recommend(r, t, default)),
            ("member", "view", t => r => members.View(r, t, default)),
            ("member", "notes", t => r => members.Note(r, t, default)),
            ("member", "recuse", t => r => members.Recuse(r, t, default)),
            ("executive", "view", t => r => executive.View(r, t, default)),
            ("executive", "decision", t => r => executive.Decide(r, t, default)),
            ("executive", "appeal-outcome", t => r => executive.AppealOutcome(r, t, default)),
            ("chair", "notify-respondent", t => r => committee.NotifyRespondent(r, t, default)),
            ("chair", "messages", t => r => committee.Message(r, t, default)),
            ("national", "messages", t => r => referrals.Message(r, t, default)),
            ("respondent", "view", t => r => respondents.View(r, t, default)),
            ("respondent", "reply", t => r => respondents.Reply(r, t, default)),
            ("respondent", "appeal", t => r => respondents.Appeal(r, t, default)),
        };
        const string body = """{"member":"cm-ben","text":"x","reason":"x","grounds":"x","outcome":"upheld","recommendation":"not-justified","rationale":"x","decision":"not-justified","statement":"x","determination":"upheld","summary":"x"}""";
        var before = (await Load(reference)).Events.Count;

        foreach (var (holder, token) in links)
        foreach (var (party, route, call) in routes.Where(r => r.Party != holder))
        {
            var answer = await AppFixture.CallAsync(call(token), body);
            Assert.True(answer.Status == 404, $"the {holder} link on the {party} {route} route: {answer.Status}");
        }

        Assert.Equal(before, (await Load(reference)).Events.Count);
        foreach (var (party, route, call) in routes.Where(r => r.Route == "view" && r.Party != "national"))
            Assert.Equal(200, (await AppFixture.CallAsync(call(links[party]))).Status);
    }
}
