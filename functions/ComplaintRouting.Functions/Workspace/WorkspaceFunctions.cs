using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Http;
using ComplaintRouting.Localization;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Workspace;

/// <summary>
/// The signed-in workspace (SPEC §11): <c>GET /api/workspace</c>, the dashboard of the open cases the
/// person may see with its charts (<c>GET /api/workspace/charts/{name}.svg</c>); the case file
/// (<c>GET /api/workspace/cases/{reference}/file.pdf</c>), each download recorded; the statistics for
/// the annual report (<c>GET /api/workspace/statistics.csv</c>). Without a session: the sign-in page (401).
/// </summary>
public sealed class WorkspaceFunctions(WorkspaceSessions sessions, WorkspaceCases cases, WorkspaceReads reads, WorkspaceStatistics statistics,
    CaseStore store, DirectoryStorage.DirectoryStore directory, PageRenderer renderer, TimeProvider clock)
{
    [Function("Workspace")]
    public async Task<IActionResult> Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace")] HttpRequest req, CancellationToken cancellationToken)
    {
        if (await sessions.PersonAsync(req, cancellationToken) is not { } person) return await SignInFirstAsync(req);
        var lang = Language(req, person);
        var filter = Filter(req);
        var rows = await cases.ListAsync(person, filter, cancellationToken);
        var (open, overdue) = cases.ForCharts(rows);
        return await renderer.WorkspacePageAsync<DashboardPage>(new Dictionary<string, object?>
        {
            [nameof(DashboardPage.Lang)] = lang, [nameof(DashboardPage.Person)] = person, [nameof(DashboardPage.Rows)] = rows,
            [nameof(DashboardPage.Charts)] = WorkspaceCharts.Build(open, overdue, clock.GetUtcNow(), lang), [nameof(DashboardPage.Filter)] = filter,
            [nameof(DashboardPage.Query)] = req.QueryString.Value?.TrimStart('?') ?? "", [nameof(DashboardPage.Now)] = clock.GetUtcNow(),
            [nameof(DashboardPage.MayReadStatistics)] = MayReadStatistics(person),
        });
    }

    [Function("WorkspaceChart")]
    public async Task<IActionResult> Chart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/charts/{name}.svg")] HttpRequest req, string name, CancellationToken cancellationToken)
    {
        if (await sessions.PersonAsync(req, cancellationToken) is not { } person) return ApiResult.Problem(StatusCodes.Status401Unauthorized, "Sign in first.");
        var (open, overdue) = cases.ForCharts(await cases.ListAsync(person, Filter(req), cancellationToken));
        if (WorkspaceCharts.Build(open, overdue, clock.GetUtcNow(), Language(req, person)).FirstOrDefault(c => c.Name == name) is not { } chart) return ApiResult.NotFound();
        return new ApiResult(StatusCodes.Status200OK, "image/svg+xml; charset=utf-8", chart.Svg, new Dictionary<string, string>
        {
            ["Cache-Control"] = "no-store", ["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'",
        });
    }

    /// <summary>The case file for the Executive Committee's meeting (SPEC §11); the download is recorded as a read of the case.</summary>
    [Function("WorkspaceCaseFile")]
    public async Task<IActionResult> CaseFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/cases/{reference}/file.pdf")] HttpRequest req, string reference, CancellationToken cancellationToken)
    {
        if (await sessions.PersonAsync(req, cancellationToken) is not { } person) return await SignInFirstAsync(req);
        var stored = Intake.CaseCodes.NormalizeReference(reference) is { } valid ? await store.LoadAsync(valid, cancellationToken) : null;
        var state = stored?.Case.State;
        if (stored is null || !PartyRules.SeesInWorkspace(person.Seat, state!.Status, state.ChairConflict, state.Assigned)) return ApiResult.NotFound();
        await reads.RecordAsync(stored.Reference, person.Actor, "file", cancellationToken);
        var roster = await directory.ListCommitteeAsync(cancellationToken).ToListAsync(cancellationToken);
        string Name(string actor) => actor.StartsWith("member:", StringComparison.Ordinal) && roster.FirstOrDefault(m => m.Id == actor[7..]) is { } m ? $"{m.Name} ({actor})" : actor;
        var pdf = Workspace.CaseFile.Render(stored, Language(req, person), Name, clock.GetUtcNow());
        return new FileBytes(pdf, "application/pdf", $"{stored.Reference}.pdf");
    }

    /// <summary>Counts without personal data for the annual report (SPEC §11): the chair, the deputy and the Executive Committee.</summary>
    [Function("WorkspaceStatistics")]
    public async Task<IActionResult> Statistics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/statistics.csv")] HttpRequest req, CancellationToken cancellationToken)
    {
        if (await sessions.PersonAsync(req, cancellationToken) is not { } person) return await SignInFirstAsync(req);
        if (!MayReadStatistics(person)) return ApiResult.NotFound();
        var csv = new StringWriter();
        await statistics.WriteAsync(csv, cancellationToken);
        return new FileBytes(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "statistics.csv");
    }

    private static bool MayReadStatistics(WorkspacePerson person) => person.Role != WorkspaceRole.Member;

    private static DashboardFilter Filter(HttpRequest req) => new(
        ApiNames<CaseStatus>.TryParse(req.Query["status"].ToString(), out var status) ? status : null,
        req.Query["urgent"] == "true",
        req.Query["overdue"] == "true");

    private static string Language(HttpRequest req, WorkspacePerson person) =>
        Texts.Resolve(req.Query["lang"].ToString() is { Length: > 0 } asked ? asked : person.Language);

    private static Task<ApiResult> SignInFirstAsync(HttpRequest req) =>
        PageRenderer.Detached.LinkPageAsync<SignInPage>(new Dictionary<string, object?>
        {
            [nameof(SignInPage.Lang)] = Texts.Resolve(req.Query["lang"].ToString() is { Length: > 0 } asked ? asked : Texts.FromAcceptLanguage(req.Headers.AcceptLanguage)),
        }, StatusCodes.Status401Unauthorized);

    /// <summary>A file to download: never shown inline, never cached, never sniffed.</summary>
    private sealed class FileBytes(byte[] content, string type, string name) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = type;
            response.ContentLength = content.Length;
            response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = name }.ToString();
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            await response.Body.WriteAsync(content, context.HttpContext.RequestAborted);
        }
    }
}
