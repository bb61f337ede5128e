using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using ComplaintRouting.Api;
using ComplaintRouting.Committee;
using ComplaintRouting.Consequences;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.Evidence;
using ComplaintRouting.Executive;
using ComplaintRouting.Form;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Intake;
using ComplaintRouting.Referrals;
using ComplaintRouting.Storage;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Evidence;

/// <summary>
/// SPEC §10's evidence on Azurite and Blob Storage: files judged by content, photos without their
/// location, limits, sealed blobs, who may download what through every party's link, the chair's
/// share, the no-script form's files, and retention leaving no blob behind.
/// </summary>
public sealed partial class AttachmentTests : AppWithSettings
{
    private const long MaxBytes = 300_000;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Attachments:MaxBytes"] = MaxBytes.ToString();
        settings["Attachments:MaxPerCase"] = "4";
        settings["Attachments:MaxCaseBytes"] = "700000";
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var directory = Services.GetRequiredService<DirectoryStore>();
        await directory.UpsertOrganizationAsync(new ComplaintRouting.Directory.Organization("FR-SFPG", "Société française", "FR", "ethique@sfpg.example", null, "fr", true), default);
        await directory.UpsertMemberAsync(new ComplaintRouting.Directory.Member("M-8001", "Marc Lefort", "marc@example.org", "FR", "FR-SFPG"), default);
    }

    [GeneratedRegex(@"/api/(?:referrals|committee/cases|committee/members|executive/cases|respondents)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    private string Token(string reference, MailKind kind) =>
        LinkPattern().Match(App.Mail.Capture.ForReference(reference).Last(m => m.Kind == kind.ToApi()).Text).Groups[1].Value;

    private async Task<StoredCase> Load(string reference) => (await Services.GetRequiredService<CaseStore>().LoadAsync(reference, default))!;

    private BlobContainerClient Container => Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(AttachmentStore.ContainerName);

    private async Task<List<string>> BlobsOf(string reference)
    {
        var names = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, reference + "/", default))
            names.Add(blob.Name);
        return names;
    }

    /// <summary>A multipart body as a browser or an API client sends it: fields first, then the files.</summary>
    private static (byte[] Body, string ContentType) Multipart(IEnumerable<(string Name, string Value)> fields, params (string FileName, byte[] Content)[] files)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        foreach (var (fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream"); // what it says it is does not count
            content.Add(part, "file", fileName);
        }
        return (content.ReadAsByteArrayAsync().GetAwaiter().GetResult(), content.Headers.ContentType!.ToString());
    }

    private static Task<HttpAnswer> Upload(Func<HttpRequest, Task<IActionResult>> f, (byte[] Body, string ContentType) body, bool page = false) =>
        AppFixture.CallAsync(f, body.Body, body.ContentType, page ? new Dictionary<string, string> { ["Accept"] = "text/html" } : null);

    private Task<HttpAnswer> FromComplainant(string reference, string code, params (string FileName, byte[] Content)[] files) =>
        Upload(r => Function<EvidenceFunctions>().AttachFromComplainant(r, reference, default), Multipart([("followUpCode", code)], files));

    /// <summary>A download, with its bytes (the answer's body is read as text by the harness, so the file is read again here).</summary>
    private async Task<(int Status, byte[] Bytes, IHeaderDictionary Headers)> Download(Func<HttpRequest, Task<IActionResult>> f)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Response.Body = new MemoryStream();
        var result = await f(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        return (context.Response.StatusCode, ((MemoryStream)context.Response.Body).ToArray(), context.Response.Headers);
    }

    private async Task<(string Reference, string Code)> SubmitAsync()
    {
        var submitted = await AppFixture.CallAsync(req => Function<IntakeFunction>().Run(req, default),
            Bodies.Complaint(respondent: "Marc Lefort", membershipNumber: "M-8001", country: "FR").ToJsonString());
        Assert.Equal(202, submitted.Status);
        await DrainAsync();
        return (submitted.Json.GetProperty("reference").GetString()!, submitted.Json.GetProperty("followUpCode").GetString()!);
    }

    private async Task<string> ConcludeNationallyAsync(string reference)
    {
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<ReferralFunctions>().Outcome(r, Token(reference, MailKind.NationalReferral), default),
            """{"determination":"upheld","summary":"Upheld."}""")).Status);
        await DrainAsync();
        var chair = Token(reference, MailKind.CommitteeEscalation);
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<CommitteeFunctions>().Acknowledge(r, chair, default), "{}")).Status);
        return chair;
    }

    [Fact]
    public async Task A_photo_reaches_the_committee_without_its_location_or_camera_and_is_sealed_at_rest()
    {
        var (reference, code) = await SubmitAsync();
        var photo = EvidenceSamples.JpegWithGps();
        Assert.NotEmpty(ImageMetadataReader.ReadMetadata(new MemoryStream(photo)).OfType<GpsDirectory>()); // the sample does carry a location

        var answer = await FromComplainant(reference, code, ("../../holiday \u202Egpj.exe", photo));
        Assert.True(answer.Status == 201, answer.Body);
        var listed = Assert.Single(answer.Json.GetProperty("attachments").EnumerateArray());
        Assert.Equal("image/jpeg", listed.GetProperty("type").GetString());
        var name = listed.GetProperty("name").GetString()!;
        Assert.EndsWith(".jpg", name);
        Assert.True(!name.Contains('/'), name);
        Assert.False(name.Contains('\u202E'), "a bidi override stays in the name"); // an ordinal test: culture-aware search ignores format characters

        var chair = await ConcludeNationallyAsync(reference);
        var id = listed.GetProperty("id").GetString()!;
        var (status, bytes, headers) = await Download(r => Function<EvidenceFunctions>().DownloadForCommittee(r, chair, id, default));
        Assert.Equal(200, status);
        Assert.StartsWith("attachment;", headers.ContentDisposition.ToString());
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Equal("image/jpeg", headers.ContentType.ToString());
        var metadata = ImageMetadataReader.ReadMetadata(new MemoryStream(bytes));
        Assert.Empty(metadata.OfType<GpsDirectory>());
        Assert.DoesNotContain(metadata.SelectMany(d => d.Tags), t => t.Name is "Make" or "Model");
        Assert.Equal(listed.GetProperty("bytes").GetInt64(), bytes.Length);

        // At rest the blob is sealed: none of the picture's bytes, and not the stored file's either.
        var raw = (await Container.GetBlobClient($"{reference}/{id}").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(SealedStreams.Format2, raw[0]);
        Assert.Equal(-1, raw.AsSpan().IndexOf(bytes.AsSpan(0, 64)));
        Assert.Empty((await Container.GetBlobClient($"{reference}/{id}").GetPropertiesAsync()).Value.Metadata);

        // The complainant's status lists it; the page too, with a download button.
        var view = await AppFixture.CallAsync(r => Function<ComplaintRouting.FollowUp.FollowUpFunctions>().Status(r, reference, default), $$"""{"followUpCode":"{{code}}"}""");
        Assert.Equal(id, Assert.Single(view.Json.GetProperty("attachments").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_renamed_executable_is_415_a_file_over_the_limit_413_and_past_the_case_limits_409_and_none_leaves_anything()
    {
        var (reference, code) = await SubmitAsync();
        var before = (await Load(reference)).Events.Count;

        var exe = await FromComplainant(reference, code, ("statement.pdf", EvidenceSamples.RenamedExecutable()));
        Assert.Equal(415, exe.Status);
        Assert.True(exe.Json.GetProperty("errors").TryGetProperty("file", out _));

        // A good file first, then one too large: the request is all or nothing.
        var large = await FromComplainant(reference, code, ("letter.pdf", EvidenceSamples.Pdf(10_000)), ("scan.pdf", EvidenceSamples.Pdf((int)MaxBytes + 5000)));
        Assert.Equal(413, large.Status);
        Assert.True(large.Json.GetProperty("errors").TryGetProperty("file", out _));
        Assert.Equal(before, (await Load(reference)).Events.Count);
        Assert.Empty(await BlobsOf(reference));

        Assert.Equal(201, (await FromComplainant(reference, code, ("a.pdf", EvidenceSamples.Pdf(250_000)), ("b.pdf", EvidenceSamples.Pdf(250_000)))).Status);
        var over = await FromComplainant(reference, code, ("c.pdf", EvidenceSamples.Pdf(250_000))); // 750 000 bytes > 700 000 for the case
        Assert.Equal(409, over.Status);
        Assert.Equal(2, (await Load(reference)).Case.State.Attachments.Count);
        Assert.Equal(2, (await BlobsOf(reference)).Count);

        Assert.Equal(201, (await FromComplainant(reference, code, ("notes.txt", "Dates I remember: 3 and 10 March."u8.ToArray()), ("d.docx", EvidenceSamples.Docx()))).Status);
        Assert.Equal(409, (await FromComplainant(reference, code, ("e.odt", EvidenceSamples.Odt()))).Status); // the fifth file of four
        Assert.Equal(404, (await FromComplainant(reference, "WRONG-CODE-0000", ("f.txt", "x"u8.ToArray()))).Status);
        var noFile = await Upload(r => Function<EvidenceFunctions>().AttachFromComplainant(r, reference, default), Multipart([("followUpCode", code)]));
        Assert.Equal(400, noFile.Status);
        var codeLast = await Upload(r => Function<EvidenceFunctions>().AttachFromComplainant(r, reference, default), Multipart([], ("g.txt", "x"u8.ToArray())));
        Assert.Equal(400, codeLast.Status);
        Assert.True(codeLast.Json.GetProperty("errors").TryGetProperty("followUpCode", out _));
        Assert.Equal(4, (await BlobsOf(reference)).Count);
    }

    [Fact]
    public async Task Each_party_downloads_only_what_spec_10_lets_it_see_and_the_chair_shares_with_the_member()
    {
        var (reference, code) = await SubmitAsync();
        var national = Token(reference, MailKind.NationalReferral);
        var complainants = (await FromComplainant(reference, code, ("photo.png", EvidenceSamples.Png()))).Json.GetProperty("attachments")[0].GetProperty("id").GetString()!;
        var nationals = (await Upload(r => Function<EvidenceFunctions>().AttachFromNational(r, national, default), Multipart([], ("minutes.pdf", EvidenceSamples.Pdf(2000))))).Json
            .GetProperty("attachments")[0].GetProperty("id").GetString()!;
        var chair = await ConcludeNationallyAsync(reference);
        var chairs = (await Upload(r => Function<EvidenceFunctions>().AttachFromCommittee(r, chair, default), Multipart([], ("record.odt", EvidenceSamples.Odt())))).Json
            .GetProperty("attachments")[0].GetProperty("id").GetString()!;
        // The member complained about can add evidence once told of the complaint, not before.
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<CommitteeFunctions>().NotifyRespondent(r, chair, default), "{}")).Status);
        await DrainAsync();
        var respondent = Token(reference, MailKind.RespondentNotice);
        var respondents = (await Upload(r => Function<EvidenceFunctions>().AttachFromRespondent(r, respondent, default), Multipart([], ("answer.txt", "My account of the sessions."u8.ToArray())))).Json
            .GetProperty("attachments")[0].GetProperty("id").GetString()!;
        var tokens = Services.GetRequiredService<ComplaintRouting.Links.CapabilityTokens>();
        var now = App.Clock.GetUtcNow();
        var executive = tokens.Issue(reference, new ComplaintRouting.Links.LinkParty.Executive(), AppFixture.ExecutiveEmail, now, now.AddDays(1));

        var f = Function<EvidenceFunctions>();
        var download = new Dictionary<string, Func<string, Func<HttpRequest, Task<IActionResult>>>>
        {
            ["national"] = id => r => f.DownloadForNational(r, national, id, default),
            ["chair"] = id => r => f.DownloadForCommittee(r, chair, id, default),
            ["executive"] = id => r => f.DownloadForExecutive(r, executive, id, default),
            ["respondent"] = id => r => f.DownloadForRespondent(r, respondent, id, default),
        };
        async Task<int> Get(string party, string id) => (await Download(download[party](id))).Status;

        // The national organization no longer holds the case: it sees nothing now, not even its own.
        foreach (var id in new[] { complainants, nationals, chairs, respondents }) Assert.Equal(404, await Get("national", id));
        foreach (var id in new[] { complainants, nationals, chairs, respondents })
        {
            Assert.Equal(200, await Get("chair", id));
            Assert.Equal(200, await Get("executive", id));
        }
        Assert.Equal(200, await Get("respondent", respondents));
        foreach (var id in new[] { complainants, nationals, chairs }) Assert.Equal(404, await Get("respondent", id));
        // Every link tried on every other party's download, upload and share route opens nothing.
        var links = new Dictionary<string, string> { ["national"] = national, ["chair"] = chair, ["executive"] = executive, ["respondent"] = respondent };
        var uploads = new Dictionary<string, Func<string, Func<HttpRequest, Task<IActionResult>>>>
        {
            ["national"] = t => r => f.AttachFromNational(r, t, default),
            ["chair"] = t => r => f.AttachFromCommittee(r, t, default),
            ["respondent"] = t => r => f.AttachFromRespondent(r, t, default),
        };
        foreach (var (holder, token) in links)
        {
            foreach (var party in download.Keys.Where(p => p != holder))
            {
                var route = party switch
                {
                    "national" => (Func<HttpRequest, Task<IActionResult>>)(r => f.DownloadForNational(r, token, complainants, default)),
                    "chair" => r => f.DownloadForCommittee(r, token, complainants, default),
                    "executive" => r => f.DownloadForExecutive(r, token, complainants, default),
                    _ => r => f.DownloadForRespondent(r, token, respondents, default),
                };
                Assert.True((await Download(route)).Status == 404, $"the {holder} link downloads on the {party} route");
            }
            foreach (var party in uploads.Keys.Where(p => p != holder))
                Assert.True((await Upload(uploads[party](token), Multipart([], ("x.txt", "x"u8.ToArray())))).Status == 404, $"the {holder} link uploads on the {party} route");
            if (holder != "chair") Assert.Equal(404, (await AppFixture.CallAsync(r => f.Share(r, token, complainants, default), "{}")).Status);
        }
        Assert.Equal(5, (await BlobsOf(reference)).Count + 1); // four files; nothing the refused links sent

        // The chair shares the complainant's photo: the member may open it from then on, and nothing else.
        var shared = await AppFixture.CallAsync(r => f.Share(r, chair, complainants, default), "{}");
        Assert.Equal(200, shared.Status);
        Assert.Equal(200, await Get("respondent", complainants));
        Assert.Equal(404, await Get("respondent", chairs));
        Assert.Equal(409, (await AppFixture.CallAsync(r => f.Share(r, chair, complainants, default), "{}")).Status); // once
        Assert.Equal(409, (await AppFixture.CallAsync(r => f.Share(r, chair, respondents, default), "{}")).Status); // the member's own

        // The pages list what each may open, and nothing more.
        var respondentPage = System.Net.WebUtility.HtmlDecode((await AppFixture.CallAsync(r => Function<ComplaintRouting.Respondents.RespondentFunctions>().View(r, respondent, default))).Body);
        Assert.Contains("photo.png", respondentPage);
        Assert.DoesNotContain("record.odt", respondentPage);
        Assert.DoesNotContain("minutes.pdf", respondentPage);
        var chairPage = System.Net.WebUtility.HtmlDecode((await AppFixture.CallAsync(r => Function<CommitteeFunctions>().View(r, chair, default))).Body);
        foreach (var file in new[] { "photo.png", "minutes.pdf", "record.odt", "answer.txt" }) Assert.Contains(file, chairPage);
        Assert.Contains($"{chair}/attachments/{chairs}/share", chairPage);

        // The complainant sees its own file, downloads it with its code, and not the others.
        var mine = await AppFixture.CallAsync(r => f.DownloadForComplainant(r, reference, complainants, default), $$"""{"followUpCode":"{{code}}"}""");
        Assert.Equal(200, mine.Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => f.DownloadForComplainant(r, reference, chairs, default), $$"""{"followUpCode":"{{code}}"}""")).Status);
        Assert.Equal(404, (await AppFixture.CallAsync(r => f.DownloadForComplainant(r, reference, complainants, default), """{"followUpCode":"WRONG-CODE-0000"}""")).Status);
    }

    [Fact]
    public async Task The_no_script_form_stores_its_files_with_the_complaint_or_refuses_both()
    {
        var started = Function<FormGuard>().IssueStartedAt();
        App.Clock.Advance(FormGuard.MinimumFillTime);
        (string, string)[] fields =
        [
            ("lang", "fr"), ("complainant.name", "Jean Dupont"), ("complainant.email", "jean@example.org"), ("complainant.relationship", "relative"),
            ("complainant.language", "fr"), ("respondent.name", "Marc Lefort"), ("respondent.countryOfPractice", "FR"),
            ("allegation.sections", "2.3"), ("allegation.summary", Bodies.Summary),
            ("consent.shareWithNationalOrganization", "on"), ("consent.truthful", "on"), ("website", ""), ("startedAt", started),
        ];
        var refused = await Upload(r => Function<IntakeFunction>().Run(r, default), Multipart(fields, ("tool.pdf", EvidenceSamples.RenamedExecutable())), page: true);
        Assert.Equal(415, refused.Status);
        Assert.StartsWith("text/html", refused.ContentType);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(ComplaintRouting.Localization.Texts.Get("fr", "attach.error.type")), refused.Body);
        Assert.Contains("Jean Dupont", refused.Body); // what they typed comes back

        var accepted = await Upload(r => Function<IntakeFunction>().Run(r, default), Multipart(fields, ("photo.jpg", EvidenceSamples.JpegWithGps())), page: true);
        Assert.Equal(202, accepted.Status);
        var reference = Regex.Match(accepted.Body, @"id=""reference""[^>]*>([A-Z0-9-]+)<").Groups[1].Value;
        var stored = await Load(reference);
        var photo = Assert.Single(stored.Case.State.Attachments);
        Assert.Equal(ComplaintRouting.Parties.Party.Complainant, photo.From);
        Assert.Contains(stored.Events, e => e.Activity == ComplaintRouting.Cases.CaseActivity.Attached && e.Reason == photo.Id);
        Assert.Equal([$"{reference}/{photo.Id}"], await BlobsOf(reference));
    }

    [Fact]
    public async Task Retention_erases_every_blob_of_the_case_recorded_or_not()
    {
        var (reference, code) = await SubmitAsync();
        Assert.Equal(201, (await FromComplainant(reference, code, ("a.pdf", EvidenceSamples.Pdf(5000)))).Status);
        // A file stored by a request that crashed before recording it: retention finds it by its name all the same.
        await Services.GetRequiredService<AttachmentStore>().UploadAsync(reference, AttachmentStore.NewId(), new MemoryStream(EvidenceSamples.Pdf(3000)), default);
        Assert.Equal(2, (await BlobsOf(reference)).Count);
        Assert.Equal(200, (await AppFixture.CallAsync(r => Function<ComplaintRouting.FollowUp.FollowUpFunctions>().Withdraw(r, reference, default),
            $$"""{"followUpCode":"{{code}}","confirm":true}""")).Status);

        App.Clock.Advance(TimeSpan.FromDays(366));
        Assert.Equal(1, await Function<ComplaintRouting.Retention.RetentionHandler>().RunAsync(default));
        Assert.Empty(await BlobsOf(reference));
        Assert.Empty((await Load(reference)).Case.State.Attachments);
    }
}
