using ComplaintRouting.Committee;
using ComplaintRouting.Options;
using ComplaintRouting.Http;
using ComplaintRouting.Parties;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;

namespace ComplaintRouting.Pages;

/// <summary>
/// The pages behind the capability links (Razor components, <see cref="PageRenderer"/>): the
/// national organization's, the committee side's — chair, member, Executive Committee — each
/// with the forms of its own party's actions (<see cref="PartyRules"/>), and the member complained about's.
/// </summary>
public sealed class CasePages(PageRenderer renderer, DirectoryStorage.DirectoryStore directory, Workspace.WorkspaceReads reads, Microsoft.Extensions.Options.IOptions<DeadlineOptions> deadlines,
    Microsoft.Extensions.Options.IOptions<AttachmentOptions> attachments, TimeProvider clock)
{
    /// <summary>The referral page in the organization's language; once its step is over, the status only.</summary>
    public Task<ApiResult> ReferralAsync(StoredCase stored, string token, DeadlineOptions deadlines, string language = "en") =>
        PartyRules.SeesComplaint(Party.National, stored.Case.State.Status)
            ? renderer.LinkPageAsync<ReferralPage>(new Dictionary<string, object?>
            {
                [nameof(ReferralPage.Case)] = stored, [nameof(ReferralPage.Token)] = token,
                [nameof(ReferralPage.Deadlines)] = deadlines, [nameof(ReferralPage.Lang)] = language, [nameof(ReferralPage.MaxFileBytes)] = attachments.Value.MaxBytes,
            })
            : renderer.LinkPageAsync<ReferralOverPage>(new Dictionary<string, object?>
            {
                [nameof(ReferralOverPage.State)] = stored.Case.State, [nameof(ReferralOverPage.Lang)] = language,
            });

    /// <summary>
    /// The committee side's page for <paramref name="party"/>, in <paramref name="language"/>
    /// (<c>CapabilityGate.OpenPageAsync</c> says which), with the active roster to name members and
    /// offer the assignable ones.
    /// </summary>
    public async Task<ApiResult> CommitteeAsync(StoredCase stored, string token, string language, Party party, CancellationToken cancellationToken) =>
        await renderer.LinkPageAsync<CommitteePage>(await CommitteeParametersAsync(stored, token, language, party, cancellationToken));

    /// <summary>
    /// The same page in the workspace (SPEC §11), for <paramref name="person"/>'s seat: the reference
    /// stands for the token, and it adds the timeline, the case file and the actions a link alone cannot take.
    /// </summary>
    public async Task<ApiResult> WorkspaceCaseAsync(StoredCase stored, Workspace.WorkspacePerson person, string language, CancellationToken cancellationToken)
    {
        var parameters = await CommitteeParametersAsync(stored, stored.Reference, language, person.Seat.Party, cancellationToken);
        parameters[nameof(CommitteePage.InWorkspace)] = true;
        parameters[nameof(CommitteePage.Timeline)] = Timeline(stored, language);
        return await renderer.WorkspacePageAsync<CommitteePage>(parameters);
    }

    /// <summary>The case's steps against their deadlines, now.</summary>
    public Workspace.Chart Timeline(StoredCase stored, string language) =>
        Workspace.WorkspaceCharts.BuildTimeline(Deadlines.StepTimeline.Of(stored.Events, stored.Case.State, deadlines.Value.ToSettings()),
            stored.Case.State.ReceivedAt, clock.GetUtcNow(), language);

    private async Task<Dictionary<string, object?>> CommitteeParametersAsync(StoredCase stored, string token, string language, Party party, CancellationToken cancellationToken)
    {
        var roster = await directory.ListCommitteeAsync(cancellationToken).Where(m => m.Active).ToListAsync(cancellationToken);
        // Who read the case in the workspace is the chair's to see (SPEC §11).
        IReadOnlyList<Workspace.WorkspaceRead> read = party == Party.Chair ? await reads.ListAsync(stored.Reference, 50, cancellationToken) : [];
        return new Dictionary<string, object?>
        {
            [nameof(CommitteePage.Case)] = stored, [nameof(CommitteePage.Token)] = token, [nameof(CommitteePage.Lang)] = language,
            [nameof(CommitteePage.Party)] = party, [nameof(CommitteePage.Actions)] = PartyRules.ActionsOf(party).ToHashSet(),
            [nameof(CommitteePage.Roster)] = roster, [nameof(CommitteePage.Deadlines)] = deadlines.Value, [nameof(CommitteePage.MaxFileBytes)] = attachments.Value.MaxBytes,
            [nameof(CommitteePage.Reads)] = read,
        };
    }

    /// <summary>The member complained about's page, in their organization's language.</summary>
    public Task<ApiResult> RespondentAsync(StoredCase stored, string token, string language) =>
        renderer.LinkPageAsync<Respondents.RespondentPage>(new Dictionary<string, object?>
        {
            [nameof(Respondents.RespondentPage.Case)] = stored, [nameof(Respondents.RespondentPage.Token)] = token,
            [nameof(Respondents.RespondentPage.Lang)] = language, [nameof(Respondents.RespondentPage.Deadlines)] = deadlines.Value,
            [nameof(Respondents.RespondentPage.Now)] = clock.GetUtcNow(), [nameof(Respondents.RespondentPage.MaxFileBytes)] = attachments.Value.MaxBytes,
        });
}
