using System.Text;
using Azure.Data.Tables;
using ComplaintRouting.Intake;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Storage;

namespace ComplaintRouting.IntegrationTests.Intake;

[Collection(AppCollection.Name)]
public class IntakeTests(AppFixture app)
{
    private Task<HttpAnswer> Submit(string body, string contentType = "application/json", IDictionary<string, string>? headers = null) =>
        AppFixture.CallAsync(req => app.Function<IntakeFunction>().Run(req, CancellationToken.None), body, contentType, headers);

    private async Task<List<TableEntity>> Partition(string reference) =>
        await app.Table(CaseStore.TableName).QueryAsync<TableEntity>(e => e.PartitionKey == reference).ToListAsync();

    private async Task<int> CaseCount() =>
        await app.Table(CaseStore.TableName).QueryAsync<TableEntity>(e => e.RowKey == "case", select: ["RowKey"]).CountAsync();

    [Fact]
    public async Task A_valid_complaint_is_stored_with_its_first_event_queued_for_routing_and_answered_202()
    {
        var answer = await Submit(Bodies.Complaint().ToJsonString());

        Assert.Equal(202, answer.Status);
        var reference = answer.Json.GetProperty("reference").GetString()!;
        var code = answer.Json.GetProperty("followUpCode").GetString()!;
        Assert.Equal("received", answer.Json.GetProperty("status").GetString());
        Assert.Equal($"/api/complaints/{reference}/status", answer.Json.GetProperty("statusUrl").GetString());

        var rows = await Partition(reference);
        var caseRow = Assert.Single(rows, r => r.RowKey == "case");
        Assert.Equal("received", caseRow.GetString("Status"));
        var first = Assert.Single(rows, r => r.RowKey.StartsWith("evt-"));
        Assert.Equal(("received", (string?)null), (first.GetString("To"), first.GetString("From")));

        var queued = await app.Queue(QueueNames.Routing).PeekMessagesAsync(32);
        Assert.Contains(queued.Value, m => m.Body.ToString() == reference);

        // Shown once, stored only as a salted hash; complaint text and contact details only encrypted.
        var raw = string.Join("\n", rows.SelectMany(r => r.Select(p => p.Value)).Select(v => v is byte[] b ? Encoding.UTF8.GetString(b) : v?.ToString()));
        Assert.DoesNotContain(code, raw);
        Assert.DoesNotContain(code.Replace("-", ""), raw);
        Assert.DoesNotContain("jane@example.org", raw);
        Assert.DoesNotContain("private disclosures", raw);
    }

    [Fact]
    public async Task An_invalid_complaint_gets_problem_json_naming_each_field_and_stores_nothing()
    {
        var body = Bodies.Complaint();
        body["respondent"]!["countryOfPractice"] = "Germany";
        body["allegation"]!["summary"] = "too short";
        body["consent"]!["truthful"] = false;
        var before = await CaseCount();

        var answer = await Submit(body.ToJsonString());

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        var errors = answer.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["respondent.countryOfPractice", "allegation.summary", "consent.truthful"], errors);
        Assert.Equal(before, await CaseCount());
    }

    [Theory]
    [InlineData("text/plain", "hello", 415)]
    [InlineData("application/json", "{not json", 400)]
    [InlineData("application/json", "", 400)]
    [InlineData("application/json", "\"a string\"", 400)]
    public async Task Bodies_that_are_not_a_complaint_get_a_clear_4xx_and_store_nothing(string contentType, string body, int status)
    {
        var before = await CaseCount();

        var answer = await Submit(body, contentType);

        Assert.Equal(status, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        Assert.Equal(before, await CaseCount());
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_refused_with_413()
    {
        var body = Bodies.Complaint();
        body["allegation"]!["summary"] = new string('x', 70_000);

        var answer = await Submit(body.ToJsonString());

        Assert.Equal(413, answer.Status);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_answer_the_first_answer_again_and_create_nothing()
    {
        var body = Bodies.Complaint(respondent: "Idempotent Person").ToJsonString();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };

        var first = await Submit(body, headers: key);
        var countAfterFirst = await CaseCount();
        var second = await Submit(body, headers: key);
        var other = await Submit(Bodies.Complaint(respondent: "Someone Else").ToJsonString(), headers: key);

        Assert.Equal((202, 202), (first.Status, second.Status));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(countAfterFirst, await CaseCount());
        Assert.Equal(409, other.Status);

        var tooLong = await Submit(body, headers: new Dictionary<string, string> { ["Idempotency-Key"] = new string('k', 101) });
        Assert.Equal(400, tooLong.Status);
    }

    [Fact]
    public async Task Racing_requests_with_one_idempotency_key_create_one_case()
    {
        var body = Bodies.Complaint(respondent: "Racing Person").ToJsonString();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var before = await CaseCount();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Submit(body, headers: key)));

        Assert.All(answers, a => Assert.Equal(202, a.Status));
        Assert.Single(answers.Select(a => a.Json.GetProperty("reference").GetString()).Distinct());
        Assert.Equal(before + 1, await CaseCount());
    }

    [Fact]
    public async Task The_no_script_form_posts_url_encoded_fields_and_is_accepted()
    {
        var form = string.Join("&", new[]
        {
            ("complainant.name", "Jean Dupont"), ("complainant.email", "jean@example.org"), ("complainant.relationship", "relative"),
            ("complainant.language", "fr"), ("respondent.name", "Marie Curie"), ("respondent.countryOfPractice", "FR"),
            ("allegation.sections", "2.3"), ("allegation.sections", "3.4"), ("allegation.summary", Bodies.Summary),
            ("consent.shareWithNationalOrganization", "on"), ("consent.truthful", "on"),
            ("website", ""), ("startedAt", app.Function<ComplaintRouting.Form.FormGuard>().IssueStartedAt()),
        }.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        app.Clock.Advance(ComplaintRouting.Form.FormGuard.MinimumFillTime);

        var answer = await Submit(form, "application/x-www-form-urlencoded");

        Assert.Equal(202, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType);
        Assert.Contains("id=\"follow-up-code\"", answer.Body);
        Assert.Contains("lang=\"fr\"", answer.Body);
    }
}
