using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Options;

namespace ComplaintRouting.IntegrationTests.Infra;

/// <summary>
/// What a deployer sets reaches the template: every parameter of infra/main.bicep is mapped to an
/// azd environment variable in main.parameters.json, what must not be guessed has no default and
/// refuses an empty value, and every <c>azd env set</c> in the README names a mapped variable.
/// </summary>
public partial class DeployParametersTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private static readonly string Root = AzuriteProcess.FindRepositoryRoot();

    /// <summary>Parameter name → the environment variable its value names (<c>${NAME}</c>).</summary>
    private static Dictionary<string, string> Mapped()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")))!;
        return file["parameters"]!.AsObject().ToDictionary(p => p.Key, p =>
        {
            var value = (string)p.Value!["value"]!;
            var match = Variable().Match(value);
            Assert.True(match.Success, $"{p.Key} is mapped to '{value}', not to one ${{VARIABLE}} without an inline default (the default belongs in main.bicep)");
            return match.Groups[1].Value;
        });
    }

    private JsonObject Parameters => template.Root["parameters"]!.AsObject();

    private static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    [Fact]
    public void Every_parameter_is_mapped_to_an_azd_variable_and_every_mapping_names_a_parameter()
    {
        var mapped = Mapped();
        Assert.Empty(Parameters.Select(p => p.Key).Except(mapped.Keys));
        Assert.Empty(mapped.Keys.Except(Parameters.Select(p => p.Key)));
        Assert.Equal(mapped.Count, mapped.Values.Distinct().Count());

        // The names the README and issue promise (the rotation and webhook parameters among them).
        foreach (var (parameter, variable) in new[]
        {
            ("linksPreviousSigningKeys", "LINKS_PREVIOUS_SIGNING_KEYS"), ("encryptionKeyId", "ENCRYPTION_KEY_ID"),
            ("encryptionPreviousKeys", "ENCRYPTION_PREVIOUS_KEYS"), ("sendGridEventWebhookPublicKey", "SENDGRID_EVENT_WEBHOOK_PUBLIC_KEY"),
        })
            Assert.Equal(variable, mapped[parameter]);
    }

    [Fact]
    public void Parameters_without_a_default_are_mapped_and_refuse_an_empty_value()
    {
        var mapped = Mapped();
        var required = Parameters.Where(p => p.Value!["defaultValue"] is null).ToArray();
        Assert.NotEmpty(required);
        foreach (var (name, parameter) in required)
        {
            Assert.True(mapped.ContainsKey(name), $"{name} has no default and is not mapped");
            Assert.True((int?)parameter!["minLength"] >= 1, $"{name} has no default but accepts an empty string (@minLength(1))");
        }
    }

    [Fact]
    public void Settings_that_must_not_be_guessed_come_from_parameters_without_a_default_and_no_default_is_an_example_address()
    {
        var api = template.Root["resources"]!.AsObject().Select(p => p.Value!.AsObject()).Single(m => m.ToJsonString().Contains("Deadlines__Grace"));
        var fromParameter = api["properties"]!["parameters"]!["settings"]!["value"]!.AsObject()
            .ToDictionary(s => s.Key, s => ParameterReference().Match((string?)s.Value ?? "") is { Success: true } m ? m.Groups[1].Value : null);
        var vault = new Dictionary<string, string> { ["SendGrid__ApiKey"] = "sendGridApiKey", ["Links__SigningKey"] = "linksSigningKey", ["Encryption__Key"] = "encryptionKey" };

        // Computed by the template rather than set: the public base URL (the app's own address unless given).
        // Defaulted on purpose: Encryption__KeyId is an id, not something to guess ('key-1' until the first rotation).
        string[] notFromARequiredParameter = ["Links__PublicBaseUrl", "Encryption__KeyId"];
        foreach (var setting in AppSettings.Required.Except(notFromARequiredParameter))
        {
            var parameter = vault.GetValueOrDefault(setting) ?? fromParameter.GetValueOrDefault(setting)
                ?? throw new Xunit.Sdk.XunitException($"{setting} is not written from a parameter");
            Assert.True(Parameters[parameter]!["defaultValue"] is null, $"{setting} comes from {parameter}, which has a default");
        }

        foreach (var (name, parameter) in Parameters)
            Assert.DoesNotMatch(@"(?i)example\.(org|com|net)", parameter!["defaultValue"]?.ToJsonString() ?? "");
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Root, "infra"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith("parameters.json", StringComparison.Ordinal)))
            Assert.DoesNotContain("example.org", File.ReadAllText(file));
    }

    [Fact]
    public void Every_azd_env_set_in_the_readme_names_a_mapped_variable_and_the_readme_sets_every_required_one()
    {
        var mapped = Mapped();
        var set = AzdEnvSet().Matches(Readme).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(set);
        Assert.Empty(set.Except(mapped.Values));

        // azd sets its own (environment name, location) when the environment is created.
        var mustSet = Parameters.Where(p => p.Value!["defaultValue"] is null).Select(p => mapped[p.Key]).Except(["AZURE_ENV_NAME", "AZURE_LOCATION"]);
        Assert.Empty(mustSet.Except(set));

        // The README speaks in azd variables: it never asks for a Bicep parameter by its template name.
        foreach (var name in Parameters.Select(p => p.Key).Where(n => n.Length > 8))
            Assert.DoesNotContain($"`{name}`", Readme);
    }

    [GeneratedRegex(@"^\$\{([A-Z][A-Z0-9_]*)\}$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\[parameters\('(\w+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"azd env set ([A-Z][A-Z0-9_]*)")]
    private static partial Regex AzdEnvSet();
}
