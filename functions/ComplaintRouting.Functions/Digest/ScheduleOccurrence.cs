using NCrontab;

namespace ComplaintRouting.Digest;

/// <summary>
/// The occurrence of a six-field NCRONTAB schedule (UTC) that a timer run belongs to, so that work
/// done once per occurrence can be claimed under a key every instance computes alike.
/// </summary>
public static class ScheduleOccurrence
{
    /// <summary>
    /// How early a run may start and still belong to the coming occurrence: the Functions host's
    /// timer can fire up to about a second before its time (clock skew between instances).
    /// Capped at half the schedule's interval, so a run never counts as a later occurrence than the next.
    /// </summary>
    public static readonly TimeSpan Early = TimeSpan.FromSeconds(2);

    public static CrontabSchedule Parse(string expression) =>
        CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    /// <summary>
    /// The occurrence a run at <paramref name="now"/> belongs to: the one the host says it scheduled
    /// (<paramref name="scheduled"/>, the timer's <c>ScheduleStatus.Next</c>, also a missed occurrence
    /// run late) when that is not in the future; otherwise the latest occurrence at or before now, or
    /// the coming one when now is at most <see cref="Early"/> before it.
    /// </summary>
    public static DateTimeOffset Of(CrontabSchedule schedule, DateTimeOffset now, DateTime? scheduled = null)
    {
        var at = now.UtcDateTime;
        if (scheduled is { } s && s.Year > 2000)
        {
            var utc = s.Kind switch { DateTimeKind.Local => s.ToUniversalTime(), _ => DateTime.SpecifyKind(s, DateTimeKind.Utc) };
            if (utc <= at + Early) at = utc;
        }

        var next = schedule.GetNextOccurrence(at);
        var previous = Latest(schedule, at);
        if (previous is null) return new DateTimeOffset(next, TimeSpan.Zero);
        var early = TimeSpan.FromTicks(Math.Min(Early.Ticks, (next - previous.Value).Ticks / 2));
        return new DateTimeOffset(next - at <= early ? next : previous.Value, TimeSpan.Zero);
    }

    /// <summary>The latest occurrence at or before <paramref name="at"/>, looking back up to eight years.</summary>
    private static DateTime? Latest(CrontabSchedule schedule, DateTime at)
    {
        for (var back = TimeSpan.FromMinutes(1); back <= TimeSpan.FromDays(8 * 366); back *= 4)
        {
            DateTime? latest = null;
            // GetNextOccurrences yields occurrences strictly after its start and before its end.
            foreach (var occurrence in schedule.GetNextOccurrences(at - back, at.AddTicks(1))) latest = occurrence;
            if (latest is not null) return latest;
        }
        return null;
    }
}
