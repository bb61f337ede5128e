using System.Text.Json;
using Azure;
using ComplaintRouting.Cases;
using ComplaintRouting.Intake;

namespace ComplaintRouting.Storage;

/// <summary>Who a mail goes to; resolved to an address when it is sent.</summary>
public enum Recipient
{
    Complainant,
    National,
    Chair,
}

/// <summary>
/// A step that must happen after a transition (today: one mail), stored in the case's partition
/// by the same transaction as the transition. Its id is unique per case and due point, so a
/// step is recorded once and, once sent, never sent again.
/// </summary>
public sealed record WorkItem(string Id, string MailKind, Recipient Recipient, string State, DateTimeOffset CreatedAt, DateTimeOffset? ClaimedUntil = null)
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";

    public ETag ETag { get; init; }

    public static WorkItem Mail(string mailKind, Recipient recipient, string duePoint, DateTimeOffset now) =>
        new($"mail.{mailKind}.{recipient.ToString().ToLowerInvariant()}.{duePoint}", mailKind, recipient, Pending, now);

    public bool IsDone => State == Sent;

    /// <summary>Nobody is working on it: never started, or a sender's claim ran out (it crashed).</summary>
    public bool IsStalled(DateTimeOffset now) => State == Pending || (State == Sending && ClaimedUntil < now);
}

/// <summary>A case as loaded from its partition: the aggregate, its events and work, and the sealed complaint.</summary>
public sealed class StoredCase(Case @case, ETag etag, IReadOnlyList<CaseEvent> events, IReadOnlyList<WorkItem> work,
    byte[] followUpSalt, byte[] followUpHash, Func<Complaint> complaint)
{
    private readonly Lazy<Complaint> _complaint = new(complaint);

    public Case Case { get; } = @case;
    public ETag ETag { get; } = etag;
    public IReadOnlyList<CaseEvent> Events { get; } = events;
    public IReadOnlyList<WorkItem> Work { get; } = work;
    public byte[] FollowUpSalt { get; } = followUpSalt;
    public byte[] FollowUpHash { get; } = followUpHash;
    public string Reference => Case.State.Reference;

    /// <summary>The complaint as submitted, decrypted on first use.</summary>
    public Complaint Complaint => _complaint.Value;
}

public static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
