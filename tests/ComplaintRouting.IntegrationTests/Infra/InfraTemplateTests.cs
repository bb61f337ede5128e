using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplaintRouting.LocalRunner;
using Microsoft.Extensions.Configuration;

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

public partial class InfraTemplateTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    [Fact]
    public void No_output_or_app_setting_holds_a_storage_key_a_key_connection_string_or_a_secret()
    {
        Assert.DoesNotContain("listKeys", template.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", template.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InstrumentationKey", template.Text, StringComparison.Ordinal);

        var outputs = template.Resources.SelectMany(r => r.Template["outputs"]?.AsObject() ?? []).Concat(template.Root["outputs"]!.AsObject());
        Assert.All(outputs, o => Assert.DoesNotMatch("(?i)secret|apikey|signingkey|encryptionkey|password", o.Key));

        var function = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Web/sites/config" && ((string?)r.Resource["name"])!.Contains("appsettings")).Template;
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
    public void The_account_and_the_vault_are_locked_against_deletion_versioned_and_audited_to_log_analytics()
    {
        string? Type(JsonObject r) => (string?)r["type"];
        var locks = template.Resources.Where(r => Type(r.Resource) == "Microsoft.Authorization/locks").ToList();
        Assert.All(locks, l => Assert.Equal("CanNotDelete", (string?)l.Resource["properties"]!["level"]));
        Assert.Equal(["Microsoft.KeyVault/vaults", "Microsoft.Storage/storageAccounts"],
            locks.Select(l => Regex.Match((string)l.Resource["scope"]!, @"resourceId\('([^']+)'").Groups[1].Value).Order());

        var blobs = template.Resources.Single(r => Type(r.Resource) == "Microsoft.Storage/storageAccounts/blobServices");
        Assert.True((bool)blobs.Resource["properties"]!["isVersioningEnabled"]!);

        var audits = template.Resources.Where(r => Type(r.Resource) == "Microsoft.Insights/diagnosticSettings").ToList();
        var audited = audits.ToDictionary(
            a => Regex.Match((string)a.Resource["scope"]!, @"resourceId\('([^']+)'").Groups[1].Value,
            a =>
            {
                var logs = a.Resource["properties"]!["logs"]!;
                var list = logs is JsonValue reference ? a.Template["variables"]![Regex.Match((string)reference!, @"variables\('([^']+)'\)").Groups[1].Value]! : logs;
                Assert.Equal("[parameters('logAnalyticsId')]", (string?)a.Resource["properties"]!["workspaceId"]);
                return list.AsArray().Where(l => (bool)l!["enabled"]!).Select(l => (string)l!["category"]!).Order().ToArray();
            });
        string[] storage = ["StorageDelete", "StorageRead", "StorageWrite"];
        Assert.Equal(storage, audited["Microsoft.Storage/storageAccounts/blobServices"]);
        Assert.Equal(storage, audited["Microsoft.Storage/storageAccounts/tableServices"]);
        Assert.Equal(storage, audited["Microsoft.Storage/storageAccounts/queueServices"]);
        Assert.Equal(["AuditEvent"], audited["Microsoft.KeyVault/vaults"]);
    }

    [Fact]
    public void The_template_makes_every_table_and_queue_the_app_uses_and_tells_the_app_not_to()
    {
        var module = template.Root["resources"]!.AsObject().Select(r => r.Value!.AsObject())
            .Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && r["properties"]!["parameters"]?["tableNames"] is not null);
        var parameters = module["properties"]!["parameters"]!;
        Assert.Equal(ComplaintRouting.Storage.StorageInitializer.Tables.Order(), parameters["tableNames"]!["value"]!.AsArray().Select(v => (string)v!).Order());
        Assert.Equal(ComplaintRouting.Storage.StorageInitializer.Queues.SelectMany(q => new[] { q, ComplaintRouting.Manage.PoisonQueues.PoisonOf(q) }).Order(),
            parameters["queueNames"]!["value"]!.AsArray().Select(v => (string)v!).Order());
        Assert.Contains(template.Resources, r => (string?)r.Resource["type"] == "Microsoft.Storage/storageAccounts/tableServices/tables");
        Assert.Contains(template.Resources, r => (string?)r.Resource["type"] == "Microsoft.Storage/storageAccounts/queueServices/queues");

        var config = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Web/sites/config" && ((string?)r.Resource["name"])!.Contains("appsettings"));
        Assert.Equal("false", (string?)config.Template["variables"]!["platformSettings"]!["Storage__CreateResources"]);
        Assert.False(ComplaintRouting.Storage.StorageInitializer.Wanted(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ComplaintRouting.Storage.StorageInitializer.Setting] = "false" }).Build()));
        Assert.True(ComplaintRouting.Storage.StorageInitializer.Wanted(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())); // locally: made at start-up
    }

    [Fact]
    public void The_app_settings_cover_every_setting_the_app_reads_with_the_apps_own_defaults()
    {
        var config = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Web/sites/config" && ((string?)r.Resource["name"])!.Contains("appsettings"));
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

    // ---- Evidence attachments (SPEC §10) and blob soft delete (SPEC §13) ----

    /// <summary>The module (nested deployment in main.bicep) whose template holds the resource.</summary>
    private JsonObject ModuleOf(JsonObject inner) =>
        template.Root["resources"]!.AsObject().Select(p => p.Value!.AsObject())
            .Single(m => ReferenceEquals(m["properties"]?["template"], inner));

    /// <summary>
    /// The value a module-template expression takes for a deployment with the given main.bicep
    /// parameters (the others at their defaults). Only what these templates use is understood: a
    /// literal, or <c>[parameters('p')]</c> of the module, which main passes as a literal or as one of
    /// its own <c>[parameters('q')]</c>; anything else fails the test rather than guessing.
    /// </summary>
    private JsonNode? Evaluate(JsonNode? value, JsonObject inner, IReadOnlyDictionary<string, JsonNode?>? given = null)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text) || !text.StartsWith('['))
            return value?.DeepClone();
        var p = ParameterExpression().Match(text);
        Assert.True(p.Success, $"cannot evaluate '{text}' offline");
        var name = p.Groups[1].Value;
        var passed = ModuleOf(inner)["properties"]!["parameters"]?[name]?["value"];
        if (passed is null) return inner["parameters"]![name]!["defaultValue"]?.DeepClone();
        if (passed is JsonValue pv && pv.TryGetValue<string>(out var passedText) && passedText.StartsWith('['))
        {
            var q = ParameterExpression().Match(passedText);
            Assert.True(q.Success, $"main passes '{passedText}' to {name}: not a parameter of main.bicep");
            var main = q.Groups[1].Value;
            Assert.NotNull(template.Root["parameters"]![main]);
            return given is not null && given.TryGetValue(main, out var g) ? g?.DeepClone() : template.Root["parameters"]![main]!["defaultValue"]?.DeepClone();
        }
        return passed.DeepClone();
    }

    [Fact]
    public void The_attachments_container_exists_on_the_apps_storage_account_and_is_private()
    {
        var storage = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Storage/storageAccounts");
        var containers = template.Resources.Where(r => (string?)r.Resource["type"] == "Microsoft.Storage/storageAccounts/blobServices/containers").ToArray();
        var attachments = Assert.Single(containers, c =>
        {
            var name = (string)c.Resource["name"]!;
            foreach (var (variable, value) in c.Template["variables"]?.AsObject() ?? [])
                if (value is JsonValue s && s.TryGetValue<string>(out var text))
                    name = name.Replace($"variables('{variable}')", $"'{text}'");
            return name.EndsWith(", 'default', 'attachments')]", StringComparison.Ordinal);
        });
        Assert.Same(storage.Template, attachments.Template);
        Assert.Equal("None", (string?)attachments.Resource["properties"]?["publicAccess"]);
        Assert.Null(attachments.Resource["condition"]);

        // Every container is private, and the account refuses public blobs whatever a container says.
        Assert.All(containers, c => Assert.Equal("None", (string?)c.Resource["properties"]?["publicAccess"]));
        Assert.False((bool)storage.Resource["properties"]!["allowBlobPublicAccess"]!);
    }

    [Fact]
    public void The_app_reaches_blobs_queues_and_tables_through_service_uris_from_the_storage_account_and_its_identity()
    {
        var config = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Web/sites/config" && ((string?)r.Resource["name"])!.Contains("appsettings"));
        var platform = config.Template["variables"]!["platformSettings"]!.AsObject();
        var api = ModuleOf(config.Template);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Equal($"[parameters('{service}Endpoint')]", (string?)platform[$"AzureWebJobsStorage__{service}ServiceUri"]);
            Assert.Equal($"[reference('storage').outputs.{service}Endpoint.value]", (string?)api["properties"]!["parameters"]![$"{service}Endpoint"]!["value"]);
            var output = (string?)template.Root["resources"]!["storage"]!["properties"]!["template"]!["outputs"]![$"{service}Endpoint"]!["value"];
            Assert.Matches($@"^\[reference\(resourceId\('Microsoft\.Storage/storageAccounts', parameters\('name'\)\), '[0-9-]+'\)\.primaryEndpoints\.{service}\]$", output);
        }
        Assert.Equal("managedidentity", (string?)platform["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)platform["AzureWebJobsStorage__clientId"]);
    }

    [Fact]
    public void Blob_and_container_soft_delete_are_on_with_a_retention_of_days()
    {
        var blobs = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Storage/storageAccounts/blobServices");
        Assert.Null(blobs.Resource["condition"]);
        foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
        {
            var p = blobs.Resource["properties"]?[policy] ?? throw new Xunit.Sdk.XunitException($"{policy} is not set: soft delete is off");
            Assert.True((bool)p["enabled"]!, $"{policy} is disabled");
            var days = (int)Evaluate(p["days"], blobs.Template)!;
            Assert.InRange(days, 7, 365);

            // The window can be changed but not set to nothing.
            if (ParameterExpression().Match((string?)p["days"] ?? "") is { Success: true } m)
                Assert.True((int?)blobs.Template["parameters"]![m.Groups[1].Value]!["minValue"] >= 1, $"{policy} days accepts 0");
        }
        Assert.Equal(14, (int?)template.Root["parameters"]!["blobSoftDeleteRetentionDays"]?["defaultValue"]);
        Assert.True((int?)template.Root["parameters"]!["blobSoftDeleteRetentionDays"]!["minValue"] >= 1);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Defender_malware_scanning_on_upload_is_off_by_default_and_on_when_asked_for(bool? asked, bool deployed)
    {
        var defender = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Security/defenderForStorageSettings");
        var storage = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Storage/storageAccounts");
        Assert.Same(storage.Template, defender.Template);
        Assert.Equal("current", (string?)defender.Resource["name"]);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]", (string?)defender.Resource["scope"]);
        Assert.Equal("bool", (string?)template.Root["parameters"]!["defenderMalwareScanning"]?["type"]);

        var given = asked is null ? null : new Dictionary<string, JsonNode?> { ["defenderMalwareScanning"] = asked.Value };
        var condition = defender.Resource["condition"] ?? throw new Xunit.Sdk.XunitException("Defender for Storage is deployed unconditionally: it must be opt-in");
        Assert.Equal(deployed, (bool)Evaluate(condition, defender.Template, given)!);

        // What is deployed when it is: Defender on, scanning on upload with a cap, no sensitive data discovery.
        var properties = defender.Resource["properties"]!;
        Assert.True((bool)Evaluate(properties["isEnabled"], defender.Template, given)!);
        Assert.True((bool)Evaluate(properties["malwareScanning"]!["onUpload"]!["isEnabled"], defender.Template, given)!);
        Assert.NotNull(Evaluate(properties["malwareScanning"]!["onUpload"]!["capGBPerMonth"], defender.Template, given));
        Assert.False((bool)Evaluate(properties["sensitiveDataDiscovery"]!["isEnabled"], defender.Template, given)!);
        Assert.True((bool)Evaluate(properties["overrideSubscriptionLevelSettings"], defender.Template, given)!);
    }

    [Fact]
    public void Entra_sign_in_is_the_platforms_only_when_asked_for_and_leaves_the_public_routes_anonymous()
    {
        var auth = template.Resources.Single(r => (string?)r.Resource["type"] == "Microsoft.Web/sites/config" && ((string?)r.Resource["name"])!.Contains("authsettingsV2"));
        Assert.Contains("entraClientId", (string?)auth.Resource["condition"] ?? throw new Xunit.Sdk.XunitException("App Service Authentication is deployed unconditionally"));
        var properties = auth.Resource["properties"]!;
        Assert.False((bool)properties["globalValidation"]!["requireAuthentication"]!); // the form, the links and the webhook need no account
        Assert.Equal("AllowAnonymous", (string?)properties["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.True((bool)properties["identityProviders"]!["azureActiveDirectory"]!["enabled"]!);
        Assert.False((bool)properties["login"]!["tokenStore"]!["enabled"]!);

        // main.bicep hands the module a client id only with workspaceSignIn = entra, and writes the same choice for the app.
        var module = template.Root["resources"]!.AsObject().Select(r => r.Value!.AsObject()).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && r["properties"]!["parameters"]?["entraClientId"] is not null);
        var given = module["properties"]!["parameters"]!["entraClientId"]!.ToJsonString().Replace("\\u0027", "'");
        Assert.Contains("parameters('workspaceSignIn')", given);
        Assert.Contains("'entra'", given);
        Assert.Contains("workspaceEntraClientId", given);
        Assert.Contains("fail(", given); // entra without a client id stops the deployment: the app would trust a header nobody checks
        Assert.Equal(["email", "entra"], template.Root["parameters"]!["workspaceSignIn"]!["allowedValues"]!.AsArray().Select(v => (string)v!));
    }

    /// <summary>Roles no part of the app needs, each broader than the data roles it holds.</summary>
    public static TheoryData<string, string> BroadRoles() => new()
    {
        { "Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" },
        { "Contributor", "b24988ac-6180-4ab8-8fd0-7f2b0b22e1f5" },
        { "User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c6a72d9c" },
        { "Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168" },
        { "Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab" },
        { "Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483" },
    };

    /// <summary>Every role granted to the app's identity (one id per assignment, a copy loop expanded), with its scope.</summary>
    private (string Role, string? Scope)[] AppIdentityRoles()
    {
        var granted = new List<(string, string?)>();
        foreach (var (assignment, inner) in template.Resources.Where(r => (string?)r.Resource["type"] == "Microsoft.Authorization/roleAssignments"))
        {
            Assert.False(ReferenceEquals(inner, template.Root), "a role assignment in main.bicep itself (subscription scope)");
            var principal = ParameterExpression().Match((string)assignment["properties"]!["principalId"]!);
            Assert.True(principal.Success, $"principalId '{assignment["properties"]!["principalId"]}' is not a module parameter");
            var passed = (string?)ModuleOf(inner)["properties"]!["parameters"]![principal.Groups[1].Value]?["value"];
            if (passed != "[reference('identity').outputs.principalId.value]") continue;

            var role = (string)assignment["properties"]!["roleDefinitionId"]!;
            var ids = RoleId().Matches(role).Select(m => m.Value).ToList();
            foreach (Match v in VariableExpression().Matches(role))
                ids.AddRange(RoleId().Matches(inner["variables"]![v.Groups[1].Value]!.ToJsonString()).Select(m => m.Value));
            Assert.True(ids.Count > 0, $"cannot tell which role '{role}' grants");
            Assert.True(ids.Count == 1 || assignment["copy"] is not null, $"'{role}' names several roles in one assignment");
            granted.AddRange(ids.Select(id => (id, (string?)assignment["scope"])));
        }
        return granted.ToArray();
    }

    [Fact]
    public void The_app_identity_holds_only_its_data_roles_each_on_its_own_resource_and_one_blob_role_on_the_account()
    {
        var granted = AppIdentityRoles();
        Assert.Equal(
            Roles().Select(r => (string)r[1]).Order(),
            granted.Select(g => g.Role).Order());

        // Each on one resource (never the resource group or subscription).
        foreach (var (role, scope) in granted)
            Assert.Matches(@"^\[resourceId\('Microsoft\.(Storage/storageAccounts|KeyVault/vaults|Insights/components)', parameters\('\w+'\)\)\]$", scope ?? "");

        // Blobs (the deployment package, the host's leases, the attachments): one role, on the storage account.
        string[] blobRoles = ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"];
        var blob = Assert.Single(granted, g => blobRoles.Contains(g.Role));
        Assert.StartsWith("[resourceId('Microsoft.Storage/storageAccounts'", blob.Scope);
    }

    [Theory]
    [MemberData(nameof(BroadRoles))]
    public void The_app_identity_holds_no_broad_role(string role, string id) =>
        Assert.False(AppIdentityRoles().Any(g => g.Role == id), $"the app identity is granted {role}");

    [GeneratedRegex(@"^\[parameters\('(\w+)'\)\]$")]
    private static partial Regex ParameterExpression();

    [GeneratedRegex(@"variables\('(\w+)'\)")]
    private static partial Regex VariableExpression();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleId();
}
