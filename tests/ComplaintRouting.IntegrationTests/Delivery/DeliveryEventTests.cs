using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Delivery;
using ComplaintRouting.Digest;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
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

    [Fact]
    public async Task A_bounced_referral_alerts_the_chair_once_and_shows_in_the_digest_while_unsigned_posts_are_refused()
    {
        var submitted = await AppFixture.CallAsync(r => Function<ComplaintRouting.Intake.IntakeFunction>().Run(r, default), Bodies.Complaint(respondent: "Bounce Case").ToJsonString());
        var reference = submitted.Json.GetProperty("reference").GetString()!;
        var events = $$"""
            [{"email":"ethik@dagg.example","event":"bounce","kind":"national-referral","reference":"{{reference}}","sg_event_id":"ev-1"},
             {"email":"jane@example.org","event":"delivered","kind":"complainant-acknowledgement","reference":"{{reference}}","sg_event_id":"ev-2"}]
            """;

        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(401, (await Post(events, forger)).Status);
        Assert.Equal(401, (await AppFixture.CallAsync(r => Function<DeliveryEventsFunction>().Run(r, default), events)).Status);
        Assert.Equal(204, (await Post(events, _sendGrid)).Status);
        Assert.Equal(204, (await Post(events, _sendGrid)).Status); // SendGrid retries deliveries: one alert still
        Assert.Equal(400, (await Post("{\"not\":\"an array\"}", _sendGrid)).Status);

        var queue = Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(ComplaintRouting.Storage.QueueNames.Mail);
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
            await Function<MailFunction>().Run(message.Body.ToString(), default);
        var alert = Assert.Single(App.Mail.Capture.ForReference(reference), m => m.Kind == MailKinds.CommitteeUrgentAlert);
        Assert.Equal(AppFixture.ChairEmail, alert.To);

        await Function<DigestFunction>().Run(new TimerInfo(), default);
        var digest = Assert.Single(App.Mail.Capture.All, m => m.Kind == MailKinds.ChairDigest);
        Assert.Contains($"national-referral mail for {reference} was bounce", digest.Text);
    }
}
