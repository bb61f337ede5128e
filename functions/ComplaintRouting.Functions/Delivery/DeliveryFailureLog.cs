using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace ComplaintRouting.Delivery;

/// <summary>One mail the receiving server would not take, as SendGrid reported it.</summary>
/// <param name="EventKey">A hash of SendGrid's <c>sg_event_id</c>: the same event posted twice is one failure.</param>
/// <param name="Recipient">The address the mail was sent to (SendGrid's <c>email</c>).</param>
/// <param name="Reason">What the receiving server said (SendGrid's <c>reason</c>, <c>status</c>, <c>response</c>, <c>type</c>), cleaned and truncated.</param>
public sealed record DeliveryFailure(string EventKey, string? Reference, string Kind, string Event, DateTimeOffset At, string? Recipient, string? Reason);

/// <summary>
/// Table <c>DeliveryFailures</c>: partition <c>event</c> keyed by the event (deduplication and the
/// alert's details), partition <c>failed</c> keyed by time then event (the digest's list since its last run).
/// </summary>
public sealed class DeliveryFailureLog(TableServiceClient tables)
{
    public const string TableName = "DeliveryFailures";
    public const int MaxReason = 300;
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>A row-key-safe key for SendGrid's event id (any characters, any length).</summary>
    public static string KeyOf(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..32];

    /// <summary>Records a failure once per event; returns the failure as first recorded (a repeat keeps the first time).</summary>
    public async Task<DeliveryFailure> RecordAsync(DeliveryFailure failure, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(Entity("event", failure.EventKey, failure), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            failure = await FindAsync(failure.EventKey, cancellationToken) ?? failure;
        }
        // Idempotent (same key for the same event): a crash between the two rows is mended by SendGrid's retry.
        await _table.UpsertEntityAsync(Entity("failed", $"{failure.At.UtcTicks:D19}-{failure.EventKey}", failure), TableUpdateMode.Replace, cancellationToken);
        return failure;
    }

    public async Task<DeliveryFailure?> FindAsync(string eventKey, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>("event", eventKey, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!, eventKey) : null;
    }

    /// <summary>Failures recorded after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DeliveryFailure>> SinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var list = new List<DeliveryFailure>();
        var low = since.UtcTicks.ToString("D19");
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == "failed" && r.RowKey.CompareTo(low) > 0, cancellationToken: cancellationToken))
            list.Add(Read(row, row.RowKey[(row.RowKey.IndexOf('-') + 1)..]));
        return list;
    }

    /// <summary>
    /// Deletes failures recorded before <paramref name="before"/> (both rows): they hold a recipient's
    /// address and have been in a digest long since. SendGrid retries an event for 72 hours, so
    /// deduplication needs far less than the 30 days they are kept.
    /// </summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var high = before.UtcTicks.ToString("D19");
        var pruned = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == "failed" && r.RowKey.CompareTo(high) < 0, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _table.DeleteEntityAsync("event", row.RowKey[(row.RowKey.IndexOf('-') + 1)..], ETag.All, cancellationToken);
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            pruned++;
        }
        return pruned;
    }

    /// <summary>SendGrid's words, one line, no control characters, at most <see cref="MaxReason"/> characters.</summary>
    public static string? CleanReason(IEnumerable<string?> parts)
    {
        var text = string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).Distinct(StringComparer.Ordinal));
        if (text.Length == 0) return null;
        var clean = new StringBuilder(Math.Min(text.Length, MaxReason + 1));
        foreach (var c in text)
        {
            if (clean.Length > MaxReason) break;
            var category = char.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || char.IsControl(c) || category == System.Globalization.UnicodeCategory.Format)
            {
                if (clean.Length > 0 && clean[^1] != ' ') clean.Append(' ');
            }
            else clean.Append(c);
        }
        var result = clean.ToString().Trim();
        return result.Length > MaxReason ? result[..MaxReason].TrimEnd() + "…" : result;
    }

    private static TableEntity Entity(string partition, string row, DeliveryFailure f) => new(partition, row)
    {
        ["Reference"] = f.Reference,
        ["Kind"] = f.Kind,
        ["Event"] = f.Event,
        ["At"] = f.At,
        ["Recipient"] = f.Recipient,
        ["Reason"] = f.Reason,
    };

    private static DeliveryFailure Read(TableEntity row, string eventKey) =>
        new(eventKey, row.GetString("Reference"), row.GetString("Kind") ?? "", row.GetString("Event") ?? "", row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
            row.GetString("Recipient"), row.GetString("Reason"));
}
