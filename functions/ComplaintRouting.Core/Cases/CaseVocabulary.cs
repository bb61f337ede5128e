namespace ComplaintRouting.Cases;

/// <summary>SPEC §2 statuses; the API strings are the kebab-case names (see ApiNames).</summary>
public enum CaseStatus
{
    Received,
    ReferredToNational,
    UnderNationalReview,
    EscalatedToCommittee,
    UnderCommitteeReview,
    AwaitingDecision,
    Decided,
    UnderAppeal,
    Withdrawn,
}

/// <summary>Why a case is with the committee chair (SPEC §2), recorded on the case and shown to the chair.</summary>
public enum EscalationReason
{
    NationalConcluded,
    NationalDeclined,
    NationalUnresponsive,
    NationalOverdue,
    NoNationalOrganization,
    RespondentNotIdentified,
    ConflictOfInterest,
    Urgent,
}

/// <summary>What the national organization reports.</summary>
public enum NationalDetermination
{
    Upheld,
    NotUpheld,
    NoJurisdiction,
    Declined,
}

/// <summary>The committee's recommendation and the Executive Committee's decision use the same scale.</summary>
public enum Verdict
{
    NotJustified,
    Reminder,
    Warning,
    Expulsion,
}

public static class Verdicts
{
    /// <summary>A sanction (SPEC §9): it needs the member heard first, and it can be appealed.</summary>
    public static bool IsAdverse(this Verdict verdict) => verdict != Verdict.NotJustified;
}

/// <summary>Everything that can be asked of a case. Each is allowed from some statuses only (see <see cref="CaseLifecycle"/>).</summary>
public enum CaseAction
{
    ReferToNational,
    Escalate,
    AcknowledgeNational,
    RecordNationalOutcome,
    AcknowledgeCommittee,
    Recommend,
    Decide,
    Withdraw,
    Assign,
    Recuse,
    Note,
    NotifyRespondent,
    Reply,
    Appeal,
    DecideAppeal,
    Message,
    Attach,
    ShareAttachment,
}

/// <summary>Who wrote a message of the case's dialogue (SPEC §10).</summary>
public enum MessageSide
{
    Complainant,
    Committee,
    National,
}

/// <summary>The Executive Committee's answer to an appeal (SPEC §9).</summary>
public enum AppealOutcome
{
    /// <summary>The decision stands.</summary>
    Upheld,
    /// <summary>Another decision replaces it.</summary>
    Varied,
    /// <summary>The decision is set aside: the complaint is found not justified.</summary>
    Overturned,
}
