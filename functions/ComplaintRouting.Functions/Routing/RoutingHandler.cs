using ComplaintRouting.Cases;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Email;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Routing;

/// <summary>
/// Takes a received case off the routing queue, finds the member and their national organization
/// in the directory, and moves the case on as <see cref="RoutingPolicy"/> decides — with the
/// complainant's acknowledgement, the referral or escalation mail, and the urgent alert as work
/// in the same transaction. A duplicate message finds the case no longer received and does nothing.
/// </summary>
public sealed partial class RoutingHandler(
    CaseStore store, CaseCommands commands, DirectoryStore directory, IOptions<CommitteeOptions> committee, ILogger<RoutingHandler> logger)
{
    public async Task RouteAsync(string reference, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CaseReference"] = reference });
        var stored = await store.LoadAsync(reference, cancellationToken);
        if (stored is null)
        {
            LogUnknown(reference);
            return;
        }
        if (stored.Case.Status != CaseStatus.Received) return;

        var respondent = stored.Complaint.Respondent;
        var byNumber = respondent.MembershipNumber is { Length: > 0 } number ? await directory.FindMemberAsync(number, cancellationToken) : null;
        var byName = byNumber is null ? await directory.FindMembersByNameAsync(respondent.Name, respondent.CountryOfPractice, cancellationToken) : [];
        var organizationId = (byNumber ?? (byName.Count == 1 ? byName[0] : null))?.PrimaryOrganizationId;
        var organization = organizationId is { Length: > 0 } ? await directory.FindOrganizationAsync(organizationId, cancellationToken) : null;

        var decision = RoutingPolicy.Decide(stored.Complaint, byNumber, byName,
            id => organization is not null && string.Equals(organization.Id, id, StringComparison.OrdinalIgnoreCase) ? organization : null,
            committee.Value.Chair);

        var result = await commands.ExecuteAsync(stored, (s, now) =>
        {
            if (decision.ChairConflict) s.Case.SetChairConflict();
            s.Case.IdentifyRespondent(decision.Respondent?.MembershipNumber);
            var transition = decision.Referral is { } org
                ? s.Case.ReferToNational(org.Id, now)
                : s.Case.Escalate(decision.Escalation!.Value, Actors.Router, now);
            return Decision.From(transition);
        }, cancellationToken);

        if (result.State is { } state) LogRouted(reference, state.Status.ToString(), state.EscalationReason?.ToString());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Routing message for unknown case {Reference} dropped.")]
    private partial void LogUnknown(string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference} routed: {Status} ({Reason}).")]
    private partial void LogRouted(string reference, string status, string? reason);
}
