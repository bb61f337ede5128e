using ComplaintRouting.Parties;
using ComplaintRouting.Consequences;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.Http;
using ComplaintRouting.Localization;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Links;

/// <summary>
/// Opens a case through a capability link. Refused as invalid (404, revealing nothing): a forged or
/// altered token or one of another format, a token for another party or case, a token mailed to an
/// address that is no longer the party's registered one (a new chair, an organization's new
/// referral address), and a token issued before its party's explicit revocation. A token that
/// passes all of that but has expired is 410: as problem+json to API calls, and to a person who
/// opened the link from a mail a page in their language offering "send me a fresh link".
/// </summary>
public sealed partial class CapabilityGate(
    CapabilityTokens tokens, CaseStore store, DirectoryStore directory, LinkRevocations revocations, CaseCommands commands, Workspace.WorkspaceDoor workspace,
    IOptions<CommitteeOptions> committee, IOptions<ExecutiveCommitteeOptions> executive, TimeProvider clock, ILogger<CapabilityGate> logger)
{
    /// <summary>At most one renewal mail per party and case in this time (SPEC §11: no mail bomb through the renewal button).</summary>
    public static readonly TimeSpan RenewalInterval = TimeSpan.FromHours(1);

    private enum Outcome
    {
        Open,
        Invalid,
        Expired,
    }

    private sealed record Check(Outcome Outcome, StoredCase? Case, Capability? Capability, string PartyLanguage);

    /// <summary>
    /// The door of an action behind the link (<see cref="LinkActions"/>): the link opens the case for
    /// its party; a decisive action (<see cref="PartyRules.NeedsSignIn"/>) also needs the request to
    /// carry the workspace sign-in of the person who holds that party on this case (SPEC §11: a
    /// forwarded link alone never records a recommendation or a decision).
    /// </summary>
    public CaseDoor Door(HttpRequest req, string token, Party party) => async (action, cancellationToken) =>
    {
        var (stored, link, refusal) = await OpenAsync(token, party, action, cancellationToken);
        if (refusal is null && PartyRules.NeedsSignIn(action)) refusal = await workspace.RequireSignInAsync(req, stored!, party, cancellationToken);
        return refusal is null ? (stored, link!.Party, null) : (null, null, refusal);
    };

    /// <summary>Opens the case for an API call or form post; a refusal is problem+json.</summary>
    public async Task<(StoredCase? Case, Capability? Capability, ApiResult? Refusal)> OpenAsync(string token, Party party, PartyAction action, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(token, party, action, cancellationToken);
        return check.Outcome switch
        {
            Outcome.Open => (check.Case, check.Capability, null),
            Outcome.Expired => (null, null, ApiResult.Problem(StatusCodes.Status410Gone, Texts.Get("en", "link.expired.title"), Texts.Get("en", "link.expired.api"))),
            _ => (null, null, ApiResult.Problem(StatusCodes.Status404NotFound, Texts.Get("en", "link.invalid.title"), Texts.Get("en", "link.invalid.hint"))),
        };
    }

    /// <summary>
    /// Opens the case for a page a person reached from a mail; a refusal is a page too. The page's
    /// language is <c>?lang=</c>, else the party's (the organization's <c>language</c>; English for the committee).
    /// </summary>
    public async Task<(StoredCase? Case, Capability? Capability, string Language, ApiResult? Refusal)> OpenPageAsync(
        HttpRequest req, string token, Party party, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(token, party, PartyAction.ViewStatus, cancellationToken);
        var asked = req.Query["lang"].ToString();
        var lang = Texts.Resolve(asked.Length > 0 ? asked : check.PartyLanguage);
        return check.Outcome switch
        {
            Outcome.Open => (check.Case, check.Capability, lang, null),
            Outcome.Expired => (null, null, lang, ExpiredPage(token, lang)),
            _ => (null, null, lang, InvalidPage(lang)),
        };
    }

    /// <summary>
    /// "Send me a fresh link": only a genuinely signed, expired token that would otherwise still open
    /// its case asks for a <c>link-renewal</c> mail, which goes to the party's registered address
    /// (resolved when it is sent; nothing typed on the page is read). At most one per party and case
    /// per <see cref="RenewalInterval"/>, decided through the case's work items, so a refresh or a
    /// race mails once. The caller answers the same whatever happened.
    /// </summary>
    public async Task RequestRenewalAsync(string token, Party party, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(token, party, PartyAction.RenewLink, cancellationToken);
        if (check.Outcome != Outcome.Expired) return;
        var linkParty = check.Capability!.Party;
        var (recipient, member) = linkParty switch
        {
            LinkParty.National => (Recipient.National, (string?)null),
            LinkParty.Member m => (Recipient.Member, m.MemberId),
            LinkParty.Executive => (Recipient.Executive, null),
            LinkParty.Respondent => (Recipient.Respondent, null),
            _ => (Recipient.Chair, null),
        };
        var result = await commands.ExecuteAsync(check.Case!, (s, now) =>
        {
            if (s.Work.Any(w => w.MailKind == MailKind.LinkRenewal && w.Recipient == recipient && w.Member == member && w.CreatedAt > now - RenewalInterval))
                return Decision.Accept();
            return Decision.Accept(WorkItem.For(ConsequencePolicy.Renewal(recipient, now, member), now));
        }, cancellationToken);
        LogRenewal(check.Case!.Reference, linkParty.Party.ToString(), result.Status.ToString());
    }

    /// <summary>The page a renewal request lands on: the same text whatever the token was.</summary>
    public static ApiResult RenewalRequestedPage(string lang) =>
        PageRenderer.Detached.LinkPage<Notice>(new Dictionary<string, object?>
        {
            [nameof(Notice.Lang)] = lang, [nameof(Notice.Title)] = Texts.Get(lang, "link.renew.title"), [nameof(Notice.Text)] = Texts.Get(lang, "link.renew.body"),
        }, StatusCodes.Status202Accepted);

    public static ApiResult InvalidPage(string lang) =>
        PageRenderer.Detached.LinkPage<Notice>(new Dictionary<string, object?>
        {
            [nameof(Notice.Lang)] = lang, [nameof(Notice.Title)] = Texts.Get(lang, "link.invalid.title"), [nameof(Notice.Text)] = Texts.Get(lang, "link.invalid.hint"),
        }, StatusCodes.Status404NotFound);

    private static ApiResult ExpiredPage(string token, string lang) =>
        PageRenderer.Detached.LinkPage<ExpiredLinkPage>(new Dictionary<string, object?>
        {
            [nameof(ExpiredLinkPage.Lang)] = lang, [nameof(ExpiredLinkPage.Token)] = token,
        }, StatusCodes.Status410Gone);

    /// <summary>A link opens only its own party's routes, and only for what <see cref="PartyRules"/> lets that party do.</summary>
    private async Task<Check> CheckAsync(string token, Party party, PartyAction action, CancellationToken cancellationToken)
    {
        var invalid = new Check(Outcome.Invalid, null, null, Texts.Fallback);
        var (verdict, capability) = tokens.Verify(token, clock.GetUtcNow());
        if (verdict == TokenCheck.Invalid || capability is null || capability.Party.Party != party || !PartyRules.May(party, action)) return invalid;
        var stored = await store.LoadAsync(capability.Reference, cancellationToken);
        if (stored is null) return invalid;

        // The party's registered address now: the link must have been mailed to it.
        var (open, address, language) = await RegisteredAsync(capability.Party, stored, cancellationToken);
        if (!open) return invalid;
        if (!tokens.IsFor(capability, address)) return invalid;
        if (await revocations.IsRevokedAsync(capability, cancellationToken)) return invalid;

        return verdict == TokenCheck.Expired
            ? new Check(Outcome.Expired, stored, capability, language)
            : new Check(Outcome.Open, stored, capability, language);
    }

    /// <summary>
    /// Whether the link's party still takes part in the case, the address its links must have been
    /// mailed to, and the language it reads. A committee member's link opens only while the member
    /// is on the roster, active, assigned to the case and not the person complained about.
    /// </summary>
    private async Task<(bool Open, string? Address, string Language)> RegisteredAsync(LinkParty party, StoredCase stored, CancellationToken cancellationToken)
    {
        var state = stored.Case.State;
        switch (party)
        {
            case LinkParty.National n:
                if (!string.Equals(n.OrganizationId, state.NationalOrganizationId, StringComparison.OrdinalIgnoreCase)) return (false, null, Texts.Fallback);
                var organization = await directory.FindOrganizationAsync(n.OrganizationId, cancellationToken);
                return (true, organization?.ReferralEmail, organization?.Language ?? Texts.Fallback);
            case LinkParty.Member m:
                if (!state.Assigned.Contains(m.MemberId, StringComparer.OrdinalIgnoreCase)) return (false, null, Texts.Fallback);
                var member = await directory.FindCommitteeMemberAsync(m.MemberId, cancellationToken);
                if (member is not { Active: true } || await directory.IsRespondentAsync(member, stored.Complaint.Respondent, cancellationToken)) return (false, null, Texts.Fallback);
                return (true, member.Email, member.Language);
            case LinkParty.Executive:
                return (true, executive.Value.Email, executive.Value.Language);
            case LinkParty.Respondent:
                // Only after notice, and only to the member's directory address, in their organization's language.
                var (respondent, organizationLanguage) = await directory.RespondentAsync(state.RespondentMember, cancellationToken);
                return (state.RespondentNotifiedAt is not null && respondent is not null, respondent?.Email, organizationLanguage);
            default:
                var (email, _, language) = committee.Value.Holder(state.ChairConflict);
                return (true, email, language);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference}: a fresh {Party} link was asked for ({Result}).")]
    private partial void LogRenewal(string reference, string party, string result);
}
