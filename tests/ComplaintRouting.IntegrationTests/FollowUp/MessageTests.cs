using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ComplaintRouting.Api;
using ComplaintRouting.Committee;
using ComplaintRouting.Consequences;
using ComplaintRouting.FollowUp;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.FollowUp;

/// <summary>SPEC §10's messages on Azurite: both ways, for a named and an anonymous complainant, sealed, and mailed without their words.</summary>
[Collection(AppCollection.Name)]
public partial class MessageTests(AppFixture app)
{
    [GeneratedRegex(@"/api/(?:referrals|committee/cases)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private string Token(string reference, MailKind kind) =>
        LinkPattern().Match(app.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind.ToApi()).Text).Groups[1].Value;

    private static Task<HttpAnswer> Post(Func<HttpRequest, Task<IActionResult>> f, string json) => AppFixture.CallAsync(f, json);

    private Task<HttpAnswer> Complainant(string reference, string code, string text) =>
        AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Message(r, reference, default), $$"""{"followUpCode":"{{code}}","text":"{{text}}"}""", remoteIp: "192.0.2.44");

    private async Task ImportAsync()
    {
        var directory = app.Function<DirectoryStorage.DirectoryFunctions>();
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Organizations(r, default), """
            id,name,country,referralEmail,contactName,language,active
            NL-MSG,Nederlandse Vereniging,NL,ethiek@msg.example,,nl,true
            """, "text/csv")).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Members(r, default), """
            membershipNumber,fullName,email,country,primaryOrganizationId
            M-9001,Pieter Jansen,pieter@example.org,NL,NL-MSG
            """, "text/csv")).Status);
    }

    [Fact]
    public async Task An_anonymous_complainant_answers_the_committee_and_nobody_ever_learns_an_address()
    {
        var (reference, code) = await app.SubmitAsync(Bodies.Complaint(respondent: "Nobody Known", email: null, anonymous: true));
        await app.DrainQueuesAsync();
        var chair = Token(reference, MailKind.CommitteeEscalation);

        var asked = await Post(r => app.Function<CommitteeFunctions>().Message(r, chair, default), """{"text":"Which group did this happen in?"}""");
        Assert.Equal(201, asked.Status);
        await app.DrainQueuesAsync();
        Assert.DoesNotContain(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ComplainantMessage.ToApi()); // no address to tell

        var answered = await Complainant(reference, code, "The Tuesday evening group.");
        Assert.Equal(201, answered.Status);
        Assert.Equal(["committee", "complainant"], answered.Json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("from").GetString()));
        await app.DrainQueuesAsync();

        var told = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeMessage.ToApi());
        Assert.Equal(AppFixture.ChairEmail, told.To);
        Assert.DoesNotContain("Tuesday", told.Raw);
        var page = System.Net.WebUtility.HtmlDecode((await AppFixture.CallAsync(r => app.Function<CommitteeFunctions>().View(r, chair, default))).Body);
        Assert.Contains("The Tuesday evening group.", page);
        Assert.Contains(ComplaintRouting.Localization.Texts.Get("en", "page.complaint.anonymous"), page);

        // Sealed at rest: no row of the case holds the words.
        await foreach (var row in app.Table(CaseStore.TableName).QueryAsync<TableEntity>(e => e.PartitionKey == reference))
            Assert.DoesNotContain(row, p => p.Value is string s && s.Contains("Tuesday", StringComparison.Ordinal));
        Assert.Equal(400, (await Complainant(reference, code, "")).Status);
        Assert.Equal(404, (await Complainant(reference, "WRONG-CODE-0000", "Let me in.")).Status);
    }

    [Fact]
    public async Task The_national_organization_asks_while_it_holds_the_case_and_a_named_complainant_is_told_without_the_words()
    {
        await ImportAsync();
        var (reference, code) = await app.SubmitAsync(Bodies.Complaint(respondent: "Pieter Jansen", membershipNumber: "M-9001", country: "NL"));
        await app.DrainQueuesAsync();
        var national = Token(reference, MailKind.NationalReferral);

        Assert.Equal(201, (await Post(r => app.Function<ReferralFunctions>().Message(r, national, default), """{"text":"Did you raise this with the therapist?"}""")).Status);
        await app.DrainQueuesAsync();
        var toComplainant = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.ComplainantMessage.ToApi());
        Assert.Equal("jane@example.org", toComplainant.To);
        Assert.DoesNotContain("raise this", toComplainant.Raw);
        Assert.DoesNotContain(code, toComplainant.Raw);

        Assert.Equal(201, (await Complainant(reference, code, "Yes, twice.")).Status);
        await app.DrainQueuesAsync();
        Assert.Equal("ethiek@msg.example", Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.NationalMessage.ToApi()).To);
        Assert.Contains("Yes, twice.", System.Net.WebUtility.HtmlDecode((await AppFixture.CallAsync(r => app.Function<ReferralFunctions>().View(r, national, default))).Body));

        // Once the case has passed to the committee the organization can no longer write.
        Assert.Equal(200, (await Post(r => app.Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"upheld","summary":"Upheld."}""")).Status);
        Assert.Equal(409, (await Post(r => app.Function<ReferralFunctions>().Message(r, national, default), """{"text":"One more question."}""")).Status);
    }

    [Fact]
    public async Task Without_script_the_follow_up_page_shows_the_messages_and_sends_an_answer()
    {
        var (reference, code) = await app.SubmitAsync(Bodies.Complaint(respondent: "Nobody Known"));
        await app.DrainQueuesAsync();
        await Post(r => app.Function<CommitteeFunctions>().Message(r, Token(reference, MailKind.CommitteeEscalation), default), """{"text":"Are you safe now?"}""");

        var form = $"reference={reference}&followUpCode={Uri.EscapeDataString(code)}&lang=en";
        var page = await AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Status(r, reference, default), form, "application/x-www-form-urlencoded",
            new Dictionary<string, string> { ["Origin"] = AppFixture.PublicBaseUrl }, remoteIp: "192.0.2.45");
        Assert.Contains("Are you safe now?", System.Net.WebUtility.HtmlDecode(page.Body));
        Assert.Contains("id=\"message-form\"", page.Body);

        var sent = await AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Message(r, reference, default), form + "&text=Yes%2C+thank+you.", "application/x-www-form-urlencoded",
            new Dictionary<string, string> { ["Origin"] = AppFixture.PublicBaseUrl }, remoteIp: "192.0.2.45");
        Assert.Equal(201, sent.Status);
        Assert.Contains("Yes, thank you.", System.Net.WebUtility.HtmlDecode(sent.Body));
        Assert.Contains(ComplaintRouting.Localization.Texts.Get("en", "followUp.message.sent"), System.Net.WebUtility.HtmlDecode(sent.Body));
    }
}
