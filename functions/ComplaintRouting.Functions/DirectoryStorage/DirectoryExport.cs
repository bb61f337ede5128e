using System.Globalization;
using ComplaintRouting.Directory;
using CsvHelper;
using CsvHelper.Configuration;

namespace ComplaintRouting.DirectoryStorage;

/// <summary>
/// The directory as CSV (SPEC §5 <c>GET /api/manage/directory/…</c>): the import's columns in the
/// import's order, written by CsvHelper (RFC 4180: a field holding a comma, a quote, a line break
/// or edge spaces is quoted, quotes doubled; CRLF between records), so that what comes out can be
/// edited and put back. Values are written exactly as stored — no formula escaping, which would
/// change them on the way back — because the import already refuses cells starting = + - @.
/// </summary>
public sealed class DirectoryExport(DirectoryStore store)
{
    public async Task OrganizationsAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await using var csv = Writer(output, DirectoryRows.OrganizationColumns);
        await foreach (var o in store.ListOrganizationsAsync(cancellationToken))
            await RecordAsync(csv, o.Id, o.Name, o.Country, o.ReferralEmail, o.ContactName, o.Language, o.Active ? "true" : "false");
    }

    public async Task MembersAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await using var csv = Writer(output, [.. DirectoryRows.MemberColumns, .. DirectoryRows.MemberOptionalColumns]);
        await foreach (var m in store.ListMembersAsync(cancellationToken))
            await RecordAsync(csv, m.MembershipNumber, m.FullName, m.Email, m.Country, m.PrimaryOrganizationId, m.Language);
    }

    public async Task CommitteeAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await using var csv = Writer(output, DirectoryRows.CommitteeColumns);
        await foreach (var m in store.ListCommitteeAsync(cancellationToken))
            await RecordAsync(csv, m.Id, m.Name, m.Email, m.Language, m.Active ? "true" : "false");
    }

    private static CsvWriter Writer(TextWriter output, string[] columns)
    {
        var csv = new CsvWriter(output, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }, leaveOpen: true);
        foreach (var column in columns) csv.WriteField(column);
        csv.NextRecord();
        return csv;
    }

    private static async Task RecordAsync(CsvWriter csv, params string?[] fields)
    {
        foreach (var field in fields) csv.WriteField(field ?? "");
        await csv.NextRecordAsync();
    }
}
