using System.Text.Json;
using Azure.Data.Tables;
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
/// referral or committee mail is recorded on the case (the digest lists it) and alerts the chair,
/// or the deputy when the case concerns the chair, with a <c>committee-urgent-alert</c>.
/// </summary>
public sealed partial class DeliveryEvents(
    IOptions<SendGridOptions> options, CaseCommands commands, TableServiceClient tables, TimeProvider clock, ILogger<DeliveryEvents> logger)
{
    public const string TableName = "DeliveryFailures";
    private static readonly HashSet<string> Watched = new(StringComparer.Ordinal)
    {
        MailKinds.NationalReferral, MailKinds.NationalReminder, MailKinds.CommitteeEscalation,
        MailKinds.CommitteeUrgentAlert, MailKinds.CommitteeReminder, MailKinds.ChairDigest,
    };

    private readonly TableClient _failures = tables.GetTableClient(TableName);
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
            var reference = CaseCodes.NormalizeReference(Text(e, "reference"));
            await RecordAsync(reference, kind, type, Text(e, "sg_event_id") ?? Guid.NewGuid().ToString("N"), cancellationToken);
        }
        return DeliveryCheck.Accepted;
    }

    /// <summary>Failures since a point in time, for the digest.</summary>
    public async Task<IReadOnlyList<(string? Reference, string Kind, string Event, DateTimeOffset At)>> SinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var list = new List<(string?, string, string, DateTimeOffset)>();
        var low = since.UtcTicks.ToString("D19");
        await foreach (var row in _failures.QueryAsync<TableEntity>(r => r.PartitionKey == "failed" && r.RowKey.CompareTo(low) > 0, cancellationToken: cancellationToken))
            list.Add((row.GetString("Reference"), row.GetString("Kind"), row.GetString("Event"), row.GetDateTimeOffset("At") ?? since));
        return list;
    }

    private async Task RecordAsync(string? reference, string kind, string type, string eventId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await _failures.UpsertEntityAsync(new TableEntity("failed", $"{now.UtcTicks:D19}-{eventId}")
        {
            ["Reference"] = reference,
            ["Kind"] = kind,
            ["Event"] = type,
            ["At"] = now,
        }, TableUpdateMode.Replace, cancellationToken);
        LogFailure(reference ?? "-", kind, type);

        if (reference is null || kind == MailKinds.CommitteeUrgentAlert) return;
        // One alert per failed mail event: the event id is the due point.
        await commands.ExecuteAsync(reference, (stored, now) =>
        {
            var alert = WorkItem.Mail(MailKinds.CommitteeUrgentAlert, Recipient.Chair, $"delivery-{eventId}", now);
            return stored.Work.Any(w => w.Id == alert.Id) ? Decision.Accept() : Decision.Accept(alert);
        }, cancellationToken);
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

    private static string? Text(JsonElement e, string name) => Common.JsonText.Property(e, name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Reference}: {Kind} mail {Event} by the receiving server.")]
    private partial void LogFailure(string reference, string kind, string @event);
}
