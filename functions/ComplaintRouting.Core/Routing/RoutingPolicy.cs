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

/// <summary>Who chairs the committee, as configured (<c>Committee__ChairName</c>, <c>Committee__ChairMembershipNumber</c>).</summary>
public sealed record ChairIdentity(string Name, string? MembershipNumber);

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
        ChairIdentity chair)
    {
        var urgent = complaint.IsUrgent;
        var member = byNumber ?? (byName.Count == 1 ? byName[0] : null);
        var chairConflict = ConcernsChair(complaint.Respondent, member, chair);
        if (member is null)
            return new RoutingDecision(null, null, EscalationReason.RespondentNotIdentified, chairConflict, urgent);

        var organization = member.PrimaryOrganizationId is { Length: > 0 } id ? organizationOf(id) : null;
        if (organization is null || !organization.Active || string.IsNullOrWhiteSpace(organization.ReferralEmail) ||
            !string.Equals(organization.Country, complaint.Respondent.CountryOfPractice, StringComparison.OrdinalIgnoreCase))
            return new RoutingDecision(member, null, EscalationReason.NoNationalOrganization, chairConflict, urgent);

        if (IsOrganizationContact(member, organization))
            return new RoutingDecision(member, null, EscalationReason.ConflictOfInterest, chairConflict, urgent);

        return new RoutingDecision(member, organization, null, chairConflict, urgent);
    }

    /// <summary>
    /// Whether the complaint is about the chair (rule 4): the membership number typed or found is
    /// the chair's, or the name typed or found is the chair's under rule 1's matching — whether or
    /// not the member was found in the directory. Intake asks it before any directory lookup, so a
    /// case is the deputy's from the moment it is stored; routing asks again with the member found.
    /// </summary>
    public static bool ConcernsChair(RespondentDetails respondent, Member? member, ChairIdentity chair)
    {
        var chairName = PersonNames.Normalize(chair.Name);
        bool SameNumber(string? number) => chair.MembershipNumber is { Length: > 0 } n && number is { Length: > 0 } &&
                                           string.Equals(number.Trim(), n.Trim(), StringComparison.OrdinalIgnoreCase);
        bool SameName(string? name) => chairName.Length > 0 && name is not null && PersonNames.Normalize(name) == chairName;
        return SameNumber(respondent.MembershipNumber) || SameName(respondent.Name) ||
               (member is not null && (SameNumber(member.MembershipNumber) || SameName(member.FullName)));
    }

    private static bool IsOrganizationContact(Member member, Organization organization) =>
        (member.Email is { Length: > 0 } email && string.Equals(email.Trim(), organization.ReferralEmail?.Trim(), StringComparison.OrdinalIgnoreCase)) ||
        (organization.ContactName is { Length: > 0 } contact && PersonNames.Normalize(contact) == PersonNames.Normalize(member.FullName));
}
