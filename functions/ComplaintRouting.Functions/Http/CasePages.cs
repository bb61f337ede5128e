using ComplaintRouting.Committee;
using ComplaintRouting.Options;
using ComplaintRouting.Pages;
using ComplaintRouting.Parties;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;

namespace ComplaintRouting.Http;

/// <summary>The pages behind the capability links: what the national organization and the chair see (Razor components, <see cref="PageRenderer"/>).</summary>
public sealed class CasePages(PageRenderer renderer)
{
    /// <summary>
    /// The chair's actions that have a form on the committee page. The decision is the Executive
    /// Committee's, on its own page (SPEC §9), so it is not among them even while the chair's link may still post it.
    /// </summary>
    public static IReadOnlySet<PartyAction> CommitteeActions { get; } =
        PartyRules.ActionsOf(Party.Chair).Where(a => a is not PartyAction.Decide).ToHashSet();

    /// <summary>The referral page in the organization's language; once its step is over, the status only.</summary>
    public Task<ApiResult> ReferralAsync(StoredCase stored, string token, DeadlineOptions deadlines, string language = "en") =>
        PartyRules.SeesComplaint(Party.National, stored.Case.State.Status)
            ? renderer.LinkPageAsync<ReferralPage>(new Dictionary<string, object?>
            {
                [nameof(ReferralPage.Case)] = stored, [nameof(ReferralPage.Token)] = token,
                [nameof(ReferralPage.Deadlines)] = deadlines, [nameof(ReferralPage.Lang)] = language,
            })
            : renderer.LinkPageAsync<ReferralOverPage>(new Dictionary<string, object?>
            {
                [nameof(ReferralOverPage.State)] = stored.Case.State, [nameof(ReferralOverPage.Lang)] = language,
            });

    /// <summary>The chair's page in <paramref name="language"/> (<c>CapabilityGate.OpenPageAsync</c> says which), with the forms for <paramref name="actions"/> (default <see cref="CommitteeActions"/>).</summary>
    public Task<ApiResult> CommitteeAsync(StoredCase stored, string token, string language = "en", IReadOnlySet<PartyAction>? actions = null) =>
        renderer.LinkPageAsync<CommitteePage>(new Dictionary<string, object?>
        {
            [nameof(CommitteePage.Case)] = stored, [nameof(CommitteePage.Token)] = token,
            [nameof(CommitteePage.Lang)] = language, [nameof(CommitteePage.Actions)] = actions ?? CommitteeActions,
        });
}
