using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using ComplaintRouting.FollowUp;
using ComplaintRouting.Form;
using ComplaintRouting.Guidelines;
using ComplaintRouting.Intake;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Localization;

namespace ComplaintRouting.IntegrationTests.Form;

[Collection(AppCollection.Name)]
public partial class FormContractTests(AppFixture app)
{
    [Fact]
    public void Every_language_file_has_exactly_the_english_keys_with_the_same_placeholders()
    {
        Assert.Superset(new HashSet<string> { "en", "de", "fr", "es", "it", "pt", "he", "el", "ru", "tr" }, Texts.Languages.ToHashSet());
        Assert.Contains(Texts.Languages, l => ComplaintRouting.Pages.Stylesheet.Direction(l) == "rtl");
        var english = Texts.Keys("en").ToHashSet();
        foreach (var lang in Texts.Languages)
        {
            var keys = Texts.Keys(lang).ToHashSet();
            Assert.True(english.SetEquals(keys),
                $"{lang}.json: missing [{string.Join(", ", english.Except(keys))}], extra [{string.Join(", ", keys.Except(english))}]");
            foreach (var key in english)
            {
                Assert.False(string.IsNullOrWhiteSpace(Texts.Get(lang, key)), $"{lang}: {key} is empty");
                // A counting text's forms may each hold the count or not ("one day"): there the placeholders are compared as sets.
                var counting = Texts.Get("en", key).Contains('|');
                Assert.True(counting
                        ? Placeholders(Texts.Get("en", key)).ToHashSet().SetEquals(Placeholders(Texts.Get(lang, key)))
                        : Placeholders(Texts.Get("en", key)).OrderBy(p => p).SequenceEqual(Placeholders(Texts.Get(lang, key)).OrderBy(p => p)),
                    $"{lang}: {key} has other placeholders");
                var forms = Texts.Get(lang, key).Split('|').Length;
                Assert.True(counting ? forms is 1 || forms == Texts.PluralForms(lang) : forms == 1, $"{lang}: {key} has {forms} forms");
            }
        }
    }

    [Fact]
    public void No_language_file_keeps_an_english_sentence()
    {
        foreach (var lang in Texts.Languages)
            foreach (var key in Texts.Keys(lang))
                EnglishLeft.AssertNone(lang, $"{lang}.json {key}", Texts.Get(lang, key));
    }

    [Fact]
    public void The_link_pages_and_the_renewal_and_delivery_alert_mails_are_translated_in_every_language_file()
    {
        var keys = Texts.Keys("en").Where(k => k.StartsWith("link.", StringComparison.Ordinal)
            || k.StartsWith("mail.renewal.", StringComparison.Ordinal) || k.StartsWith("mail.alert.", StringComparison.Ordinal)).ToArray();
        Assert.Contains("mail.alert.subject", keys);
        foreach (var lang in Texts.Languages.Where(l => l != "en"))
            foreach (var key in keys)
                Assert.True(Texts.Get(lang, key) != Texts.Get("en", key), $"{lang}.json: {key} is still the English text");
    }

