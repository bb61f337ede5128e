using System.Security.Cryptography;
using System.Text;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.Links;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Options;
using ComplaintRouting.FloodControl;
using ComplaintRouting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplaintRouting.IntegrationTests.Settings;

/// <summary>
/// What the Functions host runs before the first invocation (ValidateOnStart): every setting that
/// must not be guessed is required, and every key is parsed, with a message naming the setting as
/// it is written in the environment and what it must be. No storage is touched, so no Azurite.
/// </summary>
public class SettingsValidationTests
{
    private static string Base64(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Valid values for every setting (as the test fixture sets them), on top of the app's defaults.</summary>
    public static Dictionary<string, string?> Valid() => new(SettingDefaults.Values)
    {
        ["SendGrid:ApiKey"] = "SG.test",
        ["SendGrid:FromEmail"] = "complaints@ethics.example",
        ["SendGrid:EventWebhookPublicKey"] = AppFixture.WebhookKey,
        ["Committee:ChairEmail"] = "chair@ethics.example",
        ["Committee:ChairName"] = "Chair Person",
        ["Committee:ChairMembershipNumber"] = "M-CHAIR",
        ["Committee:DeputyEmail"] = "deputy@ethics.example",
        ["Committee:ChairLanguage"] = "en",
        ["Committee:DeputyLanguage"] = "fr",
        ["ExecutiveCommittee:Email"] = "executive@ethics.example",
        ["ExecutiveCommittee:Name"] = "Executive Committee",
        ["ExecutiveCommittee:Language"] = "de",
        ["Links:PublicBaseUrl"] = "https://complaints.example",
        ["Links:SigningKey"] = Base64(32),
        ["Encryption:Key"] = Base64(32),
        ["Encryption:KeyId"] = "key-2",
    };

    /// <summary>The start-up validation's messages (empty when the app would start).</summary>
    public static IReadOnlyList<string> StartupFailures(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddComplaintRouting(configuration).BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            var all = ex is AggregateException many ? many.InnerExceptions : [ex];
            return all.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToArray();
        }
    }

    [Fact]
    public void Valid_settings_start()
    {
        Assert.Empty(StartupFailures(Valid()));
    }

