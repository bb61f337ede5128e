using System.Collections.Frozen;

namespace ComplaintRouting.Cases;

/// <summary>
/// The one table of allowed transitions (SPEC §2). Nothing else decides whether a case may move:
/// <see cref="Case"/> asks here for every action, and a refusal becomes a 409 at the edge.
/// </summary>
public static class CaseLifecycle
{
    private static readonly FrozenDictionary<(CaseStatus From, CaseAction Action), CaseStatus> Allowed =
        new Dictionary<(CaseStatus, CaseAction), CaseStatus>
        {
            [(CaseStatus.Received, CaseAction.ReferToNational)] = CaseStatus.ReferredToNational,
            [(CaseStatus.Received, CaseAction.Escalate)] = CaseStatus.EscalatedToCommittee,
            [(CaseStatus.Received, CaseAction.Withdraw)] = CaseStatus.Withdrawn,

            [(CaseStatus.ReferredToNational, CaseAction.AcknowledgeNational)] = CaseStatus.UnderNationalReview,
            [(CaseStatus.ReferredToNational, CaseAction.RecordNationalOutcome)] = CaseStatus.EscalatedToCommittee,
            [(CaseStatus.ReferredToNational, CaseAction.Escalate)] = CaseStatus.EscalatedToCommittee,
            [(CaseStatus.ReferredToNational, CaseAction.Withdraw)] = CaseStatus.Withdrawn,

            [(CaseStatus.UnderNationalReview, CaseAction.RecordNationalOutcome)] = CaseStatus.EscalatedToCommittee,
            [(CaseStatus.UnderNationalReview, CaseAction.Escalate)] = CaseStatus.EscalatedToCommittee,
            [(CaseStatus.UnderNationalReview, CaseAction.Withdraw)] = CaseStatus.Withdrawn,

            [(CaseStatus.EscalatedToCommittee, CaseAction.AcknowledgeCommittee)] = CaseStatus.UnderCommitteeReview,
            [(CaseStatus.UnderCommitteeReview, CaseAction.Recommend)] = CaseStatus.AwaitingDecision,
            [(CaseStatus.AwaitingDecision, CaseAction.Decide)] = CaseStatus.Decided,

            // The member's right to be heard (SPEC §9): notice while the committee reviews, one reply
            // until the decision; an appeal of a decision, and the Executive Committee's answer, final.
            [(CaseStatus.UnderCommitteeReview, CaseAction.NotifyRespondent)] = CaseStatus.UnderCommitteeReview,
            [(CaseStatus.UnderCommitteeReview, CaseAction.Reply)] = CaseStatus.UnderCommitteeReview,
            [(CaseStatus.AwaitingDecision, CaseAction.Reply)] = CaseStatus.AwaitingDecision,
            [(CaseStatus.Decided, CaseAction.Appeal)] = CaseStatus.UnderAppeal,
            [(CaseStatus.UnderAppeal, CaseAction.DecideAppeal)] = CaseStatus.Decided,
        }
        .Concat(WhileWithCommittee(CaseAction.Assign, CaseAction.Recuse, CaseAction.Note))
        // The dialogue with the complainant (SPEC §10) runs while anyone still works on the case; who may write is the case's rule.
        .Concat(from status in new[] { CaseStatus.ReferredToNational, CaseStatus.UnderNationalReview, CaseStatus.EscalatedToCommittee,
                    CaseStatus.UnderCommitteeReview, CaseStatus.AwaitingDecision, CaseStatus.UnderAppeal }
                select KeyValuePair.Create((status, CaseAction.Message), status))
        // Evidence (SPEC §10) comes with the complaint and while anyone works on the case; the chair shares it while the committee has it.
        .Concat(from status in new[] { CaseStatus.Received, CaseStatus.ReferredToNational, CaseStatus.UnderNationalReview, CaseStatus.EscalatedToCommittee,
                    CaseStatus.UnderCommitteeReview, CaseStatus.AwaitingDecision, CaseStatus.UnderAppeal }
                select KeyValuePair.Create((status, CaseAction.Attach), status))
        .Concat(from status in new[] { CaseStatus.EscalatedToCommittee, CaseStatus.UnderCommitteeReview, CaseStatus.AwaitingDecision, CaseStatus.UnderAppeal }
                select KeyValuePair.Create((status, CaseAction.ShareAttachment), status))
        .ToFrozenDictionary();

    /// <summary>The committee's own work — assigning members, recusals, internal notes — keeps the status as it is and is possible while the committee has the case.</summary>
    private static IEnumerable<KeyValuePair<(CaseStatus, CaseAction), CaseStatus>> WhileWithCommittee(params CaseAction[] actions) =>
        from status in new[] { CaseStatus.EscalatedToCommittee, CaseStatus.UnderCommitteeReview, CaseStatus.AwaitingDecision }
        from action in actions
        select KeyValuePair.Create((status, action), status);

    /// <summary>Whether the committee side (chair, members, Executive Committee) is working on the case.</summary>
    public static bool WithCommittee(CaseStatus status) => Allowed.ContainsKey((status, CaseAction.Note));

    /// <summary>
    /// Who may write in the dialogue with the complainant now (SPEC §10): the national organization
    /// while it holds the case, the committee once it has it (an appeal included), the complainant
    /// whenever anyone still works on the case.
    /// </summary>
    public static bool MayWrite(MessageSide from, CaseStatus status) => Allowed.ContainsKey((status, CaseAction.Message)) && from switch
    {
        MessageSide.National => Parties.PartyRules.NationalHolds(status),
        MessageSide.Committee => WithCommittee(status) || status == CaseStatus.UnderAppeal,
        _ => true,
    };

    public static bool TryNext(CaseStatus from, CaseAction action, out CaseStatus to) => Allowed.TryGetValue((from, action), out to);

    /// <summary>
    /// Nobody owes a step any more. A decision can still be appealed within the appeal window, which
    /// <see cref="Case.Appeal"/> checks; no deadline runs for it meanwhile.
    /// </summary>
    public static bool IsFinal(CaseStatus status) => status is CaseStatus.Decided or CaseStatus.Withdrawn;

    /// <summary>Open cases are those a person still has to act on.</summary>
    public static bool IsOpen(CaseStatus status) => !IsFinal(status);
}
