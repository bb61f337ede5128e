using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Localization;
using ComplaintRouting.FloodControl;
using ComplaintRouting.Storage;

namespace ComplaintRouting.IntegrationTests.Intake;

/// <summary>
/// Flood control as a stranger meets it, through two runner instances on one storage account:
/// limits that a forged X-Forwarded-For does not escape and a second instance does not double,
/// the proof of work, the no-script form's shared allowance, and the acknowledgement cap.
/// </summary>
public sealed class FloodControlTests : IAsyncLifetime
{
    private const int PerClient = 3;
    private RunnerSet _set = null!;

    public async Task InitializeAsync() => _set = await RunnerSet.StartAsync(2, new Dictionary<string, string?>
    {
        ["Intake:SubmissionsPerClientPerHour"] = PerClient.ToString(),
        ["Intake:UnprovenSubmissionsPerHour"] = "2",
        ["Intake:AcknowledgementsPerAddressPerDay"] = "2",
        ["Intake:ProofOfWorkBits"] = "10",
    });

    public async Task DisposeAsync() => await _set.DisposeAsync();

    [Fact]
    public async Task A_client_rotating_X_Forwarded_For_across_two_instances_is_limited_as_one_client()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < PerClient + 2; i++)
        {
            using var http = ProofOfWorkSolver.Client(_set.Hosts[i % 2].BaseUrl);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = Json(Bodies.Complaint(respondent: $"Rotating Person {i}", email: $"rotating{i}@example.org")) };
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"198.51.100.{i}, 203.0.113.{i}");
            answers.Add(await http.SendAsync(request));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, PerClient), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        Assert.True(answers[^1].Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", answers[^1].Content.Headers.ContentType?.MediaType);
        Assert.Equal(PerClient, await StoredCasesAsync());
    }

    [Fact]
    public async Task A_json_submission_without_a_solved_challenge_gets_428_and_each_challenge_buys_one_submission()
    {
        using var raw = new HttpClient { BaseAddress = new Uri(_set.Hosts[0].BaseUrl) };
        var body = Bodies.Complaint(respondent: "Proof Person");

        using var unproven = await raw.PostAsync("/api/complaints", Json(body));
        Assert.Equal((HttpStatusCode)428, unproven.StatusCode);
        var problem = JsonDocument.Parse(await unproven.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("application/problem+json", unproven.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(ProofOfWork.Header, out _));
        var challenge = problem.GetProperty("challenge").GetString()!;
        Assert.Equal(10, problem.GetProperty("bits").GetInt32());

        var wrong = await PostAsync(raw, body, challenge + ":" + FailingNonce(challenge, 10));
        Assert.Equal((HttpStatusCode)428, wrong.StatusCode);

        var proof = ProofOfWorkSolver.Solve(challenge, 10);
        var key = Guid.NewGuid().ToString();
        var accepted = await PostAsync(raw, body, proof, key);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var retried = await PostAsync(raw, body, proof, key); // a retry of the same request may reuse its proof
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(await accepted.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());

        using var second = new HttpClient { BaseAddress = new Uri(_set.Hosts[1].BaseUrl) };
        var reused = await PostAsync(second, Bodies.Complaint(respondent: "Another Person"), proof); // on the other instance too
        Assert.Equal((HttpStatusCode)428, reused.StatusCode);
        Assert.Contains("used", JsonDocument.Parse(await reused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty(ProofOfWork.Header)[0].GetString());
        Assert.Equal(1, await StoredCasesAsync());
    }

    [Fact]
    public async Task The_no_script_form_needs_no_proof_but_all_its_clients_share_an_hourly_allowance()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_set.Hosts[0].BaseUrl) };
        var page = await http.GetStringAsync("/api/form?lang=de");
        var startedAt = WebUtility.HtmlDecode(Regex.Match(page, "name=\"startedAt\" value=\"([^\"]+)\"").Groups[1].Value);
        await Task.Delay(ComplaintRouting.Form.FormGuard.MinimumFillTime + TimeSpan.FromMilliseconds(200)); // a person takes longer than this

        var statuses = new List<HttpStatusCode>();
        string last = "";
        for (var i = 0; i < 3; i++)
        {
            using var other = new HttpClient { BaseAddress = new Uri(_set.Hosts[i % 2].BaseUrl) };
            using var answer = await other.PostAsync("/api/complaints", new StringContent(FormBody(startedAt, $"Formular Person {i}"), Encoding.UTF8, "application/x-www-form-urlencoded"));
            statuses.Add(answer.StatusCode);
            last = await answer.Content.ReadAsStringAsync();
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Texts.Get("de", "form.error.busy")), last);
        Assert.Contains("value=\"Formular Person 2\"", last); // what the person typed is still there
        Assert.Equal(2, await StoredCasesAsync());
    }

    [Fact]
    public async Task An_address_named_in_more_complaints_than_its_daily_allowance_gets_that_many_acknowledgements_and_every_complaint_is_routed()
    {
        var references = new List<string>();
        for (var i = 0; i < PerClient; i++)
        {
            using var http = ProofOfWorkSolver.Client(_set.Hosts[i % 2].BaseUrl);
            using var answer = await http.PostAsync("/api/complaints", Json(Bodies.Complaint(respondent: $"Victim Named {i}", email: "Target.Person@example.org")));
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            references.Add(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!);
        }

        // Every complaint is routed (here: no directory, so straight to the committee).
        foreach (var reference in references)
            await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.CommitteeEscalation.ToApi(), TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2)); // an acknowledgement that would go late has had its chance
        var acknowledgements = _set.Mail.Capture.All.Where(m => m.Kind == MailKind.ComplainantAcknowledgement.ToApi() && references.Contains(m.Reference!)).ToList();
        Assert.Equal(2, acknowledgements.Count);
        Assert.All(acknowledgements, m => Assert.Equal("Target.Person@example.org", m.To, ignoreCase: true));
    }

    private static StringContent Json(System.Text.Json.Nodes.JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, System.Text.Json.Nodes.JsonObject body, string proof, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = Json(body) };
        request.Headers.Add(ProofOfWork.Header, proof);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    private static long FailingNonce(string challenge, int bits)
    {
        for (long nonce = 0; ; nonce++)
            if (ProofOfWork.LeadingZeroBits(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes($"{challenge}:{nonce}"))) < bits) return nonce;
    }

    private static string FormBody(string startedAt, string respondent) => string.Join("&", new[]
    {
        ("complainant.name", "Erika Muster"), ("complainant.email", "erika@example.org"), ("complainant.relationship", "patient"),
        ("complainant.language", "de"), ("respondent.name", respondent), ("respondent.countryOfPractice", "DE"),
        ("allegation.sections", "3.1"), ("allegation.summary", Bodies.Summary),
        ("consent.shareWithNationalOrganization", "on"), ("consent.truthful", "on"), ("website", ""), ("startedAt", startedAt),
    }.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));

    private async Task<int> StoredCasesAsync()
    {
        var table = new TableServiceClient(_set.Azurite.ConnectionString).GetTableClient(CaseStore.TableName);
        await table.CreateIfNotExistsAsync();
        return await table.QueryAsync<TableEntity>(e => e.RowKey == "case", select: ["RowKey"]).CountAsync();
    }
}
