using ComplaintRouting.FloodControl;
using System.Text.Json.Nodes;
using ComplaintRouting.FollowUp;
using ComplaintRouting.Intake;
using ComplaintRouting.IntegrationTests.Infrastructure;

namespace ComplaintRouting.IntegrationTests.FollowUp;

[Collection(AppCollection.Name)]
public class FollowUpTests(AppFixture app)
{
    private static string Code(string code) => new JsonObject { ["followUpCode"] = code }.ToJsonString();

    private Task<HttpAnswer> Status(string reference, string code, string ip = "198.51.100.1") =>
        AppFixture.CallAsync(req => app.Function<FollowUpFunctions>().Status(req, reference, CancellationToken.None), Code(code), remoteIp: ip);

    private Task<HttpAnswer> Withdraw(string reference, string code, string ip = "198.51.100.1") =>
        AppFixture.CallAsync(req => app.Function<FollowUpFunctions>().Withdraw(req, reference, CancellationToken.None), Code(code), remoteIp: ip);

    [Fact]
    public async Task The_right_code_shows_the_status_and_timeline()
    {
        var (reference, code) = await app.SubmitAsync();

        var answer = await Status(reference.ToLowerInvariant(), code);

        Assert.Equal(200, answer.Status);
        Assert.Equal(reference, answer.Json.GetProperty("reference").GetString());
        Assert.Equal("received", answer.Json.GetProperty("status").GetString());
        Assert.True(answer.Json.TryGetProperty("updatedAt", out _));
        var entry = Assert.Single(answer.Json.GetProperty("timeline").EnumerateArray());
        Assert.Equal("received", entry.GetProperty("status").GetString());
        Assert.True(entry.TryGetProperty("at", out _));
    }

    [Fact]
    public async Task An_unknown_reference_and_a_wrong_code_get_the_same_404()
    {
        var (reference, _) = await app.SubmitAsync();

        var wrongCode = await Status(reference, "AAAA-BBBB-CCCC-DDDD-EEEE", "198.51.100.2");
        var unknown = await Status("CR-0000-0000", "AAAA-BBBB-CCCC-DDDD-EEEE", "198.51.100.3");

        Assert.Equal((404, 404), (wrongCode.Status, unknown.Status));
        Assert.Equal(wrongCode.Body, unknown.Body);
        Assert.Equal(wrongCode.ContentType, unknown.ContentType);
    }

    [Fact]
    public async Task An_unknown_reference_is_throttled_exactly_like_a_wrong_code()
    {
        // An unknown reference that skipped the wrong-code count would never reach 429 and so tell itself apart.
        var (reference, _) = await app.SubmitAsync();
        var unknown = CaseCodes.NewReference();

        var wrong = new List<HttpAnswer>();
        var missing = new List<HttpAnswer>();
        for (var i = 0; i <= Throttles.WrongCodesPerClient; i++)
        {
            wrong.Add(await Status(reference, "AAAA-BBBB-CCCC-DDDD-EEEE", "192.0.2.30"));
            missing.Add(await Status(unknown, "AAAA-BBBB-CCCC-DDDD-EEEE", "192.0.2.40"));
        }

        Assert.Equal([.. Enumerable.Repeat(404, Throttles.WrongCodesPerClient), 429], missing.Select(a => a.Status));
        Assert.Equal(wrong.Select(a => (a.Status, a.ContentType, a.Body, a.Headers.RetryAfter.ToString())),
            missing.Select(a => (a.Status, a.ContentType, a.Body, a.Headers.RetryAfter.ToString())));
    }

    [Fact]
    public async Task Wrong_codes_block_the_client_that_sent_them_and_never_the_complainant_elsewhere()
    {
        var (reference, code) = await app.SubmitAsync();

        var answers = new List<int>();
        for (var i = 0; i <= Throttles.WrongCodesPerClient; i++) answers.Add((await Status(reference, "WRONG-CODE", "198.51.100.10")).Status);
        var guesserWithTheCode = await Status(reference, code, "198.51.100.10");
        var owner = await Status(reference, code, "198.51.100.99");

        Assert.Equal([.. Enumerable.Repeat(404, Throttles.WrongCodesPerClient), 429], answers);
        Assert.Equal(429, guesserWithTheCode.Status);
        Assert.True(int.Parse(guesserWithTheCode.Headers.RetryAfter.ToString()) > 0);
        Assert.Equal(200, owner.Status); // five, fifty or five hundred wrong codes elsewhere lock nobody out
    }

    [Fact]
    public async Task Withdrawing_with_the_code_closes_the_case_and_a_second_withdrawal_is_refused()
    {
        var (reference, code) = await app.SubmitAsync();

        var first = await Withdraw(reference, code);
        var second = await Withdraw(reference, code);
        var wrong = await Withdraw(reference, "NOPE-NOPE-NOPE-NOPE-NOPE", "198.51.100.50");

        Assert.Equal(200, first.Status);
        Assert.Equal("withdrawn", first.Json.GetProperty("status").GetString());
        Assert.Equal(["received", "withdrawn"], first.Json.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("status").GetString()));
        Assert.Equal(409, second.Status);
        Assert.Equal(404, wrong.Status);
    }

    [Fact]
    public async Task A_missing_follow_up_code_is_a_field_error()
    {
        var answer = await AppFixture.CallAsync(req => app.Function<FollowUpFunctions>().Status(req, "CR-0000-0000", CancellationToken.None), "{}");

        Assert.Equal(400, answer.Status);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty("followUpCode", out _));
    }
}
