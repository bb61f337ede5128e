using ComplaintRouting.Common;

namespace ComplaintRouting.Cases;

/// <summary>Who acted on a case, as recorded in its events.</summary>
public static class Actors
{
    public const string Complainant = "complainant";
    public const string Router = "router";
    public const string Timer = "timer";
    public const string Chair = "chair";
    public const string Deputy = "deputy";
    public const string Executive = "executive";
    public static string National(string organizationId) => $"national:{organizationId}";
    public static string Member(string memberId) => $"member:{memberId}";
}

/// <summary>The answer to a command: the event it recorded, or why it was refused (a 409 at the edge).</summary>
public readonly record struct CaseResult(CaseEvent? Event, string? Refusal)
{
    public bool Succeeded => Event is not null;
}

/// <summary>
/// The case aggregate: every status change goes through here, checked against
/// <see cref="CaseLifecycle"/>, and each one yields exactly one <see cref="CaseEvent"/> that the
/// store commits with the new state in one transaction.
/// </summary>
public sealed class Case
{
    private readonly List<CaseEvent> _newEvents = [];

    public Case(CaseState state) => State = state;

    public CaseState State { get; private set; }

    public CaseStatus Status => State.Status;

    /// <summary>Events recorded since the case was loaded; the store commits them with <see cref="State"/>.</summary>
    public IReadOnlyList<CaseEvent> NewEvents => _newEvents;

    public static Case Receive(string reference, DateTimeOffset now, string language, bool urgent)
    {
        var @case = new Case(new CaseState
        {
            Reference = reference,
            Status = CaseStatus.Received,
            ReceivedAt = now,
            UpdatedAt = now,
            Language = language,
            Urgent = urgent,
        });
        @case.Record(new CaseEvent(1, now, null, CaseStatus.Received, Actors.Complainant, null), @case.State with { LastEvent = 1 });
        return @case;
    }

    /// <summary>Marks the case as one where the chair is the respondent (routing rule 4): the deputy acts instead.</summary>
    public void SetChairConflict() => State = State with { ChairConflict = true };

    /// <summary>Records that the complainant was sent news (not a transition: the status stays).</summary>
    public void NoteNewsSent(DateTimeOffset now) => State = State with { LastNewsAt = now };

    /// <summary>Records when the chase index will next wake the case.</summary>
    public void NoteChaseDue(DateTimeOffset? due) => State = State with { ChaseDue = due };

    /// <summary>Records when the re-drive index will next wake the case.</summary>
    public void NoteRedriveDue(DateTimeOffset due) => State = State with { RedriveDue = due };

    public CaseResult ReferToNational(string organizationId, DateTimeOffset now) =>
        Apply(CaseAction.ReferToNational, Actors.Router, null, now,
            s => s with { NationalOrganizationId = organizationId, ReferredAt = now });

    public CaseResult Escalate(EscalationReason reason, string actor, DateTimeOffset now) =>
        Apply(CaseAction.Escalate, actor, reason.ToApi(), now,
            s => s with { EscalationReason = reason, EscalatedAt = now });

    public CaseResult AcknowledgeNational(DateTimeOffset now) =>
        Apply(CaseAction.AcknowledgeNational, NationalActor, null, now, s => s with { NationalAcknowledgedAt = now });

    public CaseResult RecordNationalOutcome(NationalDetermination determination, string summary, DateTimeOffset now)
    {
        var reason = determination is NationalDetermination.Declined or NationalDetermination.NoJurisdiction
            ? EscalationReason.NationalDeclined
            : EscalationReason.NationalConcluded;
        return Apply(CaseAction.RecordNationalOutcome, NationalActor, reason.ToApi(), now, s => s with
        {
            NationalOutcome = determination,
            NationalOutcomeSummary = summary,
            EscalationReason = reason,
            EscalatedAt = now,
        });
    }

    public CaseResult AcknowledgeCommittee(DateTimeOffset now) =>
        Apply(CaseAction.AcknowledgeCommittee, CommitteeActor, null, now, s => s with { CommitteeAcknowledgedAt = now });

    public CaseResult Recommend(Verdict recommendation, string rationale, DateTimeOffset now) =>
        Apply(CaseAction.Recommend, CommitteeActor, recommendation.ToApi(), now, s => s with
        {
            Recommendation = recommendation,
            RecommendationRationale = rationale,
            RecommendedAt = now,
        });

    public CaseResult Decide(Verdict decision, string statement, DateTimeOffset now) =>
        Apply(CaseAction.Decide, CommitteeActor, decision.ToApi(), now, s => s with
        {
            Decision = decision,
            DecisionStatement = statement,
            ClosedAt = now,
        });

    public CaseResult Withdraw(DateTimeOffset now) =>
        Apply(CaseAction.Withdraw, Actors.Complainant, null, now, s => s with { ClosedAt = now });

    private string NationalActor => Actors.National(State.NationalOrganizationId ?? "unknown");

    /// <summary>Who holds the committee's link: the deputy on a case about the chair (SPEC §3.4), else the chair.</summary>
    private string CommitteeActor => State.ChairConflict ? Actors.Deputy : Actors.Chair;

    private CaseResult Apply(CaseAction action, string actor, string? reason, DateTimeOffset now, Func<CaseState, CaseState> change)
    {
        if (!CaseLifecycle.TryNext(State.Status, action, out var to))
            return new CaseResult(null, $"The case is {State.Status.ToApi()}; it cannot {Describe(action)} now.");

        var sequence = State.LastEvent + 1;
        var @event = new CaseEvent(sequence, now, State.Status, to, actor, reason);
        Record(@event, change(State) with { Status = to, UpdatedAt = now, LastEvent = sequence });
        return new CaseResult(@event, null);
    }

    private void Record(CaseEvent @event, CaseState next)
    {
        _newEvents.Add(@event);
        State = next;
    }

    private static string Describe(CaseAction action) => action switch
    {
        CaseAction.ReferToNational => "be referred to a national organization",
        CaseAction.Escalate => "be escalated to the committee",
        CaseAction.AcknowledgeNational => "be acknowledged by the national organization",
        CaseAction.RecordNationalOutcome => "take a national outcome",
        CaseAction.AcknowledgeCommittee => "be acknowledged by the committee",
        CaseAction.Recommend => "take a recommendation",
        CaseAction.Decide => "take a decision",
        CaseAction.Withdraw => "be withdrawn",
        _ => action.ToString(),
    };
}
