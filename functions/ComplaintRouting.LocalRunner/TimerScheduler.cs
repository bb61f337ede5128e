using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace ComplaintRouting.LocalRunner;

/// <summary>Fires one timer function on its six-field NCRONTAB schedule (UTC), never overlapping itself.</summary>
public sealed partial class TimerScheduler(string name, CrontabSchedule schedule, Func<CancellationToken, Task> run, TimeProvider clock, ILogger<TimerScheduler> logger)
    : BackgroundService
{
    /// <summary>Resolves <c>%Setting%</c> from configuration as the Functions host does, then parses the schedule.</summary>
    public static CrontabSchedule Parse(string declared, Func<string, string?> setting)
    {
        var expression = declared.StartsWith('%') && declared.EndsWith('%')
            ? setting(declared.Trim('%')) ?? throw new InvalidOperationException($"Setting '{declared.Trim('%').Replace(":", "__")}' (a timer schedule) is missing.")
            : declared;
        return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"Schedule '{expression}' of '{declared}' is not a six-field NCRONTAB expression.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            await Task.Delay(next - now, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stoppingToken.IsCancellationRequested) return;
            try
            {
                await run(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(name, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Name} failed: {Error}")]
    private partial void LogFailed(string name, string error);
}