    [Fact]
    public void Every_chapter_and_section_of_the_guidelines_has_a_title_in_the_language_files_and_english_matches_the_catalogue()
    {
        var keys = Texts.Keys("en").ToHashSet();
        foreach (var chapter in GuidelineCatalogue.Chapters)
        {
            Assert.Equal(chapter.Title, Texts.Get("en", $"chapter.{chapter.Number}"));
            foreach (var section in chapter.Sections) Assert.Equal(section.Title, Texts.Get("en", $"section.{section.Number}"));
        }
        Assert.Equal(GuidelineCatalogue.Chapters.SelectMany(c => c.Sections).Count(), keys.Count(k => k.StartsWith("section.", StringComparison.Ordinal)));
        Assert.Equal(GuidelineCatalogue.Chapters.Count, keys.Count(k => k.StartsWith("chapter.", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("en", "Germany", "Section 4.1", "A sexual or romantic relationship with a patient")]
    [InlineData("es", "Alemania", "", "Una relación sexual o sentimental con un paciente")]
    [InlineData("fr", "Allemagne", "", "Une relation sexuelle ou amoureuse avec un patient")]
    [InlineData("de", "Deutschland", "", "Eine sexuelle oder romantische Beziehung zu Patient:innen")]
    public async Task The_form_names_countries_and_standards_in_the_page_language(string lang, string germany, string absent, string section41)
    {
        var page = await FormPageAsync($"?lang={lang}");
        Assert.Contains($"<option value=\"DE\">{germany}</option>", page.Body);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(section41), page.Body);
        if (absent.Length > 0) Assert.DoesNotContain(absent, page.Body);
        Assert.Equal(Countries.All.Count, FormPage.CountryOptions(lang).Count);
    }

    [Fact]
    public async Task Validation_problems_keep_their_english_messages_and_add_the_codes_the_form_translates()
    {
        var body = Bodies.Complaint();
        body["respondent"]!["countryOfPractice"] = "XX";
        var answer = await AppFixture.CallAsync(r => app.Function<IntakeFunction>().Run(r, default), body.ToJsonString());

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        Assert.Contains("two-letter", answer.Json.GetProperty("errors").GetProperty("respondent.countryOfPractice")[0].GetString());
        Assert.Equal("country", answer.Json.GetProperty("codes").GetProperty("respondent.countryOfPractice")[0].GetString());
    }

    [Fact]
    public async Task A_form_post_without_the_signed_start_time_stores_nothing_and_gets_the_form_back()
    {
        var answer = await AppFixture.CallAsync(r => app.Function<IntakeFunction>().Run(r, default), FormBody(startedAt: null), "application/x-www-form-urlencoded");

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType);
        Assert.Contains("id=\"error-summary\" role=\"alert\"", answer.Body);
        Assert.Contains("value=\"Marie Curie\"", answer.Body); // what was typed is kept
    }

    [Fact]
    public async Task A_form_post_with_errors_gets_the_form_again_with_inline_errors_and_every_typed_string_encoded()
    {
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var started = app.Function<FormGuard>().IssueStartedAt();
        app.Clock.Advance(FormGuard.MinimumFillTime);
        var answer = await AppFixture.CallAsync(r => app.Function<IntakeFunction>().Run(r, default),
            FormBody(started, respondent: "<script>alert(1)</script>\" onfocus=\"x", summary: "too short"), "application/x-www-form-urlencoded");

        Assert.Equal(400, answer.Status);
        Assert.DoesNotContain("<script>alert", answer.Body);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onfocus=&quot;x", answer.Body);
        Assert.Contains("aria-describedby=\"allegation-summary-hint allegation-summary-error\" aria-invalid=\"true\"", answer.Body);
        Assert.Contains($"<a href=\"#allegation-summary\">{HtmlEncode(Texts.Get("fr", "error.too-short"))}</a>", answer.Body);
    }

    [Fact]
    public async Task A_form_post_over_the_hourly_limit_gets_a_friendly_page_with_retry_after()
    {
        var once = Microsoft.Extensions.Options.Options.Create(new Options.IntakeOptions { SubmissionsPerClientPerHour = 1, ProofOfWorkBits = 0 });
        var throttles = new ComplaintRouting.FloodControl.Throttles(app.Services.GetRequiredService<ComplaintRouting.FloodControl.SharedCounters>(), once, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Options.LinksOptions>>());
        var intake = new IntakeFunction(app.Function<IntakeHandler>(), app.Function<ComplaintRouting.Evidence.AttachmentReceiver>(), throttles, app.Services.GetRequiredService<ComplaintRouting.FloodControl.ProofOfWork>(), app.Function<FormGuard>(), app.Function<OriginPolicy>(), app.Function<FormPage>(), app.Clock);
        var started = app.Function<FormGuard>().IssueStartedAt();
        app.Clock.Advance(FormGuard.MinimumFillTime);

        Assert.Equal(202, (await AppFixture.CallAsync(r => intake.Run(r, default), FormBody(started), "application/x-www-form-urlencoded", remoteIp: "198.51.100.77")).Status);
        var second = await AppFixture.CallAsync(r => intake.Run(r, default), FormBody(started), "application/x-www-form-urlencoded", remoteIp: "198.51.100.77");

        Assert.Equal(429, second.Status);
        Assert.StartsWith("text/html", second.ContentType);
        Assert.True(int.Parse(second.Headers.RetryAfter.ToString()) > 0);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Texts.Get("fr", "form.error.tooMany")), second.Body);
    }

    [Fact]
    public async Task The_follow_up_page_works_by_plain_form_posts_and_withdrawing_needs_the_confirmation_box()
    {
        var (reference, code) = await app.SubmitAsync(remoteIp: "198.51.100.21");
        string Post(params (string, string)[] fields) => string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
        const string form = "application/x-www-form-urlencoded";

        var lookup = await AppFixture.CallAsync(r => app.Function<FormFunctions>().FollowUpForm(r, default),
            Post(("lang", "de"), ("reference", reference), ("followUpCode", code)), form, remoteIp: "198.51.100.21");
        Assert.Equal(200, lookup.Status);
        Assert.Contains(HtmlEncode(Texts.Get("de", "status.received")), lookup.Body);
        Assert.Contains($"action=\"/api/complaints/{reference}/withdraw\"", lookup.Body);

        var unconfirmed = await AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Withdraw(r, reference, default),
            Post(("lang", "de"), ("followUpCode", code)), form, remoteIp: "198.51.100.21");
        Assert.Equal(400, unconfirmed.Status);
        Assert.StartsWith("text/html", unconfirmed.ContentType);
        Assert.Contains("id=\"confirm\" name=\"confirm\" value=\"true\" aria-describedby=\"confirm-hint confirm-error\" aria-invalid=\"true\"", unconfirmed.Body);
        Assert.Contains(HtmlEncode(Texts.Get("de", "status.received")), unconfirmed.Body);

        var confirmed = await AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Withdraw(r, reference, default),
            Post(("lang", "de"), ("followUpCode", code), ("confirm", "true")), form, remoteIp: "198.51.100.21");
        Assert.Equal(200, confirmed.Status);
        Assert.Contains(HtmlEncode(Texts.Get("de", "status.withdrawn")), confirmed.Body);
        Assert.Contains(HtmlEncode(Texts.Get("de", "followUp.withdrawn")), confirmed.Body);
        Assert.DoesNotContain("id=\"withdraw-form\"", confirmed.Body);

        var again = await AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Withdraw(r, reference, default),
            Post(("lang", "de"), ("followUpCode", code), ("confirm", "true")), form, remoteIp: "198.51.100.21");
        Assert.Equal(409, again.Status);
        Assert.Contains(HtmlEncode(Texts.Get("de", "followUp.withdraw.refused")), again.Body);

        var wrong = await AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Status(r, reference, default),
            Post(("lang", "es"), ("followUpCode", "WRONG-CODE")), form, remoteIp: "198.51.100.21");
        Assert.Equal(404, wrong.Status);
        Assert.Contains(HtmlEncode(Texts.Get("es", "followUp.notFound")), wrong.Body);

        var json = await AppFixture.CallAsync(r => app.Function<FollowUpFunctions>().Status(r, reference, default),
            $"{{\"followUpCode\":\"{code}\"}}", remoteIp: "198.51.100.21");
        Assert.Equal(200, json.Status);
        Assert.Equal("withdrawn", json.Json.GetProperty("status").GetString()); // JSON clients keep the JSON contract
    }

    [Fact]
    public async Task Embed_script_names_the_frame_in_each_language()
    {
        var script = await AppFixture.CallAsync(r => { r.Method = "GET"; return Task.FromResult(app.Function<FormFunctions>().Embed(r)); });
        Assert.Equal(200, script.Status);
        Assert.StartsWith("text/javascript", script.ContentType);
        Assert.DoesNotContain("/*TITLES*/", script.Body);
        Assert.Contains("\"fr\":", script.Body);
        Assert.Contains("event.origin !== origin", script.Body);
        Assert.Contains("event.source !== frame.contentWindow", script.Body);
    }

    private Task<HttpAnswer> FormPageAsync(string query) =>
        AppFixture.CallAsync(r => { r.Method = "GET"; r.QueryString = new Microsoft.AspNetCore.Http.QueryString(query); return app.Function<FormFunctions>().Form(r); });

    private static string HtmlEncode(string text) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text);

    private static string FormBody(string? startedAt, string respondent = "Marie Curie", string? summary = null) =>
        string.Join("&", new[]
        {
            ("complainant.name", "Jean Dupont"), ("complainant.email", "jean@example.org"), ("complainant.relationship", "relative"),
            ("complainant.language", "fr"), ("respondent.name", respondent), ("respondent.countryOfPractice", "FR"),
            ("allegation.sections", "2.3"), ("allegation.sections", "3.4"), ("allegation.summary", summary ?? Bodies.Summary),
            ("consent.shareWithNationalOrganization", "on"), ("consent.truthful", "on"), ("website", ""), ("startedAt", startedAt ?? ""),
        }.Where(p => p.Item1 != "startedAt" || startedAt is not null).Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));

    [Fact]
    public void The_browser_language_is_used_when_no_lang_is_given()
    {
        Assert.Equal("fr", Texts.FromAcceptLanguage("fr-CA,fr;q=0.9,en;q=0.5"));
        Assert.Equal("de", Texts.FromAcceptLanguage("pl,de;q=0.8"));
        Assert.Equal("en", Texts.FromAcceptLanguage("pl,ja"));
        Assert.Equal("es", Texts.Resolve("ES-mx"));
    }

    [Fact]
    public async Task An_allowed_origin_gets_a_cors_preflight_and_others_are_refused()
    {
        var allowed = await AppFixture.CallAsync(r => { r.Method = "OPTIONS"; r.Headers.Origin = "https://association.example"; return app.Function<IntakeFunction>().Run(r, default); }, remoteIp: null);
        var foreign = await AppFixture.CallAsync(r => { r.Method = "OPTIONS"; r.Headers.Origin = "https://evil.example"; return app.Function<IntakeFunction>().Run(r, default); }, remoteIp: null);
        var foreignPost = await AppFixture.CallAsync(r => { r.Headers.Origin = "https://evil.example"; return app.Function<IntakeFunction>().Run(r, default); }, Bodies.Complaint().ToJsonString());

        Assert.Equal(204, allowed.Status);
        Assert.Equal("https://association.example", allowed.Headers.AccessControlAllowOrigin.ToString());
        Assert.Contains("Idempotency-Key", allowed.Headers.AccessControlAllowHeaders.ToString());
        Assert.Equal(403, foreign.Status);
        Assert.Empty(foreign.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal(403, foreignPost.Status);
    }

    [Fact]
    public async Task A_form_with_the_honeypot_filled_or_sent_too_fast_stores_nothing_but_an_api_client_is_unaffected()
    {
        var guard = app.Function<FormGuard>();
        var honeypot = Bodies.Complaint(); honeypot["website"] = "http://spam.example"; honeypot["startedAt"] = guard.IssueStartedAt();
        var tooFast = Bodies.Complaint(); tooFast["startedAt"] = guard.IssueStartedAt();
        var forged = Bodies.Complaint(); forged["startedAt"] = "1.deadbeef";

        foreach (var body in new[] { honeypot, tooFast, forged })
            Assert.Equal(400, (await AppFixture.CallAsync(r => app.Function<IntakeFunction>().Run(r, default), body.ToJsonString())).Status);

        var patient = Bodies.Complaint(); patient["startedAt"] = guard.IssueStartedAt();
        app.Clock.Advance(FormGuard.MinimumFillTime);
        Assert.Equal(202, (await AppFixture.CallAsync(r => app.Function<IntakeFunction>().Run(r, default), patient.ToJsonString())).Status);
        Assert.Equal(202, (await AppFixture.CallAsync(r => app.Function<IntakeFunction>().Run(r, default), Bodies.Complaint().ToJsonString())).Status);
    }

    [Fact]
    public async Task The_form_page_is_self_contained_with_a_strict_policy_and_frames_only_for_allowed_origins()
    {
        var page = await AppFixture.CallAsync(r => { r.Method = "GET"; r.QueryString = new Microsoft.AspNetCore.Http.QueryString("?lang=de"); return app.Function<FormFunctions>().Form(r); });

        Assert.Equal(200, page.Status);
        var csp = page.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'self' https://association.example", csp);
        Assert.Contains("lang=\"de\"", page.Body);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//"), page.Body);
        Assert.Contains("name=\"allegation.sections\" value=\"6.12\"", page.Body);
        Assert.DoesNotContain(">6.12<", page.Body); // offered by title, never as a bare number
    }

    private static HashSet<string> Placeholders(string text) => PlaceholderPattern().Matches(text).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
