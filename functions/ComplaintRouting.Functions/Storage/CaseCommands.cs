using ComplaintRouting.Cases;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.Storage;

/// <summary>What a command decided on a loaded case: the work its transition calls for, or a refusal.</summary>
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
/// schedule a re-drive for any new work, commit state + events + work in one ETag-guarded
/// transaction, then queue the work. When another actor commits first the command is decided
/// again on the fresh state, so exactly one of two racing actors wins and the other sees the
/// new state.
/// </summary>
public sealed partial class CaseCommands(CaseStore store, WorkQueues queues, DueIndex dueIndex, TimeProvider clock, ILogger<CaseCommands> logger)
{
    /// <summary>How long queued work may sit before the re-drive timer queues it again.</summary>
    public static readonly TimeSpan RedriveAfter = TimeSpan.FromMinutes(10);

    private const int MaxAttempts = 5;

    public async Task<CommandResult> ExecuteAsync(string reference, Func<StoredCase, DateTimeOffset, Decision> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.LoadAsync(reference, cancellationToken);
            if (stored is null) return new CommandResult(CommandStatus.NotFound, null, null);

            var now = clock.GetUtcNow();
            var decision = decide(stored, now);
            if (decision.Refusal is not null) return new CommandResult(CommandStatus.Refused, stored.Case.State, decision.Refusal);
            if (stored.Case.NewEvents.Count == 0 && decision.Work.Count == 0) return new CommandResult(CommandStatus.Done, stored.Case.State, null);

            try
            {
                if (decision.Work.Count > 0)
                    await dueIndex.ScheduleAsync(DueKind.Redrive, reference, now + RedriveAfter, cancellationToken);
                await store.CommitAsync(stored, decision.Work, cancellationToken);
            }
            catch (CaseConflictException) when (attempt < MaxAttempts)
            {
                LogConflict(reference, attempt);
                continue;
            }

            foreach (var @event in stored.Case.NewEvents) LogTransition(reference, @event.From?.ToString(), @event.To.ToString(), @event.Actor, @event.Reason);
            foreach (var work in decision.Work) await queues.MailAsync(reference, work.Id, cancellationToken);
            return new CommandResult(CommandStatus.Done, stored.Case.State, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference} changed concurrently (attempt {Attempt}); deciding again on fresh state.")]
    private partial void LogConflict(string reference, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference}: {From} -> {To} by {Actor} ({Reason}).")]
    private partial void LogTransition(string reference, string? from, string to, string actor, string? reason);
}
