using System.Text;
using Azure.Data.Tables;
using ComplaintRouting.FollowUp;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Retention;
using ComplaintRouting.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Confidentiality;

/// <summary>Retention with second-scale settings: closed cases lose their personal data, keep their skeleton.</summary>
public sealed class RetentionTests : AppWithSettings
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Retention:Withdrawn"] = "00:00:05";
        settings["Retention:DecidedCases"] = "00:00:30";
    }

    [Fact]
    public async Task A_withdrawn_case_keeps_its_data_until_the_period_runs_out_then_only_its_skeleton_remains()
    {
        var submitted = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default), Bodies.Complaint().ToJsonString());
        var reference = submitted.Json.GetProperty("reference").GetString()!;
        var code = submitted.Json.GetProperty("followUpCode").GetString()!;
        var withdraw = await AppFixture.CallAsync(req => Function<FollowUpFunctions>().Withdraw(req, reference, default), $"{{\"followUpCode\":\"{code}\"}}");
        Assert.Equal(200, withdraw.Status);
        var store = Services.GetRequiredService<CaseStore>();

        App.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await Function<RetentionHandler>().RunAsync(default));
        Assert.Equal("Jane Doe", (await store.LoadAsync(reference, default))!.Complaint.Complainant.Name);

        App.Clock.Advance(TimeSpan.FromSeconds(2));
        await Function<RetentionFunction>().Run(new TimerInfo(), default);

        var erased = (await store.LoadAsync(reference, default))!;
        Assert.Equal(Cases.CaseStatus.Withdrawn, erased.Case.Status);
        Assert.Equal(["received", "withdrawn"], erased.Events.Select(e => Common.ApiNameExtensions.ToApi(e.To)));
        Assert.Null(erased.Complaint.Complainant.Email);
        var row = (await App.Table(CaseStore.TableName).GetEntityAsync<TableEntity>(reference, "case")).Value;
        Assert.NotNull(row.GetDateTimeOffset("ErasedAt"));
        Assert.DoesNotContain(row.Keys, k => k.StartsWith("Complaint") && k != "ComplaintChunks");
        Assert.Equal(0, row.GetInt32("ComplaintChunks"));
        var status = await AppFixture.CallAsync(req => Function<FollowUpFunctions>().Status(req, reference, default), $"{{\"followUpCode\":\"{code}\"}}", remoteIp: "192.0.2.9");
        Assert.Equal(404, status.Status); // nothing personal is reachable any more, not even by the code
    }
}
