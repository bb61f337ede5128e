using ComplaintRouting.Cases;
using ComplaintRouting.Api;
using ComplaintRouting.Intake;
using ComplaintRouting.FloodControl;
using ComplaintRouting.Storage;

namespace ComplaintRouting.FollowUp;

public sealed record TimelineEntry(DateTimeOffset At, string Status);

/// <summary>A message of the dialogue as the complainant reads it: when, from whom (<c>complainant|committee|national</c>), what.</summary>
public sealed record MessageEntry(DateTimeOffset At, string From, string Text);

/// <summary>An evidence file the complainant gave, as they see it listed (SPEC §10).</summary>
public sealed record AttachmentEntry(string Id, string Name, long Bytes, string Type, DateTimeOffset At);

public sealed record CaseStatusView(string Reference, string Status, DateTimeOffset UpdatedAt, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<MessageEntry> Messages,
    IReadOnlyList<AttachmentEntry> Attachments);

public abstract record FollowUpOutcome
{
    public sealed record Found(CaseStatusView View) : FollowUpOutcome;
    /// <summary>Unknown reference or wrong code: deliberately indistinguishable.</summary>
    public sealed record NotFound : FollowUpOutcome;
    public sealed record Throttled(TimeSpan RetryAfter) : FollowUpOutcome;
    public sealed record Refused(string Reason) : FollowUpOutcome;
}

/// <summary>
/// The complainant's own view of a case, opened with the reference and the follow-up code.
/// An unknown reference costs the same work as a wrong code (a hash is checked either way) and
/// gives the same answer; repeated failures are throttled per client, across instances — not per
/// reference, which would let anyone who knows a reference lock its complainant out.
/// </summary>
public sealed class FollowUpHandler(CaseStore store, CaseCommands commands, Throttles throttles)
{
    private static readonly byte[] DummySalt = new byte[16];
    private static readonly byte[] DummyHash = new byte[32];

    public async Task<FollowUpOutcome> StatusAsync(string reference, string? code, string client, CancellationToken cancellationToken)
    {
        var (outcome, stored) = await OpenAsync(reference, code, client, cancellationToken);
        return outcome ?? new FollowUpOutcome.Found(View(stored!));
    }

    /// <summary>The complainant writes to whoever has the case (SPEC §10); the answer is the status with the message in it.</summary>
    public async Task<FollowUpOutcome> MessageAsync(string reference, string? code, string text, string client, CancellationToken cancellationToken)
    {
        var (outcome, stored) = await OpenAsync(reference, code, client, cancellationToken);
        if (outcome is not null) return outcome;
        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.Message(MessageSide.Complainant, text, now)), cancellationToken);
        if (result.Status == CommandStatus.Refused) return new FollowUpOutcome.Refused(result.Refusal!);
        return new FollowUpOutcome.Found(View((await store.LoadAsync(stored!.Reference, cancellationToken))!));
    }

    public async Task<FollowUpOutcome> WithdrawAsync(string reference, string? code, string client, CancellationToken cancellationToken)
    {
        var (outcome, stored) = await OpenAsync(reference, code, client, cancellationToken);
        if (outcome is not null) return outcome;

        var result = await commands.ExecuteAsync(stored!, (s, now) => Decision.From(s.Case.Withdraw(now)), cancellationToken);
        if (result.Status == CommandStatus.Refused) return new FollowUpOutcome.Refused(result.Refusal!);
        return new FollowUpOutcome.Found(View((await store.LoadAsync(stored!.Reference, cancellationToken))!));
    }

    /// <summary>Opens the case for the complainant: null and the case, or why not (throttled, or not found — unknown and wrong code alike).</summary>
    public async Task<(FollowUpOutcome?, StoredCase?)> OpenAsync(string reference, string? code, string client, CancellationToken cancellationToken)
    {
        if (await throttles.FollowUpBlockedAsync(client, cancellationToken) is { } wait) return (new FollowUpOutcome.Throttled(wait), null);

        var stored = CaseCodes.NormalizeReference(reference) is { } valid ? await store.LoadAsync(valid, cancellationToken) : null;
        var verified = stored is null
            ? CaseCodes.Verify(code, DummySalt, DummyHash) && false
            : CaseCodes.Verify(code, stored.FollowUpSalt, stored.FollowUpHash);
        if (!verified)
        {
            await throttles.WrongCodeAsync(client, cancellationToken);
            return (new FollowUpOutcome.NotFound(), null);
        }
        return (null, stored);
    }

    public static CaseStatusView View(StoredCase stored) => new(
        stored.Reference,
        stored.Case.Status.ToApi(),
        stored.Case.State.UpdatedAt,
        stored.Events.Where(e => e.IsTransition).OrderBy(e => e.Sequence).Select(e => new TimelineEntry(e.At, e.To.ToApi())).ToArray(),
        stored.Messages.Select(m => new MessageEntry(m.At, m.From.ToApi(), m.Text)).ToArray(),
        stored.Case.State.Attachments.Where(a => Parties.PartyRules.SeesAttachment(Parties.Party.Complainant, a, stored.Case.Status))
            .Select(a => new AttachmentEntry(a.Id, a.Name, a.Bytes, Evidence.EvidenceTypes.MediaType(a.Type), a.At)).ToArray());
}
