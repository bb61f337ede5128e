using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Delivery;
using ComplaintRouting.Digest;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Localization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Delivery;

/// <summary>SendGrid's signed Event Webhook, signed here with a key pair made for the test.</summary>
public sealed class DeliveryEventTests : AppWithSettings
{
    private readonly ECDsa _sendGrid = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override void Configure(Dictionary<string, string?> settings) =>
        settings["SendGrid:EventWebhookPublicKey"] = Convert.ToBase64String(_sendGrid.ExportSubjectPublicKeyInfo());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _sendGrid.Dispose();
    }

    private Task<HttpAnswer> Post(string body, ECDsa signer, string timestamp = "1764300000") =>
        AppFixture.CallAsync(r => Function<DeliveryEventsFunction>().Run(r, default), body, headers: new Dictionary<string, string>
        {
            ["X-Twilio-Email-Event-Webhook-Timestamp"] = timestamp,
            ["X-Twilio-Email-Event-Webhook-Signature"] = Convert.ToBase64String(
                signer.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        });

    private async Task DrainMailAsync()
    {
        var queue = Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(ComplaintRouting.Storage.QueueNames.Mail);
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            await Function<MailFunction>().Run(message.Body.ToString(), default);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
    }

    [Fact]
    public async Task A_bounced_referral_alerts_the_chair_once_with_the_kind_recipient_and_server_reason_even_when_posted_twice()
    {
        var submitted = await AppFixture.CallAsync(r => Function<ComplaintRouting.Intake.IntakeFunction>().Run(r, default), Bodies.Complaint(respondent: "Bounce Case").ToJsonString());
        var reference = submitted.Json.GetProperty("reference").GetString()!;
        // SendGrid's event ids may hold characters a table key cannot ('/', '+'); the server's words may hold markup and line breaks.
        var events = $$"""
            [{"email":"ethik@dagg.example","event":"bounce","kind":"national-referral","reference":"{{reference}}","sg_event_id":"ev/1+a==",
              "reason":"550 5.1.1 <ethik@dagg.example>: Recipient address rejected:\r\nUser unknown","status":"5.1.1","type":"bounce"},
             {"email":"jane@example.org","event":"delivered","kind":"complainant-acknowledgement","reference":"{{reference}}","sg_event_id":"ev-2"}]
            """;

        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(401, (await Post(events, forger)).Status);
        Assert.Equal(401, (await AppFixture.CallAsync(r => Function<DeliveryEventsFunction>().Run(r, default), events)).Status);
        Assert.Equal(204, (await Post(events, _sendGrid)).Status);
        await DrainMailAsync();
        Assert.Equal(204, (await Post(events, _sendGrid)).Status); // SendGrid posts an event again when unsure: still one alert
        await DrainMailAsync();
        Assert.Equal(400, (await Post("{\"not\":\"an array\"}", _sendGrid)).Status);

        var alert = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.DeliveryFailureAlert.ToApi());
        Assert.Equal(AppFixture.ChairEmail, alert.To);
        Assert.DoesNotContain(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.CommitteeUrgentAlert.ToApi());
        // The chair's language, like every mail to the chair; every text from the language files.
        const string lang = AppFixture.ChairLanguage;
        Assert.Equal(Texts.Format(lang, "mail.alert.subject", "national-referral", reference), alert.Subject);
        Assert.Contains($"<html lang=\"{lang}\" dir=\"ltr\">", alert.Html);
        Assert.Contains(Texts.Format(lang, "mail.alert.body", reference), alert.Text);
        Assert.Contains($"{Texts.Get(lang, "mail.alert.mail")}: national-referral", alert.Text);
        Assert.Contains($"{Texts.Get(lang, "mail.alert.sentTo")}: ethik@dagg.example", alert.Text);
        Assert.Contains($"{Texts.Get(lang, "mail.alert.reason")}: 550 5.1.1 <ethik@dagg.example>: Recipient address rejected: User unknown", alert.Text);
        Assert.Contains("&lt;ethik@dagg.example&gt;", alert.Html); // the server's words are encoded
        Assert.Contains(Texts.Get(lang, "mail.alert.whatToDo"), alert.Text);
        Assert.Contains(Texts.Format(lang, "mail.alert.national", "—"), alert.Text); // no organization was found for this case
        Assert.Contains("referralEmail in the directory", alert.Text);
        Assert.DoesNotContain(Texts.Get(lang, "mail.alert.deputy"), alert.Text);
        Assert.Contains($"{Texts.Get(lang, "mail.alert.link")}:\n{AppFixture.PublicBaseUrl}/api/committee/cases/", alert.Text);

        await Function<DigestFunction>().Run(new TimerInfo(), default);
        var digest = Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKind.ChairDigest.ToApi());
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(digest.Text, "Delivery problem"));
        Assert.Contains($"national-referral mail for {reference} to ethik@dagg.example was bounce", digest.Text);
    }

    [Fact]
    public async Task A_bounce_on_a_case_about_the_chair_alerts_the_deputy_and_never_the_chair()
    {
        var directory = Function<ComplaintRouting.DirectoryStorage.DirectoryFunctions>();
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Organizations(r, default), "id,name,country,referralEmail,contactName,language,active\nES-AEP,AEP,ES,etica@aep.example,,es,true\n", "text/csv")).Status);
        Assert.Equal(200, (await AppFixture.CallAsync(r => directory.Members(r, default), $"membershipNumber,fullName,email,country,primaryOrganizationId\n{AppFixture.ChairMembershipNumber},Chair Person,chair-member@example.org,ES,ES-AEP\n", "text/csv")).Status);
        var submitted = await AppFixture.CallAsync(r => Function<ComplaintRouting.Intake.IntakeFunction>().Run(r, default),
            Bodies.Complaint(respondent: "Chair Person", membershipNumber: AppFixture.ChairMembershipNumber, country: "ES", sections: ["4.1"]).ToJsonString());
        var reference = submitted.Json.GetProperty("reference").GetString()!;
        await DrainAsync();
        var events = $$"""[{"email":"deputy@ethics.example","event":"dropped","kind":"committee-urgent-alert","reference":"{{reference}}","sg_event_id":"ev-chair","reason":"Bounced Address"}]""";

        Assert.Equal(204, (await Post(events, _sendGrid)).Status);
        await DrainMailAsync();

        var alert = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKind.DeliveryFailureAlert.ToApi());
        Assert.Equal(AppFixture.DeputyEmail, alert.To);
        Assert.Contains("Bounced Address", alert.Text);
        Assert.Contains(Texts.Get(AppFixture.ChairLanguage, "mail.alert.committee"), alert.Text);
        Assert.Contains("Committee__ChairEmail", alert.Text);
        Assert.Contains(Texts.Get(AppFixture.ChairLanguage, "mail.alert.deputy"), alert.Text);
        Assert.DoesNotContain(App.Mail.Capture.ForReference(reference), m => m.To == AppFixture.ChairEmail);
    }
}
