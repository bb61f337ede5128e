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
        Assert.Equal(["received", "withdrawn"], erased.Events.Select(e => ComplaintRouting.Api.ApiNameExtensions.ToApi(e.To)));
        Assert.Null(erased.Complaint.Complainant.Email);
        var row = (await App.Table(CaseStore.TableName).GetEntityAsync<TableEntity>(reference, "case")).Value;
        Assert.NotNull(row.GetDateTimeOffset("ErasedAt"));
        Assert.DoesNotContain(row.Keys, k => k.StartsWith("Complaint") && k != "ComplaintChunks");
        Assert.Equal(0, row.GetInt32("ComplaintChunks"));
        var status = await AppFixture.CallAsync(req => Function<FollowUpFunctions>().Status(req, reference, default), $"{{\"followUpCode\":\"{code}\"}}", remoteIp: "192.0.2.9");
        Assert.Equal(404, status.Status); // nothing personal is reachable any more, not even by the code
    }

    [Fact]
    public async Task An_idempotency_key_answers_its_first_answer_for_a_day_then_is_forgotten_by_the_daily_sweep()
    {
        var body = Bodies.Complaint(respondent: "Replayed Person").ToJsonString();
        var key = Guid.NewGuid().ToString();
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = key };
        Task<HttpAnswer> Submit() => AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default), body, headers: headers);
        var keyHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var keys = App.Table(ComplaintRouting.Intake.IdempotencyKeys.TableName);

        var first = (await Submit()).Json.GetProperty("reference").GetString();
        App.Clock.Advance(ComplaintRouting.Intake.IdempotencyKeys.ReplayWindow - TimeSpan.FromMinutes(1));
        Assert.Equal(first, (await Submit()).Json.GetProperty("reference").GetString());
        await Function<RetentionHandler>().RunAsync(default);
        Assert.True((await keys.GetEntityIfExistsAsync<TableEntity>(keyHash, "")).HasValue);

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await Function<RetentionHandler>().RunAsync(default);
        Assert.False((await keys.GetEntityIfExistsAsync<TableEntity>(keyHash, "")).HasValue);

        var later = await Submit();
        Assert.Equal(202, later.Status);
        Assert.NotEqual(first, later.Json.GetProperty("reference").GetString()); // the key no longer leads to the first case
    }

    [Fact]
    public async Task An_expired_idempotency_key_not_yet_swept_is_forgotten_all_the_same()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var body = Bodies.Complaint(respondent: "Unswept Person").ToJsonString();
        var first = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default), body, headers: headers);

        App.Clock.Advance(ComplaintRouting.Intake.IdempotencyKeys.ReplayWindow + TimeSpan.FromMinutes(1));
        var later = await AppFixture.CallAsync(req => Function<ComplaintRouting.Intake.IntakeFunction>().Run(req, default), body, headers: headers);

        Assert.Equal(202, later.Status);
        Assert.NotEqual(first.Json.GetProperty("reference").GetString(), later.Json.GetProperty("reference").GetString());
    }

    [Fact]
    public async Task A_delivery_failure_with_its_address_is_kept_thirty_days_then_swept()
    {
        var log = Services.GetRequiredService<ComplaintRouting.Delivery.DeliveryFailureLog>();
        var key = ComplaintRouting.Delivery.DeliveryFailureLog.KeyOf(Guid.NewGuid().ToString());
        await log.RecordAsync(new(key, "CR-AAAA-BBBB", "referral", "bounce", App.Clock.GetUtcNow(), "volunteer@example.org", "550 no such user"), default);

        App.Clock.Advance(RetentionHandler.DeliveryFailuresKept - TimeSpan.FromHours(1));
        await Function<RetentionHandler>().RunAsync(default);
        Assert.NotNull(await log.FindAsync(key, default));

        App.Clock.Advance(TimeSpan.FromHours(2));
        await Function<RetentionHandler>().RunAsync(default);
        Assert.Null(await log.FindAsync(key, default));
        Assert.DoesNotContain(await log.SinceAsync(DateTimeOffset.MinValue, default), f => f.EventKey == key);
    }
}
