using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Options;

namespace ComplaintRouting.IntegrationTests.Settings;

/// <summary>
/// functions/ComplaintRouting.Functions/local.settings.example.json, for <c>func start</c> where Core
/// Tools is installed, cannot go stale: it holds every required setting and every setting a trigger
/// names, with values the app accepts at start-up; the real local.settings.json is never committed
/// or published.
/// </summary>
public partial class LocalSettingsExampleTests
{
    private static readonly string Project = Path.Combine(AzuriteProcess.FindRepositoryRoot(), "functions", "ComplaintRouting.Functions");

    private static readonly JsonElement Example = JsonDocument.Parse(File.ReadAllText(Path.Combine(Project, "local.settings.example.json"))).RootElement;

    private static Dictionary<string, string?> Values => Example.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

    [Fact]
    public void It_is_a_plain_core_tools_file_for_the_isolated_worker_on_development_storage()
    {
        Assert.False(Example.GetProperty("IsEncrypted").GetBoolean());
        Assert.Equal("dotnet-isolated", Values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", Values["AzureWebJobsStorage"]);
    }

    [Fact]
    public void It_holds_every_required_setting_and_every_setting_a_trigger_names()
    {
        foreach (var setting in AppSettings.Required)
            Assert.False(string.IsNullOrWhiteSpace(Values.GetValueOrDefault(setting)), $"local.settings.example.json has no value for {setting}");

        // The host resolves %Setting% in a trigger from these values itself, before the worker's own defaults apply.
        var metadata = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata"));
        var named = SettingReference().Matches(metadata).Select(m => m.Groups[1].Value.Replace(":", "__")).Distinct().ToArray();
        Assert.NotEmpty(named);
        foreach (var setting in named)
            Assert.False(string.IsNullOrWhiteSpace(Values.GetValueOrDefault(setting)), $"a trigger names %{setting}% and local.settings.example.json has no value for it");
    }

    [Fact]
    public void Its_values_pass_start_up_validation_and_every_name_is_one_the_app_reads()
    {
        var settings = new Dictionary<string, string?>(SettingDefaults.Values);
        foreach (var (key, value) in Values) settings[key.Replace("__", ":")] = value;
        Assert.Empty(SettingsValidationTests.StartupFailures(settings));

        var known = AppSettings.Sections
            .SelectMany(s => s.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{s.Section}__{p.Name}"))
            .Concat(SettingDefaults.Values.Keys.Select(k => k.Replace(":", "__")))
            .Concat(["FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage"])
            .ToHashSet();
        Assert.Empty(Values.Keys.Except(known));
    }

    [Fact]
    public void Its_keys_are_the_local_runners_so_both_read_the_same_development_storage()
    {
        var runner = DevelopmentSettings.Values("http://localhost:7071", "UseDevelopmentStorage=true", captureMail: false);
        foreach (var setting in new[] { "Links__SigningKey", "Encryption__Key", "Encryption__KeyId", "SendGrid__EventWebhookPublicKey", "Links__PublicBaseUrl" })
            Assert.Equal(runner[setting.Replace("__", ":")], Values[setting]);
    }

    [Fact]
    public void The_real_local_settings_json_is_ignored_by_git_and_never_published()
    {
        var ignored = File.ReadAllLines(Path.Combine(AzuriteProcess.FindRepositoryRoot(), ".gitignore")).Select(l => l.Trim());
        Assert.Contains("local.settings.json", ignored);

        var items = XDocument.Load(Path.Combine(Project, "ComplaintRouting.Functions.csproj")).Descendants("None").ToArray();
        var real = Assert.Single(items, i => (string?)i.Attribute("Update") == "local.settings.json");
        Assert.Equal("Never", (string?)real.Attribute("CopyToPublishDirectory"));
        var example = Assert.Single(items, i => (string?)i.Attribute("Update") == "local.settings.example.json");
        Assert.Equal("Never", (string?)example.Attribute("CopyToPublishDirectory"));
        Assert.Equal("Never", (string?)example.Attribute("CopyToOutputDirectory"));
    }

    [GeneratedRegex("%([A-Za-z0-9_:]+)%")]
    private static partial Regex SettingReference();
}
