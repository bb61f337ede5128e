using ComplaintRouting.Consequences;
using Azure.Data.Tables;
using ComplaintRouting.Cases;
using ComplaintRouting.Api;
using ComplaintRouting.Http;
using ComplaintRouting.Intake;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Manage;

/// <summary>
/// The management read API (function key): cases by status, a page at a time, and one case
/// with its events. Listing filters the case rows of the Cases table — an administrator's
/// occasional look, not a hot path — and sorts each page newest first.
/// </summary>
public sealed class ManageFunctions(CaseStore store)
{
    public const int PageSize = 50;

    [Function("ListCases")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/cases")] HttpRequest req, CancellationToken cancellationToken)
    {
        var status = req.Query["status"].ToString();
        if (status.Length > 0 && !ApiNames<CaseStatus>.TryParse(status, out _))
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "Unknown status.", null,
                new Dictionary<string, string[]> { ["status"] = [$"Use one of: {string.Join(", ", ApiNames<CaseStatus>.All)}."] });

        var filter = status.Length > 0
            ? TableClient.CreateQueryFilter($"RowKey eq 'case' and Status eq {status}")
            : "RowKey eq 'case'";
        var continuation = req.Query["continuationToken"].ToString();
        var items = new List<object>();
        string? next = null;
        try
        {
            await foreach (var page in store.Table.QueryAsync<TableEntity>(filter, PageSize, ["PartitionKey", "Status", "ReceivedAt", "UpdatedAt", "Urgent"], cancellationToken)
                               .AsPages(continuation.Length > 0 ? continuation : null, PageSize))
            {
                items.AddRange(page.Values.OrderByDescending(r => r.GetDateTimeOffset("ReceivedAt")).Select(r => new
                {
                    reference = r.PartitionKey,
                    status = r.GetString("Status"),
                    receivedAt = r.GetDateTimeOffset("ReceivedAt"),
                    updatedAt = r.GetDateTimeOffset("UpdatedAt"),
                    urgent = r.GetBoolean("Urgent") ?? false,
                }));
                next = page.ContinuationToken;
                break;
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 400)
        {
            return ApiResult.Problem(StatusCodes.Status400BadRequest, "Invalid continuation token.", null,
                new Dictionary<string, string[]> { ["continuationToken"] = ["Use the token from the previous page."] });
        }
        return ApiResult.Ok(new { items, continuationToken = next });
    }

    [Function("GetCase")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/cases/{reference}")] HttpRequest req, string reference, CancellationToken cancellationToken)
    {
        if (CaseCodes.NormalizeReference(reference) is not { } canonical || await store.LoadAsync(canonical, cancellationToken) is not { } stored)
            return ApiResult.NotFound();
        return ApiResult.Ok(new
        {
            reference = stored.Reference,
            status = stored.Case.Status.ToApi(),
            state = stored.Case.State,
            complaint = stored.Complaint,
            events = stored.Events.OrderBy(e => e.Sequence).Select(e => new
            {
                sequence = e.Sequence, at = e.At, activity = e.Activity.ToApi(), from = e.From?.ToApi(), to = e.To.ToApi(), actor = e.Actor, reason = e.Reason,
            }),
            work = stored.Work.Select(w => new { id = w.Id, kind = w.MailKind, state = w.State }),
        });
    }
}
