using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using ComplaintRouting.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Security;

/// <summary>
/// Flood control and guessing control, in memory per instance (no storage request on the hot
/// path; a client's address is hashed with a per-process key and never stored):
/// accepted submissions per client per hour (<c>Intake__SubmissionsPerClientPerHour</c>), and
/// wrong follow-up codes per reference and per client.
/// </summary>
public sealed class Throttles : IDisposable
{
    public const int WrongCodesPerReference = 5;
    public const int WrongCodesPerClient = 20;
    public static readonly TimeSpan WrongCodeWindow = TimeSpan.FromMinutes(15);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly PartitionedRateLimiter<string> _submissions;
    private readonly PartitionedRateLimiter<string> _wrongCodes;

    public Throttles(IOptions<IntakeOptions> intake)
    {
        var perHour = intake.Value.SubmissionsPerClientPerHour;
        _submissions = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        _wrongCodes = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            k => new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.StartsWith("ref:", StringComparison.Ordinal) ? WrongCodesPerReference : WrongCodesPerClient,
                Window = WrongCodeWindow,
                QueueLimit = 0,
            }));
    }

    public string ClientOf(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim();
        var address = forwarded.Length > 0 ? forwarded : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address)));
    }

    /// <summary>Whether the client may submit now; null when it may, else how long to wait. Counts the submission.</summary>
    public TimeSpan? TakeSubmission(string client) => Take(_submissions, client);

    /// <summary>Whether follow-up attempts are blocked for this reference or client (without counting one).</summary>
    public TimeSpan? FollowUpBlocked(string reference, string client)
    {
        foreach (var key in new[] { "ref:" + reference, "client:" + client })
        {
            var stats = _wrongCodes.GetStatistics(key);
            if (stats is { CurrentAvailablePermits: <= 0 }) return WrongCodeWindow;
        }
        return null;
    }

    /// <summary>Counts a wrong code (or unknown reference: the two look the same).</summary>
    public void WrongCode(string reference, string client)
    {
        _wrongCodes.AttemptAcquire("ref:" + reference).Dispose();
        _wrongCodes.AttemptAcquire("client:" + client).Dispose();
    }

    private static TimeSpan? Take(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(5);
    }

    public void Dispose()
    {
        _submissions.Dispose();
        _wrongCodes.Dispose();
    }
}
