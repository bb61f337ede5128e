using ComplaintRouting.Cases;

namespace ComplaintRouting.Parties;

/// <summary>Who takes part in a case (SPEC §9). Each holds its own kind of access, and nothing else opens the case for it.</summary>
public enum Party
{
    /// <summary>Reference and follow-up code.</summary>
    Complainant,
    /// <summary><c>/api/referrals/{token}</c>.</summary>
    National,
    /// <summary><c>/api/committee/cases/{token}</c>; the deputy holds it on a case about the chair.</summary>
    Chair,
    /// <summary><c>/api/committee/members/{token}</c>: a member of the committee's roster assigned to the case.</summary>
    CommitteeMember,
    /// <summary><c>/api/executive/cases/{token}</c>: the Executive Committee, which decides.</summary>
    Executive,
    /// <summary><c>/api/respondents/{token}</c>: the member complained about, who has the right to be heard.</summary>
    Respondent,
}

/// <summary>What a party can be allowed to do; whether the case allows it now is the state machine's decision (409).</summary>
public enum PartyAction
{
    ViewStatus,
    Withdraw,
    Acknowledge,
    ReportOutcome,
    Assign,
    NotifyRespondent,
    Note,
    Recuse,
    Recommend,
    Decide,
    DecideAppeal,
    Reply,
    Appeal,
    Message,
    Attach,
    ShareAttachment,
    RenewLink,
}

/// <summary>
/// The SPEC §9 table, in one place the pages, the actions and the tests read: what each party
/// sees of a case and what it may do.
/// </summary>
public static class PartyRules
{
    private static readonly IReadOnlyDictionary<Party, PartyAction[]> Actions = new Dictionary<Party, PartyAction[]>
    {
        [Party.Complainant] = [PartyAction.ViewStatus, PartyAction.Withdraw, PartyAction.Message, PartyAction.Attach],
        [Party.National] = [PartyAction.ViewStatus, PartyAction.Acknowledge, PartyAction.ReportOutcome, PartyAction.Message, PartyAction.Attach, PartyAction.RenewLink],
        [Party.Chair] = [PartyAction.ViewStatus, PartyAction.Acknowledge, PartyAction.Assign, PartyAction.NotifyRespondent, PartyAction.Note, PartyAction.Message, PartyAction.Attach, PartyAction.ShareAttachment, PartyAction.Recommend, PartyAction.RenewLink],
        [Party.CommitteeMember] = [PartyAction.ViewStatus, PartyAction.Note, PartyAction.Recuse, PartyAction.RenewLink],
        [Party.Executive] = [PartyAction.ViewStatus, PartyAction.Decide, PartyAction.DecideAppeal, PartyAction.RenewLink],
        [Party.Respondent] = [PartyAction.ViewStatus, PartyAction.Reply, PartyAction.Appeal, PartyAction.Attach, PartyAction.RenewLink],
    };

    public static bool May(Party party, PartyAction action) => Actions[party].Contains(action);

    public static IReadOnlyList<PartyAction> ActionsOf(Party party) => Actions[party];

    /// <summary>
    /// The decisive actions, which a forwarded link alone never records (SPEC §11): the
    /// recommendation, the decision and an appeal's outcome need a person signed in to the workspace.
    /// </summary>
    public static bool NeedsSignIn(PartyAction action) => action is PartyAction.Recommend or PartyAction.Decide or PartyAction.DecideAppeal;

    /// <summary>
    /// Whether the party sees the complaint itself (not only its status): the national organization
    /// only while it holds the case; the member complained about the allegation (sections, summary,
    /// dates) and the complainant's name unless anonymous (<see cref="SeesAllegationOnly"/>).
    /// </summary>
    public static bool SeesComplaint(Party party, CaseStatus status) => party switch
    {
        Party.National => NationalHolds(status),
        Party.Chair or Party.CommitteeMember or Party.Executive or Party.Respondent => true,
        _ => false,
    };

    /// <summary>The member complained about sees the allegation, never the complainant's relationship to them, contact details or the committee's side.</summary>
    public static bool SeesAllegationOnly(Party party) => party == Party.Respondent;

    /// <summary>The committee's internal notes and the whole event record: the committee side only.</summary>
    public static bool SeesNotes(Party party) => party is Party.Chair or Party.CommitteeMember or Party.Executive;

    /// <summary>
    /// Whether the party sees how to reach the complainant. An anonymous complainant's address is
    /// used only to notify them and no party ever sees it; a named complainant's is seen by those
    /// who may have to write to them (the national organization and the chair), not by committee
    /// members or the Executive Committee, who never write to the complainant.
    /// </summary>
    public static bool SeesContactDetails(Party party, bool anonymous) => !anonymous && party is Party.National or Party.Chair;

    /// <summary>
    /// Which evidence a party may open (SPEC §10): the committee side all of it; the national
    /// organization, while it holds the case, the complainant's (they consented to share the
    /// complaint with it when they submitted) and its own; the member complained about its own and
    /// what the chair shared; the complainant its own.
    /// </summary>
    public static bool SeesAttachment(Party party, Evidence.Attachment attachment, CaseStatus status) => party switch
    {
        Party.Chair or Party.CommitteeMember or Party.Executive => true,
        Party.National => NationalHolds(status) && attachment.From is Party.Complainant or Party.National,
        Party.Respondent => attachment.From == Party.Respondent || attachment.Shared,
        Party.Complainant => attachment.From == Party.Complainant,
        _ => false,
    };

    /// <summary>
    /// Which open cases a person signed in to the workspace sees (SPEC §9, §11): the chair every case
    /// but those about the chair, which are the deputy's alone; a committee member the cases they are
    /// assigned to; the Executive Committee the cases sent to it (awaiting its decision, or appealed).
    /// </summary>
    public static bool SeesInWorkspace(WorkspaceSeat seat, CaseStatus status, bool chairConflict, IReadOnlyCollection<string> assigned) => seat.Party switch
    {
        Party.Chair => chairConflict == seat.Deputy,
        Party.CommitteeMember => seat.MemberId is { } id && assigned.Contains(id, StringComparer.OrdinalIgnoreCase),
        Party.Executive => status is CaseStatus.AwaitingDecision or CaseStatus.UnderAppeal,
        _ => false,
    };

    public static bool NationalHolds(CaseStatus status) => status is CaseStatus.ReferredToNational or CaseStatus.UnderNationalReview;
}

/// <summary>Who a workspace session speaks for: the chair (or the deputy), a committee member by roster id, or the Executive Committee.</summary>
public sealed record WorkspaceSeat(Party Party, bool Deputy = false, string? MemberId = null);

