using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using Azure.Data.Tables;
using ComplaintRouting.Directory;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Localization;
using ComplaintRouting.Redrive;
using ComplaintRouting.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Routing;

[Collection(AppCollection.Name)]
public class RoutingTests(AppFixture app)
{
    private static readonly Organization Dagg = new("DE-DAGG", "Deutscher Arbeitskreis", "DE", "ethik@dagg.example", "Petra Weiss", "de", true);

    private async Task<StoredCase> Load(string reference) =>
        (await app.Services.GetRequiredService<CaseStore>().LoadAsync(reference, CancellationToken.None))!;

    private async Task SeedAsync(params Member[] members)
    {
        var directory = app.Services.GetRequiredService<DirectoryStore>();
        await directory.UpsertOrganizationAsync(Dagg, CancellationToken.None);
        foreach (var m in members) await directory.UpsertMemberAsync(m, CancellationToken.None);
    }

    [Fact]
    public async Task An_unidentified_respondent_is_escalated_and_the_chair_and_complainant_are_mailed_once()
    {
        var (reference, code) = await app.SubmitAsync(Bodies.Complaint(respondent: "Nobody Known"));

        await app.DrainQueuesAsync();

        var stored = await Load(reference);
        Assert.Equal(("escalated-to-committee", "respondent-not-identified"),
            (stored.Case.Status.ToApiString(), stored.Case.State.EscalationReason?.ToApiString()));
        Assert.Equal(["received", "escalated-to-committee"], stored.Events.Select(e => e.To.ToApiString()));
        Assert.Equal("router", stored.Events[1].Actor);

        var mails = app.Mail.Capture.ForReference(reference);
        Assert.Equal(2, mails.Count);
        var ack = Assert.Single(mails, m => m.Kind == MailKind.ComplainantAcknowledgement.ToApi());
        Assert.Equal("jane@example.org", ack.To);
        var escalation = Assert.Single(mails, m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.Equal(AppFixture.ChairEmail, escalation.To);
        Assert.Contains($"{AppFixture.PublicBaseUrl}/api/committee/cases/", escalation.Text);
        Assert.Contains(Texts.Get("en", "casefile.escalation.respondent-not-identified"), escalation.Text); // the reason in words, not its API name
        Assert.All(mails, m =>
        {
            Assert.DoesNotContain(code, m.Raw);
            Assert.DoesNotContain("private disclosures", m.Raw);
            Assert.False(string.IsNullOrEmpty(m.Html));
            Assert.False(string.IsNullOrEmpty(m.Text));
        });
    }

    [Fact]
    public async Task A_routing_message_delivered_twice_routes_and_mails_once()
    {
        var (reference, _) = await app.SubmitAsync(Bodies.Complaint(respondent: "Twice Delivered"));
        await app.Queue(QueueNames.Routing).SendMessageAsync(reference);

        await app.DrainQueuesAsync();

        Assert.Equal(2, (await Load(reference)).Events.Count);
        Assert.Equal(2, app.Mail.Capture.ForReference(reference).Count);
    }

    [Fact]
    public async Task A_mail_message_processed_concurrently_on_two_workers_is_sent_once()
    {
        var (reference, _) = await app.SubmitAsync(Bodies.Complaint(respondent: "Concurrent Mail"));
        await app.Function<ComplaintRouting.Routing.RoutingFunction>().Run(reference, CancellationToken.None);
        var work = (await Load(reference)).Work.Single(w => w.MailKind == MailKind.CommitteeEscalation);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.Function<MailFunction>().Run(reference, CancellationToken.None))));
        await app.Function<MailFunction>().Run(reference, CancellationToken.None);

        Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeEscalation.ToApi());
        Assert.True((await Load(reference)).Work.Single(w => w.Id == work.Id).IsDone);
    }

    [Fact]
    public async Task A_case_stored_but_never_queued_is_re_driven_and_routed()
    {
        var (reference, _) = await app.SubmitAsync(Bodies.Complaint(respondent: "Stranded Case"));
        await app.Queue(QueueNames.Routing).ClearMessagesAsync(); // the process died before the queue put landed

        await app.Function<RedriveFunction>().Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        await app.DrainQueuesAsync();
        Assert.Equal("received", (await Load(reference)).Case.Status.ToApiString()); // not due yet

        app.Clock.Advance(TimeSpan.Parse(SettingDefaults.Values["Schedules:RedriveAfter"]!) + TimeSpan.FromMinutes(1));
        await app.Function<RedriveFunction>().Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        await app.DrainQueuesAsync();

        Assert.Equal("escalated-to-committee", (await Load(reference)).Case.Status.ToApiString());
        Assert.Equal(2, app.Mail.Capture.ForReference(reference).Count);
    }

    [Fact]
    public async Task An_identified_member_is_referred_to_the_national_organization_in_its_language()
    {
        await SeedAsync(new Member("M-2001", "Ana Müller-Lüdenscheidt", "ana@example.org", "DE", "DE-DAGG"));
        var (reference, code) = await app.SubmitAsync(Bodies.Complaint(respondent: "ANA MÜLLER LÜDENSCHEIDT"));

        await app.DrainQueuesAsync();

        var stored = await Load(reference);
        Assert.Equal("referred-to-national", stored.Case.Status.ToApiString());
        Assert.Equal("DE-DAGG", stored.Case.State.NationalOrganizationId);
        var referral = Assert.Single(app.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.NationalReferral.ToApi());
        Assert.Equal("ethik@dagg.example", referral.To);
        Assert.Contains($"{AppFixture.PublicBaseUrl}/api/referrals/", referral.Text);
        Assert.DoesNotContain("private disclosures", referral.Raw);
        Assert.DoesNotContain(code, referral.Raw);
    }
}

internal static class ApiStrings
{
    public static string ToApiString<T>(this T value) where T : struct, Enum => ComplaintRouting.Api.ApiNameExtensions.ToApi(value);
}
