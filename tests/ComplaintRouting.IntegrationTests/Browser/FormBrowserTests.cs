using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Text.RegularExpressions;
using ComplaintRouting.Email;
using ComplaintRouting.Localization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ComplaintRouting.IntegrationTests.Browser;

/// <summary>The form as people use it: real headless Chromium, keyboard only, four languages, embedded, checked by axe-core.</summary>
[Collection(BrowserCollection.Name)]
public partial class FormBrowserTests(BrowserFixture fixture)
{
    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe(Wcag22AA);
        Assert.True(result.Violations.Length == 0,
            $"{what}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    private async Task FillAsync(IPage page, string respondent = "Nobody Known")
    {
        await page.FillAsync("#complainant-name", "Jane Doe");
        await page.FillAsync("#complainant-email", "jane@example.org");
        await page.SelectOptionAsync("#complainant-relationship", "patient");
        await page.FillAsync("#respondent-name", respondent);
        await page.SelectOptionAsync("#respondent-countryOfPractice", "DE");
        await page.CheckAsync("#section-3-1");
        await page.FillAsync("#allegation-summary", "The therapist told another group member about what I had shared in a private session.");
        await page.CheckAsync("#consent-shareWithNationalOrganization");
        await page.CheckAsync("#consent-truthful");
    }

    private static async Task WaitFillTimeAsync() => await Task.Delay(3200);

    /// <summary>A member with a national association, so the case goes there first and can still be withdrawn.</summary>
    private async Task<string> KnownMemberAsync()
    {
        await fixture.ImportDirectoryAsync();
        return "Erika Mustermann";
    }

    private static Regex StatusBeforeCommittee(string lang) =>
        new($"^({Regex.Escape(Texts.Get(lang, "status.received"))}|{Regex.Escape(Texts.Get(lang, "status.referred-to-national"))})$");

    [Fact]
    public async Task The_form_its_error_state_the_receipt_and_the_follow_up_page_have_no_axe_violations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=en");
        await AssertAccessibleAsync(page, "form");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("form-desktop.png"), FullPage = true });

        await page.ClickAsync("#submit");
        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        Assert.Equal("error-summary", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.Equal("true", await page.GetAttributeAsync("#respondent-name", "aria-invalid"));
        await AssertAccessibleAsync(page, "error state");

        await FillAsync(page);
        await WaitFillTimeAsync();
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#follow-up-code")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "receipt");

        var follow = await fixture.NewPageAsync();
        await follow.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=en&view=follow-up");
        await AssertAccessibleAsync(follow, "follow-up page");
    }

    [Fact]
    public async Task While_the_browser_does_the_proof_of_work_a_polite_live_region_says_so_in_the_forms_language_and_the_form_stays_axe_clean()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=fr");
        await FillAsync(page);
        await WaitFillTimeAsync();
        // Everything the live region says, in order, however briefly it says it.
        await page.EvaluateAsync("""
            () => {
              const status = document.getElementById('submit-status');
              window.said = [];
              new MutationObserver(() => window.said.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
            }
            """);
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#follow-up-code")).ToBeVisibleAsync();

        var said = await page.EvaluateAsync<string[]>("window.said");
        Assert.Equal("polite", await page.GetAttributeAsync("#submit-status", "aria-live"));
        Assert.Contains(Texts.Get("fr", "form.proof.working"), said);
        Assert.Contains(Texts.Get("fr", "form.proof.done"), said);
        Assert.True(Array.IndexOf(said, Texts.Get("fr", "form.proof.working")) < Array.IndexOf(said, Texts.Get("fr", "form.proof.done")));
        await AssertAccessibleAsync(page, "receipt after the proof of work");
    }

    [Fact]
    public async Task The_national_referral_page_has_no_axe_violations()
    {
        var page = await fixture.NewPageAsync();
        await fixture.ImportDirectoryAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=de");
        await FillAsync(page, "Erika Mustermann");
        await WaitFillTimeAsync();
        await page.ClickAsync("#submit");
        var reference = await page.Locator("#reference").InnerTextAsync();

        var referral = await fixture.App.Mail!.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.NationalReferral.ToApi(), TimeSpan.FromSeconds(30));
        var link = LinkPattern().Match(referral.Text).Value;
        var national = await fixture.NewPageAsync();
        await national.GotoAsync(link);
        await Assertions.Expect(national.Locator("h1")).ToContainTextAsync(reference);
        await AssertAccessibleAsync(national, "referral page");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("he")] // right to left: the same order of fields, the same keys, axe-clean
    public async Task A_keyboard_user_fills_and_sends_the_form_with_tab_space_enter_and_typing_alone(string lang)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang={lang}");
        Assert.Equal(ComplaintRouting.Pages.Stylesheet.Direction(lang), await page.GetAttributeAsync("html", "dir"));
        await AssertAccessibleAsync(page, $"the form in {lang}");

        async Task TabTo(string id)
        {
            for (var i = 0; i < 200; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                if (await page.EvaluateAsync<string>("document.activeElement.id") == id) return;
            }
            throw new InvalidOperationException($"Tab never reached #{id}.");
        }

        await TabTo("complainant-name"); await page.Keyboard.TypeAsync("Jane Doe");
        await TabTo("complainant-email"); await page.Keyboard.TypeAsync("jane@example.org");
        // A select is chosen with the arrow keys: type-ahead needs a keyboard layout for the script, which the test's keyboard has only for Latin.
        async Task Choose(string id, string option)
        {
            await TabTo(id);
            for (var i = 0; i < 300 && await page.EvalOnSelectorAsync<string>($"#{id}", "s => s.value") != option; i++) await page.Keyboard.PressAsync("ArrowDown");
            Assert.Equal(option, await page.EvalOnSelectorAsync<string>($"#{id}", "s => s.value"));
        }

        await Choose("complainant-relationship", "colleague");
        await TabTo("respondent-name"); await page.Keyboard.TypeAsync("Keyboard Person");
        await Choose("respondent-countryOfPractice", "FR");
        await TabTo("section-4-4"); await page.Keyboard.PressAsync("Space");
        await TabTo("allegation-summary"); await page.Keyboard.TypeAsync("I was asked to pay a commission for being referred to this group, twice.");
        await TabTo("consent-shareWithNationalOrganization"); await page.Keyboard.PressAsync("Space");
        await TabTo("consent-truthful"); await page.Keyboard.PressAsync("Space");
        await WaitFillTimeAsync();
        await TabTo("submit"); await page.Keyboard.PressAsync("Enter");

        var reference = page.Locator("#reference");
        await Assertions.Expect(reference).ToBeVisibleAsync();
        Assert.Matches("^CR-[0-9A-Z]{4}-[0-9A-Z]{4}$", await reference.InnerTextAsync());
        await Assertions.Expect(page.Locator("#done h2")).ToHaveTextAsync(Texts.Get(lang, "form.done.title"));
        await AssertAccessibleAsync(page, $"the receipt in {lang}");
        var sent = await reference.InnerTextAsync();
        var ack = await fixture.App.Mail!.WaitForAsync(m => m.Reference == sent && m.Kind == MailKind.ComplainantAcknowledgement.ToApi(), TimeSpan.FromSeconds(30));
        Assert.Contains($"dir=\"{ComplaintRouting.Pages.Stylesheet.Direction(lang)}\"", ack.Html);
    }

    [Theory]
    [InlineData("en", "Your complaint has been received")]
    [InlineData("es", "Hemos recibido su queja")]
    [InlineData("fr", "Votre plainte a bien été reçue")]
    [InlineData("de", "Ihre Beschwerde ist eingegangen")]
    public async Task The_form_submits_in_each_language_and_the_language_is_kept_for_the_mails(string lang, string receipt)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang={lang}");
        Assert.Equal(lang, await page.GetAttributeAsync("html", "lang"));
        await FillAsync(page);
        await WaitFillTimeAsync();
        await page.ClickAsync("#submit");

        await Assertions.Expect(page.Locator("#done h2")).ToHaveTextAsync(receipt);
        var reference = await page.Locator("#reference").InnerTextAsync();
        var ack = await fixture.App.Mail!.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.ComplainantAcknowledgement.ToApi(), TimeSpan.FromSeconds(30));
        Assert.Contains($"lang=\"{lang}\"", ack.Html);
    }

    [Fact]
    public async Task Without_script_the_form_posts_and_answers_with_a_page_its_errors_or_the_receipt()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        var member = await KnownMemberAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=fr");
        await page.FillAsync("#respondent-name", "Sans Script");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Il y a un problème");
        Assert.Equal("Sans Script", await page.InputValueAsync("#respondent-name"));

        await FillAsync(page, member);
        await WaitFillTimeAsync();
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#follow-up-code")).ToBeVisibleAsync();
        var reference = await page.Locator("#reference").InnerTextAsync();
        var code = await page.Locator("#follow-up-code").InnerTextAsync();

        // Follow-up and withdraw by plain posts: the withdraw needs its box ticked.
        await page.ClickAsync($"text={Texts.Get("fr", "form.done.followUp")}");
        await page.FillAsync("#reference", reference);
        await page.FillAsync("#followUpCode", code);
        await page.ClickAsync("#follow-up-submit");
        await Assertions.Expect(page.Locator("#status-reference")).ToHaveTextAsync(reference);
        await page.ClickAsync("#withdraw-submit");
        await Assertions.Expect(page.Locator("#confirm-error")).ToBeVisibleAsync();
        Assert.Equal("true", await page.GetAttributeAsync("#confirm", "aria-invalid"));
        await page.CheckAsync("#confirm");
        await page.ClickAsync("#withdraw-submit");
        await Assertions.Expect(page.Locator("#follow-up-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#status-now")).ToHaveTextAsync(Texts.Get("fr", "status.withdrawn"));
        await Assertions.Expect(page.Locator("#withdraw-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_photo_goes_with_the_complaint_a_refused_file_never_loses_it_and_a_pdf_follows_from_the_follow_up_page()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=fr");
        await FillAsync(page, await KnownMemberAsync());
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "IMG_2041.jpg", MimeType = "image/jpeg", Buffer = Evidence.EvidenceSamples.JpegWithGps() });
        await AssertAccessibleAsync(page, "the form with a file chosen");
        await WaitFillTimeAsync();
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#follow-up-code")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#files-failed")).ToHaveCountAsync(0);
        var reference = await page.Locator("#reference").InnerTextAsync();
        var code = await page.Locator("#follow-up-code").InnerTextAsync();

        // A program renamed as a PDF: the complaint is received all the same, and the receipt says why the file was not.
        var second = await fixture.NewPageAsync();
        await second.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=fr");
        await FillAsync(second);
        await second.SetInputFilesAsync("#file", new FilePayload { Name = "rapport.pdf", MimeType = "application/pdf", Buffer = Evidence.EvidenceSamples.RenamedExecutable() });
        await WaitFillTimeAsync();
        await second.ClickAsync("#submit");
        await Assertions.Expect(second.Locator("#follow-up-code")).ToBeVisibleAsync();
        await Assertions.Expect(second.Locator("#files-failed")).ToContainTextAsync(Texts.Get("fr", "attach.error.type"));
        await AssertAccessibleAsync(second, "the receipt saying a file was refused");

        await page.ClickAsync("#done a");
        await page.FillAsync("#reference", reference);
        await page.FillAsync("#followUpCode", code);
        await page.ClickAsync("#follow-up-submit");
        await Assertions.Expect(page.Locator("#file-list li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#file-list")).ToContainTextAsync("IMG_2041.jpg");
        await page.SetInputFilesAsync("#attach-file", new FilePayload { Name = "lettre.pdf", MimeType = "application/pdf", Buffer = Evidence.EvidenceSamples.Pdf(40_000) });
        await page.ClickAsync("#attach-submit");
        await Assertions.Expect(page.Locator("#follow-up-notice")).ToHaveTextAsync(Texts.Get("fr", "followUp.attach.sent"));
        await Assertions.Expect(page.Locator("#file-list li")).ToHaveCountAsync(2);
        await AssertAccessibleAsync(page, "the follow-up page with the complainant's files");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("follow-up-files.png"), FullPage = true });

        // The download button hands the photo back — without its location.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#file-list li").First.Locator("button").ClickAsync());
        var path = await download.PathAsync();
        Assert.Equal("IMG_2041.jpg", download.SuggestedFilename);
        Assert.Empty(MetadataExtractor.ImageMetadataReader.ReadMetadata(path).OfType<MetadataExtractor.Formats.Exif.GpsDirectory>());
    }

    [Fact]
    public async Task With_script_the_follow_up_page_shows_the_status_and_asks_for_confirmation_before_withdrawing()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=es");
        await FillAsync(page, await KnownMemberAsync());
        await WaitFillTimeAsync();
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#follow-up-code")).ToBeVisibleAsync();
        Assert.True(await page.Locator("#copy-code").IsVisibleAsync());
        var reference = await page.Locator("#reference").InnerTextAsync();
        var code = await page.Locator("#follow-up-code").InnerTextAsync();

        await page.ClickAsync("#done a");
        await page.ClickAsync("#follow-up-submit");
        Assert.Equal("error-summary", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.Equal("true", await page.GetAttributeAsync("#reference", "aria-invalid"));
        await AssertAccessibleAsync(page, "follow-up error state");

        await page.FillAsync("#reference", reference);
        await page.FillAsync("#followUpCode", code);
        await page.ClickAsync("#follow-up-submit");
        await Assertions.Expect(page.Locator("#status-now")).ToHaveTextAsync(StatusBeforeCommittee("es"));
        Assert.InRange(await page.Locator("#timeline li").CountAsync(), 1, 2);
        await AssertAccessibleAsync(page, "follow-up status");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("follow-up-status.png"), FullPage = true });

        await page.ClickAsync("#withdraw-submit"); // not confirmed: the script stops it and says why
        Assert.Equal("error-summary", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.Equal("true", await page.GetAttributeAsync("#confirm", "aria-invalid"));
        await AssertAccessibleAsync(page, "withdraw confirmation");
        await Assertions.Expect(page.Locator("#status-now")).ToHaveTextAsync(StatusBeforeCommittee("es"));

        await page.CheckAsync("#confirm");
        await page.ClickAsync("#withdraw-submit");
        await Assertions.Expect(page.Locator("#status-now")).ToHaveTextAsync(Texts.Get("es", "status.withdrawn"));
    }

    [Fact]
    public async Task Errors_found_by_the_server_are_shown_on_their_fields_in_the_page_language()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=fr");
        await FillAsync(page);
        // A value the page never offers, so only the server can refuse it.
        await page.EvaluateAsync("() => { const s = document.getElementById('respondent-countryOfPractice'); s.add(new Option('Nowhere', 'XX')); s.value = 'XX'; }");
        await WaitFillTimeAsync();
        await page.ClickAsync("#submit");

        await Assertions.Expect(page.Locator("#respondent-countryOfPractice-error")).ToHaveTextAsync(Texts.Get("fr", "error.country"));
        Assert.Equal("true", await page.GetAttributeAsync("#respondent-countryOfPractice", "aria-invalid"));
        Assert.Contains("respondent-countryOfPractice-error", await page.GetAttributeAsync("#respondent-countryOfPractice", "aria-describedby"));
        Assert.Equal("error-summary", await page.EvaluateAsync<string>("document.activeElement.id"));
        await Assertions.Expect(page.Locator("#error-summary a")).ToHaveTextAsync(Texts.Get("fr", "error.country"));
    }

    [Fact]
    public async Task Too_many_submissions_give_a_friendly_message_and_keep_what_was_typed()
    {
        var page = await fixture.NewPageAsync();
        await page.RouteAsync("**/api/complaints", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 429, ContentType = "application/problem+json", Headers = new Dictionary<string, string> { ["Retry-After"] = "600" },
            Body = "{\"title\":\"Too many requests.\",\"status\":429}",
        }));
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=de");
        await FillAsync(page);
        await page.ClickAsync("#submit");

        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync(Texts.Get("de", "form.error.tooMany"));
        Assert.Equal("Nobody Known", await page.InputValueAsync("#respondent-name"));
        await AssertAccessibleAsync(page, "429 message");
    }

    [Fact]
    public async Task An_allowed_site_embeds_the_form_and_the_frame_grows_to_fit_while_another_site_cannot_frame_it()
    {
        var page = await fixture.NewPageAsync(360, 800);
        await page.GotoAsync(fixture.AllowedHost);
        var frame = page.Locator("iframe");
        await Assertions.Expect(frame).ToHaveCountAsync(1);
        Assert.Equal(Texts.Get("fr", "form.title"), await frame.GetAttributeAsync("title"));
        Assert.Equal("after", await page.EvaluateAsync<string>("document.querySelector('iframe').nextElementSibling.id"));
        var inner = page.FrameLocator("iframe");
        await Assertions.Expect(inner.Locator("#complaint-form")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("document.querySelector('iframe').getBoundingClientRect().height > 2000");
        Assert.Equal("fr", await inner.Locator("html").GetAttributeAsync("lang"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("form-embedded-phone.png") });

        var phone = await fixture.NewPageAsync(360, 800);
        await phone.GotoAsync($"{fixture.App.BaseUrl}/api/form?lang=en");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("form-phone-360.png"), FullPage = true });

        var foreign = await fixture.NewPageAsync();
        var framedResponse = foreign.WaitForResponseAsync(r => r.Url.Contains("/api/form?embed=1"));
        await foreign.GotoAsync(fixture.ForeignHost);
        var csp = (await (await framedResponse).AllHeadersAsync())["content-security-policy"];
        Assert.Contains($"frame-ancestors 'self' {fixture.AllowedHost}", csp);
        Assert.DoesNotContain(fixture.ForeignHost, csp);
        await Assertions.Expect(foreign.Locator("iframe")).ToHaveCountAsync(1);
        await Task.Delay(1500);
        var framed = foreign.Frames.FirstOrDefault(f => f != foreign.MainFrame);
        Assert.NotNull(framed);
        Assert.Equal(0, await framed.Locator("#complaint-form").CountAsync());
    }

    [Fact]
    public async Task The_chair_signs_in_by_keyboard_from_a_mailed_link_and_the_dashboard_with_its_charts_is_axe_clean()
    {
        using var http = Infrastructure.ProofOfWorkSolver.Client(fixture.App.BaseUrl);
        using var submitted = await http.PostAsync("/api/complaints", new StringContent(
            Infrastructure.Bodies.Complaint(respondent: "Nobody Known", ongoingRisk: true).ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var reference = System.Text.Json.JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;
        await fixture.App.Mail!.WaitForAsync(m => m.Reference == reference && m.Kind == MailKind.CommitteeEscalation.ToApi(), TimeSpan.FromSeconds(30));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/workspace?lang=en");
        await AssertAccessibleAsync(page, "the workspace's sign-in page");
        await page.FocusAsync("#email");
        await page.Keyboard.TypeAsync("chair@example.org");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#sign-in-notice")).ToHaveTextAsync(Texts.Get("en", "workspace.signIn.sent"));
        var mail = await fixture.App.Mail!.WaitForAsync(m => m.Kind == MailKind.WorkspaceSignIn.ToApi() && m.To == "chair@example.org", TimeSpan.FromSeconds(30));
        var link = Regex.Match(mail.Text, @"http://localhost:\d+/api/workspace/sign-in/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\?lang=[a-z]+").Value;

        await page.GotoAsync(link);
        await AssertAccessibleAsync(page, "the sign-in link's page");
        await page.FocusAsync("#sign-in-confirm");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#cases")).ToContainTextAsync(reference);
        // Every chart is drawn (an image of the app's own) and has its figures as a table.
        foreach (var img in await page.Locator("img.chart").AllAsync())
        {
            await Assertions.Expect(img).ToHaveJSPropertyAsync("complete", true);
            var src = await img.GetAttributeAsync("src");
            var fetched = await page.APIRequest.GetAsync(fixture.App.BaseUrl + src);
            Assert.True(await img.EvaluateAsync<bool>("i => i.naturalWidth > 0"), $"{src}: {fetched.Status} {fetched.Headers.GetValueOrDefault("content-type")} {(await fetched.TextAsync())[..Math.Min(300, (await fetched.TextAsync()).Length)]}");
        }
        await AssertAccessibleAsync(page, "the dashboard");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("workspace-dashboard.png"), FullPage = true });

        // The case's page by keyboard, and back.
        await page.Locator("#cases").GetByRole(AriaRole.Link, new() { Name = reference, Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/api/workspace/cases/{reference}"));
        await Assertions.Expect(page.Locator("#case-file")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "the workspace's case page");
        await page.GoBackAsync();

        // The filter by keyboard alone.
        await page.FocusAsync("#overdue");
        await page.Keyboard.PressAsync("Space");
        await page.FocusAsync("#filter-apply");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("overdue=true"));
        await Assertions.Expect(page.Locator("#cases")).ToHaveCountAsync(0); // nothing is overdue yet
        await AssertAccessibleAsync(page, "the dashboard filtered to nothing");

        // Right to left: the dashboard, its charts and the case page in Hebrew.
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/workspace?lang=he");
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        foreach (var img in await page.Locator("img.chart").AllAsync())
            Assert.True(await img.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), "a chart is not drawn in Hebrew");
        await AssertAccessibleAsync(page, "the dashboard in Hebrew");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("workspace-dashboard-he.png"), FullPage = true });
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/workspace/cases/{reference}?lang=he");
        await AssertAccessibleAsync(page, "the workspace's case page in Hebrew");
    }

    [GeneratedRegex(@"http://localhost:\d+/api/referrals/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"http://localhost:\d+/api/(?:referrals|committee/cases|committee/members|executive/cases|respondents)/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")]
    private static partial Regex AnyLinkPattern();

    [Fact]
    public async Task The_chairs_the_members_the_Executive_Committees_and_the_respondents_pages_have_no_axe_violations()
    {
        await fixture.ImportDirectoryAsync();
        using var http = Infrastructure.ProofOfWorkSolver.Client(fixture.App.BaseUrl);
        async Task Send(string path, string body, string type = "application/json", bool key = false)
        {
            using var request = new HttpRequestMessage(path.StartsWith("/api/manage", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, path)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, type),
            };
            if (key) request.Headers.Add("x-functions-key", fixture.App.FunctionKey);
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        async Task<string> Link(string reference, MailKind kind) =>
            AnyLinkPattern().Match((await fixture.App.Mail!.WaitForAsync(m => m.Reference == reference && m.Kind == kind.ToApi(), TimeSpan.FromSeconds(30))).Text).Value;
        async Task AxeAsync(string link, string what)
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync(link);
            await AssertAccessibleAsync(page, what);
        }

        await Send("/api/manage/committee", "id,name,email,language,active\ncm-a11y,Ana Lefèvre,ana@a11y.example,fr,true\n", "text/csv", key: true);
        using var submitted = await http.PostAsync("/api/complaints", new StringContent(
            Infrastructure.Bodies.Complaint(respondent: "Erika Mustermann", membershipNumber: "M-A11Y", country: "DE").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var reference = System.Text.Json.JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;
        await Send(new Uri(await Link(reference, MailKind.NationalReferral)).AbsolutePath + "/outcome", """{"determination":"upheld","summary":"Upheld."}""");
        var chair = await Link(reference, MailKind.CommitteeEscalation);
        var chairPath = new Uri(chair).AbsolutePath;
        await Send(chairPath + "/acknowledge", "{}");
        await Send(chairPath + "/assign", """{"member":"cm-a11y"}""");
        await Send(chairPath + "/notes", """{"text":"Ask for the hearing notes."}""");
        await Send(chairPath + "/notify-respondent", "{}");

        await AxeAsync(chair, "the chair's page");
        await AxeAsync(await Link(reference, MailKind.CommitteeAssignment), "a committee member's page");
        var respondent = await Link(reference, MailKind.RespondentNotice);
        await AxeAsync(respondent, "the respondent's page with the reply form");
        await Send(new Uri(respondent).AbsolutePath + "/reply", """{"text":"I dispute the account."}""");
        await AxeAsync(chair, "the chair's page, which sends the recommendation to the workspace");

        // The recommendation is recorded in the workspace, signed in, by keyboard alone.
        var workspace = await fixture.NewPageAsync();
        await SignInAsync(workspace, "chair@example.org");
        await workspace.GotoAsync($"{fixture.App.BaseUrl}/api/workspace/cases/{reference}?lang=en");
        await Assertions.Expect(workspace.Locator("#timeline-table")).ToContainTextAsync(Texts.Get("en", "workspace.step.Recommendation"));
        await Assertions.Expect(workspace.Locator("img.chart")).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await workspace.Locator("img.chart").EvaluateAsync<bool>("i => i.naturalWidth > 0"), "the timeline is drawn");
        await AssertAccessibleAsync(workspace, "the workspace's case page with the recommendation form");
        await workspace.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("workspace-case.png"), FullPage = true });
        await workspace.FocusAsync("#recommendation");
        await workspace.Keyboard.PressAsync("Tab");
        await workspace.Keyboard.TypeAsync("A breach of 3.1.");
        await workspace.Keyboard.PressAsync("Tab");
        await workspace.Keyboard.PressAsync("Enter");
        await Assertions.Expect(workspace.Locator("main")).ToContainTextAsync(Texts.Get("en", "page.answer.committee.recommended"));
        await AxeAsync(await Link(reference, MailKind.ExecutiveRecommendation), "the Executive Committee's page, which sends the decision to the workspace");
    }

    /// <summary>Signs in to the workspace in <paramref name="page"/>'s browser by e-mail, by keyboard, as a person does.</summary>
    private async Task SignInAsync(IPage page, string email)
    {
        var asked = DateTimeOffset.UtcNow;
        await page.GotoAsync($"{fixture.App.BaseUrl}/api/workspace/sign-in?lang=en");
        await page.FocusAsync("#email");
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#sign-in-notice")).ToBeVisibleAsync();
        var mail = await fixture.App.Mail!.WaitForAsync(m => m.Kind == MailKind.WorkspaceSignIn.ToApi() && m.To == email && m.At >= asked, TimeSpan.FromSeconds(30));
        await page.GotoAsync(Regex.Match(mail.Text, @"http://localhost:\d+/api/workspace/sign-in/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\?lang=[a-z]+").Value);
        await page.FocusAsync("#sign-in-confirm");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/workspace\\?"));
    }
}
