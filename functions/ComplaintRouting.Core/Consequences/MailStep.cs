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
}

/// <summary>Who a mail goes to; resolved to an address when it is sent (the chair's mails about a case that concerns the chair go to the deputy).</summary>
public enum Recipient
{
    Complainant,
    National,
    Chair,
}

/// <summary>
/// One mail a consequence calls for. <see cref="DuePoint"/> names the occasion (the event's
/// sequence, the reminder's due time…), so the same consequence computed twice is one mail.
/// </summary>
public sealed record MailStep(MailKind Kind, Recipient To, string DuePoint);
