using ComplaintRouting.Http;
using ComplaintRouting.Parties;
using ComplaintRouting.Storage;

namespace ComplaintRouting.Links;

/// <summary>
/// How an action reaches its case (SPEC §9, §11): through a capability link
/// (<see cref="CapabilityGate.Door"/>) or through a workspace session
/// (<see cref="Workspace.WorkspaceDoor.For"/>). Either way the case and who acts — or the refusal,
/// which reveals nothing about a case the caller may not see.
/// </summary>
public delegate Task<(StoredCase? Case, LinkParty? Actor, ApiResult? Refusal)> CaseDoor(PartyAction action, CancellationToken cancellationToken);
