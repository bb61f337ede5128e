using System.Text;
using ComplaintRouting.Directory;
using ComplaintRouting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.DirectoryStorage;

/// <summary>
/// <c>PUT /api/manage/directory/organizations</c> and <c>/members</c> (text/csv, function key): the
/// import; <c>PUT /api/manage/committee</c>: the committee's roster (SPEC §9); <c>GET</c> on the
/// same routes: what is stored, as text/csv with the same columns.
/// </summary>
public sealed class DirectoryFunctions(DirectoryImport import, DirectoryExport export)
{
    private const int MaxBytes = 8 * 1024 * 1024;

    [Function("ImportOrganizations")]
    public Task<IActionResult> Organizations(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "manage/directory/organizations")] HttpRequest req, CancellationToken cancellationToken) =>
        RunAsync(req, DirectoryRows.OrganizationColumns, import.OrganizationsAsync, cancellationToken);

    [Function("ImportMembers")]
    public Task<IActionResult> Members(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "manage/directory/members")] HttpRequest req, CancellationToken cancellationToken) =>
        RunAsync(req, DirectoryRows.MemberColumns, import.MembersAsync, cancellationToken);

    [Function("ImportCommittee")]
    public Task<IActionResult> Committee(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "manage/committee")] HttpRequest req, CancellationToken cancellationToken) =>
        RunAsync(req, DirectoryRows.CommitteeColumns, import.CommitteeAsync, cancellationToken);

    [Function("ExportCommittee")]
    public Task<IActionResult> ExportCommittee(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/committee")] HttpRequest req, CancellationToken cancellationToken) =>
        ExportAsync("committee.csv", export.CommitteeAsync, cancellationToken);

    [Function("ExportOrganizations")]
    public Task<IActionResult> ExportOrganizations(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/directory/organizations")] HttpRequest req, CancellationToken cancellationToken) =>
        ExportAsync("organizations.csv", export.OrganizationsAsync, cancellationToken);

    [Function("ExportMembers")]
    public Task<IActionResult> ExportMembers(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/directory/members")] HttpRequest req, CancellationToken cancellationToken) =>
        ExportAsync("members.csv", export.MembersAsync, cancellationToken);

    private static async Task<IActionResult> ExportAsync(string fileName, Func<TextWriter, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        await write(text, cancellationToken);
        return new ApiResult(StatusCodes.Status200OK, "text/csv; charset=utf-8", text.ToString(), new Dictionary<string, string>
        {
            ["Content-Disposition"] = $"attachment; filename={fileName}",
        });
    }

    private static async Task<IActionResult> RunAsync(HttpRequest req, string[] columns,
        Func<TextReader, CancellationToken, Task<ImportResult?>> run, CancellationToken cancellationToken)
    {
        if ((req.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant() != "text/csv")
            return ApiResult.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Send text/csv.");
        var (raw, refused) = await RequestBody.ReadBytesAsync(req, MaxBytes, cancellationToken);
        if (refused is not null) return refused;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "The file is not UTF-8.", null, new Dictionary<string, string[]> { [""] = ["Save the CSV as UTF-8."] });
        }

        var result = await run(new StringReader(text), cancellationToken);
        return result is null
            ? ApiResult.Problem(StatusCodes.Status400BadRequest, "Unexpected columns.", $"The first line must be exactly: {string.Join(",", columns)}",
                new Dictionary<string, string[]> { ["header"] = [$"Expected {string.Join(",", columns)}."] })
            : ApiResult.Ok(new { upserted = result.Upserted, rejected = result.Rejected.Select(r => new { line = r.Line, error = r.Error }) });
    }
}
