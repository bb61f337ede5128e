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

    /// <summary>Committee members the chair assigned to the case (roster ids), in order; the last is the rapporteur.</summary>
    public IReadOnlyList<string> Assigned { get; init; } = [];

    /// <summary>Members who declared a conflict on this case: their links no longer open it and they cannot be assigned again.</summary>
    public IReadOnlyList<string> Recused { get; init; } = [];

    /// <summary>The member who reports on the case to the committee: the one assigned last.</summary>
    public string? Rapporteur => Assigned.Count > 0 ? Assigned[^1] : null;

    /// <summary>How many internal notes the case holds (each note row is keyed by its number).</summary>
    public int Notes { get; init; }

    /// <summary>How many messages the dialogue with the complainant holds (each message row is keyed by its number).</summary>
    public int Messages { get; init; }

    /// <summary>The case's evidence files (SPEC §10), oldest first; their names are personal data, sealed with the state.</summary>
    public IReadOnlyList<Evidence.Attachment> Attachments { get; init; } = [];

    /// <summary>The directory's membership number of the member complained about, when routing identified them.</summary>
    public string? RespondentMember { get; init; }

    /// <summary>When the member was sent <c>respondent-notice</c>; their reply window counts from here.</summary>
    public DateTimeOffset? RespondentNotifiedAt { get; init; }
    public DateTimeOffset? RespondentRepliedAt { get; init; }

    /// <summary>When the member's reply is due, once they were notified.</summary>
    public DateTimeOffset? ReplyDue(TimeSpan replyWindow) => RespondentNotifiedAt + replyWindow;

    /// <summary>The member's one reply (SPEC §9), sealed with the state.</summary>
    public string? RespondentReply { get; init; }

    public DateTimeOffset? AppealedAt { get; init; }
    public string? AppealGrounds { get; init; }
    public AppealOutcome? AppealOutcome { get; init; }
    public string? AppealStatement { get; init; }

    /// <summary>When the decision was made (or last made, after an appeal): the appeal window counts from here.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

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

/// <summary>
/// What an event records: a change of status, or something the committee did that leaves the
/// status as it is (its consequences are decided by the same policy).
/// </summary>
public enum CaseActivity
{
    Transition,
    /// <summary>The chair assigned a committee member; <see cref="CaseEvent.Reason"/> is the member's roster id.</summary>
    Assigned,
    /// <summary>A committee member declared a conflict; <see cref="CaseEvent.Reason"/> is the member's roster id.</summary>
    Recused,
    /// <summary>An internal note was written; <see cref="CaseEvent.Reason"/> is the note's number (its text is sealed apart).</summary>
    Noted,
    /// <summary>The member complained about was sent notice of the complaint.</summary>
    Notified,
    /// <summary>The member complained about replied.</summary>
    Replied,
    /// <summary>A message of the dialogue with the complainant; <see cref="CaseEvent.Reason"/> is who wrote it (its text is sealed apart).</summary>
    Messaged,
    /// <summary>An evidence file was added; the reason is its id.</summary>
    Attached,
    /// <summary>The chair shared an evidence file with the member complained about; the reason is its id.</summary>
    Shared,
}

/// <summary>One recorded event (who, when, from, to, why): never changed or deleted while the case is kept.</summary>
public sealed record CaseEvent(int Sequence, DateTimeOffset At, CaseStatus? From, CaseStatus To, string Actor, string? Reason, CaseActivity Activity = CaseActivity.Transition)
{
    /// <summary>Whether the status changed (what the complainant's timeline shows).</summary>
    public bool IsTransition => Activity == CaseActivity.Transition;
}

/// <summary>An internal note of the committee (SPEC §9): sealed at rest, seen by the chair, the committee members and the Executive Committee.</summary>
public sealed record CaseNote(int Number, DateTimeOffset At, string Author, string Text);

/// <summary>A message between the complainant and the committee or the national organization (SPEC §10), sealed at rest.</summary>
public sealed record CaseMessage(int Number, DateTimeOffset At, MessageSide From, string Text);
