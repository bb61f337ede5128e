using Azure;
using Azure.Data.Tables;

namespace ComplaintRouting.Security;

/// <summary>
/// Fixed-window counters every instance shares (table <c>Throttles</c>), so a limit holds however
/// many instances Flex Consumption runs. A row per kind, window and key (<c>{windowStart}|{key}</c>),
/// updated with its ETag: two instances counting at once both retry until one count each lands.
/// Keys are hashes, never addresses. The retention timer sweeps rows two days after their window began (<see cref="PruneAsync"/>).
/// </summary>
public sealed class SharedCounters(TableServiceClient tables, TimeProvider clock)
{
    public const string TableName = "Throttles";
    private const int Attempts = 50;
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>
    /// Counts one use in the current window; null when it is within <paramref name="limit"/>, else
    /// how long until the window ends. With a <paramref name="member"/> a use is counted once however
    /// often it is taken (a retried mail), and a member already counted is always let through.
    /// </summary>
    public async Task<TimeSpan?> TakeAsync(string kind, string key, TimeSpan window, int limit, string? member, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (rowKey, end) = Window(key, window, now);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(kind, rowKey, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                try
                {
                    await _table.AddEntityAsync(new TableEntity(kind, rowKey) { ["Count"] = 1, ["Members"] = member ?? "" }, cancellationToken);
                    return null;
                }
                catch (RequestFailedException ex) when (ex.Status == 409) { continue; }
            }
            var row = found.Value!;
            var members = (row.GetString("Members") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
            if (member is not null && members.Contains(member, StringComparer.Ordinal)) return null;
            var count = row.GetInt32("Count") ?? 0;
            if (count >= limit) return end - now;
            row["Count"] = count + 1;
            if (member is not null) row["Members"] = string.Join('|', members.Append(member));
            try
            {
                await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404) { }
        }
        // Fifty lost races in a row on one key means a flood on that key: refuse rather than fail.
        return end - now;
    }

    /// <summary>Whether the current window is used up (without counting a use); null when it is not.</summary>
    public async Task<TimeSpan?> ExhaustedAsync(string kind, string key, TimeSpan window, int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (rowKey, end) = Window(key, window, now);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(kind, rowKey, select: ["Count"], cancellationToken: cancellationToken);
        return found.HasValue && (found.Value!.GetInt32("Count") ?? 0) >= limit ? end - now : null;
    }

    /// <summary>
    /// Marks <paramref name="key"/> used once, for ever (until swept): true the first time, and
    /// again for the same <paramref name="owner"/> (a request retried with its Idempotency-Key).
    /// </summary>
    public async Task<bool> ClaimOnceAsync(string kind, string key, DateTimeOffset at, string owner, CancellationToken cancellationToken)
    {
        var rowKey = $"{at.UtcTicks:D19}|{key}";
        try
        {
            await _table.AddEntityAsync(new TableEntity(kind, rowKey) { ["Owner"] = owner }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(kind, rowKey, cancellationToken: cancellationToken);
            return owner.Length > 0 && found.HasValue && found.Value!.GetString("Owner") == owner;
        }
    }

    /// <summary>Deletes the rows of windows that began before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var high = before.UtcTicks.ToString("D19");
        var pruned = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.RowKey.CompareTo(high) < 0, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            pruned++;
        }
        return pruned;
    }

    private static (string RowKey, DateTimeOffset End) Window(string key, TimeSpan window, DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        return ($"{start.UtcTicks:D19}|{key}", start + window);
    }
}
