using System.Text.RegularExpressions;
using ComplaintRouting.Form;
using ComplaintRouting.Intake;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Localization;

namespace ComplaintRouting.IntegrationTests.Form;

[Collection(AppCollection.Name)]
public partial class FormContractTests(AppFixture app)
{
    [Fact]
    public void Every_language_file_has_every_english_text_with_the_same_placeholders()
    {
        Assert.Superset(new HashSet<string> { "en", "es", "fr", "de" }, Texts.Languages.ToHashSet());
        var english = Texts.Keys("en");
        foreach (var lang in Texts.Languages)
        {
            var keys = Texts.Keys(lang);
            Assert.Empty(english.Except(keys));
            Assert.DoesNotContain(keys.Except(english), k => !k.StartsWith("chapter.", StringComparison.Ordinal) && !k.StartsWith("section.", StringComparison.Ordinal));
            foreach (var key in english)
                Assert.True(Placeholders(Texts.Get("en", key)).SetEquals(Placeholders(Texts.Get(lang, key))), $"{lang}: {key} has other placeholders");
        }
    }

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
        var page = await AppFixture.CallAsync(r => { r.Method = "GET"; r.QueryString = new Microsoft.AspNetCore.Http.QueryString("?lang=de"); return Task.FromResult(app.Function<FormFunctions>().Form(r)); });

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
