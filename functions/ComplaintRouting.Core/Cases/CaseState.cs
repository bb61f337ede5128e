namespace ComplaintRouting.Cases;

/// <summary>
/// Everything the process knows about a case apart from the complaint's own text: where it
/// stands, who has it, and when each step started (deadlines count from these).
/// Immutable; only <see cref="Case"/> produces a new one.
/// </summary>
public sealed record CaseState
{
    public required string Reference { get; init; }
    public required CaseStatus Status { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Sequence number of the last event recorded.</summary>
    public int LastEvent { get; init; }

    public string Language { get; init; } = "en";
    public bool Urgent { get; init; }

    /// <summary>The respondent is the committee chair: everything for the chair goes to the deputy.</summary>
    public bool ChairConflict { get; init; }

    public string? NationalOrganizationId { get; init; }
    public DateTimeOffset? ReferredAt { get; init; }
    public DateTimeOffset? NationalAcknowledgedAt { get; init; }
    public NationalDetermination? NationalOutcome { get; init; }
    public string? NationalOutcomeSummary { get; init; }

    public EscalationReason? EscalationReason { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }
    public DateTimeOffset? CommitteeAcknowledgedAt { get; init; }
    public Verdict? Recommendation { get; init; }
    public string? RecommendationRationale { get; init; }
    public DateTimeOffset? RecommendedAt { get; init; }
    public Verdict? Decision { get; init; }
    public string? DecisionStatement { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>When the complainant was last sent news without a status change (a <c>complainant-update</c>).</summary>
    public DateTimeOffset? LastNewsAt { get; init; }

    /// <summary>When the chase index next wakes this case (so a rescheduled entry can replace the old one).</summary>
    public DateTimeOffset? ChaseDue { get; init; }

    /// <summary>
    /// When the re-drive index next wakes this case. While it lies ahead, that entry already
    /// guards any new work, so a transition need not write another.
    /// </summary>
    public DateTimeOffset? RedriveDue { get; init; }
}

/// <summary>One recorded transition: never changed or deleted while the case is kept.</summary>
public sealed record CaseEvent(int Sequence, DateTimeOffset At, CaseStatus? From, CaseStatus To, string Actor, string? Reason);
