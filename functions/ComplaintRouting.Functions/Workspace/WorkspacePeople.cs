using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Options;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Workspace;

/// <summary>Who may sign in to the workspace (SPEC §11): the chair, the deputy, the Executive Committee and the committee's active members.</summary>
public enum WorkspaceRole
{
    Chair,
    Deputy,
    Executive,
    Member,
}

/// <summary>A signed-in person: their address, role, roster id (members) and language.</summary>
public sealed record WorkspacePerson(string Email, WorkspaceRole Role, string? MemberId, string Language, string Name)
{
    /// <summary>Whose part of the case the person holds (<see cref="Parties.PartyRules.SeesInWorkspace"/>).</summary>
    public Parties.WorkspaceSeat Seat => Role switch
    {
        WorkspaceRole.Chair => new(Parties.Party.Chair),
        WorkspaceRole.Deputy => new(Parties.Party.Chair, Deputy: true),
        WorkspaceRole.Member => new(Parties.Party.CommitteeMember, MemberId: MemberId),
        _ => new(Parties.Party.Executive),
    };

    /// <summary>The name events record for the person (<c>chair</c>, <c>deputy</c>, <c>member:{id}</c>, <c>executive</c>).</summary>
    public string Actor => Role switch
    {
        WorkspaceRole.Chair => Cases.Actors.Chair,
        WorkspaceRole.Deputy => Cases.Actors.Deputy,
        WorkspaceRole.Member => Cases.Actors.Member(MemberId!),
        _ => Cases.Actors.Executive,
    };
}

/// <summary>
/// Matches an address to a person the workspace knows — the settings for the chair, the deputy and
/// the Executive Committee, the roster for members — every time it is asked, so a member who
/// leaves the roster or a chair who hands over loses the workspace at once, session or not.
/// </summary>
public sealed class WorkspacePeople(IOptions<CommitteeOptions> committee, IOptions<ExecutiveCommitteeOptions> executive, DirectoryStore directory)
{
    public async Task<WorkspacePerson?> FindAsync(string? email, CancellationToken cancellationToken)
    {
        var address = email?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > 254) return null;
        bool Is(string known) => string.Equals(known, address, StringComparison.OrdinalIgnoreCase);
        var c = committee.Value;
        if (Is(c.ChairEmail)) return new WorkspacePerson(c.ChairEmail, WorkspaceRole.Chair, null, c.ChairLanguage, c.ChairName);
        if (Is(c.DeputyEmail)) return new WorkspacePerson(c.DeputyEmail, WorkspaceRole.Deputy, null, c.DeputyLanguage, c.DeputyEmail);
        var e = executive.Value;
        if (Is(e.Email)) return new WorkspacePerson(e.Email, WorkspaceRole.Executive, null, e.Language, e.Name);
        await foreach (var member in directory.ListCommitteeAsync(cancellationToken))
            if (member.Active && Is(member.Email))
                return new WorkspacePerson(member.Email, WorkspaceRole.Member, member.Id, member.Language, member.Name);
        return null;
    }
}
