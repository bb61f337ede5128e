using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.Email;

/// <summary>
/// Sends one stored mail step. The step is claimed with its ETag before sending, so two workers
/// given the same message send it once; a sent step is never sent again. SendGrid's 429/5xx are
/// retried here when the wait is short (honouring Retry-After / X-RateLimit-Reset), otherwise the
/// claim is released and the queue retries the message later.
/// </summary>
public sealed partial class MailHandler(
    CaseStore store, DirectoryStore directory, MailComposer composer, IMailSender sender, TimeProvider clock, ILogger<MailHandler> logger)
{
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LongestInlineWait = TimeSpan.FromSeconds(20);
    private const int InlineAttempts = 3;

    public async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        if (WorkQueues.ParseMail(message) is not var (reference, workId))
        {
            LogMalformed(message.Length > 100 ? message[..100] : message);
            return;
        }
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CaseReference"] = reference });

        var stored = await store.LoadAsync(reference, cancellationToken);
        var work = stored?.Work.FirstOrDefault(w => w.Id == workId);
        if (stored is null || work is null || !work.IsStalled(clock.GetUtcNow())) return;

        var claimed = await store.TryClaimAsync(reference, work, clock.GetUtcNow() + ClaimFor, cancellationToken);
        if (claimed is null) return; // another worker has it

        var organization = stored.Case.State.NationalOrganizationId is { } orgId && work.Recipient == Recipient.National
            ? await directory.FindOrganizationAsync(orgId, cancellationToken)
            : null;
        var mail = composer.Compose(stored, work, organization);
        if (mail is null)
        {
            await store.MarkSentAsync(reference, claimed, null, cancellationToken);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var messageId = await sender.SendAsync(mail, cancellationToken);
                await store.MarkSentAsync(reference, claimed, messageId, cancellationToken);
                LogSent(reference, mail.Kind, messageId);
                return;
            }
            catch (MailDeferredException ex) when (attempt < InlineAttempts && (ex.RetryAfter ?? TimeSpan.FromSeconds(attempt * 2)) <= LongestInlineWait)
            {
                LogDeferred(reference, mail.Kind, (int)ex.Status);
                await Task.Delay(ex.RetryAfter ?? TimeSpan.FromSeconds(attempt * 2), cancellationToken); // SendGrid's clock, not the case clock
            }
            catch (Exception ex) when (ex is MailDeferredException or HttpRequestException or TaskCanceledException)
            {
                // Give the step back so the queue's retry (or the re-drive timer) can take it again.
                await store.TryReleaseAsync(reference, claimed, cancellationToken);
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed mail message dropped: {Message}")]
    private partial void LogMalformed(string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference}: {Kind} mail sent ({MessageId}).")]
    private partial void LogSent(string reference, string kind, string? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Reference}: {Kind} mail deferred by SendGrid ({Status}); retrying.")]
    private partial void LogDeferred(string reference, string kind, int status);
}
