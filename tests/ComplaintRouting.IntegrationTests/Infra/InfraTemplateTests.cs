using System.Diagnostics;
using System.Text.Json.Nodes;
using ComplaintRouting.LocalRunner;

namespace ComplaintRouting.IntegrationTests.Infra;

/// <summary>Compiles infra/main.bicep (Bicep CLI from NuGet, offline) once and reads the ARM JSON.</summary>
public sealed class CompiledTemplate
{
    public CompiledTemplate()
    {
        var root = AzuriteProcess.FindRepositoryRoot();
        var json = Path.Combine(root, "infra", "bin", "main.json");
        var newest = System.IO.Directory.EnumerateFiles(Path.Combine(root, "infra"), "*.bicep", SearchOption.AllDirectories).Max(File.GetLastWriteTimeUtc);
        if (!File.Exists(json) || File.GetLastWriteTimeUtc(json) < newest)
        {
            using var build = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, ".ci", "bicep-check")]) { WorkingDirectory = root, RedirectStandardOutput = true })!;
            var output = build.StandardOutput.ReadToEnd();
            build.WaitForExit();
            if (build.ExitCode != 0) throw new InvalidOperationException("bicep-check failed:\n" + output);
        }
        Text = File.ReadAllText(json);
        Root = JsonNode.Parse(Text)!.AsObject();
        Resources = Walk(Root).ToArray();
    }

    public string Text { get; }
    public JsonObject Root { get; }

    /// <summary>Every resource, including those in module (nested deployment) templates, with the template that holds it.</summary>
    public (JsonObject Resource, JsonObject Template)[] Resources { get; }

    public IEnumerable<JsonObject> OfType(string type) => Resources.Where(r => (string?)r.Resource["type"] == type).Select(r => r.Resource);

    private static IEnumerable<(JsonObject, JsonObject)> Walk(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray a => a.OfType<JsonObject>(),
            JsonObject o => o.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var r in resources)
        {
            yield return (r, template);
            if (r["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
                foreach (var inner in Walk(nested)) yield return inner;
        }
    }
}

