using ComplaintRouting.Cases;
using ComplaintRouting.Consequences;
using ComplaintRouting.Deadlines;
using ComplaintRouting.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Storage;

/// <summary>
/// What a command decided on a loaded case: a refusal, or acceptance with any mails that follow
/// what is not a transition (a reminder, a renewal); the mails of its transitions are added by
/// <see cref="CaseCommands"/> from <see cref="ConsequencePolicy"/>.
/// </summary>
public readonly record struct Decision(IReadOnlyList<WorkItem> Work, string? Refusal)
{
    public static Decision Refuse(string reason) => new([], reason);
    public static Decision Accept(params IReadOnlyList<WorkItem> work) => new(work, null);
    public static Decision From(CaseResult result, params IReadOnlyList<WorkItem> work) =>
        result.Succeeded ? Accept(work) : Refuse(result.Refusal!);
}

public enum CommandStatus
{
    Done,
    NotFound,
    Refused,
}

public sealed record CommandResult(CommandStatus Status, CaseState? State, string? Refusal);

/// <summary>
/// Runs one command on one case the safe way: load the partition, let the aggregate decide,
/// schedule a re-drive for any new work or change to the open-cases summary, commit state + events
/// + work in one ETag-guarded transaction, then queue the work and bring the summary in step. When
/// another actor commits first the command is decided again on the fresh state, so exactly one of
/// two racing actors wins and the other sees the new state.
/// </summary>
public sealed partial class CaseCommands(
    CaseStore store, WorkQueues queues, DueIndex dueIndex, OpenCases openCases, IOptions<DeadlineOptions> deadlines, IOptions<RetentionOptions> retention,
    IOptions<ScheduleOptions> schedules, TimeProvider clock, ILogger<CaseCommands> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>An entry due sooner than this may already be met by a timer on an instance whose clock runs ahead.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(1);

    public Task<CommandResult> ExecuteAsync(string reference, Func<StoredCase, DateTimeOffset, Decision> decide, CancellationToken cancellationToken) =>
        ExecuteAsync(reference, null, decide, cancellationToken);

    /// <summary>Decides first on a case the caller has just loaded (no second read); a conflict reloads it.</summary>
    public Task<CommandResult> ExecuteAsync(StoredCase loaded, Func<StoredCase, DateTimeOffset, Decision> decide, CancellationToken cancellationToken) =>
        ExecuteAsync(loaded.Reference, loaded, decide, cancellationToken);

    private async Task<CommandResult> ExecuteAsync(string reference, StoredCase? loaded, Func<StoredCase, DateTimeOffset, Decision> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = attempt == 1 && loaded is not null ? loaded : await store.LoadAsync(reference, cancellationToken);
            if (stored is null) return new CommandResult(CommandStatus.NotFound, null, null);

            var now = clock.GetUtcNow();
            var before = stored.Case.State;
            var decision = decide(stored, now);
            if (decision.Refusal is not null) return new CommandResult(CommandStatus.Refused, stored.Case.State, decision.Refusal);
            // A step already recorded (the same occasion met again) is never recorded twice.
            decision = decision with { Work = [.. decision.Work.Concat(TransitionMails(stored, now)).Where(item => stored.Work.All(w => w.Id != item.Id))] };

            // The next deadline point of the new state: the chase index must wake the case then.
            var nextChase = DeadlinePolicy.Evaluate(stored.Case.State, deadlines.Value.ToSettings(), now).Next;
            stored.Case.NoteChaseDue(nextChase);
            if (stored.Case.State == before && decision.Work.Count == 0) return new CommandResult(CommandStatus.Done, stored.Case.State, null);
            // The summary is written after the commit; a crash between the two leaves it behind, so the change is guarded like work.
            var summaryChanges = openCases.Changes(before, stored.Case.State);
            // New work or a summary change needs a re-drive entry, unless the case's entry still lies well ahead (intake's, minutes before routing).
            if ((decision.Work.Count > 0 || summaryChanges) && !(before.RedriveDue > now + ClockMargin)) stored.Case.NoteRedriveDue(now + schedules.Value.RedriveAfter);

            long revision;
            try
            {
                // Index entries first (side by side): a crash after them leaves an entry to a case that will be met and dropped.
                var entries = new List<Task>(3);
                if (stored.Case.State.RedriveDue is { } redrive && redrive != before.RedriveDue)
                    entries.Add(dueIndex.ScheduleAsync(DueKind.Redrive, reference, redrive, cancellationToken));
                if (nextChase is { } due && nextChase != before.ChaseDue)
                    entries.Add(dueIndex.ScheduleAsync(DueKind.Chase, reference, due, cancellationToken));
                if (stored.Case.State.ClosedAt is { } closed && closed != before.ClosedAt)
                    entries.Add(dueIndex.ScheduleAsync(DueKind.Retention, reference, closed + retention.Value.For(stored.Case.Status), cancellationToken));
                await Task.WhenAll(entries);
                revision = await store.CommitAsync(stored, decision.Work, cancellationToken);
            }
            catch (CaseConflictException) when (attempt < MaxAttempts)
            {
                LogConflict(reference, attempt);
                continue;
            }

            foreach (var @event in stored.Case.NewEvents) LogTransition(reference, @event.From?.ToString(), @event.To.ToString(), @event.Actor, @event.Reason);
            var after = new List<Task>(3);
            if (before.ChaseDue is { } old && old != nextChase && DueIndex.Partition(DueKind.Chase, old) != (nextChase is { } n ? DueIndex.Partition(DueKind.Chase, n) : null))
                after.Add(dueIndex.RemoveAsync(DueKind.Chase, reference, old, cancellationToken));
            if (decision.Work.Count > 0) after.Add(queues.MailAsync(reference, cancellationToken));
            // Logged, not thrown, when it fails: the re-drive entry above rewrites it from the case.
            if (summaryChanges) after.Add(openCases.TrySyncAsync(stored.Case.State, revision, cancellationToken));
            await Task.WhenAll(after);
            return new CommandResult(CommandStatus.Done, stored.Case.State, null);
        }
    }

    /// <summary>What the policy says must follow each transition this command made.</summary>
    private static IEnumerable<WorkItem> TransitionMails(StoredCase stored, DateTimeOffset now)
    {
        if (stored.Case.NewEvents.Count == 0) return [];
        var reachable = stored.Complaint.Complainant.Email is not null;
        return stored.Case.NewEvents
            .SelectMany(e => ConsequencePolicy.AfterTransition(e, stored.Case.State, reachable))
            .Select(step => WorkItem.For(step, now));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference} changed concurrently (attempt {Attempt}); deciding again on fresh state.")]
    private partial void LogConflict(string reference, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference}: {From} -> {To} by {Actor} ({Reason}).")]
    private partial void LogTransition(string reference, string? from, string to, string actor, string? reason);
}
