using ComplaintRouting.Consequences;
using ComplaintRouting.Cases;
using ComplaintRouting.Deadlines;
using ComplaintRouting.Email;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Chasing;

/// <summary>
/// The chase: a timer sweep that reads only the due part of the chase index and queues each due
/// case, and a queue handler that applies <see cref="DeadlinePolicy"/> to one case — a reminder
/// per due point (its id names the point, so a second sweep, a late one or two at once add it
/// once), an escalation when the grace has run out, news to a complainant who has heard nothing.
/// </summary>
public sealed partial class ChaseHandler(
    CaseCommands commands, DueIndex dueIndex, WorkQueues queues, IOptions<DeadlineOptions> deadlines, TimeProvider clock, ILogger<ChaseHandler> logger)
{
    public const int MaxPerSweep = 1000;

    /// <summary>The timer's part: one index query, one queue message per due case.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var due = await dueIndex.DueAsync(DueKind.Chase, clock.GetUtcNow(), MaxPerSweep, cancellationToken);
        foreach (var entry in due) await queues.ChaseAsync(entry, cancellationToken);
        if (due.Count > 0) LogSwept(due.Count);
        return due.Count;
    }

    /// <summary>The queue's part: chase one case and drop the index entry that woke it.</summary>
    public async Task ChaseAsync(string message, CancellationToken cancellationToken)
    {
        if (WorkQueues.Split(message) is not var (reference, partition)) return;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CaseReference"] = reference });

        var settings = deadlines.Value.ToSettings();
        var result = await commands.ExecuteAsync(reference, (stored, now) =>
        {
            var report = DeadlinePolicy.Evaluate(stored.Case.State, settings, now);
            var work = new List<WorkItem>();
            if (report.Escalation is { } reason) stored.Case.Escalate(reason, Actors.Timer, now); // its mails follow from the policy
            foreach (var reminder in report.Reminders)
            {
                // Even without an address the complainant's silence counts as answered: the clock restarts.
                if (reminder.Target == ChaseTarget.Complainant) stored.Case.NoteNewsSent(now);
                if (ConsequencePolicy.Reminder(reminder, stored.Complaint.Complainant.Email is not null) is not { } step) continue;
                work.Add(WorkItem.For(step, now));
            }
            return Decision.Accept(work);
        }, cancellationToken);

        var current = result.State?.ChaseDue is { } next ? DueIndex.Partition(DueKind.Chase, next) : null;
        if (partition != current)
            await dueIndex.RemoveAsync(new DueEntry(DueKind.Chase, reference, default, partition, reference), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chase sweep queued {Count} due cases.")]
    private partial void LogSwept(int count);
}
