using ComplaintRouting.Consequences;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ComplaintRouting.Cases;
using ComplaintRouting.Api;
using ComplaintRouting.Deadlines;
using ComplaintRouting.Email;
using ComplaintRouting.Localization;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Digest;

/// <summary>
/// The chair's daily digest (<c>chair-digest</c>): new cases since the last digest, every open case
/// by status with its age, overdue steps and by how long, urgent cases first, each linked to its
/// page in the workspace — which opens only signed in, so the mail carries no bearer link that a
/// forward or a breached mailbox could use (SPEC §11) — and any messages stuck in a poison queue. Cases about the chair go to the
/// deputy in a digest of their own. Open cases come from the open-cases summary (<see cref="OpenCases"/>:
/// one query of pages of 1,000), so the digest reads no case and its cost grows by one request per
/// thousand open cases, not with the cases stored.
/// One digest per occurrence of <c>Schedules__Digest</c> and recipient: it is claimed under the
/// occurrence's time (<see cref="ScheduleOccurrence"/>) before it is sent, so two instances or a
/// timer firing twice for one occurrence send one, and every occurrence sends its own.
/// </summary>
public sealed partial class DigestHandler(
    OpenCases openCases, Delivery.DeliveryEvents deliveries, TableServiceClient tables, Manage.PoisonQueues poisonQueues, MailComposer composer, IMailSender sender,
    IOptions<DeadlineOptions> deadlines, IOptions<CommitteeOptions> committee, IOptions<ScheduleOptions> schedules, TimeProvider clock, ILogger<DigestHandler> logger)
{
    public const string TableName = "Digests";
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);
    private readonly TableClient _digests = tables.GetTableClient(TableName);

    public sealed record Row(CaseState State, IReadOnlyList<Overdue> Overdue);

    /// <param name="scheduled">The occurrence the host says this run is for (<c>TimerInfo.ScheduleStatus.Next</c>), when it says.</param>
    public async Task<int> RunAsync(DateTime? scheduled, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var occurrence = ScheduleOccurrence.Of(ScheduleOccurrence.Parse(schedules.Value.Digest), now, scheduled);
        var open = await OpenCasesAsync(now, cancellationToken);
        var poison = await PoisonAsync(cancellationToken);
        // A case still being routed may yet turn out to concern the chair (a directory match): the
        // chair's digest only counts such cases, naming none (SPEC §3.4).
        var hiddenFromChair = open.Where(r => r.State.ChairConflict || r.State.Status == CaseStatus.Received)
            .Select(r => r.State.Reference).ToHashSet(StringComparer.Ordinal);
        var aboutChair = open.Where(r => r.State.ChairConflict).Select(r => r.State.Reference).ToHashSet(StringComparer.Ordinal);
        var beingRouted = open.Count(r => r.State.Status == CaseStatus.Received && !r.State.ChairConflict);
        var sent = 0;
        foreach (var (recipient, email, cases) in new[]
        {
            ("chair", committee.Value.ChairEmail, open.Where(r => !hiddenFromChair.Contains(r.State.Reference)).ToList()),
            ("deputy", committee.Value.DeputyEmail, open.Where(r => aboutChair.Contains(r.State.Reference)).ToList()),
        })
        {
            if (recipient == "deputy" && cases.Count == 0) continue;
            Func<string?, bool> mayHear = recipient == "deputy"
                ? r => r is not null && aboutChair.Contains(r)
                : r => r is null || !aboutChair.Contains(r);
            if (await SendOnceAsync(recipient, email, cases, recipient == "chair" ? beingRouted : 0, poison, mayHear, occurrence, now, cancellationToken)) sent++;
        }
        return sent;
    }

    /// <summary>
    /// The open cases with what is overdue. The summary holds every date a deadline counts from, so
    /// <see cref="DeadlinePolicy"/> says the same of its rows as of the cases (<see cref="OpenCase.AsState"/>).
    /// </summary>
    private async Task<List<Row>> OpenCasesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = deadlines.Value.ToSettings();
        var rows = new List<Row>();
        foreach (var open in await openCases.ListAsync(cancellationToken))
        {
            if (!CaseLifecycle.IsOpen(open.Status)) continue;
            var state = open.AsState();
            rows.Add(new Row(state, DeadlinePolicy.Evaluate(state, settings, now).Overdue));
        }
        return rows
            .OrderByDescending(r => r.State.Urgent)
            .ThenByDescending(r => r.Overdue.Count > 0)
            .ThenBy(r => r.State.ReceivedAt)
            .ToList();
    }

    /// <summary>The poison queues holding messages: one request per queue.</summary>
    private async Task<IReadOnlyList<(string Queue, int Count)>> PoisonAsync(CancellationToken cancellationToken) =>
        (await poisonQueues.ListAsync(peek: false, cancellationToken)).Where(q => q.Count > 0).Select(q => (q.PoisonQueueName, q.Count)).ToList();

    private async Task<bool> SendOnceAsync(string recipient, string email, List<Row> cases, int beingRouted, IReadOnlyList<(string Queue, int Count)> poison,
        Func<string?, bool> mayHear, DateTimeOffset occurrence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = OccurrenceKey(occurrence);
        if (await ClaimAsync(key, recipient, now, cancellationToken) is not { } claim) return false;

        var last = await _digests.GetEntityIfExistsAsync<TableEntity>("last", recipient, cancellationToken: cancellationToken);
        var since = last.HasValue ? last.Value!.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue : DateTimeOffset.MinValue;

        var failures = (await deliveries.SinceAsync(since == DateTimeOffset.MinValue ? now.AddDays(-7) : since, cancellationToken))
            .Where(f => mayHear(f.Reference)).ToList();
        var mail = Compose(email, recipient == "deputy", cases, beingRouted, poison, failures, since, occurrence, now);
        try
        {
            await sender.SendAsync(mail, cancellationToken);
        }
        catch
        {
            await _digests.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, claim.ETag, cancellationToken);
            throw;
        }
        claim["State"] = "sent";
        await _digests.UpdateEntityAsync(claim, ETag.All, TableUpdateMode.Merge, cancellationToken);
        await _digests.UpsertEntityAsync(new TableEntity("last", recipient) { ["SentAt"] = now }, TableUpdateMode.Replace, cancellationToken);
        LogSent(recipient, cases.Count);
        return true;
    }

    /// <summary>The claim's partition: the occurrence in UTC, <c>20261102T070000Z</c>.</summary>
    public static string OccurrenceKey(DateTimeOffset occurrence) =>
        occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Takes an occurrence's digest for a recipient, or null when it was sent or is being sent.</summary>
    private async Task<TableEntity?> ClaimAsync(string occurrence, string recipient, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(occurrence, recipient) { ["State"] = "sending", ["ClaimedUntil"] = now + ClaimFor };
        try
        {
            var added = await _digests.AddEntityAsync(claim, cancellationToken);
            claim.ETag = added.Headers.ETag ?? ETag.All;
            return claim;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await _digests.GetEntityAsync<TableEntity>(occurrence, recipient, cancellationToken: cancellationToken)).Value;
            if (existing.GetString("State") == "sent" || existing.GetDateTimeOffset("ClaimedUntil") > now) return null;
            try
            {
                existing["ClaimedUntil"] = now + ClaimFor;
                var updated = await _digests.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Merge, cancellationToken);
                existing.ETag = updated.Headers.ETag ?? ETag.All;
                return existing;
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                return null;
            }
        }
    }

    private OutgoingMail Compose(string email, bool deputy, List<Row> cases, int beingRouted, IReadOnlyList<(string Queue, int Count)> poison,
        IReadOnlyList<Delivery.DeliveryFailure> failures, DateTimeOffset since, DateTimeOffset occurrence, DateTimeOffset now)
    {
        var lang = composer.CommitteeLanguageOf(deputy);
        string T(string key) => Texts.Get(lang, key);
        string F(string key, params object?[] args) => Texts.Format(lang, key, args);
        var fresh = cases.Where(r => r.State.ReceivedAt > since).ToList();
        var when = occurrence.UtcDateTime.ToString(occurrence.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var subject = F("mail.digest.subject", when, cases.Count, fresh.Count, cases.Count(c => c.Overdue.Count > 0));
        var body = new MailBody(lang).Link(T("workspace.dashboard.link"), composer.WorkspaceUrl(lang)).Paragraph(T("mail.digest.signIn"));
        if (cases.Count == 0) body.Paragraph(T("mail.digest.none"));
        else
        {
            body.Paragraph(F("mail.digest.summary", fresh.Count, cases.Count));
            foreach (var group in cases.GroupBy(r => r.State.Status).OrderBy(g => g.Key))
                body.Paragraph($"{CaseWords.Status(lang, group.Key)}: {group.Count()}");
            body.Table(
                [T("mail.digest.reference"), T("mail.digest.status"), T("mail.digest.age"), T("mail.digest.urgent"), T("mail.digest.new"),
                 T("mail.digest.overdue"), T("mail.digest.replyDue"), T("mail.digest.reason"), T("mail.digest.link")],
                cases.Select(r => (IReadOnlyList<string>)
                [
                    r.State.Reference,
                    CaseWords.Status(lang, r.State.Status),
                    F("mail.digest.days", (now - r.State.ReceivedAt).TotalDays.ToString("0", System.Globalization.CultureInfo.InvariantCulture)),
                    r.State.Urgent ? T("mail.digest.urgentMark") : "",
                    r.State.ReceivedAt > since ? T("mail.digest.newMark") : "",
                    string.Join("; ", r.Overdue.Select(o => F("mail.digest.overdueBy", T("workspace.step." + o.Step), Describe(lang, now - o.Deadline)))),
                    r.State.RespondentRepliedAt is null && r.State.ReplyDue(deadlines.Value.RespondentReply) is { } due
                        ? Dates.At(lang, due) : "",
                    r.State.EscalationReason is { } reason ? CaseWords.Escalation(lang, reason) : "",
                    composer.WorkspaceCaseUrl(r.State.Reference, lang),
                ]));
        }
        if (beingRouted > 0) body.Paragraph(F("mail.digest.beingRouted", beingRouted));
        foreach (var f in failures)
            body.Paragraph(F("mail.digest.delivery", f.Kind, f.Reference ?? T("mail.digest.noCase"), f.Recipient ?? T("mail.digest.noAddress"), f.Event,
                f.At.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                f.Reason is { } reason ? F("mail.digest.serverSaid", reason) : ""));
        foreach (var (queue, count) in poison)
            body.Paragraph(F("mail.digest.poison", count, queue));
        var (html, text) = body.Render(subject, T("mail.footer"));
        return new OutgoingMail(email, null, subject, html, text, MailKind.ChairDigest, null);
    }

    private static string Describe(string lang, TimeSpan late)
    {
        static string N(double value) => value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        return late.TotalDays >= 1 ? Texts.Format(lang, "mail.digest.days", N(late.TotalDays))
            : late.TotalHours >= 1 ? Texts.Format(lang, "mail.digest.hours", N(late.TotalHours))
            : Texts.Format(lang, "mail.digest.minutes", N(Math.Max(1, late.TotalMinutes)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest sent to the {Recipient} with {Count} open cases.")]
    private partial void LogSent(string recipient, int count);
}
