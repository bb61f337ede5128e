using System.Globalization;
using Azure.Data.Tables;
using ComplaintRouting.Api;
using ComplaintRouting.Storage;
using CsvHelper;
using CsvHelper.Configuration;

namespace ComplaintRouting.Workspace;

/// <summary>
/// <c>statistics.csv</c> (SPEC §11): how many complaints, per year received, guideline section,
/// status, outcome and country of practice — counts only, no reference, no name, no text. A
/// complaint naming two sections counts once under each. It reads every case once (an annual
/// report, not a page anyone waits on); a case erased after its retention period still counts by
/// year, status and outcome, its sections and country being gone with its text.
/// </summary>
public sealed class WorkspaceStatistics(CaseStore store)
{
    public static readonly string[] Columns = ["year", "section", "status", "outcome", "country", "complaints"];

    public async Task WriteAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(int Year, string Section, string Status, string Outcome, string Country), int>();
        await foreach (var row in store.Table.QueryAsync<TableEntity>(e => e.RowKey == "case", select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (await store.LoadAsync(row.PartitionKey, cancellationToken) is not { } stored) continue;
            var state = stored.Case.State;
            var complaint = stored.Complaint;
            var outcome = state.Decision?.ToApi() ?? state.NationalOutcome?.ToApi() ?? "";
            var sections = complaint.Allegation.Sections.Count > 0 ? complaint.Allegation.Sections : [""];
            var country = complaint.Respondent.CountryOfPractice == "ZZ" ? "" : complaint.Respondent.CountryOfPractice;
            foreach (var section in sections)
            {
                var key = (state.ReceivedAt.Year, section, state.Status.ToApi(), outcome, country);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        await using var csv = new CsvWriter(output, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }, leaveOpen: true);
        foreach (var column in Columns) csv.WriteField(column);
        await csv.NextRecordAsync();
        foreach (var ((year, section, status, outcome, country), count) in counts.OrderBy(c => c.Key))
        {
            foreach (var field in new[] { year.ToString(CultureInfo.InvariantCulture), section, status, outcome, country, count.ToString(CultureInfo.InvariantCulture) })
                csv.WriteField(field);
            await csv.NextRecordAsync();
        }
    }
}