public class InfraTemplateTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    [Fact]
    public void No_output_or_app_setting_holds_a_storage_key_a_key_connection_string_or_a_secret()
    {
        Assert.DoesNotContain("listKeys", template.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", template.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InstrumentationKey", template.Text, StringComparison.Ordinal);

        var outputs = template.Resources.SelectMany(r => r.Template["outputs"]?.AsObject() ?? []).Concat(template.Root["outputs"]!.AsObject());
        Assert.All(outputs, o => Assert.DoesNotMatch("(?i)secret|apikey|signingkey|encryptionkey|password", o.Key));

        var function = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Web/sites/config").Template;
        var secrets = (string)function["variables"]!["secretSettings"]!;
        foreach (var setting in new[] { "SendGrid__ApiKey", "Links__SigningKey", "Encryption__Key" })
            Assert.Contains($"'{setting}', format('@Microsoft.KeyVault(SecretUri=", secrets);
        var platform = function["variables"]!["platformSettings"]!.AsObject();
        Assert.Equal("managedidentity", (string?)platform["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain(platform, p => p.Key == "AzureWebJobsStorage");

        // The secure parameters reach nothing but the Key Vault module.
        var main = template.Root["resources"]!.AsObject().Select(p => p.Value!.AsObject()).ToArray();
        foreach (var secure in new[] { "sendGridApiKey", "linksSigningKey", "encryptionKey" })
        {
            var users = main.Where(m => m.ToJsonString().Replace("\\u0027", "'").Contains($"parameters('{secure}')")).ToArray();
            Assert.Contains("Microsoft.KeyVault/vaults", Assert.Single(users)["properties"]!["template"]!.ToJsonString());
        }
    }

    public static TheoryData<string, string> Roles() => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void The_app_identity_holds_each_role_it_needs(string role, string id)
    {
        var assignments = template.Resources.Where(r => (string?)r.Resource["type"] == "Microsoft.Authorization/roleAssignments")
            .Select(r => (r.Resource, r.Template)).ToArray();
        Assert.NotEmpty(assignments);
        Assert.True(assignments.Any(a => a.Resource.ToJsonString().Contains(id) || (a.Template["variables"]?.ToJsonString().Contains(id) ?? false)), $"no assignment of {role}");
    }

    [Fact]
    public void Storage_refuses_shared_keys_plain_http_old_tls_and_public_blobs()
    {
        var storage = Assert.Single(template.OfType("Microsoft.Storage/storageAccounts"))["properties"]!;
        Assert.False((bool)storage["allowSharedKeyAccess"]!);
        Assert.False((bool)storage["allowBlobPublicAccess"]!);
        Assert.True((bool)storage["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)storage["minimumTlsVersion"]);
    }

    [Fact]
    public void Key_vault_uses_rbac_with_purge_protection_and_insights_refuses_local_auth()
    {
        var vault = Assert.Single(template.OfType("Microsoft.KeyVault/vaults"))["properties"]!;
        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.True((bool)Assert.Single(template.OfType("Microsoft.Insights/components"))["properties"]!["DisableLocalAuth"]!);

        var site = Assert.Single(template.OfType("Microsoft.Web/sites"));
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal("dotnet-isolated", (string?)site["properties"]!["functionAppConfig"]!["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)site["properties"]!["functionAppConfig"]!["runtime"]!["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("FC1", (string?)Assert.Single(template.OfType("Microsoft.Web/serverfarms"))["sku"]!["name"]);
    }

    [Fact]
    public void The_app_settings_cover_every_setting_the_app_reads_with_the_apps_own_defaults()
    {
        var config = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Web/sites/config");
        var api = template.Root["resources"]!.AsObject().Select(p => p.Value!.AsObject()).Single(m => m.ToJsonString().Contains("Deadlines__Grace"));
        var written = config.Template["variables"]!["platformSettings"]!.AsObject().Select(p => p.Key)
            .Concat(api["properties"]!["parameters"]!["settings"]!["value"]!.AsObject().Select(p => p.Key))
            .Concat(["SendGrid__ApiKey", "Links__SigningKey", "Encryption__Key", "Links__PublicBaseUrl"])
            .ToHashSet();
        Assert.Contains("Links__PublicBaseUrl", config.Resource.ToJsonString());

        // SPEC §7, less the local runner's own settings and SendGrid__Host (the default is right in Azure).
        string[] spec =
        [
            "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "SendGrid__ApiKey", "SendGrid__FromEmail", "SendGrid__FromName",
            "Committee__ChairEmail", "Committee__ChairName", "Committee__ChairMembershipNumber", "Committee__DeputyEmail",
            "Committee__ChairLanguage", "Committee__DeputyLanguage", "ExecutiveCommittee__Email", "ExecutiveCommittee__Name", "ExecutiveCommittee__Language",
            "Links__PublicBaseUrl", "Links__SigningKey", "Deadlines__NationalAcknowledge", "Deadlines__NationalOutcome", "Deadlines__Grace",
            "Deadlines__ReminderInterval", "Deadlines__CommitteeAcknowledge", "Deadlines__Recommendation", "Deadlines__Decision",
            "Deadlines__ComplainantFeedback", "Schedules__Chase", "Schedules__Digest", "Schedules__Redrive", "Intake__AllowedOrigins",
            "Intake__SubmissionsPerClientPerHour", "Encryption__Key", "Encryption__KeyId", "Retention__DecidedCases", "Retention__Withdrawn",
            "SendGrid__EventWebhookPublicKey",
        ];
        Assert.Empty(spec.Except(written));

        var parameters = template.Root["parameters"]!.AsObject();
        foreach (var (key, value) in SettingDefaults.Values.Where(d => d.Key != "SendGrid:Host"))
        {
            var name = char.ToLowerInvariant(key[0]) + key[1..].Replace(":", "");
            Assert.Equal(value, (string?)parameters[name]?["defaultValue"]);
        }
    }
}
