using System.Text.Json;
using Azure;
using ComplaintRouting.Cases;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.Intake;

namespace ComplaintRouting.Storage;

public enum WorkState
{
    Pending,
    Sending,
    Sent,
}

/// <summary>
/// A mail step a consequence called for (<see cref="ConsequencePolicy"/>), stored in the case's
/// partition by the same transaction as what caused it. Its id is unique per case and due point,
/// so a step is recorded once and, once sent, never sent again.
/// </summary>
public sealed record WorkItem(string Id, MailKind MailKind, Recipient Recipient, WorkState State, DateTimeOffset CreatedAt, DateTimeOffset? ClaimedUntil = null)
{
    public ETag ETag { get; init; }

    /// <summary>The roster id of the committee member the mail goes to or is about.</summary>
    public string? Member { get; init; }

    public static WorkItem For(MailStep step, DateTimeOffset now) =>
        new($"mail.{step.Kind.ToApi()}.{step.To.ToString().ToLowerInvariant()}.{step.DuePoint}", step.Kind, step.To, WorkState.Pending, now) { Member = step.Member };

    public bool IsDone => State == WorkState.Sent;

    /// <summary>Nobody is working on it: never started, or a sender's claim ran out (it crashed).</summary>
    public bool IsStalled(DateTimeOffset now) => State == WorkState.Pending || (State == WorkState.Sending && ClaimedUntil < now);
}

/// <summary>A case as loaded from its partition: the aggregate, its events and work, and the sealed complaint.</summary>
public sealed class StoredCase(Case @case, ETag etag, IReadOnlyList<CaseEvent> events, IReadOnlyList<WorkItem> work,
    byte[] followUpSalt, byte[] followUpHash, Func<Complaint> complaint, Func<IReadOnlyList<CaseNote>> notes, Func<IReadOnlyList<CaseMessage>> messages)
{
    private readonly Lazy<IReadOnlyList<CaseMessage>> _messages = new(messages);
    private readonly Lazy<Complaint> _complaint = new(complaint);
    private readonly Lazy<IReadOnlyList<CaseNote>> _notes = new(notes);

    public Case Case { get; } = @case;
    public ETag ETag { get; } = etag;
    public IReadOnlyList<CaseEvent> Events { get; } = events;
    public IReadOnlyList<WorkItem> Work { get; } = work;
    public byte[] FollowUpSalt { get; } = followUpSalt;
    public byte[] FollowUpHash { get; } = followUpHash;
    public string Reference => Case.State.Reference;

    /// <summary>How many times the case row was committed when it was loaded (<see cref="CaseStore.CommitAsync"/>).</summary>
    public long Revision { get; init; }

    /// <summary>The complaint as submitted, decrypted on first use.</summary>
    public Complaint Complaint => _complaint.Value;

    /// <summary>The committee's internal notes, oldest first, unsealed on first use.</summary>
    public IReadOnlyList<CaseNote> Notes => _notes.Value.OrderBy(n => n.Number).ToArray();

    /// <summary>The dialogue with the complainant, oldest first, unsealed on first use.</summary>
    public IReadOnlyList<CaseMessage> Messages => _messages.Value.OrderBy(m => m.Number).ToArray();
}

public static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
