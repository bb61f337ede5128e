using ComplaintRouting.Api;

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
    public const string Respondent = "respondent";
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
    private readonly List<CaseNote> _newNotes = [];
    private readonly List<CaseMessage> _newMessages = [];

    public Case(CaseState state) => State = state;

    public CaseState State { get; private set; }

    public CaseStatus Status => State.Status;

    /// <summary>Events recorded since the case was loaded; the store commits them with <see cref="State"/>.</summary>
    public IReadOnlyList<CaseEvent> NewEvents => _newEvents;

    /// <summary>Notes written since the case was loaded; the store seals and commits them with the events that record them.</summary>
    public IReadOnlyList<CaseNote> NewNotes => _newNotes;

    /// <summary>Messages written since the case was loaded, sealed and committed like the notes.</summary>
    public IReadOnlyList<CaseMessage> NewMessages => _newMessages;

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

    /// <summary>Records the directory member routing identified as the one complained about (not a transition).</summary>
    public void IdentifyRespondent(string? membershipNumber) => State = State with { RespondentMember = membershipNumber };

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

    /// <param name="replyWindow"><c>Deadlines__RespondentReply</c>: a sanction waits until the member was heard (<see cref="Heard"/>).</param>
    public CaseResult Recommend(Verdict recommendation, string rationale, DateTimeOffset now, TimeSpan replyWindow) =>
        Unheard(recommendation, now, replyWindow) ?? Apply(CaseAction.Recommend, CommitteeActor, recommendation.ToApi(), now, s => s with
        {
            Recommendation = recommendation,
            RecommendationRationale = rationale,
            RecommendedAt = now,
        });

    /// <summary>The Executive Committee's decision (SPEC §9), recorded through its own link; a sanction only once the member was heard.</summary>
    public CaseResult Decide(Verdict decision, string statement, DateTimeOffset now, TimeSpan replyWindow) =>
        Unheard(decision, now, replyWindow) ?? Apply(CaseAction.Decide, Actors.Executive, decision.ToApi(), now, s => s with
        {
            Decision = decision,
            DecisionStatement = statement,
            DecidedAt = now,
            ClosedAt = now,
        });

    /// <summary>
    /// Whether the member complained about has been heard (SPEC §9): notified, and either they
    /// replied or their reply window has closed.
    /// </summary>
    public bool Heard(DateTimeOffset now, TimeSpan replyWindow) =>
        State.RespondentNotifiedAt is { } notified && (State.RespondentRepliedAt is not null || now >= notified + replyWindow);

    private CaseResult? Unheard(Verdict verdict, DateTimeOffset now, TimeSpan replyWindow)
    {
        if (!verdict.IsAdverse() || Heard(now, replyWindow)) return null;
        return Refused(State.RespondentNotifiedAt is { } notified
            ? $"A {verdict.ToApi()} needs the member heard first: they were notified and may reply until {notified + replyWindow:yyyy-MM-dd HH:mm} UTC, or until they reply."
            : $"A {verdict.ToApi()} needs the member heard first: notify the member (notify-respondent) and wait for their reply or the end of the reply window. Not-justified needs no notice.");
    }

    /// <summary>
    /// The chair sends the member notice of the complaint (<c>respondent-notice</c>). Refused when
    /// the member was not identified or has no address to write to, or was notified already.
    /// </summary>
    public CaseResult NotifyRespondent(bool reachable, DateTimeOffset now)
    {
        if (!reachable) return Refused("The member complained about was not identified in the directory, or has no e-mail address there: they cannot be notified through the service.");
        if (State.RespondentNotifiedAt is not null) return Refused("The member was notified already.");
        return Apply(CaseAction.NotifyRespondent, CommitteeActor, null, now, s => s with { RespondentNotifiedAt = now }, CaseActivity.Notified);
    }

    /// <summary>The member's one reply, once notified; the chair receives <c>committee-respondent-reply</c>.</summary>
    public CaseResult Reply(string text, DateTimeOffset now)
    {
        if (State.RespondentNotifiedAt is null) return Refused("The member has not been notified of this complaint.");
        if (State.RespondentRepliedAt is not null) return Refused("The member has replied already; there is one reply.");
        return Apply(CaseAction.Reply, Actors.Respondent, null, now, s => s with { RespondentRepliedAt = now, RespondentReply = text }, CaseActivity.Replied);
    }

    /// <summary>
    /// The member appeals a sanction while the appeal window (<c>Deadlines__Appeal</c>, from the
    /// decision) runs; a zero window means there are no appeals. An appeal outcome is final.
    /// </summary>
    public CaseResult Appeal(string grounds, DateTimeOffset now, TimeSpan appealWindow)
    {
        if (State.Status == CaseStatus.Decided)
        {
            if (appealWindow <= TimeSpan.Zero) return Refused("Decisions cannot be appealed in this association.");
            if (State.AppealOutcome is not null) return Refused("The appeal was decided; that decision is final.");
            if (State.Decision is not { } decision || !decision.IsAdverse()) return Refused("Only a reminder, a warning or an expulsion can be appealed.");
            if (State.DecidedAt is { } decided && now > decided + appealWindow) return Refused($"The appeal window closed on {decided + appealWindow:yyyy-MM-dd HH:mm} UTC.");
        }
        return Apply(CaseAction.Appeal, Actors.Respondent, null, now, s => s with { AppealedAt = now, AppealGrounds = grounds, ClosedAt = null });
    }

    /// <summary>The Executive Committee decides the appeal: the decision stands, is replaced, or is set aside. Final.</summary>
    public CaseResult DecideAppeal(AppealOutcome outcome, Verdict? varied, string statement, DateTimeOffset now)
    {
        if (outcome == Cases.AppealOutcome.Varied && varied is null) return Refused("A varied decision needs the new decision.");
        var decision = outcome switch
        {
            Cases.AppealOutcome.Varied => varied!.Value,
            Cases.AppealOutcome.Overturned => Verdict.NotJustified,
            _ => State.Decision ?? Verdict.NotJustified,
        };
        return Apply(CaseAction.DecideAppeal, Actors.Executive, outcome.ToApi(), now, s => s with
        {
            AppealOutcome = outcome,
            AppealStatement = statement,
            Decision = decision,
            DecidedAt = now,
            ClosedAt = now,
        });
    }

    /// <summary>
    /// The chair (or deputy) makes a committee member the case's rapporteur. A member who is the
    /// person complained about, or who declared a conflict on the case, can never be assigned.
    /// </summary>
    public CaseResult Assign(string memberId, bool isRespondent, DateTimeOffset now)
    {
        if (isRespondent) return Refused("This committee member is the person complained about and can never be assigned to the case.");
        if (State.Recused.Contains(memberId, StringComparer.OrdinalIgnoreCase)) return Refused("This committee member declared a conflict on the case and cannot be assigned to it.");
        if (string.Equals(State.Rapporteur, memberId, StringComparison.OrdinalIgnoreCase)) return Refused("This committee member is already the case's rapporteur.");
        return Apply(CaseAction.Assign, CommitteeActor, memberId, now,
            s => s with { Assigned = [.. s.Assigned.Where(m => !string.Equals(m, memberId, StringComparison.OrdinalIgnoreCase)), memberId] },
            CaseActivity.Assigned);
    }

    /// <summary>A member declares a conflict: they leave the case for good, with their reason as a note for the chair.</summary>
    public CaseResult Recuse(string memberId, string reason, DateTimeOffset now)
    {
        if (!State.Assigned.Contains(memberId, StringComparer.OrdinalIgnoreCase)) return Refused("Only a member assigned to the case can recuse from it.");
        var result = Apply(CaseAction.Recuse, Actors.Member(memberId), memberId, now, s => s with
        {
            Assigned = [.. s.Assigned.Where(m => !string.Equals(m, memberId, StringComparison.OrdinalIgnoreCase))],
            Recused = [.. s.Recused, memberId],
        }, CaseActivity.Recused);
        // The note is allowed wherever the recusal was (both are the committee's own work).
        if (result.Succeeded) Note(Actors.Member(memberId), reason, now);
        return result;
    }

    /// <summary>An internal note by <paramref name="author"/> (an <see cref="Actors"/> name), sealed apart from the event that records it.</summary>
    public CaseResult Note(string author, string text, DateTimeOffset now)
    {
        var number = State.Notes + 1;
        var result = Apply(CaseAction.Note, author, number.ToString(System.Globalization.CultureInfo.InvariantCulture), now, s => s with { Notes = number }, CaseActivity.Noted);
        if (result.Succeeded) _newNotes.Add(new CaseNote(number, now, author, text));
        return result;
    }

    /// <summary>
    /// A message of the dialogue (SPEC §10). The committee writes while it has the case, the national
    /// organization while it holds it; the complainant writes to whichever of the two has the case.
    /// </summary>
    public CaseResult Message(MessageSide from, string text, DateTimeOffset now)
    {
        if (from != MessageSide.Complainant && !CaseLifecycle.MayWrite(from, State.Status))
            return Refused(from == MessageSide.National
                ? "The national organization no longer holds the case; the committee has it now."
                : "The committee does not have the case yet.");
        var actor = from switch
        {
            MessageSide.Complainant => Actors.Complainant,
            MessageSide.National => NationalActor,
            _ => CommitteeActor,
        };
        var number = State.Messages + 1;
        var result = Apply(CaseAction.Message, actor, from.ToApi(), now, s => s with { Messages = number }, CaseActivity.Messaged);
        if (result.Succeeded) _newMessages.Add(new CaseMessage(number, now, from, text));
        return result;
    }

    /// <summary>
    /// Evidence files stored for the case (SPEC §10), one event each, all or none: the complainant
    /// adds them while anyone works on the case, the national organization while it holds it, the
    /// chair while the committee has it, the member complained about once notified; never past
    /// <paramref name="limits"/>.
    /// </summary>
    public CaseResult Attach(Parties.Party from, IReadOnlyCollection<Evidence.StoredFile> files, Evidence.AttachmentLimits limits, DateTimeOffset now)
    {
        if ((WhyNotAttach(from) ?? limits.Exceeded(State.Attachments, files)) is { } refusal) return Refused(refusal);
        var actor = from switch
        {
            Parties.Party.Complainant => Actors.Complainant,
            Parties.Party.National => NationalActor,
            Parties.Party.Respondent => Actors.Respondent,
            _ => CommitteeActor,
        };
        CaseResult result = default;
        foreach (var file in files)
        {
            var attachment = new Evidence.Attachment(file.Id, file.Name, file.Bytes, file.Type, from, now);
            result = Apply(CaseAction.Attach, actor, file.Id, now, s => s with { Attachments = [.. s.Attachments, attachment] }, CaseActivity.Attached);
            if (!result.Succeeded) return result;
        }
        return result;
    }

    /// <summary>Why <paramref name="from"/> cannot add evidence now, or null (asked before a file is received, and again when it is recorded).</summary>
    public string? WhyNotAttach(Parties.Party from)
    {
        if (!CaseLifecycle.TryNext(Status, CaseAction.Attach, out _)) return $"The case is {Status.ToApi()}; it cannot {Describe(CaseAction.Attach)} now.";
        return from switch
        {
            Parties.Party.Complainant => null,
            Parties.Party.National => Parties.PartyRules.NationalHolds(Status) ? null : "The national organization no longer holds the case; the committee has it now.",
            Parties.Party.Chair => CaseLifecycle.MayWrite(MessageSide.Committee, Status) ? null : "The committee does not have the case yet.",
            Parties.Party.Respondent => State.RespondentNotifiedAt is null ? "The member has not been told of the complaint yet." : null,
            _ => "Only the complainant, the national organization, the chair and the member complained about add evidence.",
        };
    }

    /// <summary>The chair shares an evidence file with the member complained about (SPEC §10); once.</summary>
    public CaseResult Share(string attachmentId, DateTimeOffset now)
    {
        if (State.Attachments.FirstOrDefault(a => a.Id == attachmentId) is not { } attachment) return Refused("The case has no such file.");
        if (attachment.From == Parties.Party.Respondent) return Refused("The member gave this file; it is theirs already.");
        if (attachment.Shared) return Refused("The member has this file already.");
        return Apply(CaseAction.ShareAttachment, CommitteeActor, attachmentId, now,
            s => s with { Attachments = [.. s.Attachments.Select(a => a.Id == attachmentId ? a with { Shared = true } : a)] }, CaseActivity.Shared);
    }

    /// <summary>The name the committee's link acts under: the deputy on a case about the chair (SPEC §3.4), else the chair.</summary>
    public string CommitteeActor => State.ChairConflict ? Actors.Deputy : Actors.Chair;

    public CaseResult Withdraw(DateTimeOffset now) =>
        Apply(CaseAction.Withdraw, Actors.Complainant, null, now, s => s with { ClosedAt = now });

    private string NationalActor => Actors.National(State.NationalOrganizationId ?? "unknown");

    private static CaseResult Refused(string why) => new(null, why);

    private CaseResult Apply(CaseAction action, string actor, string? reason, DateTimeOffset now, Func<CaseState, CaseState> change,
        CaseActivity activity = CaseActivity.Transition)
    {
        if (!CaseLifecycle.TryNext(State.Status, action, out var to))
            return new CaseResult(null, $"The case is {State.Status.ToApi()}; it cannot {Describe(action)} now.");

        var sequence = State.LastEvent + 1;
        var @event = new CaseEvent(sequence, now, State.Status, to, actor, reason, activity);
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
        CaseAction.Assign => "have a committee member assigned",
        CaseAction.Recuse => "take a recusal",
        CaseAction.Note => "take an internal note",
        CaseAction.NotifyRespondent => "have the member notified",
        CaseAction.Reply => "take the member's reply",
        CaseAction.Appeal => "be appealed",
        CaseAction.DecideAppeal => "take an appeal outcome",
        CaseAction.Message => "take a message",
        CaseAction.Attach => "take evidence",
        CaseAction.ShareAttachment => "have evidence shared",
        _ => action.ToString(),
    };
}
