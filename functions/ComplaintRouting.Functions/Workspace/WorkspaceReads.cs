using Azure.Data.Tables;

namespace ComplaintRouting.Workspace;

/// <summary>One read of a case in the workspace: who (as events name them), when, what (the page or the case file).</summary>
public sealed record WorkspaceRead(DateTimeOffset At, string Actor, string What);

/// <summary>
/// The record of every read of a case in the workspace (SPEC §11), one row per read in the case's
/// own partition of <c>WorkspaceReads</c>, newest first; the chair reads it on the case's page. The
/// reader is named as the events name actors, never by address.
/// </summary>
public sealed class WorkspaceReads(TableServiceClient tables, TimeProvider clock)
{
    public const string TableName = "WorkspaceReads";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task RecordAsync(string reference, string actor, string what, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Newest first: the row key counts down; a random tail keeps two reads in one tick apart.
        var row = $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{Guid.NewGuid():N}";
        await _table.AddEntityAsync(new TableEntity(reference, row) { ["At"] = now, ["Actor"] = actor, ["What"] = what }, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkspaceRead>> ListAsync(string reference, int max, CancellationToken cancellationToken)
    {
        var reads = new List<WorkspaceRead>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == reference, maxPerPage: max, cancellationToken: cancellationToken))
        {
            reads.Add(new WorkspaceRead(row.GetDateTimeOffset("At")!.Value, row.GetString("Actor"), row.GetString("What")));
            if (reads.Count == max) break;
        }
        return reads;
    }
}
