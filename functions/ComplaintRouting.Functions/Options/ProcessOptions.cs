using ComplaintRouting.Deadlines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NCrontab;

namespace ComplaintRouting.Options;

/// <summary><c>Deadlines__*</c> (SPEC §4): .NET TimeSpan strings, defaults in <see cref="SettingDefaults"/>.</summary>
public sealed class DeadlineOptions
{
    public TimeSpan NationalAcknowledge { get; set; }
    public TimeSpan NationalOutcome { get; set; }
    public TimeSpan Grace { get; set; }
    public TimeSpan ReminderInterval { get; set; }
    public TimeSpan CommitteeAcknowledge { get; set; }
    public TimeSpan Recommendation { get; set; }
    public TimeSpan Decision { get; set; }
    public TimeSpan ComplainantFeedback { get; set; }

    /// <summary>The member's reply window after notice (SPEC §9).</summary>
    public TimeSpan RespondentReply { get; set; }

    /// <summary>The appeal window after a sanction; zero means decisions cannot be appealed.</summary>
    public TimeSpan Appeal { get; set; }

    /// <summary>The Executive Committee's time to decide an appeal.</summary>
    public TimeSpan AppealDecision { get; set; }

    public DeadlineSettings ToSettings() => new(NationalAcknowledge, NationalOutcome, Grace, ReminderInterval,
        CommitteeAcknowledge, Recommendation, Decision, ComplainantFeedback, RespondentReply, AppealDecision);
}

/// <summary><c>Schedules__*</c>: six-field NCRONTAB expressions the timer triggers read.</summary>
public sealed class ScheduleOptions
{
    public string Chase { get; set; } = "";
    public string Digest { get; set; } = "";
    public string Redrive { get; set; } = "";

    /// <summary>How long stored work (routing, a mail) may stay unfinished before the re-drive timer queues it again.</summary>
    public TimeSpan RedriveAfter { get; set; }
}

/// <summary><c>Retention__*</c>: how long personal data of closed cases is kept.</summary>
public sealed class RetentionOptions
{
    public TimeSpan DecidedCases { get; set; }
    public TimeSpan Withdrawn { get; set; }

    /// <summary>How long a case closed in <paramref name="status"/> keeps its personal data.</summary>
    public TimeSpan For(Cases.CaseStatus status) => status == Cases.CaseStatus.Withdrawn ? Withdrawn : DecidedCases;
}

/// <summary>
/// Start-up checks of the process settings, reading the raw strings so that a malformed value
/// stops the app with a message naming the setting as it is written in the environment.
/// </summary>
public sealed class ProcessSettingsValidator(IConfiguration configuration) :
    IValidateOptions<DeadlineOptions>, IValidateOptions<ScheduleOptions>, IValidateOptions<RetentionOptions>
{
    private static readonly string[] Deadlines =
        ["NationalAcknowledge", "NationalOutcome", "Grace", "ReminderInterval", "CommitteeAcknowledge", "Recommendation", "Decision", "ComplainantFeedback",
         "RespondentReply", "AppealDecision"];

    public ValidateOptionsResult Validate(string? name, DeadlineOptions options) =>
        Result(Check("Deadlines", Deadlines, IsPositiveTimeSpan, "a positive TimeSpan such as 14.00:00:00")
            .Concat(Check("Deadlines", ["Appeal"], IsNonNegativeTimeSpan, "a TimeSpan such as 30.00:00:00, or 00:00:00 for no appeals")));

    public ValidateOptionsResult Validate(string? name, ScheduleOptions options) => Result(
        Check("Schedules", ["Chase", "Digest", "Redrive"], IsSchedule, "a six-field NCRONTAB expression such as 0 0 7 * * *")
            .Concat(Check("Schedules", ["RedriveAfter"], IsPositiveTimeSpan, "a positive TimeSpan such as 00:10:00")));

    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        Result(Check("Retention", ["DecidedCases", "Withdrawn"], IsPositiveTimeSpan, "a positive TimeSpan such as 365.00:00:00"));

    private IEnumerable<string> Check(string section, IEnumerable<string> keys, Func<string, bool> valid, string expected) => keys
        .Select(key => (Key: key, Value: configuration[$"{section}:{key}"]))
        .Where(s => string.IsNullOrWhiteSpace(s.Value) || !valid(s.Value))
        .Select(s => $"Setting '{section}__{s.Key}' is {(string.IsNullOrWhiteSpace(s.Value) ? "missing" : $"'{s.Value}'")}: it must be {expected}.");

    private static ValidateOptionsResult Result(IEnumerable<string> failures) =>
        failures.ToArray() is { Length: > 0 } all ? ValidateOptionsResult.Fail(all) : ValidateOptionsResult.Success;

    private static bool IsPositiveTimeSpan(string value) =>
        TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero;

    private static bool IsNonNegativeTimeSpan(string value) =>
        TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero;

    private static bool IsSchedule(string value) =>
        CrontabSchedule.TryParse(value, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null;
}
