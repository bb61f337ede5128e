using Azure.Data.Tables;

namespace ComplaintRouting.Links;

/// <summary>
/// Explicit revocation of a party's links without rotating the signing key (SPEC §11): one row per
/// party holding "not before"; a link of that party issued earlier is refused as invalid (404).
/// Links issued after the revocation work. Table <c>LinkRevocations</c>, partition <c>party</c>,
/// row key the party (<c>committee</c>, <c>executive</c>, <c>national:{orgId}</c>, <c>member:{id}</c>).
/// </summary>
public sealed class LinkRevocations(TableServiceClient tables)
{
    public const string TableName = "LinkRevocations";
    private const string Partition = "party";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>Refuses every link of the party issued before <paramref name="now"/> (millisecond precision, as tokens carry).</summary>
    public async Task<DateTimeOffset> RevokeAsync(LinkParty party, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var notBefore = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        await _table.UpsertEntityAsync(new TableEntity(Partition, party.ToString()) { ["NotBefore"] = notBefore }, TableUpdateMode.Replace, cancellationToken);
        return notBefore;
    }

    /// <summary>Whether a link of <paramref name="capability"/>'s party issued when it says is revoked.</summary>
    public async Task<bool> IsRevokedAsync(Capability capability, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, capability.Party.ToString(), ["NotBefore"], cancellationToken);
        return row.HasValue && row.Value!.GetDateTimeOffset("NotBefore") is { } notBefore && capability.IssuedAt <= notBefore; // the same millisecond counts as before: refusing errs safe
    }

    /// <summary>Whether the party names something a row key can hold: <c>committee</c>, <c>executive</c>, or <c>national:</c> / <c>member:</c> and an id.</summary>
    public static bool IsValid(LinkParty party) => party switch
    {
        LinkParty.Committee or LinkParty.Executive or LinkParty.Respondent => true,
        LinkParty.National { OrganizationId: var id } => IsKey(id),
        LinkParty.Member { MemberId: var id } => IsKey(id),
        _ => false,
    };

    private static bool IsKey(string id) =>
        id.Length <= 64 && id.Trim() == id && !id.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?');
}
