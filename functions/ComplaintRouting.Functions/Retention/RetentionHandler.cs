using ComplaintRouting.Delivery;
using ComplaintRouting.Intake;
using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.Retention;

/// <summary>
/// Erases the personal data of closed cases — the complaint, its evidence files, notes and messages — once <c>Retention__DecidedCases</c> or
/// <c>Retention__Withdrawn</c> has run from their closing (the entry is written when a case
/// closes), keeping the non-identifying event skeleton for statistics. The same sweep forgets
/// idempotency keys past their replay window, delivery failures older than
/// <see cref="DeliveryFailuresKept"/> (each holds an address) and flood-control counters.
/// </summary>
public sealed partial class RetentionHandler(CaseStore store, Evidence.AttachmentStore attachments, DueIndex dueIndex, IdempotencyKeys keys, DeliveryFailureLog failures,
    FloodControl.SharedCounters counters, Workspace.WorkspaceSessions sessions, Microsoft.Extensions.Options.IOptions<Options.RetentionOptions> retention, TimeProvider clock, ILogger<RetentionHandler> logger)
{
    public static readonly TimeSpan DeliveryFailuresKept = TimeSpan.FromDays(30);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var erased = 0;
        foreach (var entry in await dueIndex.DueAsync(DueKind.Retention, now, 1000, cancellationToken))
        {
            var (wasErased, later) = await store.EraseAsync(entry.Reference, now, s => s.ClosedAt + retention.Value.For(s.Status),
                ct => attachments.DeleteCaseAsync(entry.Reference, ct), cancellationToken);
            if (later is { } due) await dueIndex.ScheduleAsync(DueKind.Retention, entry.Reference, due, cancellationToken);
            if (wasErased)
            {
                erased++;
                LogErased(entry.Reference);
            }
            await dueIndex.RemoveAsync(entry, cancellationToken);
        }
        await keys.PruneAsync(cancellationToken);
        await failures.PruneAsync(now - DeliveryFailuresKept, cancellationToken);
        await counters.PruneAsync(now - TimeSpan.FromDays(2), cancellationToken); // the longest window is a day
        await sessions.PruneAsync(cancellationToken);
        return erased;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference}: personal data erased after its retention period.")]
    private partial void LogErased(string reference);
}

/// <summary>Timer: daily at 03:15 UTC (retention is counted in years; a fixed daily sweep is enough).</summary>
public sealed class RetentionFunction(RetentionHandler handler)
{
    [Function("Retention")]
    public Task Run([TimerTrigger("0 15 3 * * *")] TimerInfo timer, CancellationToken cancellationToken) => handler.RunAsync(cancellationToken);
}
