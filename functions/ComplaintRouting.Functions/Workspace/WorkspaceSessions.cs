using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ComplaintRouting.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Workspace;

/// <summary>
/// E-mailed sign-in (SPEC §11, <c>Workspace__SignIn=email</c>): a one-time link valid
/// <see cref="LinkLifetime"/>, signed (HMAC-SHA256 under a key derived from <c>Links__SigningKey</c>)
/// and naming the address it was mailed to; redeemed once (its hash claimed in a table), it opens a
/// session of <see cref="SessionLifetime"/> held in an HttpOnly, Secure, SameSite=Strict cookie.
/// Only the session id's hash is stored. Every use resolves the address to a person again
/// (<see cref="WorkspacePeople"/>), so leaving the roster ends the session.
/// </summary>
public sealed class WorkspaceSessions(TableServiceClient tables, WorkspacePeople people, IOptions<LinksOptions> links, IOptions<WorkspaceOptions> workspace, TimeProvider clock)
{
    public const string TableName = "WorkspaceSessions";
    public const string Cookie = "__Host-workspace";
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);
    private const string SessionPartition = "session";
    private const string UsedPartition = "used-link";

    private readonly byte[] _key = links.Value.DeriveKey("workspace-sign-in");
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>A sign-in link's token for <paramref name="email"/>: the address, the expiry and a nonce, then their signature.</summary>
    public string IssueToken(string email)
    {
        var payload = $"{email}|{(clock.GetUtcNow() + LinkLifetime).ToUnixTimeSeconds()}|{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}";
        var bytes = Encoding.UTF8.GetBytes(payload);
        return $"{Base64Url.EncodeToString(bytes)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_key, bytes))}";
    }

    /// <summary>Whether the token is genuine, unexpired and names a person the workspace knows (nothing is claimed: a page may show it first).</summary>
    public async Task<WorkspacePerson?> CheckAsync(string token, CancellationToken cancellationToken) =>
        Read(token) is { } email ? await people.FindAsync(email, cancellationToken) : null;

    /// <summary>Redeems a sign-in token once and opens a session: the session id for the cookie, or null (forged, expired, used, or the person is gone).</summary>
    public async Task<(string SessionId, WorkspacePerson Person)?> RedeemAsync(string token, CancellationToken cancellationToken)
    {
        if (await CheckAsync(token, cancellationToken) is not { } person) return null;
        try
        {
            await _table.AddEntityAsync(new TableEntity(UsedPartition, Hash(token)) { ["At"] = clock.GetUtcNow() }, cancellationToken);
        }
        catch (RequestFailedException used) when (used.Status == 409)
        {
            return null;
        }
        var session = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await _table.AddEntityAsync(new TableEntity(SessionPartition, Hash(session))
        {
            ["Email"] = person.Email,
            ["ExpiresAt"] = clock.GetUtcNow() + SessionLifetime,
        }, cancellationToken);
        return (session, person);
    }

    /// <summary>The header App Service Authentication sets to the signed-in account's name (its e-mail for Entra ID accounts).</summary>
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>
    /// The person the request speaks for, or null: with <c>Workspace__SignIn=entra</c> the platform's
    /// principal header (App Service Authentication sets it and drops one a client sends; the Bicep
    /// turns it on with that setting), and never a cookie; otherwise the session cookie, and never the header.
    /// </summary>
    public async Task<WorkspacePerson?> PersonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (workspace.Value.Entra) return await people.FindAsync(request.Headers[PrincipalHeader].ToString(), cancellationToken);
        if (request.Cookies[Cookie] is not { Length: > 20 and < 100 } session) return null;
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(SessionPartition, Hash(session), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetDateTimeOffset("ExpiresAt") is not { } expires || expires <= clock.GetUtcNow()) return null;
        return await people.FindAsync(row.Value.GetString("Email"), cancellationToken);
    }

    public async Task EndAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Cookies[Cookie] is { Length: > 20 and < 100 } session)
            await _table.DeleteEntityAsync(SessionPartition, Hash(session), ETag.All, cancellationToken);
    }

    /// <summary>The cookie that carries a session: never readable by script, never sent from another site, only over HTTPS.</summary>
    public static string SetCookie(string session) =>
        $"{Cookie}={session}; Path=/; Max-Age={(int)SessionLifetime.TotalSeconds}; HttpOnly; Secure; SameSite=Strict";

    public static string ClearCookie => $"{Cookie}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict";

    /// <summary>Forgets used links and sessions past their time (the retention sweep calls it).</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await foreach (var row in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var over = row.PartitionKey == SessionPartition ? row.GetDateTimeOffset("ExpiresAt") <= now : row.GetDateTimeOffset("At") <= now - LinkLifetime;
            if (over) await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        }
    }

    private string? Read(string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0 || token.Length > 600) return null;
        try
        {
            var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), Base64Url.DecodeFromChars(token.AsSpan(dot + 1)))) return null;
            var parts = Encoding.UTF8.GetString(payload).Split('|');
            if (parts.Length != 3 || !long.TryParse(parts[1], out var expires) || DateTimeOffset.FromUnixTimeSeconds(expires) <= clock.GetUtcNow()) return null;
            return parts[0];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
