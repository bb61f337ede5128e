using ComplaintRouting.Cases;
using ComplaintRouting.Directory;
using ComplaintRouting.Intake;

namespace ComplaintRouting.Routing;

/// <summary>Where a received case goes (SPEC §3).</summary>
public sealed record RoutingDecision(
    Member? Respondent,
    Organization? Referral,
    EscalationReason? Escalation,
    bool ChairConflict,
    bool UrgentAlert);

/// <summary>
/// The routing rules of SPEC §3 as one pure function: identify the member (no guessing), find
/// their national organization, apply the two conflict-of-interest rules and the urgent fast-track.
/// </summary>
public static class RoutingPolicy
{
    /// <param name="byNumber">The member with the complaint's membership number, if any.</param>
    /// <param name="byName">Members whose normalized name and country match.</param>
    /// <param name="organizationOf">Looks up an organization by id.</param>
    public static RoutingDecision Decide(
        Complaint complaint,
        Member? byNumber,
        IReadOnlyList<Member> byName,
        Func<string, Organization?> organizationOf,
        string? chairMembershipNumber)
    {
        var urgent = complaint.IsUrgent;
        var member = byNumber ?? (byName.Count == 1 ? byName[0] : null);
        if (member is null)
            return new RoutingDecision(null, null, EscalationReason.RespondentNotIdentified, false, urgent);

        var chairConflict = chairMembershipNumber is { Length: > 0 } chair &&
                            string.Equals(member.MembershipNumber, chair, StringComparison.OrdinalIgnoreCase);

        var organization = member.PrimaryOrganizationId is { Length: > 0 } id ? organizationOf(id) : null;
        if (organization is null || !organization.Active || string.IsNullOrWhiteSpace(organization.ReferralEmail) ||
            !string.Equals(organization.Country, complaint.Respondent.CountryOfPractice, StringComparison.OrdinalIgnoreCase))
            return new RoutingDecision(member, null, EscalationReason.NoNationalOrganization, chairConflict, urgent);

        if (IsOrganizationContact(member, organization))
            return new RoutingDecision(member, null, EscalationReason.ConflictOfInterest, chairConflict, urgent);

        return new RoutingDecision(member, organization, null, chairConflict, urgent);
    }

    private static bool IsOrganizationContact(Member member, Organization organization) =>
        (member.Email is { Length: > 0 } email && string.Equals(email.Trim(), organization.ReferralEmail?.Trim(), StringComparison.OrdinalIgnoreCase)) ||
        (organization.ContactName is { Length: > 0 } contact && PersonNames.Normalize(contact) == PersonNames.Normalize(member.FullName));
}
