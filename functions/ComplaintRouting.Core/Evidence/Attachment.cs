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
    /// <summary>Why a case holding <paramref name="files"/> files of <paramref name="bytes"/> bytes together would be past its limits, or null.</summary>
    public string? Exceeded(int files, long bytes) =>
        files > MaxPerCase ? $"A case holds at most {MaxPerCase} files."
        : bytes > MaxCaseBytes ? $"A case's files may hold at most {MaxCaseBytes / (1024.0 * 1024):0.#} MiB together; these would make {bytes / (1024.0 * 1024):0.#} MiB."
        : null;

    /// <summary>Why adding <paramref name="adding"/> to <paramref name="existing"/> would be past the limits, or null.</summary>
    public string? Exceeded(IReadOnlyCollection<Attachment> existing, IReadOnlyCollection<StoredFile> adding) =>
        Exceeded(existing.Count + adding.Count, existing.Sum(a => a.Bytes) + adding.Sum(f => f.Bytes));
}
