using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ComplaintRouting.Cases;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Redrive;
using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Storage;

/// <summary>
/// The open-cases summary (issue 17): every writer keeps it in step, a crash between a case's
/// commit and its summary write leaves a row the next re-drive repairs, an older write never
/// replaces a newer one, and a deployment from before it gets its rows built once.
/// </summary>
public sealed class OpenCasesTests : AppWithSettings
{
    private readonly Faults.FaultPolicy _faults = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<HttpPipelinePolicy>(_faults);

    private OpenCases Summary => Services.GetRequiredService<OpenCases>();
    private CaseCommands Commands => Services.GetRequiredService<CaseCommands>();

    private async Task<StoredCase> Load(string reference) => (await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!;

    private async Task<OpenCase?> Row(string reference) => (await Summary.ListAsync(default)).SingleOrDefault(c => c.Reference == reference);

    private async Task<TableEntity?> RawRow(string reference)
    {
        var row = await App.Table(OpenCases.TableName).GetEntityIfExistsAsync<TableEntity>("open", reference);
        return row.HasValue ? row.Value : null;
    }

    private async Task<string> SubmitAsync(string respondent, bool drain = true)
    {
        var answer = await AppFixture.CallAsync(r => Function<ComplaintRouting.Intake.IntakeFunction>().Run(r, default),
            Bodies.Complaint(respondent: respondent).ToJsonString());
        Assert.Equal(202, answer.Status);
        if (drain) await DrainAsync();
        return answer.Json.GetProperty("reference").GetString()!;
    }

    /// <summary>Moves the clock past every re-drive entry written so far and runs the timer.</summary>
    private async Task RedriveLaterAsync()
    {
        App.Clock.Advance(TimeSpan.Parse(SettingDefaults.Values["Schedules:RedriveAfter"]!) + TimeSpan.FromMinutes(1));
        await Function<RedriveFunction>().Run(new TimerInfo(), default);
    }

    private static void AssertInStep(StoredCase stored, OpenCase? row)
    {
        Assert.NotNull(row);
        Assert.Equal(stored.Revision, row.Revision);
        Assert.Equal(stored.Case.State.LastEvent, row.LastEvent);
        Assert.Equal(stored.Case.Status, row.Status);
        Assert.Equal(OpenCase.StatusSinceOf(stored.Case.State), row.StatusSince);
        Assert.Equal(stored.Case.State.ChaseDue, row.NextDue);
        Assert.Equal(stored.Case.State.UpdatedAt, row.UpdatedAt);
    }

    [Fact]
    public async Task Intake_and_routing_write_the_row_and_it_holds_no_personal_data()
    {
        var answer = await AppFixture.CallAsync(r => Function<ComplaintRouting.Intake.IntakeFunction>().Run(r, default),
            Bodies.Complaint(respondent: "Summary Person").ToJsonString());
        var reference = answer.Json.GetProperty("reference").GetString()!;
        var received = await Row(reference);
        Assert.Equal((CaseStatus.Received, CaseStore.CreatedRevision), (received?.Status, received?.Revision));

        await DrainAsync();
        var stored = await Load(reference);
        var row = await Row(reference);
        AssertInStep(stored, row);
        Assert.Equal(CaseStatus.EscalatedToCommittee, row!.Status);
        Assert.Equal(stored.Case.State.EscalatedAt, row.StatusSince);
        Assert.Equal(EscalationReason.RespondentNotIdentified, row.EscalationReason);
        Assert.Equal(stored.Case.State.ReceivedAt, row.ReceivedAt);

        var values = (await RawRow(reference))!.Select(p => p.Value?.ToString() ?? "").ToList();
        foreach (var personal in new[] { "Jane", "jane@example.org", "Summary Person", Bodies.Summary[..20] })
            Assert.DoesNotContain(values, v => v.Contains(personal, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_crash_between_the_commit_and_the_summary_write_is_repaired_by_the_next_re_drive()
    {
        var reference = await SubmitAsync("Crash After Commit");
        await RedriveLaterAsync(); // intake's entry met: nothing left of it
        AssertInStep(await Load(reference), await Row(reference));

        // Acknowledging mails nobody: the re-drive entry the command writes exists for the summary alone.
        _faults.Raise = m => IsSummary(m) ? new ProcessDied() : null;
        await Assert.ThrowsAsync<ProcessDied>(() =>
            Commands.ExecuteAsync(reference, (s, now) => Decision.From(s.Case.AcknowledgeCommittee(now)), default));
        (_faults.Raise, _faults.Fail) = (_ => null, _ => false);

        var stored = await Load(reference);
        Assert.Equal(CaseStatus.UnderCommitteeReview, stored.Case.Status); // committed
        Assert.Equal(CaseStatus.EscalatedToCommittee, (await Row(reference))!.Status); // the summary is behind
        Assert.True(stored.Case.State.RedriveDue > App.Clock.GetUtcNow());

        await RedriveLaterAsync();
        AssertInStep(stored, await Row(reference));
        Assert.Equal(stored.Case.State.CommitteeAcknowledgedAt, (await Row(reference))!.StatusSince);
    }

    [Fact]
    public async Task A_crash_after_a_case_closes_leaves_it_listed_until_the_re_drive_removes_it()
    {
        var reference = await SubmitAsync("Crash On Withdrawal", drain: false);
        _faults.Raise = m => IsSummary(m) ? new ProcessDied() : null;
        await Assert.ThrowsAsync<ProcessDied>(() =>
            Commands.ExecuteAsync(reference, (s, now) => Decision.From(s.Case.Withdraw(now)), default));
        (_faults.Raise, _faults.Fail) = (_ => null, _ => false);
        Assert.Equal(CaseStatus.Withdrawn, (await Load(reference)).Case.Status);
        Assert.Equal(CaseStatus.Received, (await Row(reference))?.Status);

        await RedriveLaterAsync(); // intake's entry, still ahead at the withdrawal, guards it
        Assert.Null(await Row(reference));
        Assert.Null(await RawRow(reference));
    }

    [Fact]
    public async Task A_lost_intake_write_is_repaired_by_intakes_own_entry()
    {
        _faults.Fail = IsSummary; // a storage fault now, not a crash: intake answers 202 all the same
        var answer = await AppFixture.CallAsync(r => Function<ComplaintRouting.Intake.IntakeFunction>().Run(r, default),
            Bodies.Complaint(respondent: "Intake Summary Lost").ToJsonString());
        (_faults.Raise, _faults.Fail) = (_ => null, _ => false);
        Assert.Equal(202, answer.Status);
        var reference = answer.Json.GetProperty("reference").GetString()!;
        Assert.Null(await RawRow(reference));

        await RedriveLaterAsync();
        AssertInStep(await Load(reference), await Row(reference));
    }

    [Fact]
    public async Task An_older_write_never_replaces_a_newer_one_and_a_late_open_write_does_not_bring_a_closed_case_back()
    {
        var reference = await SubmitAsync("Writers Racing");
        var older = await Load(reference);
        await Commands.ExecuteAsync(reference, (s, now) => Decision.From(s.Case.AcknowledgeCommittee(now)), default);
        var newer = await Load(reference);
        Assert.Equal(older.Revision + 1, newer.Revision);

        await Summary.UpsertAsync(older.Case.State, older.Revision, default); // arrives late
        AssertInStep(newer, await Row(reference));

        var closing = await SubmitAsync("Writers Racing Closed", drain: false);
        var open = await Load(closing);
        await Commands.ExecuteAsync(closing, (s, now) => Decision.From(s.Case.Withdraw(now)), default);
        Assert.Null(await Row(closing));
        await Summary.UpsertAsync(open.Case.State, open.Revision, default); // the open state, late
        Assert.Null(await Row(closing));
        Assert.False((await RawRow(closing))!.GetBoolean("Open")); // a tombstone until the re-drive

        await RedriveLaterAsync();
        Assert.Null(await RawRow(closing));
        AssertInStep(newer, await Row(reference));
    }

    [Fact]
    public async Task A_deployment_from_before_the_summary_gets_it_built_once_by_the_re_drive()
    {
        var open = await SubmitAsync("Before Summary Open");
        var received = await SubmitAsync("Before Summary Received", drain: false);
        var withdrawn = await SubmitAsync("Before Summary Withdrawn", drain: false);
        await Commands.ExecuteAsync(withdrawn, (s, now) => Decision.From(s.Case.Withdraw(now)), default);
        await Summary.ListAsync(default); // this instance's summary is built

        // As an older version left it: cases, no summary, no marker; cases from then have no revision.
        var table = App.Table(OpenCases.TableName);
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        var cases = App.Table(CaseStore.TableName);
        var legacy = (await cases.GetEntityAsync<TableEntity>(open, "case")).Value;
        legacy.Remove("Revision");
        await cases.UpdateEntityAsync(legacy, Azure.ETag.All, TableUpdateMode.Replace);

        var fresh = ActivatorUtilities.CreateInstance<OpenCases>(Services); // a new instance of the new version
        var redrive = ActivatorUtilities.CreateInstance<RedriveHandler>(Services, fresh);
        await redrive.RunAsync(default);

        var rows = (await fresh.ListAsync(default)).Select(r => r.Reference).ToHashSet();
        Assert.Contains(open, rows);
        Assert.Contains(received, rows);
        Assert.DoesNotContain(withdrawn, rows);
        Assert.Equal(0, (await Row(open))!.Revision);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("meta", "built")).HasValue);

        // Built once: a later instance reads the marker and writes nothing; the rebuild itself is idempotent.
        var before = (await fresh.ListAsync(default)).Count;
        _faults.Reset();
        await ActivatorUtilities.CreateInstance<OpenCases>(Services).EnsureBuiltAsync(default);
        Assert.Equal(1, _faults.Requests);
        await fresh.RebuildAsync(default);
        Assert.Equal(before, (await fresh.ListAsync(default)).Count);

        // The legacy case's next commit is revision 1 and replaces the built row.
        await Commands.ExecuteAsync(open, (s, now) => Decision.From(s.Case.AcknowledgeCommittee(now)), default);
        AssertInStep(await Load(open), await Row(open));
        Assert.Equal(1, (await Row(open))!.Revision);
    }

    /// <summary>The process dying just before a request of the summary.</summary>
    private sealed class ProcessDied() : Exception("Injected: the process died before the summary write.");

    private static bool IsSummary(Azure.Core.HttpMessage m) => m.Request.Uri.Path.Contains("/" + OpenCases.TableName, StringComparison.Ordinal);
}
