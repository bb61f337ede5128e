using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Storage;

/// <summary>
/// One open case as the summary holds it: where it stands and since when, what is due, who has it —
/// no personal data (no names, no text, no addresses). The digest and the workspace read these rows
/// instead of loading every case. <see cref="Revision"/> is the case row's commit count: a row is only
/// ever replaced by one of a higher revision.
/// </summary>
public sealed record OpenCase
{
    public required string Reference { get; init; }
    public required CaseStatus Status { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the case entered its current status (the step it is in started).</summary>
    public required DateTimeOffset StatusSince { get; init; }

    /// <summary>The next deadline point the chase index wakes the case at (<see cref="CaseState.ChaseDue"/>).</summary>
    public DateTimeOffset? NextDue { get; init; }

    public bool Urgent { get; init; }
    public bool ChairConflict { get; init; }
    public EscalationReason? EscalationReason { get; init; }
    public IReadOnlyList<string> Assigned { get; init; } = [];
    public IReadOnlyList<string> Recused { get; init; } = [];
    public string? NationalOrganizationId { get; init; }

    // When each step started: every deadline counts from one of these (DeadlinePolicy).
    public DateTimeOffset? ReferredAt { get; init; }
    public DateTimeOffset? NationalAcknowledgedAt { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }
    public DateTimeOffset? CommitteeAcknowledgedAt { get; init; }
    public DateTimeOffset? RecommendedAt { get; init; }
    public DateTimeOffset? AppealedAt { get; init; }
    public DateTimeOffset? LastNewsAt { get; init; }

    public DateTimeOffset? RespondentNotifiedAt { get; init; }
    public DateTimeOffset? RespondentRepliedAt { get; init; }

    /// <summary>When the member's reply is due (<c>Deadlines__RespondentReply</c> as it was when the row was written).</summary>
    public DateTimeOffset? ReplyDue { get; init; }

    public bool HasRecommendation { get; init; }
    public bool HasDecision { get; init; }

    /// <summary>The sequence of the case's last event.</summary>
    public int LastEvent { get; init; }

    /// <summary>The case row's commit count when this row was written (the order of summaries).</summary>
    public long Revision { get; init; }

    public static OpenCase Of(CaseState state, long revision, TimeSpan replyWindow) => new()
    {
        Reference = state.Reference,
        Status = state.Status,
        ReceivedAt = state.ReceivedAt,
        UpdatedAt = state.UpdatedAt,
        StatusSince = StatusSinceOf(state),
        NextDue = state.ChaseDue,
        Urgent = state.Urgent,
        ChairConflict = state.ChairConflict,
        EscalationReason = state.EscalationReason,
        Assigned = state.Assigned,
        Recused = state.Recused,
        NationalOrganizationId = state.NationalOrganizationId,
        ReferredAt = state.ReferredAt,
        NationalAcknowledgedAt = state.NationalAcknowledgedAt,
        EscalatedAt = state.EscalatedAt,
        CommitteeAcknowledgedAt = state.CommitteeAcknowledgedAt,
        RecommendedAt = state.RecommendedAt,
        AppealedAt = state.AppealedAt,
        LastNewsAt = state.LastNewsAt,
        RespondentNotifiedAt = state.RespondentNotifiedAt,
        RespondentRepliedAt = state.RespondentRepliedAt,
        ReplyDue = state.ReplyDue(replyWindow),
        HasRecommendation = state.Recommendation is not null,
        HasDecision = state.Decision is not null,
        LastEvent = state.LastEvent,
        Revision = revision,
    };

    /// <summary>When the case entered its status: each status records the time of the step that led to it.</summary>
    public static DateTimeOffset StatusSinceOf(CaseState state) => state.Status switch
    {
        CaseStatus.Received => state.ReceivedAt,
        CaseStatus.ReferredToNational => state.ReferredAt,
        CaseStatus.UnderNationalReview => state.NationalAcknowledgedAt,
        CaseStatus.EscalatedToCommittee => state.EscalatedAt,
        CaseStatus.UnderCommitteeReview => state.CommitteeAcknowledgedAt,
        CaseStatus.AwaitingDecision => state.RecommendedAt,
        CaseStatus.UnderAppeal => state.AppealedAt,
        CaseStatus.Decided => state.DecidedAt,
        _ => state.ClosedAt,
    } ?? state.UpdatedAt;

    /// <summary>
    /// A case state carrying what the summary knows — status, dates, deadline starts, conflict,
    /// escalation reason, the committee's members — for <see cref="Deadlines.DeadlinePolicy"/> and the
    /// digest. Everything else (the texts, the verdicts themselves, the respondent) is left empty.
    /// </summary>
    public CaseState AsState() => new()
    {
        Reference = Reference,
        Status = Status,
        ReceivedAt = ReceivedAt,
        UpdatedAt = UpdatedAt,
        LastEvent = LastEvent,
        Urgent = Urgent,
        ChairConflict = ChairConflict,
        NationalOrganizationId = NationalOrganizationId,
        ReferredAt = ReferredAt,
        NationalAcknowledgedAt = NationalAcknowledgedAt,
        EscalationReason = EscalationReason,
        EscalatedAt = EscalatedAt,
        CommitteeAcknowledgedAt = CommitteeAcknowledgedAt,
        RecommendedAt = RecommendedAt,
        Assigned = Assigned,
        Recused = Recused,
        RespondentNotifiedAt = RespondentNotifiedAt,
        RespondentRepliedAt = RespondentRepliedAt,
        AppealedAt = AppealedAt,
        LastNewsAt = LastNewsAt,
        ChaseDue = NextDue,
    };

    /// <summary>The same summary apart from the revision it was written at.</summary>
    public bool SameAs(OpenCase other) =>
        this with { Assigned = [], Recused = [], Revision = 0 } == other with { Assigned = [], Recused = [], Revision = 0 }
        && Assigned.SequenceEqual(other.Assigned) && Recused.SequenceEqual(other.Recused);
}

/// <summary>
/// The open-cases summary (table <c>OpenCases</c>): one row per open case in one partition, so the
/// whole list is one query of pages of 1,000 however many cases are stored. Writers keep it in step
/// after each commit (<see cref="CaseCommands"/>, intake); a re-drive entry guards every commit whose
/// summary write could be lost, and the re-drive rewrites the row from the case when it meets it
/// (<see cref="RepairAsync"/>). Rows are ordered by the case's revision: a row is only replaced by a
/// higher one, and a case that closes leaves a tombstone at its revision, so an older "open" write
/// arriving late cannot bring it back; the re-drive deletes the tombstone. docs/decisions.md, "The
/// open-cases summary".
/// </summary>
public sealed partial class OpenCases(TableServiceClient tables, CaseStore store, IOptions<DeadlineOptions> deadlines, TimeProvider clock, ILogger<OpenCases> logger)
{
    public const string TableName = "OpenCases";
    private const string Open = "open";
    private const string Meta = "meta";
    private const string BuiltRow = "built";
    private const int MaxAttempts = 5;

