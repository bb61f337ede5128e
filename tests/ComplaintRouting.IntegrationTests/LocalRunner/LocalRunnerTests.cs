using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplaintRouting.Http;
using Azure.Storage.Queues;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.LocalRunner;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplaintRouting.IntegrationTests.LocalRunner;

public sealed class LocalRunnerTests : IAsyncLifetime
{
    private RunnerSet _set = null!;

    public async Task InitializeAsync()
    {
        _set = await RunnerSet.StartAsync(1, new Dictionary<string, string?>
        {
            ["LocalHost:FunctionKey"] = "test-function-key",
            ["Logging:LogLevel:Default"] = "Warning",
        });
    }

    public async Task DisposeAsync()
    {
        await _set.DisposeAsync();
    }

    [Fact]
    public async Task A_complaint_submitted_over_http_reaches_the_capture_server_as_an_acknowledgement()
    {
        using var http = ProofOfWorkSolver.Client(_set.Host.BaseUrl);

        var response = await http.PostAsync("/api/complaints", new StringContent(Bodies.Complaint().ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reference = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reference").GetString();
        var ack = await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.ComplainantAcknowledgement.ToApi(), TimeSpan.FromSeconds(30));
        Assert.Equal("jane@example.org", ack.To);
        Assert.Null(_set.Host.Mail); // a SendGrid host was configured, so the runner captures nothing itself
    }

    [Fact]
    public async Task Function_level_routes_demand_the_function_key_and_anonymous_ones_do_not()
    {
        using var http = ProofOfWorkSolver.Client(_set.Host.BaseUrl);
        var managed = _set.Host.Functions.OfType<HttpFunction>().FirstOrDefault(f => !f.IsAnonymous);
        Assert.NotNull(managed);
        var path = "/api/" + managed.Route.Replace("{reference}", "CR-0000-0000");
        var method = new HttpMethod(managed.Methods[0]);

        var without = await http.SendAsync(new HttpRequestMessage(method, path));
        var wrong = await http.SendAsync(new HttpRequestMessage(method, path) { Headers = { { "x-functions-key", "nope" } } });
        var right = await http.SendAsync(new HttpRequestMessage(method, path) { Headers = { { "x-functions-key", "test-function-key" } } });
        var anonymous = await http.PostAsync("/api/complaints/CR-0000-0000/status", new StringContent("{\"followUpCode\":\"X\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (without.StatusCode, wrong.StatusCode));
        Assert.NotEqual(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Fact]
    public void The_functions_the_worker_reports_over_grpc_are_exactly_those_the_build_declared()
    {
        var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata"))).RootElement.EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()).Order().ToArray();

        Assert.Equal(metadata, _set.Host.Functions.Select(f => f.Name).Order().ToArray());
        Assert.All(_set.Host.Functions, f => Assert.True(Guid.TryParse(f.FunctionId, out _) || f.FunctionId.Length > 0));
        Assert.NotEqual(Environment.ProcessId, _set.Host.WorkerProcessId);
        Assert.False(System.Diagnostics.Process.GetProcessById(_set.Host.WorkerProcessId).HasExited);
    }

    [Fact]
    public async Task Every_answer_carries_the_headers_the_apps_own_Program_cs_adds_and_an_in_process_call_does_not()
    {
        using var http = ProofOfWorkSolver.Client(_set.Host.BaseUrl);

        using var list = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/manage/cases") { Headers = { { "x-functions-key", "test-function-key" } } });
        using var missing = await http.PostAsync("/api/complaints/CR-0000-0000/status", new StringContent("{\"followUpCode\":\"X\"}", System.Text.Encoding.UTF8, "application/json"));

        foreach (var response in new[] { list, missing })
        {
            Assert.Equal(ResponseHeadersMiddleware.StrictTransportSecurity, response.Headers.GetValues("Strict-Transport-Security").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        // The middleware lives in Program.cs only: a function class called directly does not add it.
        var direct = await AppFixture.CallAsync(_ => Task.FromResult<Microsoft.AspNetCore.Mvc.IActionResult>(ApiResult.NotFound()));
        Assert.False(direct.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Under_the_email_sign_in_no_principal_header_a_client_sets_opens_the_workspace()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_set.Host.BaseUrl) };
        foreach (var header in new[] { "X-MS-CLIENT-PRINCIPAL-NAME", HttpFrontEnd.LocalPrincipalHeader })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/workspace") { Headers = { { header, "chair@example.org" } } };
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_client_set_invocation_id_does_not_pair_its_request_with_another_invocation()
    {
        using var http = ProofOfWorkSolver.Client(_set.Host.BaseUrl);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/form") { Headers = { { "x-ms-invocation-id", Guid.NewGuid().ToString() } } };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_message_that_always_fails_lands_in_the_poison_queue_after_five_dequeues()
    {
        var queues = new QueueServiceClient(_set.Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var name = "test-" + Guid.NewGuid().ToString("N")[..8];
        var attempts = 0;
        var listener = new QueueListener(queues, name, new QueueSettings(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, 4, 5),
            (_, _) => { Interlocked.Increment(ref attempts); throw new InvalidOperationException("always fails"); }, NullLogger<QueueListener>.Instance);
        await queues.GetQueueClient(name).CreateIfNotExistsAsync();
        await queues.GetQueueClient(name).SendMessageAsync("CR-POIS-0001");

        await listener.StartAsync(CancellationToken.None);
        var poison = queues.GetQueueClient(name + "-poison");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !(await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length > 0)) await Task.Delay(100);
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal("CR-POIS-0001", Assert.Single((await poison.PeekMessagesAsync()).Value).Body.ToString());
        Assert.Equal(5, attempts);
        Assert.Empty((await queues.GetQueueClient(name).PeekMessagesAsync()).Value);
    }

    [Fact]
    public void A_timer_schedule_is_read_from_its_setting_and_a_bad_one_names_the_setting()
    {
        var schedule = TimerScheduler.Parse("%Schedules:Chase%", name => name == "Schedules:Chase" ? "0 0 * * * *" : null);
        Assert.Equal(new DateTime(2026, 1, 1, 11, 0, 0), schedule.GetNextOccurrence(new DateTime(2026, 1, 1, 10, 30, 0)));

        var missing = Assert.Throws<InvalidOperationException>(() => TimerScheduler.Parse("%Schedules:Digest%", _ => null));
        Assert.Equal("'%Schedules:Digest%' does not resolve to a value.", missing.Message);
        Assert.Throws<InvalidOperationException>(() => TimerScheduler.Parse("%Schedules:Digest%", _ => "every day"));
    }
}
