using System.Text.RegularExpressions;
using ComplaintRouting.Api;
using ComplaintRouting.Chasing;
using ComplaintRouting.Committee;
using ComplaintRouting.Consequences;
using ComplaintRouting.Directory;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Executive;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Localization;
using ComplaintRouting.Referrals;
using ComplaintRouting.Respondents;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Respondents;

/// <summary>
/// SPEC §9's notice, reply and appeal on Azurite with second-scale deadlines and a clock the test
/// moves: notice → reminder → reply → a warning → the decision → an appeal → varied → final, and
/// each refusal the SPEC names.
/// </summary>
public sealed partial class RightToBeHeardTests : AppWithSettings
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        foreach (var (name, seconds) in new[] { ("NationalAcknowledge", 14), ("NationalOutcome", 90), ("Grace", 14), ("ReminderInterval", 7),
                     ("CommitteeAcknowledge", 14), ("Recommendation", 600), ("Decision", 600), ("ComplainantFeedback", 900),
                     ("RespondentReply", 20), ("Appeal", 30), ("AppealDecision", 60) })
            settings[$"Deadlines:{name}"] = TimeSpan.FromSeconds(seconds).ToString();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var directory = Services.GetRequiredService<DirectoryStore>();
        await directory.UpsertOrganizationAsync(new Organization("FR-SFPG", "Société française", "FR", "ethique@sfpg.example", null, "fr", true), default);
        await directory.UpsertMemberAsync(new Member("M-8001", "Marc Lefort", "marc@example.org", "FR", "FR-SFPG"), default);
        await directory.UpsertMemberAsync(new Member("M-8002", "Anne Sansmail", null, "FR", "FR-SFPG"), default);
    }

    [GeneratedRegex(@"/api/(?:referrals|committee/cases|executive/cases|respondents)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private string Token(string reference, MailKind kind) =>
        LinkPattern().Match(App.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind.ToApi()).Text).Groups[1].Value;

    private int Count(string reference, MailKind kind) => App.Mail.Capture.ForReference(reference).Count(m => m.Kind == kind.ToApi());

    private static Task<HttpAnswer> Post(Func<HttpRequest, Task<IActionResult>> f, string json = "{}", Dictionary<string, string>? headers = null) =>
        AppFixture.CallAsync(f, json, headers: headers);

    private async Task<StoredCase> Load(string reference) => (await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!;

    private async Task SweepAtAsync(DateTimeOffset at)
    {
        App.Clock.SetUtcNow(at);
        await Function<ChaseFunctions>().Sweep(new TimerInfo(), default);
        await DrainAsync();
    }

    /// <summary>A complaint about the member, concluded by the organization and acknowledged by the chair.</summary>
    private async Task<(string Reference, string Code, string Chair)> UnderReviewAsync(string respondent = "Marc Lefort", string number = "M-8001")
    {
        var submitted = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default),
            Bodies.Complaint(respondent: respondent, membershipNumber: number, country: "FR").ToJsonString());
        var (reference, code) = (submitted.Json.GetProperty("reference").GetString()!, submitted.Json.GetProperty("followUpCode").GetString()!);
        await DrainAsync();
        Assert.Equal(200, (await Post(r => Function<ReferralFunctions>().Outcome(r, Token(reference, MailKind.NationalReferral), default), """{"determination":"upheld","summary":"Upheld."}""")).Status);
        await DrainAsync();
        var chair = Token(reference, MailKind.CommitteeEscalation);
        Assert.Equal(200, (await Post(r => Function<CommitteeFunctions>().Acknowledge(r, chair, default))).Status);
        return (reference, code, chair);
    }

    [Fact]
    public async Task Notice_reminder_reply_warning_decision_appeal_varied_and_final_with_every_mail_and_refusal()
    {
        var (reference, code, chair) = await UnderReviewAsync();
        var committee = Function<CommitteeFunctions>();
        var respondents = Function<RespondentFunctions>();
        var executive = Function<ExecutiveFunctions>();
        Assert.Equal(200, (await Post(r => committee.Note(r, chair, default), """{"text":"Internal: check the dates."}""")).Status);

        var unheard = await Post(r => committee.Recommend(r, chair, default), """{"recommendation":"warning","rationale":"A breach."}""", await SignedInAsync(AppFixture.ChairEmail));
        Assert.Equal(409, unheard.Status);
        Assert.Contains("notify", unheard.Body);

        Assert.Equal(200, (await Post(r => committee.NotifyRespondent(r, chair, default))).Status);
        Assert.Equal(409, (await Post(r => committee.NotifyRespondent(r, chair, default))).Status);
        await DrainAsync();
        var notice = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.RespondentNotice.ToApi());
        Assert.Equal("marc@example.org", notice.To);
        Assert.Equal(Texts.Format("fr", "mail.respondent.subject", reference), notice.Subject); // the member's organization writes French
        Assert.DoesNotContain("private disclosures", notice.Raw);
        var member = Token(reference, MailKind.RespondentNotice);
        var notifiedAt = (await Load(reference)).Case.State.RespondentNotifiedAt!.Value;
        await Function<ComplaintRouting.Digest.DigestFunction>().Run(new TimerInfo(), default); // the chair's digest shows when the reply is due
        Assert.Contains(Dates.At("en", notifiedAt + TimeSpan.FromSeconds(20)),
            App.Mail.Capture.All.Last(m => m.Kind == MailKind.ChairDigest.ToApi()).Text);

        var page = System.Net.WebUtility.HtmlDecode((await AppFixture.CallAsync(r => respondents.View(r, member, default))).Body);
        Assert.Contains(Bodies.Summary, page);
        Assert.Contains("Jane Doe", page);
        Assert.Contains("lang=\"fr\"", page);
        foreach (var hidden in new[] { "jane@example.org", "Internal: check the dates.", "Upheld.", Texts.Get("fr", "form.relationship.patient") })
            Assert.DoesNotContain(hidden, page);

        await SweepAtAsync(notifiedAt + TimeSpan.FromSeconds(12));
        Assert.Equal(0, Count(reference, MailKind.RespondentReminder));
        await SweepAtAsync(notifiedAt + TimeSpan.FromSeconds(13)); // one interval before the window closes
        Assert.Equal("marc@example.org", Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.RespondentReminder.ToApi()).To);

        Assert.Equal(409, (await Post(r => committee.Recommend(r, chair, default), """{"recommendation":"warning","rationale":"A breach."}""", await SignedInAsync(AppFixture.ChairEmail))).Status); // the window still runs
        Assert.Equal(200, (await Post(r => respondents.Reply(r, member, default), """{"text":"The sessions were supervised; I dispute the account."}""")).Status);
        Assert.Equal(409, (await Post(r => respondents.Reply(r, member, default), """{"text":"A second reply."}""")).Status);
        await DrainAsync();
        Assert.Equal(AppFixture.ChairEmail, Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeRespondentReply.ToApi()).To);
        await SweepAtAsync(notifiedAt + TimeSpan.FromSeconds(20));
        Assert.Equal(1, Count(reference, MailKind.RespondentReminder)); // replied: no reminder at the deadline

        Assert.Equal("awaiting-decision", (await Post(r => committee.Recommend(r, chair, default), """{"recommendation":"warning","rationale":"A breach."}""", await SignedInAsync(AppFixture.ChairEmail))).Json.GetProperty("status").GetString());
        await DrainAsync();
        var decider = Token(reference, MailKind.ExecutiveRecommendation);
        Assert.Contains("The sessions were supervised", System.Net.WebUtility.HtmlDecode((await AppFixture.CallAsync(r => executive.View(r, decider, default))).Body));
        Assert.Equal("decided", (await Post(r => executive.Decide(r, decider, default), """{"decision":"warning","statement":"A warning is issued."}""", await SignedInAsync(AppFixture.ExecutiveEmail))).Json.GetProperty("status").GetString());
        await DrainAsync();
        var told = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.RespondentDecision.ToApi());
        Assert.Equal("marc@example.org", told.To);
        Assert.Contains(Texts.Get("fr", "verdict.warning"), told.Text);

        Assert.Equal(400, (await Post(r => respondents.Appeal(r, member, default), """{"grounds":""}""")).Status);
        Assert.Equal("under-appeal", (await Post(r => respondents.Appeal(r, member, default), """{"grounds":"A warning is out of proportion."}""")).Json.GetProperty("status").GetString());
        await DrainAsync();
        Assert.Equal(AppFixture.ExecutiveEmail, Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ExecutiveAppeal.ToApi()).To);
        var appealedAt = (await Load(reference)).Case.State.AppealedAt!.Value;
        await SweepAtAsync(appealedAt + TimeSpan.FromSeconds(60));
        Assert.Equal(1, Count(reference, MailKind.ExecutiveReminder));

        var appeal = Token(reference, MailKind.ExecutiveAppeal);
        var executiveSession = await SignedInAsync(AppFixture.ExecutiveEmail);
        Assert.Equal(400, (await Post(r => executive.AppealOutcome(r, appeal, default), """{"outcome":"varied","statement":"Lesser."}""", executiveSession)).Status);
        Assert.Equal(400, (await Post(r => executive.AppealOutcome(r, appeal, default), """{"outcome":"upheld","decision":"reminder","statement":"x"}""", executiveSession)).Status);
        Assert.Equal("decided", (await Post(r => executive.AppealOutcome(r, appeal, default), """{"outcome":"varied","decision":"reminder","statement":"A reminder instead."}""", executiveSession)).Json.GetProperty("status").GetString());
        await DrainAsync();

        var final = await Load(reference);
        Assert.Equal((Cases.Verdict.Reminder, Cases.AppealOutcome.Varied), (final.Case.State.Decision, final.Case.State.AppealOutcome));
        Assert.Equal(2, Count(reference, MailKind.RespondentDecision));
        Assert.Equal(2, Count(reference, MailKind.ComplainantUpdate));
        Assert.Equal(2, Count(reference, MailKind.NationalDecision));
        Assert.Contains("A reminder instead.", App.Mail.Capture.ForReference(reference).Last(m => m.Kind == MailKind.ComplainantUpdate.ToApi()).Text);
        Assert.Equal(409, (await Post(r => respondents.Appeal(r, member, default), """{"grounds":"Again."}""")).Status);

        // The complainant's timeline shows the appeal, never its grounds.
        var status = await Services.GetRequiredService<ComplaintRouting.FollowUp.FollowUpHandler>().StatusAsync(reference, code, "192.0.2.10", default);
        var view = Assert.IsType<ComplaintRouting.FollowUp.FollowUpOutcome.Found>(status).View;
        Assert.Equal(["decided", "under-appeal", "decided"], view.Timeline.TakeLast(3).Select(t => t.Status));
        // The reply, the decision, the appeal, its outcome: each names who acted.
        Assert.Equal(["respondent", "executive", "respondent", "executive"], final.Events.Where(e => e.Actor is "respondent" or "executive").Select(e => e.Actor));
    }

    [Fact]
    public async Task A_member_without_an_address_cannot_be_notified_and_not_justified_needs_no_notice_and_cannot_be_appealed()
    {
        var (reference, _, chair) = await UnderReviewAsync("Anne Sansmail", "M-8002");
        var committee = Function<CommitteeFunctions>();

        var refused = await Post(r => committee.NotifyRespondent(r, chair, default));
        Assert.Equal(409, refused.Status);
        Assert.Contains("no e-mail", refused.Body);
        Assert.Equal(200, (await Post(r => committee.Recommend(r, chair, default), """{"recommendation":"not-justified","rationale":"No breach."}""", await SignedInAsync(AppFixture.ChairEmail))).Status);
        await DrainAsync();
        Assert.Equal("decided", (await Post(r => Function<ExecutiveFunctions>().Decide(r, Token(reference, MailKind.ExecutiveRecommendation), default), """{"decision":"not-justified","statement":"No breach."}""", await SignedInAsync(AppFixture.ExecutiveEmail))).Json.GetProperty("status").GetString());
        await DrainAsync();

        Assert.DoesNotContain(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.RespondentDecision.ToApi()); // no address: nobody to write to
        Assert.False((await Load(reference)).Case.Appeal("x", App.Clock.GetUtcNow(), TimeSpan.FromSeconds(30)).Succeeded);
    }

    [Fact]
    public async Task An_appeal_after_the_window_or_of_not_justified_is_refused_and_a_respondent_link_opens_only_its_own_case()
    {
        var (reference, _, chair) = await UnderReviewAsync();
        var committee = Function<CommitteeFunctions>();
        var respondents = Function<RespondentFunctions>();
        await Post(r => committee.NotifyRespondent(r, chair, default));
        await DrainAsync();
        var member = Token(reference, MailKind.RespondentNotice);
        var notifiedAt = (await Load(reference)).Case.State.RespondentNotifiedAt!.Value;
        App.Clock.SetUtcNow(notifiedAt + TimeSpan.FromSeconds(21)); // the window closed without a reply
        Assert.Equal(200, (await Post(r => committee.Recommend(r, chair, default), """{"recommendation":"expulsion","rationale":"Grave."}""", await SignedInAsync(AppFixture.ChairEmail))).Status);
        await DrainAsync();
        await Post(r => Function<ExecutiveFunctions>().Decide(r, Token(reference, MailKind.ExecutiveRecommendation), default), """{"decision":"expulsion","statement":"Expelled."}""", await SignedInAsync(AppFixture.ExecutiveEmail));
        Assert.Equal(409, (await Post(r => respondents.Reply(r, member, default), """{"text":"Late."}""")).Status); // decided: no reply any more

        App.Clock.Advance(TimeSpan.FromSeconds(31));
        var late = await Post(r => respondents.Appeal(r, member, default), """{"grounds":"Too late?"}""");
        Assert.Equal(409, late.Status);
        Assert.Contains("window closed", late.Body);

        // Not-justified cannot be appealed: a second case, notified, found not justified.
        var (dismissed, _, dismissedChair) = await UnderReviewAsync();
        await Post(r => committee.NotifyRespondent(r, dismissedChair, default));
        await Post(r => committee.Recommend(r, dismissedChair, default), """{"recommendation":"not-justified","rationale":"No breach."}""", await SignedInAsync(AppFixture.ChairEmail));
        await DrainAsync();
        await Post(r => Function<ExecutiveFunctions>().Decide(r, Token(dismissed, MailKind.ExecutiveRecommendation), default), """{"decision":"not-justified","statement":"No breach."}""", await SignedInAsync(AppFixture.ExecutiveEmail));
        var notJustified = await Post(r => respondents.Appeal(r, Token(dismissed, MailKind.RespondentNotice), default), """{"grounds":"I want it on record."}""");
        Assert.Equal(409, notJustified.Status);
        Assert.Contains("Only a reminder, a warning or an expulsion", notJustified.Body);

        var (other, _, _) = await UnderReviewAsync();
        var now = App.Clock.GetUtcNow();
        var forged = Services.GetRequiredService<ComplaintRouting.Links.CapabilityTokens>().Issue(other, new ComplaintRouting.Links.LinkParty.Respondent(), "marc@example.org", now, now.AddDays(1));
        Assert.Equal(404, (await AppFixture.CallAsync(r => respondents.View(r, forged, default))).Status); // not notified on that case
        Assert.Equal(404, (await AppFixture.CallAsync(r => committee.View(r, member, default))).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => Function<MemberFunctions>().View(r, member, default))).Status);
    }
}
