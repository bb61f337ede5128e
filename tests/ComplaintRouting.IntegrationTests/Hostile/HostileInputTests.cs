using System.Net.Http.Json;
using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Net.Http.Headers;
using Azure.Data.Tables;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Storage;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ComplaintRouting.IntegrationTests.Hostile;

/// <summary>
/// Ten thousand generated request bodies against the real HTTP pipeline of the local runner:
/// no 5xx, nothing stored for a rejected body, and whatever was stored comes out encoded.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const int Bodies = 10_000;
    private RunnerSet _set = null!;

    public async Task InitializeAsync()
    {
        _set = await RunnerSet.StartAsync(1, new Dictionary<string, string?>
        {
            ["Intake:SubmissionsPerClientPerHour"] = "100000",
            ["Intake:ProofOfWorkBits"] = "6", // every valid body is solved, cheaply; forged proofs are a class of their own
            ["Logging:LogLevel:Default"] = "Warning",
        });
    }

    public async Task DisposeAsync()
    {
        await _set.DisposeAsync();
    }

    [Fact]
    public async Task Ten_thousand_hostile_bodies_give_no_5xx_store_nothing_when_rejected_and_render_encoded_when_accepted()
    {
        var requests = HostileBodies.Any.Sample(Bodies, 30);
        using var http = ProofOfWorkSolver.Client(_set.Host.BaseUrl);
        using var raw = new HttpClient { BaseAddress = new Uri(_set.Host.BaseUrl) };
        var statuses = new int[requests.Length];
        await Parallel.ForAsync(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var content = new ByteArrayContent(requests[i].Body);
            content.Headers.TryAddWithoutValidation("Content-Type", requests[i].ContentType);
            using var request = new HttpRequestMessage(HttpMethod.Post, requests[i].Path) { Content = content };
            if (requests[i].Proof is { } proof) request.Headers.TryAddWithoutValidation(ComplaintRouting.FloodControl.ProofOfWork.Header, proof);
            using var response = await (requests[i].Proof is null ? http : raw).SendAsync(request, ct);
            statuses[i] = (int)response.StatusCode;
        });

        var serverErrors = statuses.Count(s => s >= 500);
        var accepted = requests.Zip(statuses).Count(p => p.First.Path == HostileBodies.Complaints && p.Second == 202);
        var stored = await new TableServiceClient(_set.Azurite.ConnectionString).GetTableClient(CaseStore.TableName)
            .QueryAsync<TableEntity>(e => e.RowKey == "case", select: ["RowKey"]).CountAsync();
        output.WriteLine($"bodies generated: {requests.Length}; accepted: {accepted}; rejected: {requests.Length - accepted}; 5xx: {serverErrors}; cases stored: {stored}");
        foreach (var group in requests.Zip(statuses).GroupBy(p => p.First.Path == HostileBodies.Complaints ? p.First.Kind.Split(' ')[0] : "other routes").OrderBy(g => g.Key))
            output.WriteLine($"  {group.Key}: {group.Count()} ({string.Join(", ", group.GroupBy(p => p.Second).Select(g => $"{g.Key}×{g.Count()}"))})");

        Assert.Equal(0, serverErrors);
        Assert.All(requests.Zip(statuses).Where(p => p.First.Kind == "proof-forged" && p.First.Path == HostileBodies.Complaints), p => Assert.Equal(428, p.Second));
        foreach (var kind in new[] { "proof-forged", "form-fields", "form-key", "form-encoding", "multipart", "json-encoding", "garbage", "form", "invalid", "deep" })
            Assert.Contains(requests, r => r.Kind.StartsWith(kind, StringComparison.Ordinal));
        Assert.Equal(accepted, stored);
        Assert.True(accepted > 100, "the generator should also produce valid bodies");
        Assert.True(requests.Length - accepted > 5000, "most bodies are hostile");

        // Every mail sent so far (the runner keeps routing the flood meanwhile) carries no markup from a complaint.
        Assert.All(_set.Mail.Capture.All, NoMarkup);
    }

    [Fact]
    public async Task Markup_in_every_field_of_an_accepted_complaint_comes_out_encoded_in_every_mail_and_page()
    {
        using var http = ProofOfWorkSolver.Client(_set.Host.BaseUrl);
        var body = HostileBodies.Any.Sample(2000, 40).First(r => r.Kind == "valid with markup" && r.Path == HostileBodies.Complaints);
        var content = new ByteArrayContent(body.Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
        var response = await http.PostAsync("/api/complaints", content);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var reference = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;

        var escalation = await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.CommitteeEscalation.ToApi(), TimeSpan.FromSeconds(60));
        Assert.All(_set.Mail.Capture.ForReference(reference), NoMarkup);

        var link = System.Text.RegularExpressions.Regex.Match(escalation.Text, @"http://localhost:\d+/api/committee/cases/\S+").Value;
        var page = await http.GetStringAsync(link);
        Assert.Contains("&lt;script&gt;", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        var admin = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/manage/cases/{reference}") { Headers = { { "x-functions-key", _set.Host.FunctionKey } } });
        Assert.Equal("application/json", admin.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// Framing a client controls and HttpClient never sends: a Content-Length that promises more
    /// than comes, or less than is sent, two lengths, a broken chunk, a length that is not a number.
    /// Whatever the answer, it is not a 5xx, and nothing is stored.
    /// </summary>
    [Theory]
    [InlineData("Content-Length: 5000", "{\"complainant\":", "promises more than it sends")]
    [InlineData("Content-Length: 3", "{\"complainant\": {}}", "sends more than it promises")]
    [InlineData("Content-Length: 10\r\nContent-Length: 20", "{}", "two lengths")]
    [InlineData("Content-Length: -1", "{}", "a negative length")]
    [InlineData("Content-Length: 1e3", "{}", "a length that is not a number")]
    [InlineData("Transfer-Encoding: chunked", "zz\r\n{}\r\n0\r\n\r\n", "a chunk size that is not hex")]
    [InlineData("Transfer-Encoding: chunked", "1000\r\n{}", "a chunk cut short")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 2", "2\r\n{}\r\n0\r\n\r\n", "both framings")]
    public async Task A_body_whose_framing_lies_gets_no_5xx_and_stores_nothing(string framing, string body, string what)
    {
        var before = await StoredCasesAsync();
        var uri = new Uri(_set.Host.BaseUrl);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var request = $"POST /api/complaints HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\n{framing}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));

        // The connection stays open (a half-close would abort the request): a body still owed is
        // waited for until the server gives up on it, or until the client does.
        var answer = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, patience.Token)) > 0) answer.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException) { }
        tcp.Close();
        await Task.Delay(500); // what the worker does once the client has gone happens now
        var statusLine = answer.ToString().Split("\r\n")[0];
        output.WriteLine($"{what}: {(statusLine.Length > 0 ? statusLine : "(no answer: the server still waited for the body)")}");

        var statuses = System.Text.RegularExpressions.Regex.Matches(answer.ToString(), @"^HTTP/1\.1 (\d{3})", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.All(statuses, status => Assert.InRange(status, 400, 499));
        Assert.Equal(before, await StoredCasesAsync());
    }

    /// <summary>
    /// The case the uploads aim at, submitted as a client would. It is the setup, not the thing under
    /// test: a 503 (storage stalled on a loaded machine) is tried once more, anything else fails with what it said.
    /// </summary>
    private static async Task<string> TargetCaseAsync(HttpClient http)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var submitted = await http.PostAsync("/api/complaints", new StringContent(Infrastructure.Bodies.Complaint().ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            var text = await submitted.Content.ReadAsStringAsync();
            if (submitted.IsSuccessStatusCode) return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("reference").GetString()!;
            Assert.True(attempt == 1 && submitted.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable, $"the target case was not stored: {(int)submitted.StatusCode} {text}");
        }
    }

    /// <summary>
    /// Multipart bodies as a stranger writes them, to the no-script intake and to the complainant's
    /// upload: no 5xx, no case stored, no blob left behind.
    /// </summary>
    [Theory]
    [InlineData("multipart/form-data", "--x\r\n\r\n--x--\r\n", "no boundary")]
    [InlineData("multipart/form-data; boundary=" + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "", "a boundary past 70 characters")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"complainant.name\"\r\n\r\nJane", "a body that never closes its part")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nX-Nothing: 1\r\n\r\nvalue\r\n--x--\r\n", "a part without Content-Disposition")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: attachment; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\r\n--x--\r\n", "a part that is not form-data")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\nMZ\u0090\u0000\r\n--x--\r\n", "a program first, before any field")]
    [InlineData("multipart/form-data; boundary=x", "HEADERS", "a part header of 10 KB")]
    [InlineData("multipart/form-data; boundary=x", "FIELDS", "300 fields")]
    [InlineData("multipart/form-data; boundary=x", "BIGFIELD", "a field of 70 KB")]
    public async Task A_malformed_multipart_body_gets_no_5xx_and_leaves_no_case_and_no_blob(string contentType, string body, string what)
    {
        body = body switch
        {
            "HEADERS" => $"--x\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: {new string('p', 10_000)}\r\n\r\nv\r\n--x--\r\n",
            "FIELDS" => string.Concat(Enumerable.Range(0, 300).Select(i => $"--x\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nv\r\n")) + "--x--\r\n",
            "BIGFIELD" => $"--x\r\nContent-Disposition: form-data; name=\"allegation.summary\"\r\n\r\n{new string('s', 70_000)}\r\n--x--\r\n",
            _ => body,
        };
        using var http = ProofOfWorkSolver.Client(_set.Host.BaseUrl);
        var reference = await TargetCaseAsync(http);
        var before = await StoredCasesAsync();
        var blobsBefore = await BlobsAsync();

        foreach (var path in new[] { "/api/complaints", $"/api/complaints/{reference}/attachments" })
        {
            var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var answer = await http.PostAsync(path, content);
            output.WriteLine($"{what} on {path}: {(int)answer.StatusCode}");
            Assert.InRange((int)answer.StatusCode, 400, 499);
        }
        Assert.Equal(before, await StoredCasesAsync());
        Assert.Equal(blobsBefore, await BlobsAsync());
    }

    private async Task<int> BlobsAsync()
    {
        var container = new Azure.Storage.Blobs.BlobServiceClient(_set.Azurite.ConnectionString).GetBlobContainerClient(ComplaintRouting.Evidence.AttachmentStore.ContainerName);
        await container.CreateIfNotExistsAsync();
        return await container.GetBlobsAsync().CountAsync();
    }

    private async Task<int> StoredCasesAsync()
    {
        var table = new TableServiceClient(_set.Azurite.ConnectionString).GetTableClient(CaseStore.TableName);
        await table.CreateIfNotExistsAsync();
        return await table.QueryAsync<TableEntity>(e => e.RowKey == "case", select: ["RowKey"]).CountAsync();
    }

    private static void NoMarkup(CapturedMail m)
    {
        Assert.DoesNotContain("<script", m.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", m.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", m.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", m.Html, StringComparison.OrdinalIgnoreCase);
    }
}