    private readonly TableClient _table = tables.GetTableClient(TableName);
    private readonly SemaphoreSlim _building = new(1, 1);
    private volatile bool _built;

    public TableClient Table => _table;

    /// <summary>Every open case: one query of the summary's partition (pages of 1,000), built first if it never was.</summary>
    public async Task<IReadOnlyList<OpenCase>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureBuiltAsync(cancellationToken);
        var rows = new List<OpenCase>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Open, maxPerPage: 1000, cancellationToken: cancellationToken))
            if (Read(row) is { } open) rows.Add(open);
        return rows;
    }

    /// <summary>The row as a summary should be written for this case state at this revision.</summary>
    public OpenCase Project(CaseState state, long revision) => OpenCase.Of(state, revision, deadlines.Value.RespondentReply);

    /// <summary>Whether a command that turned <paramref name="before"/> into <paramref name="after"/> changes the summary.</summary>
    public bool Changes(CaseState before, CaseState after)
    {
        var wasOpen = CaseLifecycle.IsOpen(before.Status);
        var isOpen = CaseLifecycle.IsOpen(after.Status);
        return wasOpen != isOpen || (isOpen && !Project(before, 0).SameAs(Project(after, 0)));
    }

    /// <summary>Writes the row of an open case, unless a row of the same or a higher revision is there.</summary>
    public Task UpsertAsync(CaseState state, long revision, CancellationToken cancellationToken) =>
        WriteAsync(state.Reference, revision, Project(state, revision), cancellationToken);

    /// <summary>Replaces the row of a case that is no longer open by a tombstone at its revision (unless a higher one is there).</summary>
    public Task RemoveAsync(string reference, long revision, CancellationToken cancellationToken) =>
        WriteAsync(reference, revision, null, cancellationToken);

    /// <summary>Upsert or remove, as the case's status says (the digest's meaning of open: <see cref="CaseLifecycle.IsOpen"/>).</summary>
    public Task SyncAsync(CaseState state, long revision, CancellationToken cancellationToken) =>
        CaseLifecycle.IsOpen(state.Status) ? UpsertAsync(state, revision, cancellationToken) : RemoveAsync(state.Reference, revision, cancellationToken);

    /// <summary>
    /// The writers' call after a commit: a failure is logged, not thrown — the commit is done and a
    /// re-drive entry guards it, so the re-drive rewrites the row.
    /// </summary>
    public async Task TrySyncAsync(CaseState state, long revision, CancellationToken cancellationToken)
    {
        try
        {
            await SyncAsync(state, revision, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            LogSyncFailed(state.Reference, ex.Message);
        }
    }

    /// <summary>
    /// Intake's call for a case it has just stored (revision 1): one insert; a row already there (a
    /// replay of the same submission) falls back to the revision check. Logged, not thrown, like
    /// <see cref="TrySyncAsync"/>: intake's re-drive entry guards the case.
    /// </summary>
    public async Task TryAddAsync(CaseState state, long revision, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await _table.AddEntityAsync(Entity(Project(state, revision)), cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                await UpsertAsync(state, revision, cancellationToken);
            }
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            LogSyncFailed(state.Reference, ex.Message);
        }
    }

    /// <summary>
    /// The re-drive's part: makes the row say what the case as loaded says, and drops the tombstone of
    /// a closed case (its closing commit's summary is then settled).
    /// </summary>
    public async Task RepairAsync(StoredCase stored, CancellationToken cancellationToken)
    {
        if (CaseLifecycle.IsOpen(stored.Case.Status))
        {
            await UpsertAsync(stored.Case.State, stored.Revision, cancellationToken);
            return;
        }
        // Closed as loaded: its row (a tombstone, or an open row left behind) goes, unless a newer write reopened it since.
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Open, stored.Reference, cancellationToken: cancellationToken);
        if (!row.HasValue || (row.Value!.GetInt64("Revision") ?? 0) > stored.Revision) return;
        try
        {
            await _table.DeleteEntityAsync(Open, stored.Reference, row.Value.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Rewritten since (an appeal reopened the case) or deleted by another run.
        }
    }

    /// <summary>
    /// Builds the summary from the cases once: deployments from before it have cases but no rows. The
    /// first list or re-drive run of each instance reads the marker (one point read); without it, the
    /// open cases are read (one query of case rows) and each gets a row unless one is there already
    /// (a live writer's, which is newer or guarded). Idempotent: a crash before the marker builds again.
    /// </summary>
    public async Task EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        if (_built) return;
        await _building.WaitAsync(cancellationToken);
        try
        {
            if (_built) return;
            if (!(await _table.GetEntityIfExistsAsync<TableEntity>(Meta, BuiltRow, cancellationToken: cancellationToken)).HasValue)
            {
                var rows = await RebuildAsync(cancellationToken);
                await _table.UpsertEntityAsync(new TableEntity(Meta, BuiltRow) { ["BuiltAt"] = clock.GetUtcNow(), ["Rows"] = rows }, TableUpdateMode.Replace, cancellationToken);
                LogBuilt(rows);
            }
            _built = true;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>Adds a row for every open case that has none; returns how many cases were open.</summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await Parallel.ForEachAsync(store.OpenStatesAsync(cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (open, token) =>
            {
                Interlocked.Increment(ref count);
                try
                {
                    await _table.AddEntityAsync(Entity(Project(open.State, open.Revision)), token);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    // A writer since the upgrade was first: its row is as new, or its commit is guarded by a re-drive entry.
                }
            });
        return count;
    }

    private async Task WriteAsync(string reference, long revision, OpenCase? open, CancellationToken cancellationToken)
    {
        var entity = open is null ? Tombstone(reference, revision) : Entity(open);
        for (var attempt = 1; ; attempt++)
        {
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(Open, reference, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    await _table.AddEntityAsync(entity, cancellationToken);
                    return;
                }
                var row = current.Value!;
                if ((row.GetInt64("Revision") ?? 0) >= revision) return; // as new or newer already
                if (open is null ? row.GetBoolean("Open") == false : Read(row) is { } stored && stored.SameAs(open)) return; // says the same
                await _table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is (409 or 412 or 404) && attempt < MaxAttempts)
            {
                // Another writer came between the read and the write: read again and compare revisions.
            }
        }
    }

    private static TableEntity Tombstone(string reference, long revision) =>
        new(Open, reference) { ["Open"] = false, ["Revision"] = revision };

    private static TableEntity Entity(OpenCase c) => new(Open, c.Reference)
    {
        ["Open"] = true,
        ["Revision"] = c.Revision,
        ["LastEvent"] = c.LastEvent,
        ["Status"] = c.Status.ToApi(),
        ["ReceivedAt"] = c.ReceivedAt,
        ["UpdatedAt"] = c.UpdatedAt,
        ["StatusSince"] = c.StatusSince,
        ["NextDue"] = c.NextDue,
        ["Urgent"] = c.Urgent,
        ["ChairConflict"] = c.ChairConflict,
        ["EscalationReason"] = c.EscalationReason?.ToApi(),
        ["Assigned"] = JsonSerializer.Serialize(c.Assigned),
        ["Recused"] = JsonSerializer.Serialize(c.Recused),
        ["NationalOrganizationId"] = c.NationalOrganizationId,
        ["ReferredAt"] = c.ReferredAt,
        ["NationalAcknowledgedAt"] = c.NationalAcknowledgedAt,
        ["EscalatedAt"] = c.EscalatedAt,
        ["CommitteeAcknowledgedAt"] = c.CommitteeAcknowledgedAt,
        ["RecommendedAt"] = c.RecommendedAt,
        ["AppealedAt"] = c.AppealedAt,
        ["LastNewsAt"] = c.LastNewsAt,
        ["RespondentNotifiedAt"] = c.RespondentNotifiedAt,
        ["RespondentRepliedAt"] = c.RespondentRepliedAt,
        ["ReplyDue"] = c.ReplyDue,
        ["HasRecommendation"] = c.HasRecommendation,
        ["HasDecision"] = c.HasDecision,
    };

    /// <summary>The summary a row holds; null for a tombstone.</summary>
    private static OpenCase? Read(TableEntity row)
    {
        if (row.GetBoolean("Open") != true) return null;
        return new OpenCase
        {
            Reference = row.RowKey,
            Revision = row.GetInt64("Revision") ?? 0,
            LastEvent = row.GetInt32("LastEvent") ?? 0,
            Status = ApiNames<CaseStatus>.Parse(row.GetString("Status")),
            ReceivedAt = row.GetDateTimeOffset("ReceivedAt")!.Value,
            UpdatedAt = row.GetDateTimeOffset("UpdatedAt")!.Value,
            StatusSince = row.GetDateTimeOffset("StatusSince")!.Value,
            NextDue = row.GetDateTimeOffset("NextDue"),
            Urgent = row.GetBoolean("Urgent") ?? false,
            ChairConflict = row.GetBoolean("ChairConflict") ?? false,
            EscalationReason = row.GetString("EscalationReason") is { } reason ? ApiNames<EscalationReason>.Parse(reason) : null,
            Assigned = Ids(row.GetString("Assigned")),
            Recused = Ids(row.GetString("Recused")),
            NationalOrganizationId = row.GetString("NationalOrganizationId"),
            ReferredAt = row.GetDateTimeOffset("ReferredAt"),
            NationalAcknowledgedAt = row.GetDateTimeOffset("NationalAcknowledgedAt"),
            EscalatedAt = row.GetDateTimeOffset("EscalatedAt"),
            CommitteeAcknowledgedAt = row.GetDateTimeOffset("CommitteeAcknowledgedAt"),
            RecommendedAt = row.GetDateTimeOffset("RecommendedAt"),
            AppealedAt = row.GetDateTimeOffset("AppealedAt"),
            LastNewsAt = row.GetDateTimeOffset("LastNewsAt"),
            RespondentNotifiedAt = row.GetDateTimeOffset("RespondentNotifiedAt"),
            RespondentRepliedAt = row.GetDateTimeOffset("RespondentRepliedAt"),
            ReplyDue = row.GetDateTimeOffset("ReplyDue"),
            HasRecommendation = row.GetBoolean("HasRecommendation") ?? false,
            HasDecision = row.GetBoolean("HasDecision") ?? false,
        };
    }

    private static IReadOnlyList<string> Ids(string? json) => json is { Length: > 0 } ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the open-cases summary of case {Reference} ({Error}); the re-drive timer will.")]
    private partial void LogSyncFailed(string reference, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Open-cases summary built from the stored cases ({Rows} open).")]
    private partial void LogBuilt(int rows);
}
