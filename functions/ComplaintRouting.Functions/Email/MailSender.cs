using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Net;
using ComplaintRouting.Options;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace ComplaintRouting.Email;

/// <summary>One message, fully rendered. <see cref="Reference"/> is null only for the digest.</summary>
public sealed record OutgoingMail(string To, string? ToName, string Subject, string Html, string Text, MailKind Kind, string? Reference);

/// <summary>SendGrid asked us to slow down or failed for now; the queue tries again later.</summary>
public sealed class MailDeferredException(HttpStatusCode status, TimeSpan? retryAfter)
    : Exception($"SendGrid answered {(int)status}; try again{(retryAfter is { } r ? $" after {r.TotalSeconds:0}s" : "")}.")
{
    public HttpStatusCode Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>SendGrid refused the message for good (a 4xx other than 429).</summary>
public sealed class MailRejectedException(HttpStatusCode status, string body)
    : Exception($"SendGrid refused the message ({(int)status}): {body}");

public interface IMailSender
{
    /// <summary>Sends one message; returns SendGrid's message id.</summary>
    Task<string?> SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>The real SendGrid v3 client, posting to <c>SendGrid__Host</c> (a capture server locally).</summary>
public sealed class SendGridMailSender(IOptions<SendGridOptions> options) : IMailSender
{
    private readonly SendGridClient _client = new(new HttpClient { Timeout = options.Value.Timeout }, new SendGridClientOptions
    {
        ApiKey = options.Value.ApiKey,
        Host = options.Value.Host.TrimEnd('/'),
    });

    private readonly EmailAddress _from = new(options.Value.FromEmail, options.Value.FromName);

    public async Task<string?> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var message = MailHelper.CreateSingleEmail(_from, new EmailAddress(mail.To, mail.ToName), mail.Subject, mail.Text, mail.Html);
        message.AddCustomArg("kind", mail.Kind.ToApi());
        if (mail.Reference is not null) message.AddCustomArg("reference", mail.Reference);
        // Nobody should be tracked opening a mail about an ethics complaint.
        message.SetClickTracking(false, false);
        message.SetOpenTracking(false);

        var response = await _client.SendEmailAsync(message, cancellationToken);
        if (response.IsSuccessStatusCode)
            return response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;

        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            throw new MailDeferredException(response.StatusCode, RetryAfter(response));
        throw new MailRejectedException(response.StatusCode, await response.Body.ReadAsStringAsync(cancellationToken));
    }

    private static TimeSpan? RetryAfter(Response response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta) return delta;
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values) && long.TryParse(values.FirstOrDefault(), out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
