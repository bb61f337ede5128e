using Azure;
using Azure.Data.Tables;

namespace ComplaintRouting.Storage;

/// <summary>What a due entry wakes a case for.</summary>
public enum DueKind
{
    /// <summary>Re-queue whatever the case still has pending (routing, unsent mail).</summary>
    Redrive,

    /// <summary>Look at the case's deadlines (reminders, escalation, complainant news).</summary>
    Chase,

    /// <summary>Erase the personal data of a closed case whose retention period has run out.</summary>
    Retention,
}

public sealed record DueEntry(DueKind Kind, string Reference, DateTimeOffset Due, string PartitionKey, string RowKey)
{
    /// <summary>The entry as read; removing it then leaves alone an entry rewritten on the same key since.</summary>
    public ETag ETag { get; init; } = ETag.All;
}

/// <summary>
/// An index of cases to look at, keyed by when: PartitionKey <c>{kind}-{yyyyMMddHHmm}</c>, RowKey the
/// reference. A sweep reads the key range up to now, so its cost grows with what is due, not with
/// what is stored. Entries are written before the work they guard and deleted when met; an entry
/// whose case has moved on is simply dropped.
/// </summary>
public sealed class DueIndex(TableServiceClient tables)
{
    public const string TableName = "DueIndex";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task ScheduleAsync(DueKind kind, string reference, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(kind, due), reference) { ["Due"] = due };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DueEntry>> DueAsync(DueKind kind, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var low = Prefix(kind);
        var high = Partition(kind, now);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey le {high}");
        var entries = new List<DueEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            var due = row.GetDateTimeOffset("Due") ?? now;
            if (due <= now) entries.Add(new DueEntry(kind, row.RowKey, due, row.PartitionKey, row.RowKey) { ETag = row.ETag });
            if (entries.Count >= max) break;
        }
        return entries;
    }

    public async Task RemoveAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, entry.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Another sweep met it first, or it was rescheduled onto the same key since it was read.
        }
    }

    /// <summary>Drops the entry a case had for <paramref name="due"/> (it was rescheduled).</summary>
    public Task RemoveAsync(DueKind kind, string reference, DateTimeOffset due, CancellationToken cancellationToken) =>
        RemoveAsync(new DueEntry(kind, reference, due, Partition(kind, due), reference), cancellationToken);

    /// <summary>Every entry of a kind, due or not (the digest reads the chase index as the list of open cases).</summary>
    public async Task<IReadOnlyList<DueEntry>> AllAsync(DueKind kind, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Prefix(kind)} and PartitionKey lt {Prefix(kind) + "~"}");
        var entries = new List<DueEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            entries.Add(new DueEntry(kind, row.RowKey, row.GetDateTimeOffset("Due") ?? DateTimeOffset.MinValue, row.PartitionKey, row.RowKey));
        return entries;
    }

    private static string Prefix(DueKind kind) => kind.ToString().ToLowerInvariant() + "-";

    public static string Partition(DueKind kind, DateTimeOffset due) => Prefix(kind) + due.UtcDateTime.ToString("yyyyMMddHHmm");
}
