namespace ComplaintRouting.Consequences;

/// <summary>SPEC §6 mail kinds; the API name (<c>complainant-acknowledgement</c>…) is what SendGrid's <c>custom_args.kind</c> and storage carry.</summary>
public enum MailKind
{
    ComplainantAcknowledgement,
    NationalReferral,
    NationalReminder,
    CommitteeEscalation,
    CommitteeUrgentAlert,
    CommitteeReminder,
    ChairDigest,
    ComplainantUpdate,
    DeliveryFailureAlert,
    LinkRenewal,
    CommitteeAssignment,
    CommitteeRecusal,
    ExecutiveRecommendation,
    ExecutiveReminder,
    NationalDecision,
    RespondentNotice,
    RespondentReminder,
    CommitteeRespondentReply,
    RespondentDecision,
    ExecutiveAppeal,
    ComplainantMessage,
    CommitteeMessage,
    NationalMessage,
    /// <summary>A one-time link into the workspace (SPEC §11); about no case.</summary>
    WorkspaceSignIn,
}

/// <summary>Who a mail goes to; resolved to an address when it is sent (the chair's mails about a case that concerns the chair go to the deputy).</summary>
public enum Recipient
{
    Complainant,
    National,
    Chair,
    /// <summary>A committee member, named by <see cref="MailStep.Member"/>.</summary>
    Member,
    Executive,
    /// <summary>The member complained about, at their directory address.</summary>
    Respondent,
}

/// <summary>
/// One mail a consequence calls for. <see cref="DuePoint"/> names the occasion (the event's
/// sequence, the reminder's due time…), so the same consequence computed twice is one mail.
/// <see cref="Member"/> is the roster id of the committee member the mail goes to or is about.
/// </summary>
public sealed record MailStep(MailKind Kind, Recipient To, string DuePoint, string? Member = null);
