using Azure;
using Azure.Data.Tables;

namespace ComplaintRouting.Intake;

/// <summary>
/// Table <c>Idempotency</c>: one row per <c>Idempotency-Key</c> (hashed), holding the reference it
/// reserved and the body's hash. A replay inside <see cref="ReplayWindow"/> gets the first answer
/// again; after it the key is forgotten, because a follow-up code can be derived again from the
/// row and the key, and a key kept for ever would let a replay years later show that code (or
/// re-create an erased complaint). Retention's daily sweep deletes expired rows.
/// </summary>
public sealed class IdempotencyKeys(TableServiceClient tables, TimeProvider clock)
{
    public const string TableName = "Idempotency";
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromHours(24);
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>The reference this key reserves and the body it was first used with (a new reservation when absent or expired).</summary>
    public async Task<(string Reference, string BodyHash)> ClaimAsync(string keyHash, string bodyHash, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var row = new TableEntity(keyHash, "") { ["Reference"] = CaseCodes.NewReference(), ["BodyHash"] = bodyHash, ["ExpiresAt"] = now + ReplayWindow };
            try
            {
                await _table.AddEntityAsync(row, cancellationToken);
                return (row.GetString("Reference"), bodyHash);
            }
            catch (RequestFailedException ex) when (ex.Status == 409) { }

            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(keyHash, "", cancellationToken: cancellationToken);
            if (!existing.HasValue) continue; // pruned in between
            var found = existing.Value!;
            if (!(found.GetDateTimeOffset("ExpiresAt") <= now)) return (found.GetString("Reference"), found.GetString("BodyHash"));
            try
            {
                await _table.UpdateEntityAsync(row, found.ETag, TableUpdateMode.Replace, cancellationToken);
                return (row.GetString("Reference"), bodyHash);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412) { } // another replay renewed or pruned it first
        }
    }

    /// <summary>Deletes the rows whose window has passed; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pruned = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt le {now}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            pruned++;
        }
        return pruned;
    }
}
