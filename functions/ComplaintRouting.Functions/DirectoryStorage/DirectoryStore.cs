using Azure;
using Azure.Data.Tables;
using ComplaintRouting.Directory;

namespace ComplaintRouting.DirectoryStorage;

/// <summary>
/// The member directory in Table Storage. Organizations: PartitionKey <c>org</c>. Members:
/// PartitionKey <c>member</c>, RowKey the membership number (upper case). A name index,
/// PartitionKey <c>name-{country}</c>, RowKey <c>{normalized name}|{number}</c>, answers
/// "who is called this in that country" with one partition range query, never a scan. The
/// committee's roster: PartitionKey <c>committee</c>, RowKey the member's id (upper case).
/// </summary>
public sealed class DirectoryStore(TableServiceClient tables)
{
    public const string TableName = "Directory";
    private const string OrgPartition = "org";
    private const string MemberPartition = "member";
    private const string CommitteePartition = "committee";

    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task<Organization?> FindOrganizationAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsKey(id)) return null;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(OrgPartition, Key(id), cancellationToken: cancellationToken);
        return row.HasValue ? ReadOrganization(row.Value!) : null;
    }

    public async Task<Member?> FindMemberAsync(string membershipNumber, CancellationToken cancellationToken)
    {
        // A number typed by a complainant may hold characters no key can (the import refuses them): no such member.
        if (!IsKey(membershipNumber)) return null;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(MemberPartition, Key(membershipNumber), cancellationToken: cancellationToken);
        return row.HasValue ? ReadMember(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Member>> FindMembersByNameAsync(string fullName, string country, CancellationToken cancellationToken)
    {
        var normalized = PersonNames.Normalize(fullName);
        if (normalized.Length == 0) return [];
        var partition = NamePartition(country);
        var low = normalized + "|";
        var high = normalized + "}"; // '}' sorts right after '|'
        var numbers = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(
            e => e.PartitionKey == partition && e.RowKey.CompareTo(low) > 0 && e.RowKey.CompareTo(high) < 0,
            select: ["RowKey"], cancellationToken: cancellationToken))
        {
            numbers.Add(row.RowKey[low.Length..]);
            if (numbers.Count > 1) break; // two is already "not exactly one"
        }
        var members = new List<Member>();
        foreach (var number in numbers)
            if (await FindMemberAsync(number, cancellationToken) is { } member) members.Add(member);
        return members;
    }

    public async Task UpsertOrganizationAsync(Organization o, CancellationToken cancellationToken)
    {
        await _table.UpsertEntityAsync(new TableEntity(OrgPartition, Key(o.Id))
        {
            ["Id"] = o.Id,
            ["Name"] = o.Name,
            ["Country"] = o.Country,
            ["ReferralEmail"] = o.ReferralEmail,
            ["ContactName"] = o.ContactName,
            ["Language"] = o.Language,
            ["Active"] = o.Active,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Upserts a member and moves its name-index entry if the name or country changed.</summary>
    public async Task UpsertMemberAsync(Member m, CancellationToken cancellationToken)
    {
        var previous = await FindMemberAsync(m.MembershipNumber, cancellationToken);
        await _table.UpsertEntityAsync(new TableEntity(NamePartition(m.Country), NameKey(m)), TableUpdateMode.Replace, cancellationToken);
        await _table.UpsertEntityAsync(new TableEntity(MemberPartition, Key(m.MembershipNumber))
        {
            ["MembershipNumber"] = m.MembershipNumber,
            ["FullName"] = m.FullName,
            ["Email"] = m.Email,
            ["Country"] = m.Country,
            ["PrimaryOrganizationId"] = m.PrimaryOrganizationId,
            ["Language"] = m.Language,
        }, TableUpdateMode.Replace, cancellationToken);
        if (previous is not null && (NamePartition(previous.Country), NameKey(previous)) != (NamePartition(m.Country), NameKey(m)))
        {
            try { await _table.DeleteEntityAsync(NamePartition(previous.Country), NameKey(previous), ETag.All, cancellationToken); }
            catch (RequestFailedException ex) when (ex.Status == 404) { }
        }
    }

    public async Task<CommitteeMember?> FindCommitteeMemberAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsKey(id)) return null;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(CommitteePartition, Key(id), cancellationToken: cancellationToken);
        return row.HasValue ? ReadCommitteeMember(row.Value!) : null;
    }

    public Task UpsertCommitteeMemberAsync(CommitteeMember m, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(CommitteePartition, Key(m.Id))
        {
            ["Id"] = m.Id,
            ["Name"] = m.Name,
            ["Email"] = m.Email,
            ["Language"] = m.Language,
            ["Active"] = m.Active,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The member a case is about (routing's <c>RespondentMember</c>) and the language their mails and page use: their own, else their organization's.</summary>
    public async Task<(Member? Member, string Language)> RespondentAsync(string? membershipNumber, CancellationToken cancellationToken)
    {
        var member = membershipNumber is null ? null : await FindMemberAsync(membershipNumber, cancellationToken);
        var organization = member?.PrimaryOrganizationId is { } id ? await FindOrganizationAsync(id, cancellationToken) : null;
        return (member, member?.Language ?? organization?.Language ?? "en");
    }

    /// <summary>Whether a committee member is the person a complaint is about (SPEC §9): by the e-mail given or the directory's, or by name.</summary>
    public async Task<bool> IsRespondentAsync(CommitteeMember member, Intake.RespondentDetails respondent, CancellationToken cancellationToken)
    {
        var listed = respondent.MembershipNumber is { } number ? await FindMemberAsync(number, cancellationToken) : null;
        return member.IsRespondent(respondent.Name, respondent.Email, listed?.Email)
               || listed is not null && member.IsRespondent(listed.FullName);
    }

    /// <summary>The committee's roster, in key order: one small partition.</summary>
    public async IAsyncEnumerable<CommitteeMember> ListCommitteeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == CommitteePartition, cancellationToken: cancellationToken))
            yield return ReadCommitteeMember(row);
    }

    /// <summary>Every organization, in key order: one partition, read a page at a time.</summary>
    public async IAsyncEnumerable<Organization> ListOrganizationsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == OrgPartition, cancellationToken: cancellationToken))
            yield return ReadOrganization(row);
    }

    /// <summary>Every member, in key order (the name index lives in other partitions and is not read).</summary>
    public async IAsyncEnumerable<Member> ListMembersAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == MemberPartition, cancellationToken: cancellationToken))
            yield return ReadMember(row);
    }

    private static string Key(string id) => id.Trim().ToUpperInvariant();

    private static bool IsKey(string id) =>
        id.Trim().Length is > 0 and <= 64 && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
    private static string NamePartition(string country) => "name-" + country.Trim().ToUpperInvariant();
    private static string NameKey(Member m) => $"{PersonNames.Normalize(m.FullName)}|{Key(m.MembershipNumber)}";

    private static Organization ReadOrganization(TableEntity e) => new(
        e.GetString("Id"), e.GetString("Name"), e.GetString("Country"), e.GetString("ReferralEmail"),
        e.GetString("ContactName"), e.GetString("Language") ?? "en", e.GetBoolean("Active") ?? false);

    private static CommitteeMember ReadCommitteeMember(TableEntity e) => new(
        e.GetString("Id"), e.GetString("Name"), e.GetString("Email"), e.GetString("Language") ?? "en", e.GetBoolean("Active") ?? false);

    private static Member ReadMember(TableEntity e) => new(
        e.GetString("MembershipNumber"), e.GetString("FullName"), e.GetString("Email"), e.GetString("Country"), e.GetString("PrimaryOrganizationId"), e.GetString("Language"));
}
