using ComplaintRouting.Parties;

namespace ComplaintRouting.Evidence;

/// <summary>
/// An evidence file of a case (SPEC §10), as the case records it: its content lives sealed in Blob
/// Storage under <c>{reference}/{id}</c>; the name shown is the sanitized one (<see cref="EvidenceTypes.SafeName"/>).
/// </summary>
/// <param name="From">The party whose link (or follow-up code) brought it: complainant, national organization, chair or respondent.</param>
/// <param name="Shared">The chair shared it with the member complained about.</param>
public sealed record Attachment(string Id, string Name, long Bytes, EvidenceType Type, Party From, DateTimeOffset At, bool Shared = false);

/// <summary>A file stored and waiting to be recorded on its case.</summary>
public sealed record StoredFile(string Id, string Name, long Bytes, EvidenceType Type);

/// <summary><c>Attachments__MaxBytes</c> (one file), <c>__MaxPerCase</c> (files) and <c>__MaxCaseBytes</c> (all of a case's files together).</summary>
public sealed record AttachmentLimits(long MaxBytes, int MaxPerCase, long MaxCaseBytes)
{
    /// <summary>Why <paramref name="adding"/> would take the case past its limits, or null.</summary>
    public string? Exceeded(IReadOnlyList<Attachment> existing, IReadOnlyCollection<StoredFile> adding)
    {
        if (existing.Count + adding.Count > MaxPerCase)
            return $"A case holds at most {MaxPerCase} files; this one has {existing.Count}.";
        var bytes = existing.Sum(a => a.Bytes) + adding.Sum(f => f.Bytes);
        return bytes > MaxCaseBytes
            ? $"A case's files may hold at most {MaxCaseBytes / (1024 * 1024)} MiB together; these would make {bytes / (1024.0 * 1024):0.#} MiB."
            : null;
    }
}
