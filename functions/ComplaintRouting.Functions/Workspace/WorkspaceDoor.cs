using ComplaintRouting.Http;
using ComplaintRouting.Links;
using ComplaintRouting.Parties;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;

namespace ComplaintRouting.Workspace;

/// <summary>
/// Opens a case for a person signed in to the workspace (SPEC §11), as <see cref="CapabilityGate"/>
/// opens it for a link: without a sign-in 401; a case the person may not see
/// (<see cref="PartyRules.SeesInWorkspace"/>) is 404, as one that does not exist. The person acts
/// as the party their seat holds: the chair (the deputy on a case about the chair), their own roster
/// id, or the Executive Committee. A change posted from another site is refused (403): the sign-in
/// may ride on a cookie the browser would send along.
/// </summary>
public sealed class WorkspaceDoor(WorkspaceSessions sessions, CaseStore store, WorkspaceReads reads)
{
    /// <summary>The person and the case, or why not.</summary>
    public async Task<(WorkspacePerson? Person, StoredCase? Case, ApiResult? Refusal)> OpenAsync(HttpRequest req, string reference, CancellationToken cancellationToken)
    {
        if (await sessions.PersonAsync(req, cancellationToken) is not { } person) return (null, null, SignInFirst);
        var stored = Intake.CaseCodes.NormalizeReference(reference) is { } valid ? await store.LoadAsync(valid, cancellationToken) : null;
        return stored is not null && Sees(person, stored) ? (person, stored, null) : (person, null, ApiResult.NotFound());
    }

    /// <summary>
    /// The door of an action in the workspace (<see cref="LinkActions"/>): the person's own party may
    /// take it, on a case they see; with <paramref name="recordAs"/>, what passes is recorded as a read.
    /// </summary>
    public CaseDoor For(HttpRequest req, string reference, string? recordAs = null) => async (action, cancellationToken) =>
    {
        if (FromAnotherSite(req)) return (null, null, CrossSite);
        var (person, stored, refusal) = await OpenAsync(req, reference, cancellationToken);
        if (refusal is not null) return (null, null, refusal);
        if (!PartyRules.May(person!.Seat.Party, action)) return (null, null, ApiResult.NotFound());
        if (recordAs is not null) await reads.RecordAsync(stored!.Reference, person.Actor, recordAs, cancellationToken);
        return (stored, Actor(person), null);
    };

    /// <summary>
    /// A decisive action behind a link (<see cref="PartyRules.NeedsSignIn"/>): the request must also
    /// carry the sign-in of the person who holds <paramref name="party"/> on this case; null when it does.
    /// </summary>
    public async Task<ApiResult?> RequireSignInAsync(HttpRequest req, StoredCase stored, Party party, CancellationToken cancellationToken)
    {
        if (FromAnotherSite(req)) return CrossSite;
        var person = await sessions.PersonAsync(req, cancellationToken);
        return person is not null && person.Seat.Party == party && Sees(person, stored) ? null : SignInNeeded(stored.Reference);
    }

    /// <summary>Who the person acts as, in the terms a link would name them.</summary>
    public static LinkParty Actor(WorkspacePerson person) => person.Seat.Party switch
    {
        Party.CommitteeMember => new LinkParty.Member(person.MemberId!),
        Party.Executive => new LinkParty.Executive(),
        _ => new LinkParty.Committee(),
    };

    private static bool Sees(WorkspacePerson person, StoredCase stored) =>
        PartyRules.SeesInWorkspace(person.Seat, stored.Case.State.Status, stored.Case.State.ChairConflict, stored.Case.State.Assigned);

    /// <summary>A browser says where a request comes from (<c>Sec-Fetch-Site</c>); a client that does not say is not a browser riding on a cookie.</summary>
    private static bool FromAnotherSite(HttpRequest req) =>
        req.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site is not ("same-origin" or "none");

    private static ApiResult SignInFirst => ApiResult.Problem(StatusCodes.Status401Unauthorized, "Sign in first.", "Sign in to the workspace: POST /api/workspace/sign-in.");

    private static ApiResult CrossSite => ApiResult.Problem(StatusCodes.Status403Forbidden, "Refused: the request came from another site.");

    private static ApiResult SignInNeeded(string reference) => ApiResult.Problem(StatusCodes.Status403Forbidden,
        "A link alone cannot record this.", $"Recommendations and decisions are recorded by a person signed in to the workspace: /api/workspace/cases/{reference}.");
}
