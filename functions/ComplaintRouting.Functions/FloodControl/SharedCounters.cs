using Azure;
using Azure.Data.Tables;

namespace ComplaintRouting.FloodControl;

/// <summary>
/// Fixed-window counters every instance shares (table <c>Throttles</c>), so a limit holds however
/// many instances Flex Consumption runs. Row keys begin with the window's start and the key
/// (<c>{windowStart}|{key}</c>). Keys are hashes, never addresses. The retention timer sweeps rows two days after their window began (<see cref="PruneAsync"/>).
/// </summary>
public sealed class SharedCounters(TableServiceClient tables, TimeProvider clock)
{
    public const string TableName = "Throttles";
    private const int Attempts = 50; // lost races on one member row before it counts as a flood
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>
    /// Counts one use in the current window; null when it is within <paramref name="limit"/>, else
    /// how long until the window ends. Each use is a row of its own, inserted and then counted (one
    /// query page of at most <paramref name="limit"/> + 1 keys), so racing instances never contend
    /// for one row; at worst two racing uses at the limit are both refused, never both let through.
    /// </summary>
    public async Task<TimeSpan?> TakeAsync(string kind, string key, TimeSpan window, int limit, CancellationToken cancellationToken)
    {
        var (prefix, end) = Window(key, window, clock.GetUtcNow());
        await AddAsync(kind, prefix, cancellationToken);
        return await UsesAsync(kind, prefix, limit + 1, cancellationToken) > limit ? end - clock.GetUtcNow() : null;
    }

    /// <summary>Counts one use without a limit (the uses are only read by <see cref="ExhaustedAsync"/>).</summary>
    public async Task AddAsync(string kind, string key, TimeSpan window, CancellationToken cancellationToken) =>
        await AddAsync(kind, Window(key, window, clock.GetUtcNow()).Prefix, cancellationToken);

    /// <summary>Whether the current window is used up (without counting a use); null when it is not.</summary>
    public async Task<TimeSpan?> ExhaustedAsync(string kind, string key, TimeSpan window, int limit, CancellationToken cancellationToken)
    {
        var (prefix, end) = Window(key, window, clock.GetUtcNow());
        return await UsesAsync(kind, prefix, limit, cancellationToken) >= limit ? end - clock.GetUtcNow() : null;
    }

    /// <summary>
    /// Lets <paramref name="member"/> through when it is among the first <paramref name="limit"/>
    /// members of the window (a retried mail is the same member and counted once). One row per key
    /// and window, updated under its ETag: these keys (an address) see little contention.
    /// </summary>
    public async Task<bool> AdmitMemberAsync(string kind, string key, TimeSpan window, int limit, string member, CancellationToken cancellationToken)
    {
        var rowKey = Window(key, window, clock.GetUtcNow()).Prefix;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(kind, rowKey, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                try
                {
                    await _table.AddEntityAsync(new TableEntity(kind, rowKey) { ["Members"] = member }, cancellationToken);
                    return true;
                }
                catch (RequestFailedException ex) when (ex.Status == 409) { continue; }
            }
            var row = found.Value!;
            var members = (row.GetString("Members") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
            if (members.Contains(member, StringComparer.Ordinal)) return true;
            if (members.Length >= limit) return false;
            row["Members"] = string.Join('|', members.Append(member));
            try
            {
                await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404) { }
        }
        return false; // fifty lost races in a row on one address is a flood on it
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

    private Task AddAsync(string kind, string prefix, CancellationToken cancellationToken) =>
        _table.AddEntityAsync(new TableEntity(kind, $"{prefix}|{Guid.NewGuid():N}"), cancellationToken);

    /// <summary>The uses recorded under <paramref name="prefix"/>, counted up to <paramref name="atMost"/> (one page).</summary>
    private async Task<int> UsesAsync(string kind, string prefix, int atMost, CancellationToken cancellationToken)
    {
        var (low, high) = (prefix + "|", prefix + "|~");
        await foreach (var page in _table.QueryAsync<TableEntity>(r => r.PartitionKey == kind && r.RowKey.CompareTo(low) > 0 && r.RowKey.CompareTo(high) < 0,
                           maxPerPage: atMost, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
            return page.Values.Count;
        return 0;
    }

    private static (string Prefix, DateTimeOffset End) Window(string key, TimeSpan window, DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        return ($"{start.UtcTicks:D19}|{key}", start + window);
    }
}
