using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.FloodControl;

/// <summary>
/// Flood and guessing control on <see cref="SharedCounters"/>, so every limit holds across
/// instances. A client is its <see cref="ClientAddress"/>, and an acknowledgement's recipient its
/// address, each keyed by an HMAC under a key derived from <c>Links__SigningKey</c>: the same on
/// every instance, and no address is ever stored.
/// <list type="bullet">
/// <item>accepted submissions per client per hour (<c>Intake__SubmissionsPerClientPerHour</c>);</item>
/// <item>submissions from the no-script form without a proof of work, all clients together, per hour (<c>Intake__UnprovenSubmissionsPerHour</c>);</item>
/// <item>wrong follow-up codes per client per quarter hour — never per reference, which would let anyone lock a complainant out of their own case;</item>
/// <item>acknowledgements per recipient address per day (<c>Intake__AcknowledgementsPerAddressPerDay</c>).</item>
/// </list>
/// </summary>
public sealed class Throttles(SharedCounters counters, IOptions<IntakeOptions> intake, IOptions<LinksOptions> links)
{
    public const int WrongCodesPerClient = 20;
    public static readonly TimeSpan WrongCodeWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly byte[] _key = links.Value.DeriveKey("throttles");

    public string ClientOf(HttpRequest request) => Hash("client|" + ClientAddress.Of(request));

    /// <summary>Counts a valid submission; null when the client may submit, else how long to wait.</summary>
    public Task<TimeSpan?> TakeSubmissionAsync(string client, CancellationToken cancellationToken) =>
        counters.TakeAsync("submission", client, Hour, intake.Value.SubmissionsPerClientPerHour, cancellationToken);

    /// <summary>Counts a no-script submission that carries no proof of work, against the limit all clients share.</summary>
    public Task<TimeSpan?> TakeUnprovenAsync(CancellationToken cancellationToken) =>
        counters.TakeAsync("unproven", "all", Hour, intake.Value.UnprovenSubmissionsPerHour, cancellationToken);

    /// <summary>Whether this client has used up its wrong codes (without counting one); null when it has not.</summary>
    public Task<TimeSpan?> FollowUpBlockedAsync(string client, CancellationToken cancellationToken) =>
        counters.ExhaustedAsync("wrong-code", client, WrongCodeWindow, WrongCodesPerClient, cancellationToken);

    /// <summary>Counts a wrong code (or an unknown reference: the two look the same).</summary>
    public Task WrongCodeAsync(string client, CancellationToken cancellationToken) =>
        counters.AddAsync("wrong-code", client, WrongCodeWindow, cancellationToken);

    /// <summary>Whether the acknowledgement for <paramref name="reference"/> may go to <paramref name="address"/> today (the same case's retry always may).</summary>
    public Task<bool> MayAcknowledgeAsync(string address, string reference, CancellationToken cancellationToken) =>
        counters.AdmitMemberAsync("acknowledgement", Hash("address|" + address.Trim().ToLowerInvariant()), Day,
            intake.Value.AcknowledgementsPerAddressPerDay, reference, cancellationToken);

    /// <summary>Counts a workspace sign-in mail to <paramref name="address"/>; null when it may go (SPEC §11: the form floods nobody's inbox).</summary>
    public Task<TimeSpan?> TakeSignInMailAsync(string address, CancellationToken cancellationToken) =>
        counters.TakeAsync("workspace-sign-in", Hash("address|" + address.Trim().ToLowerInvariant()), Hour, SignInMailsPerAddressPerHour, cancellationToken);

    public const int SignInMailsPerAddressPerHour = 5;

    private string Hash(string value) => Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)))[..32];
}
