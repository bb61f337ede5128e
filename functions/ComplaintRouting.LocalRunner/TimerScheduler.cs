using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace ComplaintRouting.LocalRunner;

/// <summary>
/// Fires one timer function on its six-field NCRONTAB schedule (UTC), never overlapping itself.
/// Each run is told the occurrence it is for and the one before it (the host's
/// <c>ScheduleStatus.Next</c> and <c>Last</c> as the function sees them).
/// </summary>
public sealed partial class TimerScheduler(string name, CrontabSchedule schedule, Func<DateTime, DateTime, CancellationToken, Task> run, TimeProvider clock, ILogger<TimerScheduler> logger)
    : BackgroundService
{
    /// <summary>Resolves <c>%Setting%</c> as the Functions host does, then parses the schedule.</summary>
    public static CrontabSchedule Parse(string declared, Func<string, string?> setting)
    {
        var expression = HostRules.Resolve(declared, setting);
        return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"Schedule '{expression}' of '{declared}' is not a six-field NCRONTAB expression.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var previous = now;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(now);
            await Task.Delay(next - now, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stoppingToken.IsCancellationRequested) return;
            try
            {
                await run(previous, next, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(name, ex.Message);
            }
            previous = next;
            now = clock.GetUtcNow().UtcDateTime;
            if (now < next) now = next;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Name} failed: {Error}")]
    private partial void LogFailed(string name, string error);
}
