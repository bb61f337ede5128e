using ComplaintRouting.Parties;
using System.Text.Json;
using ComplaintRouting.Api;
using ComplaintRouting.Http;
using ComplaintRouting.Intake;
using ComplaintRouting.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ComplaintRouting.Links;

/// <summary>
/// "Send me a fresh link" (SPEC §11) for every party's link, and the explicit
/// revocation of a party's links (management, function key). The renewal routes read nothing
/// from the request but the token in the path: no address typed on a page is ever used, and
/// every token — valid, expired, forged, rate-limited — gets the same answer.
/// </summary>
public sealed class LinkFunctions(CapabilityGate gate, LinkRevocations revocations, TimeProvider clock)
{
    [Function("RenewReferralLink")]
    public Task<IActionResult> RenewReferral(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{token}/renew")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        RenewAsync(req, token, Party.National, cancellationToken);

    [Function("RenewCommitteeLink")]
    public Task<IActionResult> RenewCommittee(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/cases/{token}/renew")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        RenewAsync(req, token, Party.Chair, cancellationToken);

    [Function("RenewMemberLink")]
    public Task<IActionResult> RenewMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "committee/members/{token}/renew")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        RenewAsync(req, token, Party.CommitteeMember, cancellationToken);

    [Function("RenewExecutiveLink")]
    public Task<IActionResult> RenewExecutive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executive/cases/{token}/renew")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        RenewAsync(req, token, Party.Executive, cancellationToken);

    [Function("RenewRespondentLink")]
    public Task<IActionResult> RenewRespondent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "respondents/{token}/renew")] HttpRequest req, string token, CancellationToken cancellationToken) =>
        RenewAsync(req, token, Party.Respondent, cancellationToken);

    private async Task<IActionResult> RenewAsync(HttpRequest req, string token, Party party, CancellationToken cancellationToken)
    {
        await gate.RequestRenewalAsync(token, party, cancellationToken);
        var lang = Texts.Resolve(req.Query["lang"].ToString());
        var json = (req.ContentType ?? "").Split(';')[0].Trim().EndsWith("json", StringComparison.OrdinalIgnoreCase);
        return json
            ? ApiResult.Ok(new { message = Texts.Get(lang, "link.renew.body") }, StatusCodes.Status202Accepted)
            : CapabilityGate.RenewalRequestedPage(lang);
    }

    /// <summary>
    /// <c>POST /api/manage/links/revocations</c> <c>{ "party": "committee" | "executive" | "national:{orgId}" | "member:{id}" }</c>:
    /// every link of the party issued until now is refused (404); links issued afterwards work.
    /// </summary>
    [Function("RevokeLinks")]
    public async Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/links/revocations")] HttpRequest req, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(req, allowForm: false, cancellationToken);
        if (body.Error is not null) return body.Error;
        var json = body.Json!.Value;
        if (json.ValueKind != JsonValueKind.Object)
            return ApiResult.Validation([new FieldError("", "object", "The body must be a JSON object.")]);
        var text = json.TryGetProperty("party", out var p) && p.ValueKind == JsonValueKind.String ? JsonText.StringOrNull(p) : null;
        if (text is null || LinkParty.Parse(text) is not { } party || !LinkRevocations.IsValid(party))
            return ApiResult.Validation([new FieldError("party", "party", "Give \"committee\", \"executive\", \"respondent\", \"national:\" followed by an organization id, or \"member:\" followed by a committee member's id.")]);

        var notBefore = await revocations.RevokeAsync(party, clock.GetUtcNow(), cancellationToken);
        return ApiResult.Ok(new { party = party.ToString(), notBefore });
    }
}
