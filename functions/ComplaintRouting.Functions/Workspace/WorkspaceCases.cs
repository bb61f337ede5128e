using ComplaintRouting.Cases;
using ComplaintRouting.Deadlines;
using ComplaintRouting.Options;
using ComplaintRouting.Parties;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Workspace;

/// <summary>A row of the dashboard: an open case as the summary holds it, with what is overdue now.</summary>
public sealed record DashboardRow(OpenCase Case, DateTimeOffset? StepDueAt, IReadOnlyList<Overdue> Overdue);

/// <summary>What the dashboard may filter by (SPEC §11): a status, urgent cases, overdue cases.</summary>
public sealed record DashboardFilter(CaseStatus? Status, bool UrgentOnly, bool OverdueOnly);

/// <summary>
/// The open cases a signed-in person sees (<see cref="PartyRules.SeesInWorkspace"/>), read from the
/// open-cases summary — one query however many cases are stored — with each step's deadline and
/// what is overdue, from the same <see cref="DeadlinePolicy"/> the chase timer applies.
/// </summary>
public sealed class WorkspaceCases(OpenCases summary, IOptions<DeadlineOptions> deadlines, TimeProvider clock)
{
    public async Task<IReadOnlyList<DashboardRow>> ListAsync(WorkspacePerson person, DashboardFilter filter, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = deadlines.Value.ToSettings();
        return (await summary.ListAsync(cancellationToken))
            .Where(c => PartyRules.SeesInWorkspace(person.Seat, c.Status, c.ChairConflict, c.Assigned))
            .Select(c => new DashboardRow(c, StepDue(c, settings), DeadlinePolicy.Evaluate(c.AsState(), settings, now).Overdue))
            .Where(r => (filter.Status is null || r.Case.Status == filter.Status) && (!filter.UrgentOnly || r.Case.Urgent) && (!filter.OverdueOnly || r.Overdue.Count > 0))
            .OrderByDescending(r => r.Overdue.Count > 0).ThenByDescending(r => r.Case.Urgent).ThenBy(r => r.Case.ReceivedAt)
            .ToList();
    }

    /// <summary>The rows as the charts take them; the overdue chart counts, per month of the last year, the steps that fell overdue then.</summary>
    public (IReadOnlyList<OpenCaseSummary> Open, IReadOnlyList<(DateOnly Month, int Overdue)> OverdueByMonth) ForCharts(IReadOnlyList<DashboardRow> rows)
    {
        var now = clock.GetUtcNow();
        var first = new DateOnly(now.Year, now.Month, 1).AddMonths(-11);
        var months = Enumerable.Range(0, 12).Select(first.AddMonths).ToList();
        var fell = rows.SelectMany(r => r.Overdue).Select(o => new DateOnly(o.Deadline.Year, o.Deadline.Month, 1)).ToList();
        return (
            rows.Select(r => new OpenCaseSummary(r.Case.Reference, r.Case.Status, r.Case.ReceivedAt, r.Case.StatusSince, r.StepDueAt, r.Case.Urgent)).ToList(),
            months.Select(m => (m, fell.Count(f => f == m))).ToList());
    }

    /// <summary>When the step a case is in is due (SPEC §4), or null when none runs (being routed, decided within its appeal window).</summary>
    public static DateTimeOffset? StepDue(OpenCase c, DeadlineSettings s) => c.Status switch
    {
        CaseStatus.ReferredToNational => c.StatusSince + s.NationalAcknowledge,
        CaseStatus.UnderNationalReview => (c.ReferredAt ?? c.StatusSince) + s.NationalOutcome,
        CaseStatus.EscalatedToCommittee => c.StatusSince + s.CommitteeAcknowledge,
        CaseStatus.UnderCommitteeReview => c.StatusSince + s.Recommendation,
        CaseStatus.AwaitingDecision => c.StatusSince + s.Decision,
        CaseStatus.UnderAppeal => c.StatusSince + s.AppealDecision,
        _ => null,
    };
}
