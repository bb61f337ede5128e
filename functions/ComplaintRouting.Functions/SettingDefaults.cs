namespace ComplaintRouting;

/// <summary>
/// The one place that holds every setting's default (SPEC §4, §7), as configuration keys.
/// The options classes bind over these; the local runner adds them as its lowest configuration
/// source so that %Schedules:Chase% in a trigger resolves the same way the Azure host resolves it
/// from the app settings that infra/ writes with the same values.
/// </summary>
public static class SettingDefaults
{
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["Deadlines:NationalAcknowledge"] = "14.00:00:00",
        ["Deadlines:NationalOutcome"] = "90.00:00:00",
        ["Deadlines:Grace"] = "14.00:00:00",
        ["Deadlines:ReminderInterval"] = "7.00:00:00",
        ["Deadlines:CommitteeAcknowledge"] = "14.00:00:00",
        ["Deadlines:Recommendation"] = "60.00:00:00",
        ["Deadlines:Decision"] = "30.00:00:00",
        ["Deadlines:ComplainantFeedback"] = "90.00:00:00",
        ["Deadlines:RespondentReply"] = "30.00:00:00",
        ["Deadlines:Appeal"] = "30.00:00:00",
        ["Deadlines:AppealDecision"] = "60.00:00:00",
        ["Schedules:Chase"] = "0 0 * * * *",
        ["Schedules:Digest"] = "0 0 7 * * *",
        ["Schedules:Redrive"] = "0 */15 * * * *",
        ["Schedules:RedriveAfter"] = "00:10:00",
        ["Intake:SubmissionsPerClientPerHour"] = "10",
        ["Intake:AcknowledgementsPerAddressPerDay"] = "3",
        ["Intake:UnprovenSubmissionsPerHour"] = "30",
        ["Intake:ProofOfWorkBits"] = "16",
        ["Workspace:SignIn"] = "email",
        ["Attachments:MaxBytes"] = "10485760",
        ["Attachments:MaxPerCase"] = "20",
        ["Attachments:MaxCaseBytes"] = "52428800",
        ["Retention:DecidedCases"] = "2557.00:00:00",
        ["Retention:Withdrawn"] = "365.00:00:00",
        ["SendGrid:Host"] = "https://api.sendgrid.com",
        ["SendGrid:FromName"] = "Ethics Committee",
        ["SendGrid:Timeout"] = "00:00:30",
        ["Links:Lifetime"] = "30.00:00:00",
    };
}
