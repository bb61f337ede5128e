using ComplaintRouting.Api;
using ComplaintRouting.Cases;

namespace ComplaintRouting.Localization;

/// <summary>
/// A case's states, reasons and events in the reader's words (SPEC §12), said alike by the committee's
/// pages and the case file: never the API's names.
/// </summary>
public static class CaseWords
{
    public static string Status(string lang, CaseStatus status) => Texts.Get(lang, "status." + status.ToApi());

    public static string Escalation(string lang, EscalationReason reason) => Texts.Get(lang, "casefile.escalation." + reason.ToApi());

    public static string Determination(string lang, NationalDetermination determination) => Texts.Get(lang, "page.referral.determination." + determination.ToApi());

    /// <summary>What an event did: a change of status by its name (and why), or the committee's own work in words.</summary>
    public static string Event(string lang, CaseEvent e, IReadOnlyList<Evidence.Attachment> attachments, Func<string, string> actorName) => e.Activity switch
    {
        CaseActivity.Transition => e.Reason is { Length: > 0 } reason && Why(lang, reason) is { } why
            ? $"{Status(lang, e.To)} — {why}" : Status(lang, e.To),
        CaseActivity.Assigned => Texts.Format(lang, "casefile.event.assigned", actorName(Actors.Member(e.Reason ?? ""))),
        CaseActivity.Recused => Texts.Get(lang, "casefile.event.recused"),
        CaseActivity.Noted => Texts.Format(lang, "casefile.event.noted", e.Reason),
        CaseActivity.Notified => Texts.Get(lang, "casefile.event.notified"),
        CaseActivity.Replied => Texts.Get(lang, "casefile.event.replied"),
        CaseActivity.Messaged => Texts.Get(lang, "casefile.event.messaged"),
        CaseActivity.Attached => Texts.Format(lang, "casefile.event.attached", FileName(attachments, e.Reason)),
        CaseActivity.Shared => Texts.Format(lang, "casefile.event.shared", FileName(attachments, e.Reason)),
        _ => e.Activity.ToApi(),
    };

    /// <summary>An evidence event names its file by id; the reader is shown the file's name.</summary>
    private static string FileName(IReadOnlyList<Evidence.Attachment> attachments, string? id) => attachments.FirstOrDefault(a => a.Id == id)?.Name ?? id ?? "";

    /// <summary>A transition's reason: why it was escalated, the verdict, or the appeal's outcome.</summary>
    private static string? Why(string lang, string reason) =>
        ApiNames<EscalationReason>.TryParse(reason, out var escalation) ? Escalation(lang, escalation)
        : ApiNames<Verdict>.TryParse(reason, out var verdict) ? Texts.Get(lang, "verdict." + verdict.ToApi())
        : ApiNames<AppealOutcome>.TryParse(reason, out var outcome) ? Texts.Get(lang, "appealOutcome." + outcome.ToApi())
        : null;
}
