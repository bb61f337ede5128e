using System.Globalization;
using ComplaintRouting.Directory;
using CsvHelper;
using CsvHelper.Configuration;

namespace ComplaintRouting.DirectoryStorage;

public sealed record RejectedRow(int Line, string Error);

public sealed record ImportResult(int Upserted, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// The administrator's CSV imports (SPEC §5): parsed with CsvHelper (quoted fields, commas,
/// non-ASCII names), checked row by row by <see cref="DirectoryRows"/>, upserted one by one so a
/// bad row never stops the good ones.
/// </summary>
public sealed class DirectoryImport(DirectoryStore store)
{
    /// <summary>Null when the header is not exactly the expected columns.</summary>
    public Task<ImportResult?> OrganizationsAsync(TextReader csv, CancellationToken cancellationToken) =>
        ImportAsync(csv, DirectoryRows.OrganizationColumns, DirectoryRows.Organization, (o, ct) => store.UpsertOrganizationAsync(o, ct), cancellationToken);

    public Task<ImportResult?> MembersAsync(TextReader csv, CancellationToken cancellationToken) =>
        ImportAsync(csv, DirectoryRows.MemberColumns, DirectoryRows.Member, (m, ct) => store.UpsertMemberAsync(m, ct), cancellationToken, DirectoryRows.MemberOptionalColumns);

    public Task<ImportResult?> CommitteeAsync(TextReader csv, CancellationToken cancellationToken) =>
        ImportAsync(csv, DirectoryRows.CommitteeColumns, DirectoryRows.CommitteeMember, (m, ct) => store.UpsertCommitteeMemberAsync(m, ct), cancellationToken);

    private static async Task<ImportResult?> ImportAsync<T>(TextReader csv, string[] columns,
        Func<IReadOnlyDictionary<string, string>, (T? Row, string? Error)> check, Func<T, CancellationToken, Task> upsert,
        CancellationToken cancellationToken, string[]? optional = null) where T : class
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var reader = new CsvReader(csv, config);
        if (!await reader.ReadAsync()) return null;
        reader.ReadHeader();
        // The required columns in order, then any of the optional ones in order.
        var given = reader.HeaderRecord?.Select(h => h.Trim()).ToArray() ?? [];
        if (!given.Take(columns.Length).SequenceEqual(columns) || !given.Skip(columns.Length).SequenceEqual((optional ?? []).Take(given.Length - columns.Length))) return null;
        columns = given;

        var upserted = 0;
        var rejected = new List<RejectedRow>();
        while (await reader.ReadAsync())
        {
            var line = reader.Parser.RawRow;
            var record = reader.Parser.Record ?? [];
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length != columns.Length)
            {
                rejected.Add(new RejectedRow(line, $"expected {columns.Length} columns, found {record.Length}."));
                continue;
            }
            var fields = columns.Select((c, i) => (c, record[i])).ToDictionary(p => p.c, p => p.Item2);
            var (row, error) = check(fields);
            if (row is null)
            {
                rejected.Add(new RejectedRow(line, error!));
                continue;
            }
            await upsert(row, cancellationToken);
            upserted++;
        }
        return new ImportResult(upserted, rejected);
    }
}
