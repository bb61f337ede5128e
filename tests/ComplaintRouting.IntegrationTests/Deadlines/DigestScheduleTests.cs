using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using ComplaintRouting.Digest;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Deadlines;

/// <summary>Which occurrence of a schedule a timer run belongs to (no storage).</summary>
public class ScheduleOccurrenceTests
{
    private static DateTimeOffset T(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0 0 7 * * *", "2026-11-02T09:00:00", "2026-11-02T07:00:00")] // the day's occurrence, run late
    [InlineData("0 0 7 * * *", "2026-11-02T07:00:00", "2026-11-02T07:00:00")]
    [InlineData("0 0 7 * * *", "2026-11-02T07:00:00.250", "2026-11-02T07:00:00")]
    [InlineData("0 0 7 * * *", "2026-11-02T06:59:59.400", "2026-11-02T07:00:00")] // fired a little early: still the coming one
    [InlineData("0 0 7 * * *", "2026-11-02T06:59:57", "2026-11-01T07:00:00")] // too early to be it
    [InlineData("*/5 * * * * *", "2026-11-02T10:00:04.900", "2026-11-02T10:00:05")]
    [InlineData("*/5 * * * * *", "2026-11-02T10:00:02.400", "2026-11-02T10:00:00")]
    [InlineData("* * * * * *", "2026-11-02T10:00:00.700", "2026-11-02T10:00:01")] // early by at most half the interval
    [InlineData("* * * * * *", "2026-11-02T10:00:00.300", "2026-11-02T10:00:00")]
    [InlineData("0 0 * * * *", "2026-11-02T10:59:59", "2026-11-02T11:00:00")]
    [InlineData("0 0 7 1 1 *", "2026-11-02T09:00:00", "2026-01-01T07:00:00")] // yearly: looks back far enough
    public void A_run_belongs_to_the_latest_occurrence_or_the_one_about_to_come(string schedule, string now, string expected)
    {
        Assert.Equal(T(expected), ScheduleOccurrence.Of(ScheduleOccurrence.Parse(schedule), T(now)));
    }

    [Fact]
    public void The_hosts_scheduled_time_names_the_occurrence_when_it_is_not_in_the_future()
    {
        var daily = ScheduleOccurrence.Parse("0 0 7 * * *");
        var missed = new DateTime(2026, 10, 30, 7, 0, 0, DateTimeKind.Utc);

        // A missed occurrence run late after a restart (the host's IsPastDue run) is that occurrence, not today's.
        Assert.Equal(T("2026-10-30T07:00:00"), ScheduleOccurrence.Of(daily, T("2026-11-02T09:00:00"), missed));
        // The host serialises local time; unspecified kinds are read as UTC (the Functions default time zone).
        Assert.Equal(T("2026-11-02T07:00:00"), ScheduleOccurrence.Of(daily, T("2026-11-02T07:30:00"), new DateTime(2026, 11, 2, 7, 0, 0, DateTimeKind.Unspecified)));
        Assert.Equal(T("2026-11-02T07:00:00"), ScheduleOccurrence.Of(daily, T("2026-11-02T06:59:59.500"), new DateTime(2026, 11, 2, 7, 0, 0, DateTimeKind.Utc)));
        // A time still to come, or none at all (DateTime's default), is not believed: the clock decides.
        Assert.Equal(T("2026-11-02T07:00:00"), ScheduleOccurrence.Of(daily, T("2026-11-02T09:00:00"), new DateTime(2026, 11, 3, 7, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(T("2026-11-02T07:00:00"), ScheduleOccurrence.Of(daily, T("2026-11-02T09:00:00"), default(DateTime)));
    }
}

/// <summary>
/// The digest follows <c>Schedules__Digest</c>: one per occurrence and recipient, however many
/// runs or instances meet that occurrence; the next occurrence sends the next one.
/// </summary>
public sealed class DigestScheduleTests : AppWithSettings
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Schedules:Digest"] = "0 */10 * * * *";

    private int Digests => App.Mail.Capture.All.Count(m => m.Kind == MailKind.ChairDigest.ToApi());

    private Task RunAsync(TimerInfo? timer = null) => Function<DigestFunction>().Run(timer ?? new TimerInfo(), default);

    [Fact]
    public async Task Every_occurrence_sends_one_digest_and_no_occurrence_sends_two()
    {
        // 09:00:00 is an occurrence: three runs meet it, two of them at once.
        await Task.WhenAll(RunAsync(), RunAsync());
        await RunAsync();
        Assert.Equal(1, Digests);

        App.Clock.Advance(TimeSpan.FromMinutes(4)); // still 09:00's
        await RunAsync();
        Assert.Equal(1, Digests);

        App.Clock.Advance(TimeSpan.FromMinutes(6)); // 09:10
        await RunAsync();
        Assert.Equal(2, Digests);

        App.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(800)); // 09:19:59.2, a timer firing early for 09:20
        await RunAsync();
        App.Clock.Advance(TimeSpan.FromMilliseconds(800)); // 09:20:00, the same occurrence on time
        await RunAsync();
        Assert.Equal(3, Digests);

        Assert.Contains("2026-11-02 09:10 UTC", App.Mail.Capture.All.Where(m => m.Kind == MailKind.ChairDigest.ToApi()).ElementAt(1).Subject);
        Assert.Equal(3, App.Mail.Capture.All.Where(m => m.Kind == MailKind.ChairDigest.ToApi()).Select(m => m.Subject).Distinct().Count());
    }

    [Fact]
    public async Task Two_instances_meeting_one_occurrence_send_one_digest()
    {
        await using var other = App.BuildServices(App.Settings().Concat(new Dictionary<string, string?> { ["Schedules:Digest"] = "0 */10 * * * *" })
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
        var mine = Function<DigestFunction>();
        var theirs = ActivatorUtilities.CreateInstance<DigestFunction>(other);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? mine : theirs).Run(new TimerInfo(), default)));

        Assert.Equal(1, Digests);
    }

    [Fact]
    public async Task A_missed_occurrence_run_late_by_the_host_sends_its_own_digest_once()
    {
        App.Clock.Advance(TimeSpan.FromMinutes(25)); // 09:25; the host missed 09:10 and 09:20 while it was down
        var missed = new TimerInfo { IsPastDue = true, ScheduleStatus = new ScheduleStatus { Next = new DateTime(2026, 11, 2, 9, 10, 0, DateTimeKind.Utc) } };

        await RunAsync(missed);
        await RunAsync(missed);
        Assert.Equal(1, Digests);
        Assert.Contains("09:10 UTC", App.Mail.Capture.All.Single(m => m.Kind == MailKind.ChairDigest.ToApi()).Subject);

        await RunAsync(); // a run without the host's status belongs to 09:20
        Assert.Equal(2, Digests);
    }
}
