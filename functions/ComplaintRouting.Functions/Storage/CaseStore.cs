using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ComplaintRouting.Cases;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.Intake;
using ComplaintRouting.FloodControl;

namespace ComplaintRouting.Storage;

/// <summary>Another actor changed the case first; reload and decide again.</summary>
public sealed class CaseConflictException(string reference) : Exception($"Case {reference} was changed concurrently.");

/// <summary>
/// Table Storage for cases: one partition per case holding the case row, its events and its work
/// rows, so that a transition, its event and its follow-up work commit in one entity-group
/// transaction guarded by the case row's ETag. Personal data is sealed (<see cref="Sealer"/>).
/// </summary>
public sealed class CaseStore(TableServiceClient tables, Sealer sealer)
{
    public const string TableName = "Cases";
    private const string CaseRow = "case";
    private const string EventPrefix = "evt-";
    private const string WorkPrefix = "work-";
    private const string NotePrefix = "note-";
    private const string MessagePrefix = "msg-";
    private const int ChunkBytes = 60_000; // a binary property holds at most 64 KiB

    /// <summary>The revision of a case row as intake stores it; each commit adds one.</summary>
    public const long CreatedRevision = 1;

    private readonly TableClient _table = tables.GetTableClient(TableName);

    public TableClient Table => _table;

