using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Runtime.ExceptionServices;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Email;

/// <summary>
/// Sends the stored mail steps of one case that nobody is sending. Each step is claimed with its
/// ETag before sending, so two workers given the case send each step once; a sent step is never
/// sent again. SendGrid's 429/5xx are retried here when the wait is short (honouring Retry-After /
/// X-RateLimit-Reset); otherwise the step's claim is released, the other steps still go, and the
/// message fails so the queue retries it later.
/// </summary>
public sealed partial class MailHandler(
    CaseStore store, DirectoryStore directory, MailComposer composer, IMailSender sender, FloodControl.Throttles throttles, IOptions<ScheduleOptions> schedules,
    TimeProvider clock, ILogger<MailHandler> logger)
{
    private static readonly TimeSpan LongestInlineWait = TimeSpan.FromSeconds(20);
    private const int InlineAttempts = 3;

    public async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        var reference = message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CaseReference"] = reference });

        var stored = await store.LoadAsync(reference, cancellationToken);
        if (stored is null) return;
        Exception? failure = null;
        foreach (var work in stored.Work.Where(w => w.IsStalled(clock.GetUtcNow())))
        {
            try
            {
                await SendAsync(stored, work, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure ??= ex; // one step failing does not hold back the others
            }
        }
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    private async Task SendAsync(StoredCase stored, WorkItem work, CancellationToken cancellationToken)
    {
        var reference = stored.Reference;
        // A sender holds its claim as long as any work may stay unfinished: longer than the slowest send
        // (inline retries and the SendGrid timeout); after that a sender that died is re-driven.
        var claimed = await store.TryClaimAsync(reference, work, clock.GetUtcNow() + schedules.Value.RedriveAfter, cancellationToken);
        if (claimed is null) return; // another worker has it

        var organization = stored.Case.State.NationalOrganizationId is { } orgId && work.Recipient == Recipient.National
            ? await directory.FindOrganizationAsync(orgId, cancellationToken)
            : null;
        var member = work.Member is { } memberId ? await directory.FindCommitteeMemberAsync(memberId, cancellationToken) : null;
        var respondent = work.Recipient == Recipient.Respondent && await directory.RespondentAsync(stored.Case.State.RespondentMember, cancellationToken) is ({ } found, var language)
            ? new RespondentContact(found, language)
            : null;
        var mail = await composer.ComposeAsync(stored, work, new MailParties(organization, member, respondent), cancellationToken);
        // The form must not become a way to mail-bomb an address typed into it: past the day's
        // allowance the case is routed as always, only its acknowledgement is not sent.
        if (mail is { Kind: MailKind.ComplainantAcknowledgement } && !await throttles.MayAcknowledgeAsync(mail.To, reference, cancellationToken))
        {
            LogAcknowledgementWithheld(reference);
            mail = null;
        }
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
                LogSent(reference, mail.Kind.ToApi(), messageId);
                return;
            }
            catch (MailDeferredException ex) when (attempt < InlineAttempts && (ex.RetryAfter ?? TimeSpan.FromSeconds(attempt * 2)) <= LongestInlineWait)
            {
                LogDeferred(reference, mail.Kind.ToApi(), (int)ex.Status);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Reference}: {Kind} mail sent ({MessageId}).")]
    private partial void LogSent(string reference, string kind, string? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Reference}: acknowledgement not sent: its address had its acknowledgements for the day.")]
    private partial void LogAcknowledgementWithheld(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Reference}: {Kind} mail deferred by SendGrid ({Status}); retrying.")]
    private partial void LogDeferred(string reference, string kind, int status);
}
