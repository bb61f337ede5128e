using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Text.Json;
using ComplaintRouting.Email;
using ComplaintRouting.Intake;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid.Helpers.EventWebhook;

namespace ComplaintRouting.Delivery;

public enum DeliveryCheck
{
    Accepted,
    BadSignature,
    Malformed,
}

/// <summary>
/// SendGrid's Event Webhook: the post is accepted only when its ECDSA signature verifies with
/// <c>SendGrid__EventWebhookPublicKey</c> (SendGrid's own RequestValidator). A bounced or dropped
/// referral, committee or link-renewal mail is recorded once per SendGrid event (<c>sg_event_id</c>;
/// SendGrid posts an event again when it is unsure it arrived) with the address and what the
/// receiving server said; the digest lists it, and the chair — or the deputy when the case concerns
/// the chair — receives one <c>delivery-failure-alert</c> saying which mail to whom failed and what to do.
/// </summary>
public sealed partial class DeliveryEvents(
    IOptions<SendGridOptions> options, CaseCommands commands, DeliveryFailureLog log, TimeProvider clock, ILogger<DeliveryEvents> logger)
{
    public const string TableName = DeliveryFailureLog.TableName;

    private static readonly HashSet<string> Watched = new MailKind[]
    {
        MailKind.NationalReferral, MailKind.NationalReminder, MailKind.CommitteeEscalation,
        MailKind.CommitteeUrgentAlert, MailKind.CommitteeReminder, MailKind.ChairDigest,
        MailKind.LinkRenewal, MailKind.DeliveryFailureAlert,
    }.Select(k => k.ToApi()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Failures of these are recorded (digest) but raise no alert: the alert would go where the failed mail went.</summary>
    private static readonly HashSet<string> RecordOnly = new(StringComparer.Ordinal) { MailKind.DeliveryFailureAlert.ToApi(), MailKind.ChairDigest.ToApi() };

    private readonly RequestValidator _validator = new();

    public async Task<DeliveryCheck> HandleAsync(string body, string? signature, string? timestamp, CancellationToken cancellationToken)
    {
        if (!Verified(body, signature, timestamp)) return DeliveryCheck.BadSignature;

        JsonElement events;
        try
        {
            events = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return DeliveryCheck.Malformed;
        }
        if (events.ValueKind != JsonValueKind.Array) return DeliveryCheck.Malformed;

        foreach (var e in events.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object) continue;
            var type = Text(e, "event");
            var kind = Text(e, "kind");
            if (type is not ("bounce" or "dropped") || kind is null || !Watched.Contains(kind)) continue;
            // Without SendGrid's id, the event itself identifies it: the same event posted again is the same failure.
            var key = DeliveryFailureLog.KeyOf(Text(e, "sg_event_id") ?? e.GetRawText());
            var failure = new DeliveryFailure(key, CaseCodes.NormalizeReference(Text(e, "reference")), kind, type, clock.GetUtcNow(),
                Text(e, "email") is { Length: <= 320 } email ? email.Trim() : null,
                DeliveryFailureLog.CleanReason([Text(e, "reason"), Text(e, "status"), Text(e, "response"), Text(e, "type")]));
            await RecordAsync(failure, cancellationToken);
        }
        return DeliveryCheck.Accepted;
    }

    /// <summary>Failures since a point in time, for the digest.</summary>
    public Task<IReadOnlyList<DeliveryFailure>> SinceAsync(DateTimeOffset since, CancellationToken cancellationToken) => log.SinceAsync(since, cancellationToken);

    private async Task RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken)
    {
        failure = await log.RecordAsync(failure, cancellationToken);
        LogFailure(failure.Reference ?? "-", failure.Kind, failure.Event);

        if (failure.Reference is not { } reference || RecordOnly.Contains(failure.Kind)) return;
        // One alert per failed mail event: the event is the due point, so a repeat adds nothing.
        await commands.ExecuteAsync(reference, (_, now) => Decision.Accept(WorkItem.For(ConsequencePolicy.DeliveryFailed(failure.EventKey), now)), cancellationToken);
    }

    private bool Verified(string body, string? signature, string? timestamp)
    {
        var key = options.Value.EventWebhookPublicKey;
        if (string.IsNullOrWhiteSpace(key) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp)) return false;
        try
        {
            return _validator.VerifySignature(_validator.ConvertPublicKeyToECDSA(key), body, signature, timestamp);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement e, string name) => Api.JsonText.Property(e, name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Reference}: {Kind} mail {Event} by the receiving server.")]
    private partial void LogFailure(string reference, string kind, string @event);
}
