using ComplaintRouting.Cases;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Redrive;

/// <summary>
/// Re-queues work that was stored but never finished: a case left in <c>received</c> (the process
/// died between storing and queueing) or a mail step still pending, or claimed by a sender that
/// died; and rewrites the case's row in the open-cases summary from the case, in case the write
/// after its last commit was lost. It reads only the due part of the index, so its cost follows
/// what is stuck, not what is stored; it reschedules a case until nothing of it is left pending.
/// Its first run on an instance also builds the summary if it never was (<see cref="OpenCases.EnsureBuiltAsync"/>).
/// </summary>
public sealed partial class RedriveHandler(CaseStore store, DueIndex dueIndex, WorkQueues queues, OpenCases openCases, IOptions<ScheduleOptions> schedules, TimeProvider clock, ILogger<RedriveHandler> logger)
{
    public const int MaxPerRun = 500;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var requeued = 0;
        await openCases.EnsureBuiltAsync(cancellationToken);
        var repaired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in await dueIndex.DueAsync(DueKind.Redrive, now, MaxPerRun, cancellationToken))
        {
            var stored = await store.LoadAsync(entry.Reference, cancellationToken);
            // Every commit that changed the summary left an entry (or had one ahead): this one brings the row in step
            // (once a run per case: a later entry of the same case would load the same state).
            if (stored is not null && repaired.Add(entry.Reference)) await openCases.RepairAsync(stored, cancellationToken);
            var unrouted = stored?.Case.Status == CaseStatus.Received;
            if (unrouted)
            {
                requeued++;
                await queues.RouteAsync(entry.Reference, cancellationToken);
            }
            if (stored?.Work.Any(w => w.IsStalled(now)) == true)
            {
                requeued++;
                await queues.MailAsync(entry.Reference, cancellationToken);
            }
            // Look again later while anything is unfinished. (A delay under a minute lands the new entry on
            // this very key; removing the entry as read then leaves the rewritten one alone.)
            if (unrouted || stored?.Work.Any(w => !w.IsDone) == true)
                await dueIndex.ScheduleAsync(DueKind.Redrive, entry.Reference, now + schedules.Value.RedriveAfter, cancellationToken);
            await dueIndex.RemoveAsync(entry, cancellationToken);
        }
        if (requeued > 0) LogRequeued(requeued);
        return requeued;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-drive queued the stuck work of cases again ({Count} messages).")]
    private partial void LogRequeued(int count);
}
