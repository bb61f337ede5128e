using ComplaintRouting.Api;
using ComplaintRouting.Cases;
using ComplaintRouting.Deadlines;

namespace ComplaintRouting.Consequences;

/// <summary>
/// The one place that says which mails follow what happens to a case. Handlers change the case
/// (the state machine is <see cref="CaseLifecycle"/>) and report what else occurred; the command
/// runner asks this policy for the mails of every new event, and the handlers of what is not a
/// transition (a reminder, a renewal, a bounce) ask it too. Which deadlines start and stop
/// follows from the state alone (<see cref="DeadlinePolicy"/>), so a transition needs no
/// deadline work of its own.
/// </summary>
public static class ConsequencePolicy
{
    /// <param name="complainantReachable">Whether the complainant left an address (anonymous complainants may not).</param>
    public static IReadOnlyList<MailStep> AfterTransition(CaseEvent transition, CaseState state, bool complainantReachable)
    {
        var point = $"e{transition.Sequence}";
        var steps = new List<MailStep>();
        void Mail(MailKind kind, Recipient to, string? member = null) => steps.Add(new MailStep(kind, to, point, member));

        switch (transition.Activity)
        {
            case CaseActivity.Assigned:
                Mail(MailKind.CommitteeAssignment, Recipient.Member, transition.Reason);
                return steps;
            case CaseActivity.Recused:
                Mail(MailKind.CommitteeRecusal, Recipient.Chair, transition.Reason); // to the chair, naming the member
                return steps;
            case CaseActivity.Noted:
                return steps; // notes are read on the pages, never mailed
            case CaseActivity.Attached or CaseActivity.Shared:
                return steps; // evidence is opened from the pages, never mailed, and does not announce itself: a question or answer about it is a message
            case CaseActivity.Notified:
                Mail(MailKind.RespondentNotice, Recipient.Respondent);
                return steps;
            case CaseActivity.Replied:
                Mail(MailKind.CommitteeRespondentReply, Recipient.Chair);
                return steps;
            // That there is a message, never what it says: to the complainant from either side
            // (when they left an address), and from the complainant to whoever has the case.
            case CaseActivity.Messaged when transition.Reason != MessageSide.Complainant.ToApi():
                if (complainantReachable) Mail(MailKind.ComplainantMessage, Recipient.Complainant);
                return steps;
            case CaseActivity.Messaged when Parties.PartyRules.NationalHolds(state.Status):
                Mail(MailKind.NationalMessage, Recipient.National);
                return steps;
            case CaseActivity.Messaged:
                Mail(MailKind.CommitteeMessage, Recipient.Chair);
                return steps;
        }

        switch (transition.To)
        {
            case CaseStatus.ReferredToNational:
                if (complainantReachable) Mail(MailKind.ComplainantAcknowledgement, Recipient.Complainant);
                Mail(MailKind.NationalReferral, Recipient.National);
                if (state.Urgent) Mail(MailKind.CommitteeUrgentAlert, Recipient.Chair);
                break;
            case CaseStatus.EscalatedToCommittee:
                // Straight from intake the complainant has not heard from us yet; from a national step they have.
                if (transition.From == CaseStatus.Received && complainantReachable) Mail(MailKind.ComplainantAcknowledgement, Recipient.Complainant);
                Mail(MailKind.CommitteeEscalation, Recipient.Chair);
                break;
            case CaseStatus.AwaitingDecision:
                Mail(MailKind.ExecutiveRecommendation, Recipient.Executive);
                break;
            case CaseStatus.Decided:
                // Everyone is told, and told again after an appeal: the complainant, the member (with
                // the appeal window when it applies), and the organization that had the case.
                if (complainantReachable) Mail(MailKind.ComplainantUpdate, Recipient.Complainant);
                if (state.RespondentMember is not null) Mail(MailKind.RespondentDecision, Recipient.Respondent);
                if (state.NationalOrganizationId is not null) Mail(MailKind.NationalDecision, Recipient.National);
                break;
            case CaseStatus.UnderAppeal:
                Mail(MailKind.ExecutiveAppeal, Recipient.Executive);
                break;
        }
        return steps;
    }

    /// <summary>The chase timer's reminder: to whoever owes the step; the complainant's "still working on it" only when reachable.</summary>
    public static MailStep? Reminder(DueReminder reminder, bool complainantReachable)
    {
        var (kind, to) = reminder.Target switch
        {
            ChaseTarget.National => (MailKind.NationalReminder, Recipient.National),
            ChaseTarget.Committee => (MailKind.CommitteeReminder, Recipient.Chair),
            ChaseTarget.Executive => (MailKind.ExecutiveReminder, Recipient.Executive),
            ChaseTarget.Respondent => (MailKind.RespondentReminder, Recipient.Respondent),
            _ => (MailKind.ComplainantUpdate, Recipient.Complainant),
        };
        if (to == Recipient.Complainant && !complainantReachable) return null;
        return new MailStep(kind, to, $"{reminder.Step}-{reminder.DuePoint.UtcDateTime:yyyyMMddHHmmss}");
    }

    /// <summary>A fresh link asked for on an expired link's page: to the party's registered address, never to whoever asked.</summary>
    public static MailStep Renewal(Recipient party, DateTimeOffset asked, string? member = null) =>
        new(MailKind.LinkRenewal, party, member is null ? $"renew-{asked.UtcTicks}" : $"renew-{member}-{asked.UtcTicks}", member);

    /// <summary>The due point of a delivery-failure alert: this prefix and the failure's event key.</summary>
    public const string DeliveryDuePrefix = "delivery-";

    /// <summary>A mail the receiving server refused: the chair (or, on a case about the chair, the deputy) hears of it once per event.</summary>
    public static MailStep DeliveryFailed(string eventKey) => new(MailKind.DeliveryFailureAlert, Recipient.Chair, DeliveryDuePrefix + eventKey);
}
