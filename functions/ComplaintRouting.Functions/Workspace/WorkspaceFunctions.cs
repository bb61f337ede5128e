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
/// person may see with its charts (<c>GET /api/workspace/charts/{name}.svg</c>), each case linked to
/// its page (<see cref="WorkspaceCaseFunctions"/>); the statistics for
/// the annual report (<c>GET /api/workspace/statistics.csv</c>). Without a session: the sign-in page (401).
/// </summary>
public sealed class WorkspaceFunctions(WorkspaceSessions sessions, WorkspaceCases cases, DashboardCharts drawn, WorkspaceStatistics statistics, PageRenderer renderer, TimeProvider clock)
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
        var charts = WorkspaceCharts.Build(open, overdue, clock.GetUtcNow(), lang);
        drawn.Keep(person, lang, Query(req), charts);
        return await renderer.WorkspacePageAsync<DashboardPage>(new Dictionary<string, object?>
        {
            [nameof(DashboardPage.Lang)] = lang, [nameof(DashboardPage.Person)] = person, [nameof(DashboardPage.Rows)] = rows,
            [nameof(DashboardPage.Charts)] = charts, [nameof(DashboardPage.Filter)] = filter,
            [nameof(DashboardPage.Query)] = Query(req), [nameof(DashboardPage.Now)] = clock.GetUtcNow(),
            [nameof(DashboardPage.MayReadStatistics)] = MayReadStatistics(person),
        });
    }

    [Function("WorkspaceChart")]
    public async Task<IActionResult> Chart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace/charts/{name}.svg")] HttpRequest req, string name, CancellationToken cancellationToken)
    {
        if (await sessions.PersonAsync(req, cancellationToken) is not { } person) return ApiResult.Problem(StatusCodes.Status401Unauthorized, "Sign in first.");
        var lang = Language(req, person);
        var charts = drawn.Find(person, lang, Query(req));
        if (charts is null)
        {
            var (open, overdue) = cases.ForCharts(await cases.ListAsync(person, Filter(req), cancellationToken));
            charts = WorkspaceCharts.Build(open, overdue, clock.GetUtcNow(), lang);
        }
        return charts.FirstOrDefault(c => c.Name == name) is { } chart ? Svg(chart) : ApiResult.NotFound();
    }

    /// <summary>The filter and language as asked, so each chart image draws the same cases as the page's table.</summary>
    private static string Query(HttpRequest req) => req.QueryString.Value?.TrimStart('?') ?? "";

    /// <summary>A chart as its own document: never cached, nothing in it may load or run.</summary>
    internal static ApiResult Svg(Chart chart) => new(StatusCodes.Status200OK, "image/svg+xml; charset=utf-8", chart.Svg, new Dictionary<string, string>
    {
        ["Cache-Control"] = "no-store", ["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'",
    });

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

    internal static string Language(HttpRequest req, WorkspacePerson person) =>
        Texts.Resolve(req.Query["lang"].ToString() is { Length: > 0 } asked ? asked : person.Language);

    internal static Task<ApiResult> SignInFirstAsync(HttpRequest req) =>
        PageRenderer.Detached.LinkPageAsync<SignInPage>(new Dictionary<string, object?>
        {
            [nameof(SignInPage.Lang)] = Texts.Resolve(req.Query["lang"].ToString() is { Length: > 0 } asked ? asked : Texts.FromAcceptLanguage(req.Headers.AcceptLanguage)),
        }, StatusCodes.Status401Unauthorized);
}