    [Fact]
    public void Settings_that_must_not_be_guessed_have_no_default_and_each_missing_one_is_named()
    {
        string[] mustNotBeGuessed =
        [
            "Committee__ChairName", "Committee__ChairMembershipNumber", "Committee__ChairEmail", "Committee__DeputyEmail",
            "Committee__ChairLanguage", "Committee__DeputyLanguage",
            "ExecutiveCommittee__Email", "ExecutiveCommittee__Name", "ExecutiveCommittee__Language",
            "SendGrid__EventWebhookPublicKey", "SendGrid__ApiKey", "SendGrid__FromEmail",
            "Links__PublicBaseUrl", "Links__SigningKey", "Encryption__Key", "Encryption__KeyId",
        ];
        Assert.Equal(mustNotBeGuessed.Order(), AppSettings.Required.Order());
        Assert.DoesNotContain(SettingDefaults.Values, d => d.Value?.Contains("example", StringComparison.OrdinalIgnoreCase) ?? false);

        var failures = StartupFailures(new Dictionary<string, string?>(SettingDefaults.Values));
        foreach (var setting in mustNotBeGuessed)
            Assert.Single(failures, f => f.StartsWith($"Setting '{setting}' is missing: it has no default and must be set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Committee:ChairName", "  ")]
    [InlineData("Committee:ChairMembershipNumber", "")]
    [InlineData("SendGrid:EventWebhookPublicKey", null)]
    public void A_blank_value_counts_as_missing(string key, string? value)
    {
        var settings = Valid();
        settings[key] = value;
        var failure = Assert.Single(StartupFailures(settings));
        Assert.StartsWith($"Setting '{key.Replace(":", "__")}' is missing", failure);
    }

    [Theory]
    [InlineData("*", "a wildcard")]
    [InlineData("https://*.example.org", "a wildcard")]
    [InlineData("example.org", "not an absolute address")]
    [InlineData("http://association.example", "plain http is allowed only for localhost")]
    [InlineData("ftp://association.example", "only https")]
    [InlineData("https://association.example/complaints", "no user, path, query or fragment")]
    [InlineData("https://user@association.example", "no user, path, query or fragment")]
    public void An_allowed_origin_that_would_let_other_sites_in_stops_the_start_naming_it(string origin, string problem)
    {
        var settings = Valid();
        settings["Intake:AllowedOrigins"] = $"https://association.example, {origin}";
        var failure = Assert.Single(StartupFailures(settings));
        Assert.StartsWith($"Setting 'Intake__AllowedOrigins' has '{origin}'", failure);
        Assert.Contains(problem, failure);
    }

    [Theory]
    [InlineData("https://association.example")]
    [InlineData("https://association.example:8443/, http://localhost:5173 http://127.0.0.1:8080")]
    public void Https_origins_and_loopback_http_start(string origins)
    {
        var settings = Valid();
        settings["Intake:AllowedOrigins"] = origins;
        Assert.Empty(StartupFailures(settings));
    }

    [Fact]
    public void A_missing_key_says_what_a_key_must_be()
    {
        var settings = Valid();
        settings["Links:SigningKey"] = null;
        settings["Encryption:Key"] = "";
        var failures = StartupFailures(settings);
        Assert.Contains(failures, f => f.Contains("'Links__SigningKey' is missing") && f.Contains("the base64 of at least 32 random bytes"));
        Assert.Contains(failures, f => f.Contains("'Encryption__Key' is missing") && f.Contains("the base64 of exactly 32 random bytes"));
    }

    public static TheoryData<string, string, string> MalformedKeys() => new()
    {
        // The issue's case: 39 characters used to stop the app with "minimum length of '44'".
        { "Links:SigningKey", Base64(32)[..39], "the base64 of at least 32 random bytes" },
        { "Links:SigningKey", Base64(24), "the base64 of at least 32 random bytes" },
        { "Links:SigningKey", "not a key at all, just words and spaces!!", "the base64 of at least 32 random bytes" },
        { "Links:PreviousSigningKeys", $"{Base64(32)},{Base64(16)}", "comma-separated keys, each the base64 of at least 32 random bytes" },
        { "Links:PreviousSigningKeys", "secret-old-key", "comma-separated keys" },
        { "Encryption:Key", Base64(32)[..39], "the base64 of exactly 32 random bytes" },
        { "Encryption:Key", Base64(64), "the base64 of exactly 32 random bytes" },
        { "Encryption:PreviousKeys", Base64(32), "comma-separated keyId:key pairs" },
        { "Encryption:PreviousKeys", $"key-1:{Base64(31)}", "comma-separated keyId:key pairs" },
        { "Encryption:PreviousKeys", $"key one:{Base64(32)}", "comma-separated keyId:key pairs" },
        { "SendGrid:EventWebhookPublicKey", Base64(91), "ECDSA P-256 public key" },
        { "SendGrid:EventWebhookPublicKey", AppFixture.WebhookKey[..60], "ECDSA P-256 public key" },
        { "SendGrid:EventWebhookPublicKey", Convert.ToBase64String(RSA.Create(2048).ExportSubjectPublicKeyInfo()), "ECDSA P-256 public key" },
        { "SendGrid:EventWebhookPublicKey", Convert.ToBase64String(ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportSubjectPublicKeyInfo()), "ECDSA P-256 public key" },
    };

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public void A_malformed_key_stops_start_up_naming_the_setting_and_what_a_key_must_be_without_repeating_it(string key, string value, string expected)
    {
        var settings = Valid();
        settings[key] = value;

        var failure = Assert.Single(StartupFailures(settings));
        Assert.StartsWith($"Setting '{key.Replace(":", "__")}' is malformed (", failure);
        Assert.Contains(": it must be ", failure);
        Assert.Contains(expected, failure[failure.IndexOf(": it must be ", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("minimum length", failure);
        Assert.DoesNotContain(value, failure);
    }

    [Fact]
    public void Rotated_keys_in_the_documented_shapes_start()
    {
        var settings = Valid();
        settings["Links:PreviousSigningKeys"] = $"{Base64(32)}, {Base64(48)}";
        settings["Encryption:PreviousKeys"] = $"key-1:{Base64(32)},old.0:{Base64(32)}";
        settings["SendGrid:EventWebhookPublicKey"] = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem();
        Assert.Empty(StartupFailures(settings));
    }

    [Fact]
    public void A_previous_encryption_key_under_the_current_id_is_refused()
    {
        var settings = Valid();
        settings["Encryption:PreviousKeys"] = $"key-2:{Base64(32)}";
        Assert.Contains("repeats the current Encryption__KeyId 'key-2'", Assert.Single(StartupFailures(settings)));
    }

    [Fact]
    public void The_services_that_use_a_key_parse_it_as_start_up_does()
    {
        var shortKey = Base64(32)[..39];
        var links = Assert.Throws<InvalidOperationException>(() => new CapabilityTokens(Microsoft.Extensions.Options.Options.Create(
            new LinksOptions { PublicBaseUrl = "https://x.example", SigningKey = shortKey })));
        Assert.StartsWith("Setting 'Links__SigningKey' is malformed (39 characters that are not valid base64)", links.Message);

        var sealer = Assert.Throws<InvalidOperationException>(() => new Sealer(Microsoft.Extensions.Options.Options.Create(
            new EncryptionOptions { Key = Base64(32), KeyId = "k", PreviousKeys = $"old:{Base64(16)}" })));
        Assert.StartsWith("Setting 'Encryption__PreviousKeys' is malformed (entry 1: 24 characters, 16 bytes)", sealer.Message);
    }

    [Fact]
    public void Other_malformed_values_are_named_with_the_value()
    {
        var settings = Valid();
        settings["Committee:DeputyEmail"] = "deputy-at-nowhere";
        settings["Encryption:KeyId"] = "key 2";
        var failures = StartupFailures(settings);
        Assert.Contains(failures, f => f.StartsWith("Setting 'Committee__DeputyEmail' is 'deputy-at-nowhere':", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Setting 'Encryption__KeyId' is 'key 2': it must be 1-32 letters", StringComparison.Ordinal));
    }

    [Fact]
    public void The_local_runner_supplies_a_valid_development_value_for_every_required_setting()
    {
        var development = DevelopmentSettings.Values("http://localhost:7071", "UseDevelopmentStorage=true", captureMail: true);
        foreach (var setting in AppSettings.Required)
            Assert.False(string.IsNullOrWhiteSpace(development.GetValueOrDefault(setting.Replace("__", ":"))), $"DevelopmentSettings has no {setting}");

        var settings = new Dictionary<string, string?>(SettingDefaults.Values);
        foreach (var (key, value) in development) settings[key] = value;
        Assert.Empty(StartupFailures(settings));
    }
}
