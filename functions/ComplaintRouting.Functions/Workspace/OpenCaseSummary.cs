namespace ComplaintRouting.Workspace;

/// <summary>
/// One open case as the workspace's charts see it (<see cref="WorkspaceCharts"/>): no names, no text
/// of the complaint. <paramref name="StepStartedAt"/> is when the case entered its current status;
/// <paramref name="StepDueAt"/> is when the current step is due, null when no deadline runs.
/// </summary>
public sealed record OpenCaseSummary(
    string Reference,
    Cases.CaseStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset StepStartedAt,
    DateTimeOffset? StepDueAt,
    bool Urgent);
