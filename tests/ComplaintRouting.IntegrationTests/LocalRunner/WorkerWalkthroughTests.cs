using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplaintRouting.Email;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.LocalRunner;

namespace ComplaintRouting.IntegrationTests.LocalRunner;

/// <summary>
/// One case from the directory import to the decision — intake, the national organization, the
/// chair, a rapporteur with notes and a recusal, the recommendation, the Executive Committee — a
/// withdrawal, and each timer run once through the host's admin invoke: all black-box through the
/// runner and the app's own worker process (what <c>./run-local.sh</c> starts), each party seeing
/// only what SPEC §9 lets it, after which every function the worker reported has completed there.
/// </summary>
public sealed partial class WorkerWalkthroughTests : IAsyncLifetime
{
    private RunnerSet _set = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _set = await RunnerSet.StartAsync(1, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            // Second-scale for the member's reply window, so a reminder falls due inside the walkthrough.
            ["Deadlines:RespondentReply"] = "00:00:06",
            ["Deadlines:ReminderInterval"] = "00:00:03",
        });
        // Cookies only where a test sets one (the workspace's session), and every redirect seen as it is.
        _http = new HttpClient(new ProofOfWorkSolver.Handler { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } }) { BaseAddress = new Uri(_set.Host.BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _set.DisposeAsync();
    }

    [GeneratedRegex(@"/api/(referrals|committee/cases|committee/members|executive/cases|respondents)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, bool key = false, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key) request.Headers.Add("x-functions-key", _set.Host.FunctionKey);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return await _http.SendAsync(request);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A multipart upload of one file, with the fields first (a browser sends a form's fields in its order).</summary>
    private static MultipartFormDataContent Files(string fileName, byte[] content, params (string Name, string Value)[] fields)
    {
        var body = new MultipartFormDataContent();
        foreach (var (name, value) in fields) body.Add(new StringContent(value), name);
        body.Add(new ByteArrayContent(content), "file", fileName);
        return body;
    }

    private async Task<string> UploadAsync(string path, string fileName, byte[] content, params (string Name, string Value)[] fields)
    {
        using var response = await SendAsync(HttpMethod.Post, path, Files(fileName, content, fields));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachments")[0].GetProperty("id").GetString()!;
    }

    private async Task<byte[]> DownloadAsync(string path, HttpContent? body = null, string? cookie = null)
    {
        using var response = await SendAsync(body is null ? HttpMethod.Get : HttpMethod.Post, path, body, cookie: cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<string> PostForStatusAsync(string path, string json, string? cookie = null)
    {
        using var response = await SendAsync(HttpMethod.Post, path, Json(json), cookie: cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    /// <summary>Signs <paramref name="email"/> in to the workspace as a person does: the mailed link, its page, its button; the session cookie.</summary>
    private async Task<string> SignInAsync(string email)
    {
        var asked = DateTimeOffset.UtcNow;
        using (var request = await SendAsync(HttpMethod.Post, "/api/workspace/sign-in", Json($$"""{"email":"{{email}}"}""")))
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        var mail = await _set.Mail.Capture.WaitForAsync(m => m.Kind == MailKind.WorkspaceSignIn.ToApi() && m.To == email && m.At >= asked, TimeSpan.FromSeconds(30));
        var link = new Uri(Regex.Match(mail.Text, @"https?://[^\s]+/api/workspace/sign-in/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+").Value).AbsolutePath;
        using (var page = await SendAsync(HttpMethod.Get, link)) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var redeemed = await SendAsync(HttpMethod.Post, link, new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.SeeOther, redeemed.StatusCode);
        return redeemed.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private async Task<string> LinkAsync(string reference, string kind) =>
        LinkPattern().Match((await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == kind, TimeSpan.FromSeconds(30))).Text).Value;

    private async Task<(string Reference, string Code)> SubmitAsync(string respondent, string country)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/complaints", Json(Bodies.Complaint(respondent: respondent, country: country).ToJsonString()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("reference").GetString()!, body.GetProperty("followUpCode").GetString()!);
    }

    [Fact]
    public async Task Every_function_the_worker_reports_completes_through_the_worker_in_one_walkthrough()
    {
        foreach (var (route, csv) in new[]
                 {
                     ("directory/organizations", "id,name,country,referralEmail,contactName,language,active\nES-AEP,Asociación,ES,etica@aep.example,,es,true\n"),
                     ("directory/members", "membershipNumber,fullName,email,country,primaryOrganizationId\nM-5001,José Ramírez,jose@example.org,ES,ES-AEP\n"),
                     ("committee", "id,name,email,language,active\ncm-ana,Ana Lefèvre,ana@committee.example,fr,true\ncm-ben,Ben Okafor,ben@committee.example,en,true\ncm-jose,José Ramírez,jose.committee@example.org,es,true\n"),
                 })
        {
            using var imported = await SendAsync(HttpMethod.Put, $"/api/manage/{route}", new StringContent(csv, Encoding.UTF8, "text/csv"), key: true);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            Assert.Equal(0, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejected").GetArrayLength());
        }
        foreach (var (route, expected) in new[] { ("directory/organizations", "ES-AEP"), ("directory/members", "ES-AEP"), ("committee", "cm-ana,Ana Lefèvre") })
        {
            using var exported = await SendAsync(HttpMethod.Get, $"/api/manage/{route}", key: true);
            Assert.Contains(expected, await exported.Content.ReadAsStringAsync());
        }
        foreach (var asset in new[] { "/api/form", "/api/form.css", "/api/form.js", "/api/embed.js", "/api/openapi.json" })
        {
            using var response = await SendAsync(HttpMethod.Get, asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (reference, code) = await SubmitAsync("José Ramírez", "ES");
        // The scripted form's second step (SPEC §10): the photo goes to the case with the code just given.
        var photo = await UploadAsync($"/api/complaints/{reference}/attachments", "IMG_0001.jpg", Evidence.EvidenceSamples.JpegWithGps(), ("followUpCode", code));
        Assert.Contains(await PostForStatusAsync($"/api/complaints/{reference}/status", $$"""{"followUpCode":"{{code}}"}"""), new[] { "received", "referred-to-national" });
        // The plain form post, from the form's own origin.
        using (var followUp = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/form/follow-up")
               {
                   Headers = { { "Origin", _set.Host.BaseUrl } },
                   Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["reference"] = reference, ["followUpCode"] = code, ["lang"] = "en" }),
               }))
        {
            Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
            Assert.Contains(reference, await followUp.Content.ReadAsStringAsync());
        }

        var national = await LinkAsync(reference, MailKind.NationalReferral.ToApi());
        using (var page = await SendAsync(HttpMethod.Get, national)) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("under-national-review", await PostForStatusAsync($"{national}/acknowledge", "{}"));
        // The organization opens the complainant's photo — without its location — and adds its own minutes.
        var seen = MetadataExtractor.ImageMetadataReader.ReadMetadata(new MemoryStream(await DownloadAsync($"{national}/attachments/{photo}")));
        Assert.Empty(seen.OfType<MetadataExtractor.Formats.Exif.GpsDirectory>());
        var minutes = await UploadAsync($"{national}/attachments", "minutes.pdf", Evidence.EvidenceSamples.Pdf(20_000));
        // The dialogue (SPEC §10): the organization asks, the complainant answers with the follow-up code.
        using (var asked = await SendAsync(HttpMethod.Post, $"{national}/messages", Json("""{"text":"When did this start?"}""")))
            Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        using (var answered = await SendAsync(HttpMethod.Post, $"/api/complaints/{reference}/messages", Json($$"""{"followUpCode":"{{code}}","text":"In March."}""")))
            Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.NationalMessage.ToApi(), TimeSpan.FromSeconds(30));
        Assert.Equal("escalated-to-committee", await PostForStatusAsync($"{national}/outcome", """{"determination":"upheld","summary":"Our board upheld it."}"""));

        // The national step is over: the page shows the status only; a fresh-link request answers the same for any link.
        using (var page = await SendAsync(HttpMethod.Get, national))
            Assert.DoesNotContain(Bodies.Summary, await page.Content.ReadAsStringAsync());
        using (var renew = await SendAsync(HttpMethod.Post, $"{national}/renew", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@evil.example" })))
            Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode);

        var committee = await LinkAsync(reference, MailKind.CommitteeEscalation.ToApi());
        using (var page = await SendAsync(HttpMethod.Get, committee)) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using (var renew = await SendAsync(HttpMethod.Post, $"{committee}/renew", new FormUrlEncodedContent(new Dictionary<string, string>())))
            Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode); // not expired: nothing is mailed
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{committee}/acknowledge", "{}"));
        using (var asked = await SendAsync(HttpMethod.Post, $"{committee}/messages", Json("""{"text":"Is there anything you want to add?"}""")))
            Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.ComplainantMessage.ToApi(), TimeSpan.FromSeconds(30));
        // The complainant answers from the follow-up page, without script: a PDF through its plain form, the page back.
        using (var attached = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{reference}/attachments")
               {
                   Headers = { { "Origin", _set.Host.BaseUrl }, { "Accept", "text/html" } },
                   Content = Files("letter to the clinic.pdf", Evidence.EvidenceSamples.Pdf(60_000), ("lang", "es"), ("followUpCode", code)),
               }))
        {
            Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
            Assert.Contains(ComplaintRouting.Localization.Texts.Get("es", "followUp.attach.sent"), System.Net.WebUtility.HtmlDecode(await attached.Content.ReadAsStringAsync()));
        }
        using (var answered = await SendAsync(HttpMethod.Post, $"/api/complaints/{reference}/messages", Json($$"""{"followUpCode":"{{code}}","text":"The letter is attached."}""")))
            Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        using var statusAnswer = await SendAsync(HttpMethod.Post, $"/api/complaints/{reference}/status", Json($$"""{"followUpCode":"{{code}}"}"""));
        var files = (await statusAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachments").EnumerateArray().ToArray();
        var letter = files.Single(a => a.GetProperty("name").GetString() == "letter to the clinic.pdf").GetProperty("id").GetString()!;
        Assert.DoesNotContain(files, a => a.GetProperty("id").GetString() == minutes); // the complainant's own only
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(await DownloadAsync($"/api/complaints/{reference}/attachments/{letter}", Json($$"""{"followUpCode":"{{code}}"}"""))));
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(await DownloadAsync($"{committee}/attachments/{letter}")));
        var record = await UploadAsync($"{committee}/attachments", "hearing record.txt", "Heard on 3 March."u8.ToArray());

        // The committee at work: José sits on the committee and is the respondent, so he can never be assigned.
        using (var refused = await SendAsync(HttpMethod.Post, $"{committee}/assign", Json("""{"member":"cm-jose"}""")))
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{committee}/assign", """{"member":"cm-ben"}"""));
        var ben = await LinkAsync(reference, MailKind.CommitteeAssignment.ToApi());
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{ben}/recuse", """{"reason":"I supervised the member."}"""));
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.CommitteeRecusal.ToApi(), TimeSpan.FromSeconds(30));
        using (var gone = await SendAsync(HttpMethod.Get, ben)) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{committee}/assign", """{"member":"cm-ana"}"""));
        var ana = LinkPattern().Match((await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.CommitteeAssignment.ToApi() && m.To == "ana@committee.example", TimeSpan.FromSeconds(30))).Text).Value;
        Assert.Equal("Heard on 3 March.", Encoding.UTF8.GetString(await DownloadAsync($"{ana}/attachments/{record}")));
        using (var page = await SendAsync(HttpMethod.Get, ana))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("lang=\"fr\"", html);
            Assert.DoesNotContain("jane@example.org", html); // a member never sees the complainant's address
        }
        using (var renew = await SendAsync(HttpMethod.Post, $"{ana}/renew", new FormUrlEncodedContent(new Dictionary<string, string>())))
            Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode);
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{committee}/notes", """{"text":"Ask for the hearing notes."}"""));
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{ana}/notes", """{"text":"The dates agree with the hearing."}"""));
        using (var noDecision = await SendAsync(HttpMethod.Post, $"{committee}/decision", Json("""{"decision":"warning","statement":"x"}""")))
            Assert.Equal(HttpStatusCode.NotFound, noDecision.StatusCode); // the committee link has no decision
        // The chair signs in to the workspace: the case's page with its timeline, its files, every action.
        var chair = await SignInAsync("chair@example.org");
        var inWorkspace = $"/api/workspace/cases/{reference}";
        using (var page = await SendAsync(HttpMethod.Get, inWorkspace, cookie: chair))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("timeline.svg", html);
            Assert.Contains("id=\"rec\"", html); // the recommendation form
        }
        using (var timeline = await SendAsync(HttpMethod.Get, $"{inWorkspace}/timeline.svg", cookie: chair))
            Assert.Equal("image/svg+xml", timeline.Content.Headers.ContentType?.MediaType);
        using (var anonymous = await SendAsync(HttpMethod.Get, $"{inWorkspace}/timeline.svg")) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        // The member's right to be heard: no warning before notice; notice, a reminder one interval before the window closes, one reply.
        using (var unheard = await SendAsync(HttpMethod.Post, $"{inWorkspace}/recommendation", Json("""{"recommendation":"warning","rationale":"A breach."}"""), cookie: chair))
            Assert.Equal(HttpStatusCode.Conflict, unheard.StatusCode);
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{committee}/notify-respondent", "{}"));
        var respondent = await LinkAsync(reference, MailKind.RespondentNotice.ToApi());
        // The chair shares the complainant's letter with the member, who then opens it — and nothing else — and adds a file.
        using (var notYet = await SendAsync(HttpMethod.Get, $"{respondent}/attachments/{letter}")) Assert.Equal(HttpStatusCode.NotFound, notYet.StatusCode);
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{committee}/attachments/{letter}/share", "{}"));
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(await DownloadAsync($"{respondent}/attachments/{letter}")));
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{inWorkspace}/attachments/{record}/share", "{}", chair));
        Assert.Equal("Heard on 3 March.", Encoding.UTF8.GetString(await DownloadAsync($"{respondent}/attachments/{record}")));
        using (var notShared = await SendAsync(HttpMethod.Get, $"{respondent}/attachments/{photo}")) Assert.Equal(HttpStatusCode.NotFound, notShared.StatusCode);
        var odt = Evidence.EvidenceSamples.Odt();
        var account = await UploadAsync($"{respondent}/attachments", "my account.odt", odt);
        using (var page = await SendAsync(HttpMethod.Get, respondent))
        {
            var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
            Assert.Contains(Bodies.Summary, html);
            Assert.DoesNotContain("jane@example.org", html);
            Assert.DoesNotContain("Ask for the hearing notes.", html); // nothing of the committee's side
        }
        await Task.Delay(TimeSpan.FromSeconds(3.2));
        using (var sweep = await SendAsync(HttpMethod.Post, "/admin/functions/ChaseSweep", Json("{}"), key: true))
            Assert.Equal(HttpStatusCode.Accepted, sweep.StatusCode);
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.RespondentReminder.ToApi(), TimeSpan.FromSeconds(30));
        using (var renew = await SendAsync(HttpMethod.Post, $"{respondent}/renew", new FormUrlEncodedContent(new Dictionary<string, string>())))
            Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode);
        Assert.Equal("under-committee-review", await PostForStatusAsync($"{respondent}/reply", """{"text":"I dispute the account."}"""));
        using (var again = await SendAsync(HttpMethod.Post, $"{respondent}/reply", Json("""{"text":"Once more."}""")))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.CommitteeRespondentReply.ToApi(), TimeSpan.FromSeconds(30));
        // A forwarded committee link alone cannot recommend (SPEC §11); the chair, signed in, does so from the workspace.
        using (var forwarded = await SendAsync(HttpMethod.Post, $"{committee}/recommendation", Json("""{"recommendation":"warning","rationale":"A breach."}""")))
            Assert.Equal(HttpStatusCode.Forbidden, forwarded.StatusCode);
        using (var crossSite = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{inWorkspace}/recommendation")
               {
                   Headers = { { "Cookie", chair }, { "Sec-Fetch-Site", "cross-site" } },
                   Content = Json("""{"recommendation":"warning","rationale":"A breach."}"""),
               }))
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal("awaiting-decision", await PostForStatusAsync($"{inWorkspace}/recommendation", """{"recommendation":"warning","rationale":"A breach."}""", chair));
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(await DownloadAsync($"{inWorkspace}/attachments/{letter}", cookie: chair)));

        var executive = await LinkAsync(reference, MailKind.ExecutiveRecommendation.ToApi());
        using (var page = await SendAsync(HttpMethod.Get, executive))
        {
            var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
            Assert.Contains("The dates agree with the hearing.", html);
            Assert.Contains("A breach.", html);
            Assert.Contains("my account.odt", html);
        }
        Assert.Equal(odt, await DownloadAsync($"{executive}/attachments/{account}"));
        using (var renew = await SendAsync(HttpMethod.Post, $"{executive}/renew", new FormUrlEncodedContent(new Dictionary<string, string>())))
            Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode);
        using (var memberDecides = await SendAsync(HttpMethod.Post, $"/api/executive/cases/{ana[(ana.LastIndexOf('/') + 1)..]}/decision", Json("""{"decision":"warning","statement":"x"}""")))
            Assert.Equal(HttpStatusCode.NotFound, memberDecides.StatusCode);
        // The Executive Committee decides from its link, signed in: the link alone would not do.
        var executiveSession = await SignInAsync("executive@example.org");
        Assert.Equal("decided", await PostForStatusAsync($"{executive}/decision", """{"decision":"warning","statement":"A warning is issued."}""", executiveSession));
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.ComplainantUpdate.ToApi(), TimeSpan.FromSeconds(30));
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.NationalDecision.ToApi() && m.To == "etica@aep.example", TimeSpan.FromSeconds(30));
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.RespondentDecision.ToApi() && m.To == "jose@example.org", TimeSpan.FromSeconds(30));

        // The appeal, decided once and for all.
        Assert.Equal("under-appeal", await PostForStatusAsync($"{respondent}/appeal", """{"grounds":"A warning is out of proportion."}"""));
        var appeal = await LinkAsync(reference, MailKind.ExecutiveAppeal.ToApi());
        Assert.Equal("decided", await PostForStatusAsync($"{appeal}/appeal-outcome", """{"outcome":"varied","decision":"reminder","statement":"A reminder instead."}""", executiveSession));
        using (var final = await SendAsync(HttpMethod.Post, $"{respondent}/appeal", Json("""{"grounds":"Again."}""")))
            Assert.Equal(HttpStatusCode.Conflict, final.StatusCode);
        await _set.Mail.Capture.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.RespondentDecision.ToApi() && m.Text.Contains(ComplaintRouting.Localization.Texts.Get("es", "verdict.reminder"), StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        using (var one = await SendAsync(HttpMethod.Get, $"/api/manage/cases/{reference}", key: true))
        {
            var actors = (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("actor").GetString()!).ToArray();
            // The photo may be recorded before or after routing: the two race, as they do in Azure.
            Assert.Equal(["complainant", "complainant", "router"], [actors[0], .. actors[1..3].Order()]);
            Assert.Equal(["national:ES-AEP", "national:ES-AEP", "national:ES-AEP", "complainant", "national:ES-AEP", "chair", "chair", "complainant", "complainant", "chair",
                "chair", "member:cm-ben", "member:cm-ben", "chair", "chair", "member:cm-ana", "chair", "chair", "chair", "respondent", "respondent", "chair", "executive", "respondent", "executive"], actors[3..]);
        }

        // The chair's workspace (SPEC §11): the dashboard, a chart, the case file, the statistics, the record of reads, signing out.
        using (var workspace = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_set.Host.BaseUrl) })
        {
            using (var signInPage = await workspace.GetAsync("/api/workspace/sign-in")) Assert.Equal(HttpStatusCode.OK, signInPage.StatusCode);
            var cookie = chair;
            async Task<HttpResponseMessage> Signed(string path)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("Cookie", cookie);
                return await workspace.SendAsync(request);
            }
            using (var dashboard = await Signed("/api/workspace")) Assert.Contains("id=\"cases-title\"", await dashboard.Content.ReadAsStringAsync()); // the case is decided: not open any more
            using (var chart = await Signed("/api/workspace/charts/by-status.svg")) Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
            using (var file = await Signed($"/api/workspace/cases/{reference}/file.pdf")) Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(await file.Content.ReadAsByteArrayAsync())[..5]);
            using (var page = await Signed(inWorkspace))
                Assert.Contains(ComplaintRouting.Localization.Texts.Get("en", "workspace.reads.what.attachment"), System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
            using (var statistics = await Signed("/api/workspace/statistics.csv")) Assert.StartsWith("year,section,status,outcome,country,complaints", await statistics.Content.ReadAsStringAsync());
            var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/workspace/sign-out") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
            signOut.Headers.Add("Cookie", cookie);
            using (var ended = await workspace.SendAsync(signOut)) Assert.Equal(HttpStatusCode.SeeOther, ended.StatusCode);
            using (var after = await Signed("/api/workspace")) Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }

        var (second, secondCode) = await SubmitAsync("Nobody Known", "DE");
        Assert.Equal("withdrawn", await PostForStatusAsync($"/api/complaints/{second}/withdraw", $$"""{"followUpCode":"{{secondCode}}"}"""));

        using (var unsigned = await SendAsync(HttpMethod.Post, "/api/sendgrid/events", Json("[]")))
            Assert.InRange((int)unsigned.StatusCode, 400, 499); // no signature: refused by the function, not by the runner
        using (var list = await SendAsync(HttpMethod.Get, "/api/manage/cases?status=decided", key: true))
            Assert.Contains(reference, await list.Content.ReadAsStringAsync());
        using (var one = await SendAsync(HttpMethod.Get, $"/api/manage/cases/{reference}", key: true))
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        using (var poison = await SendAsync(HttpMethod.Get, "/api/manage/poison", key: true))
            Assert.Contains("\"poisonQueue\":\"routing-poison\"", await poison.Content.ReadAsStringAsync()); // nothing given up on in this walkthrough
        using (var redrive = await SendAsync(HttpMethod.Post, "/api/manage/poison/mail/redrive", Json("{}"), key: true))
            Assert.Contains("\"redriven\":0", await redrive.Content.ReadAsStringAsync());
        using (var unkeyedRevoke = await SendAsync(HttpMethod.Post, "/api/manage/links/revocations", Json("""{"party":"committee"}""")))
            Assert.Equal(HttpStatusCode.Unauthorized, unkeyedRevoke.StatusCode);
        using (var revoke = await SendAsync(HttpMethod.Post, "/api/manage/links/revocations", Json("""{"party":"committee"}"""), key: true))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using (var page = await SendAsync(HttpMethod.Get, committee)) Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        foreach (var function in _set.Host.Functions.Where(f => f is TimerFunction))
        {
            using var invoked = await SendAsync(HttpMethod.Post, $"/admin/functions/{function.Name}", Json("{}"), key: true);
            Assert.Equal(HttpStatusCode.Accepted, invoked.StatusCode);
        }
        using (var chase = await SendAsync(HttpMethod.Post, "/admin/functions/ChaseCase", Json($$"""{"input":"{{reference}}"}"""), key: true))
            Assert.Equal(HttpStatusCode.Accepted, chase.StatusCode);
        using (var unkeyed = await SendAsync(HttpMethod.Post, "/admin/functions/Retention", Json("{}")))
            Assert.Equal(HttpStatusCode.Unauthorized, unkeyed.StatusCode);

        var never = _set.Host.Functions.Select(f => f.Name).Where(name => !_set.Host.Invocations.ContainsKey(name)).ToArray();
        Assert.Empty(never);
    }
}