    public async Task<StoredCase?> LoadAsync(string reference, CancellationToken cancellationToken)
    {
        TableEntity? caseRow = null;
        var events = new List<CaseEvent>();
        var work = new List<WorkItem>();
        var notes = new List<TableEntity>();
        var messages = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == reference, cancellationToken: cancellationToken))
        {
            if (row.RowKey == CaseRow) caseRow = row;
            else if (row.RowKey.StartsWith(EventPrefix, StringComparison.Ordinal)) events.Add(ReadEvent(row));
            else if (row.RowKey.StartsWith(WorkPrefix, StringComparison.Ordinal)) work.Add(ReadWork(row));
            else if (row.RowKey.StartsWith(NotePrefix, StringComparison.Ordinal)) notes.Add(row);
            else if (row.RowKey.StartsWith(MessagePrefix, StringComparison.Ordinal)) messages.Add(row);
        }
        if (caseRow is null) return null;

        var state = JsonSerializer.Deserialize<CaseState>(Unseal(caseRow, "State"), StorageJson.Options)!;
        var erased = caseRow.GetDateTimeOffset("ErasedAt") is not null;
        return new StoredCase(new Case(state), caseRow.ETag, events, work,
            caseRow.GetBinary("FollowUpSalt") ?? [], caseRow.GetBinary("FollowUpHash") ?? [],
            () => erased ? ErasedComplaint : JsonSerializer.Deserialize<Complaint>(Unseal(caseRow, "Complaint"), StorageJson.Options)!,
            () => [.. notes.Select(ReadNote)],
            () => [.. messages.Select(ReadMessage)]) { Revision = RevisionOf(caseRow) };
    }

    /// <summary>
    /// The state of every case that is still open (<see cref="CaseLifecycle.IsOpen"/>) with its revision:
    /// one cross-partition query of case rows, pages of 1,000, reading the sealed state but not the complaint.
    /// For the one-time build of the open-cases summary (<see cref="OpenCases"/>).
    /// </summary>
    public async IAsyncEnumerable<(CaseState State, long Revision)> OpenStatesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int selectedChunks = 8;
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {CaseRow} and Status ne {CaseStatus.Decided.ToApi()} and Status ne {CaseStatus.Withdrawn.ToApi()}");
        string[] select = ["PartitionKey", "RowKey", "Status", "Revision", "StateChunks", .. Enumerable.Range(0, selectedChunks).Select(i => $"State{i}")];
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: select, cancellationToken: cancellationToken))
        {
            if ((row.GetInt32("StateChunks") ?? 0) > selectedChunks)
            {
                if (await LoadAsync(row.PartitionKey, cancellationToken) is { } whole) yield return (whole.Case.State, whole.Revision);
                continue;
            }
            yield return (JsonSerializer.Deserialize<CaseState>(Unseal(row, "State"), StorageJson.Options)!, RevisionOf(row));
        }
    }

    /// <summary>How many times the case row was committed (0 for a row from before revisions were counted).</summary>
    private static long RevisionOf(TableEntity caseRow) => caseRow.GetInt64("Revision") ?? 0;

    /// <summary>Stores a new case with its first event. False when the reference is taken.</summary>
    public async Task<bool> CreateAsync(Case @case, Complaint complaint, byte[] followUpSalt, byte[] followUpHash, CancellationToken cancellationToken)
    {
        var row = CaseEntity(@case.State, CreatedRevision);
        row["FollowUpSalt"] = followUpSalt;
        row["FollowUpHash"] = followUpHash;
        Seal(row, "Complaint", JsonSerializer.Serialize(complaint, StorageJson.Options));

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, row) };
        actions.AddRange(@case.NewEvents.Select(e => new TableTransactionAction(TableTransactionActionType.Add, EventEntity(@case.State.Reference, e))));
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Commits the case's new state and events and the new work rows in one transaction, only if
    /// nobody changed the case since it was loaded. Returns the case row's new revision (its commit
    /// count, one more than the loaded one: the ETag condition makes revisions of a case strictly ordered).
    /// </summary>
    public async Task<long> CommitAsync(StoredCase stored, IReadOnlyCollection<WorkItem> newWork, CancellationToken cancellationToken)
    {
        var reference = stored.Reference;
        var revision = stored.Revision + 1;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, CaseEntity(stored.Case.State, revision), stored.ETag),
        };
        actions.AddRange(stored.Case.NewEvents.Select(e => new TableTransactionAction(TableTransactionActionType.Add, EventEntity(reference, e))));
        actions.AddRange(newWork.Select(w => new TableTransactionAction(TableTransactionActionType.Add, WorkEntity(reference, w))));
        actions.AddRange(stored.Case.NewNotes.Select(n => new TableTransactionAction(TableTransactionActionType.Add, NoteEntity(reference, n))));
        actions.AddRange(stored.Case.NewMessages.Select(m => new TableTransactionAction(TableTransactionActionType.Add, MessageEntity(reference, m))));
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return revision;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            throw new CaseConflictException(reference);
        }
    }

    /// <summary>Takes a work item for sending until <paramref name="until"/>; false when someone else changed it first.</summary>
    public async Task<WorkItem?> TryClaimAsync(string reference, WorkItem work, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var claimed = work with { State = WorkState.Sending, ClaimedUntil = until };
        try
        {
            var response = await _table.UpdateEntityAsync(WorkEntity(reference, claimed), work.ETag, TableUpdateMode.Merge, cancellationToken);
            return claimed with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>What is left of a complaint after its retention period: no text, no contact details.</summary>
    public static readonly Complaint ErasedComplaint = new(
        new ComplainantDetails(null, null, null, Relationship.Other, true, "en"),
        new RespondentDetails("(erased)", null, null, "ZZ"),
        new AllegationDetails([], "(erased)", null, null, false));

    /// <summary>
    /// Erases a closed case's personal data — the complaint, contact details, the free-text
    /// summaries, the evidence files, the committee's notes, the messages and the follow-up code's hash — keeping status, dates and
    /// the event skeleton.
    /// </summary>
    /// <param name="eraseAt">
    /// When the case as stored is due for erasure (null while it is open again, under appeal): an
    /// entry met before then — written for a decision an appeal has since replaced, or before the
    /// retention setting grew — erases nothing and says when to come back.
    /// </param>
    /// <param name="eraseElsewhere">What else of the case to erase first, outside the table (its evidence files).</param>
    /// <returns>Whether it erased, and otherwise when the case will be due (null: not while it is open).</returns>
    public async Task<(bool Erased, DateTimeOffset? Later)> EraseAsync(string reference, DateTimeOffset now, Func<CaseState, DateTimeOffset?> eraseAt,
        Func<CancellationToken, Task> eraseElsewhere, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(reference, CaseRow, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetDateTimeOffset("ErasedAt") is not null) return (false, null);
        var stored = JsonSerializer.Deserialize<CaseState>(Unseal(row.Value, "State"), StorageJson.Options)!;
        var due = eraseAt(stored);
        if (due is not { } at || at > now) return (false, due);
        var state = stored with
        {
            NationalOutcomeSummary = null,
            RecommendationRationale = null,
            DecisionStatement = null,
            RespondentReply = null,
            AppealGrounds = null,
            AppealStatement = null,
            Attachments = [],
        };
        // Files, notes and messages first: a crash after them leaves the case unmarked, so the next sweep erases it again.
        await eraseElsewhere(cancellationToken);
        foreach (var prefix in new[] { NotePrefix, MessagePrefix })
            await foreach (var sealedRow in _table.QueryAsync<TableEntity>(
                e => e.PartitionKey == reference && e.RowKey.CompareTo(prefix) > 0 && e.RowKey.CompareTo(prefix + "~") < 0,
                select: ["RowKey"], cancellationToken: cancellationToken))
                await _table.DeleteEntityAsync(reference, sealedRow.RowKey, ETag.All, cancellationToken);
        var erased = CaseEntity(state, RevisionOf(row.Value) + 1);
        erased["ErasedAt"] = now;
        erased["ComplaintChunks"] = 0;
        await _table.UpdateEntityAsync(erased, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
        return (true, null);
    }

    /// <summary>Hands a claimed work item back (sending failed for now).</summary>
    public async Task TryReleaseAsync(string reference, WorkItem claimed, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(WorkEntity(reference, claimed with { State = WorkState.Pending, ClaimedUntil = null }), claimed.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // The claim runs out by itself; the re-drive timer takes it then.
        }
    }

    public async Task MarkSentAsync(string reference, WorkItem work, string? messageId, CancellationToken cancellationToken)
    {
        var entity = WorkEntity(reference, work with { State = WorkState.Sent, ClaimedUntil = null });
        entity["SentAt"] = DateTimeOffset.UtcNow;
        entity["MessageId"] = messageId;
        await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private TableEntity CaseEntity(CaseState state, long revision)
    {
        var row = new TableEntity(state.Reference, CaseRow)
        {
            ["Revision"] = revision,
            ["Status"] = state.Status.ToApi(),
            ["ReceivedAt"] = state.ReceivedAt,
            ["UpdatedAt"] = state.UpdatedAt,
            ["Urgent"] = state.Urgent,
        };
        Seal(row, "State", JsonSerializer.Serialize(state, StorageJson.Options));
        return row;
    }

    private static TableEntity EventEntity(string reference, CaseEvent e) => new(reference, $"{EventPrefix}{e.Sequence:D5}")
    {
        ["At"] = e.At,
        ["From"] = e.From?.ToApi(),
        ["To"] = e.To.ToApi(),
        ["Actor"] = e.Actor,
        ["Reason"] = e.Reason,
        ["Activity"] = e.IsTransition ? null : e.Activity.ToApi(),
    };

    private static CaseEvent ReadEvent(TableEntity row) => new(
        int.Parse(row.RowKey.AsSpan(EventPrefix.Length)),
        row.GetDateTimeOffset("At")!.Value,
        row.GetString("From") is { } from ? ApiNames<CaseStatus>.Parse(from) : null,
        ApiNames<CaseStatus>.Parse(row.GetString("To")),
        row.GetString("Actor"),
        row.GetString("Reason"),
        row.GetString("Activity") is { } activity ? ApiNames<CaseActivity>.Parse(activity) : CaseActivity.Transition);

    /// <summary>A note row: its author and time in the clear (the record of who wrote when), its text sealed.</summary>
    private TableEntity NoteEntity(string reference, CaseNote n)
    {
        var row = new TableEntity(reference, $"{NotePrefix}{n.Number:D5}") { ["At"] = n.At, ["Author"] = n.Author };
        Seal(row, "Text", n.Text);
        return row;
    }

    /// <summary>A message row: who wrote it and when in the clear, its text sealed.</summary>
    private TableEntity MessageEntity(string reference, CaseMessage m)
    {
        var row = new TableEntity(reference, $"{MessagePrefix}{m.Number:D5}") { ["At"] = m.At, ["From"] = m.From.ToApi() };
        Seal(row, "Text", m.Text);
        return row;
    }

    private CaseMessage ReadMessage(TableEntity row) => new(
        int.Parse(row.RowKey.AsSpan(MessagePrefix.Length)), row.GetDateTimeOffset("At")!.Value, ApiNames<MessageSide>.Parse(row.GetString("From")), Unseal(row, "Text"));

    private CaseNote ReadNote(TableEntity row) => new(
        int.Parse(row.RowKey.AsSpan(NotePrefix.Length)), row.GetDateTimeOffset("At")!.Value, row.GetString("Author"),
        Unseal(row, "Text"));

    private static TableEntity WorkEntity(string reference, WorkItem w) => new(reference, WorkPrefix + w.Id)
    {
        ["MailKind"] = w.MailKind.ToApi(),
        ["Recipient"] = w.Recipient.ToString(),
        ["State"] = w.State.ToApi(),
        ["CreatedAt"] = w.CreatedAt,
        ["ClaimedUntil"] = w.ClaimedUntil,
        ["Member"] = w.Member,
    };

    private static WorkItem ReadWork(TableEntity row) => new(
        row.RowKey[WorkPrefix.Length..],
        ApiNames<MailKind>.Parse(row.GetString("MailKind")),
        Enum.Parse<Recipient>(row.GetString("Recipient")),
        ApiNames<WorkState>.Parse(row.GetString("State")),
        row.GetDateTimeOffset("CreatedAt")!.Value,
        row.GetDateTimeOffset("ClaimedUntil")) { ETag = row.ETag, Member = row.GetString("Member") };

    private void Seal(TableEntity row, string name, string plaintext)
    {
        var data = sealer.Seal(plaintext, new SealedAt(_table.Name, row.PartitionKey, row.RowKey, name));
        var chunks = (data.Length + ChunkBytes - 1) / ChunkBytes;
        row[name + "Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
            row[$"{name}{i}"] = data.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, data.Length - i * ChunkBytes)).ToArray();
    }

    private string Unseal(TableEntity row, string name)
    {
        var chunks = row.GetInt32(name + "Chunks") ?? 0;
        var data = Enumerable.Range(0, chunks).SelectMany(i => row.GetBinary($"{name}{i}")).ToArray();
        return sealer.Open(data, new SealedAt(_table.Name, row.PartitionKey, row.RowKey, name));
    }
}
