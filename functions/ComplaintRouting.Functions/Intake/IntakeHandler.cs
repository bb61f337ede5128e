using System.Security.Cryptography;
using System.Text;
using Azure;
using ComplaintRouting.Cases;
using ComplaintRouting.Evidence;
using ComplaintRouting.Options;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.Intake;

public abstract record IntakeOutcome
{
    /// <summary>Stored and queued (or replayed): the answer the complainant sees once.</summary>
    public sealed record Accepted(string Reference, string FollowUpCode) : IntakeOutcome;

    /// <summary>The Idempotency-Key was used before with another body.</summary>
    public sealed record KeyReused : IntakeOutcome;

    /// <summary>A file that came with the complaint was refused (SPEC §10): nothing was stored.</summary>
    public sealed record FileRefused(Http.ApiResult Problem) : IntakeOutcome;
}

/// <summary>
/// Stores a validated complaint and queues it for routing. Order: re-drive entry, then the case
/// with its first event (one transaction), then the queue message and the case's row in the
/// open-cases summary side by side — so a crash at any point either leaves nothing accepted or
/// leaves a case the re-drive timer will route (and write into the summary).
/// With an Idempotency-Key the key is claimed first (<see cref="IdempotencyKeys"/>), so two racing
/// requests with one key create one case, and the follow-up code is derived from the key rather than
/// stored, so the replay can show it again.
/// </summary>
public sealed partial class IntakeHandler(
    CaseStore store, WorkQueues queues, DueIndex dueIndex, OpenCases openCases, IdempotencyKeys keys,
    IOptions<LinksOptions> links, IOptions<CommitteeOptions> committee, IOptions<AttachmentOptions> attachments, IOptions<ScheduleOptions> schedules, TimeProvider clock, ILogger<IntakeHandler> logger)
{
    private readonly byte[] _codeSecret = links.Value.DeriveKey("follow-up-codes");

    /// <summary>Receives the files that come with a complaint for its reference, before the case is stored (<see cref="Evidence.AttachmentReceiver"/>).</summary>
    public delegate Task<(IReadOnlyList<StoredFile> Files, Http.ApiResult? Refusal)> ReceiveFiles(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// A complaint with files (the no-script form's): the files are stored under a fresh reference
    /// first, then the case with them. Files cannot be sent twice, so there is no second reference
    /// to try: should the 40-bit reference be taken (about once in a trillion), the submission is
    /// refused as unavailable and the files stay behind under the other case, erased with it.
    /// </summary>
    public async Task<IntakeOutcome> SubmitWithFilesAsync(Complaint complaint, ReceiveFiles receive, CancellationToken cancellationToken)
    {
        var reference = CaseCodes.NewReference();
        var code = CaseCodes.NewFollowUpCode();
        var (files, refusal) = await receive(reference, cancellationToken);
        if (refusal is not null) return new IntakeOutcome.FileRefused(refusal);
        if (!await StoreAsync(reference, code, complaint, cancellationToken, files)) throw new RequestFailedException(503, "No free reference could be stored.");
        return new IntakeOutcome.Accepted(reference, code);
    }

    public async Task<IntakeOutcome> SubmitAsync(Complaint complaint, string? idempotencyKey, byte[] body, CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
        {
            // 40-bit references collide rarely; after four collisions in a row something else is wrong.
            for (var attempt = 0; attempt < 4; attempt++)
            {
                var reference = CaseCodes.NewReference();
                var code = CaseCodes.NewFollowUpCode();
                if (await StoreAsync(reference, code, complaint, cancellationToken)) return new IntakeOutcome.Accepted(reference, code);
            }
            throw new RequestFailedException(503, "No free reference could be stored.");
        }

        var bodyHash = Convert.ToHexString(SHA256.HashData(body));
        var keyHash = KeyHash(idempotencyKey);
        var claimed = await keys.ClaimAsync(keyHash, bodyHash, cancellationToken);
        if (claimed.BodyHash != bodyHash) return new IntakeOutcome.KeyReused();

        var followUp = CaseCodes.DeriveFollowUpCode(_codeSecret, keyHash + "|" + bodyHash);
        // A replay finds its own case (the derived code opens it) and queues routing again, which is idempotent.
        if (!await StoreAsync(claimed.Reference, followUp, complaint, cancellationToken))
            throw new RequestFailedException(503, "The reference reserved for this Idempotency-Key is taken.");
        return new IntakeOutcome.Accepted(claimed.Reference, followUp);
    }

    public static string KeyHash(string idempotencyKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));

    /// <summary>Stores and queues a new case; false when the reference already exists.</summary>
    private async Task<bool> StoreAsync(string reference, string followUpCode, Complaint complaint, CancellationToken cancellationToken, IReadOnlyList<StoredFile>? files = null)
    {
        var now = clock.GetUtcNow();
        var @case = Case.Receive(reference, now, complaint.Complainant.Language, complaint.IsUrgent);
        if (files is { Count: > 0 }) @case.Attach(Parties.Party.Complainant, files, attachments.Value.Limits, now);
        // A complaint that names the chair is the deputy's from the moment it is stored (SPEC §3.4).
        if (Routing.RoutingPolicy.ConcernsChair(complaint.Respondent, null, committee.Value.Chair)) @case.SetChairConflict();
        var (salt, hash) = CaseCodes.HashFollowUpCode(followUpCode);
        var redriveAt = now + schedules.Value.RedriveAfter;
        @case.NoteRedriveDue(redriveAt);

        await dueIndex.ScheduleAsync(DueKind.Redrive, reference, redriveAt, cancellationToken);
        if (!await store.CreateAsync(@case, complaint, salt, hash, cancellationToken) && !await IsOursAsync(reference, followUpCode, cancellationToken))
            return false;
        using (logger.BeginScope(new Dictionary<string, object> { ["CaseReference"] = reference }))
        {
            LogReceived(reference, complaint.IsUrgent);
            await Task.WhenAll(queues.RouteAsync(reference, cancellationToken), openCases.TryAddAsync(@case.State, CaseStore.CreatedRevision, cancellationToken));
        }
        return true;
    }

    /// <summary>
    /// The reference is taken — by another complaint, or by this one when the SDK retried an insert
    /// whose first attempt did land (a slow answer): our own code opens it only in the second case.
    /// </summary>
    private async Task<bool> IsOursAsync(string reference, string followUpCode, CancellationToken cancellationToken) =>
        await store.LoadAsync(reference, cancellationToken) is { } existing && CaseCodes.Verify(followUpCode, existing.FollowUpSalt, existing.FollowUpHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {Reference} received (urgent: {Urgent}).")]
    private partial void LogReceived(string reference, bool urgent);
}
