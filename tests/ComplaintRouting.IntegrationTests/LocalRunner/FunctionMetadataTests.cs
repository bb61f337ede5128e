using System.Text.Json;

namespace ComplaintRouting.IntegrationTests.LocalRunner;

/// <summary>Holds the generated functions.metadata (what the Azure host reads) to the SPEC, and no route in the host's reserved space.</summary>
public class FunctionMetadataTests
{
    private static readonly JsonElement[] Metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))
        .RootElement.EnumerateArray().ToArray();

    private static JsonElement Trigger(JsonElement function) => function.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("type").GetString()!.EndsWith("Trigger"));

    // SPEC §5, route prefix /api: (method, route, auth level).
    public static TheoryData<string, string, string> SpecRoutes() => new()
    {
        { "get", "form", "Anonymous" },
        { "get", "embed.js", "Anonymous" },
        { "post", "complaints", "Anonymous" },
        { "post", "complaints/{reference}/status", "Anonymous" },
        { "post", "complaints/{reference}/withdraw", "Anonymous" },
        { "get", "referrals/{token}", "Anonymous" },
        { "post", "referrals/{token}/acknowledge", "Anonymous" },
        { "post", "referrals/{token}/outcome", "Anonymous" },
        { "get", "committee/cases/{token}", "Anonymous" },
        { "post", "committee/cases/{token}/acknowledge", "Anonymous" },
        { "post", "committee/cases/{token}/recommendation", "Anonymous" },
        { "post", "committee/cases/{token}/assign", "Anonymous" },
        { "post", "committee/cases/{token}/notes", "Anonymous" },
        { "get", "committee/members/{token}", "Anonymous" },
        { "post", "committee/members/{token}/notes", "Anonymous" },
        { "post", "committee/members/{token}/recuse", "Anonymous" },
        { "get", "executive/cases/{token}", "Anonymous" },
        { "post", "executive/cases/{token}/decision", "Anonymous" },
        { "post", "committee/cases/{token}/notify-respondent", "Anonymous" },
        { "post", "complaints/{reference}/messages", "Anonymous" },
        { "post", "committee/cases/{token}/messages", "Anonymous" },
        { "post", "referrals/{token}/messages", "Anonymous" },
        { "get", "respondents/{token}", "Anonymous" },
        { "post", "respondents/{token}/reply", "Anonymous" },
        { "post", "respondents/{token}/appeal", "Anonymous" },
        { "post", "executive/cases/{token}/appeal-outcome", "Anonymous" },
        { "post", "sendgrid/events", "Anonymous" },
        { "put", "manage/directory/organizations", "Function" },
        { "put", "manage/directory/members", "Function" },
        { "get", "manage/directory/organizations", "Function" },
        { "get", "manage/directory/members", "Function" },
        { "put", "manage/committee", "Function" },
        { "get", "manage/committee", "Function" },
        { "get", "manage/cases", "Function" },
        { "get", "manage/poison", "Function" },
        { "post", "manage/poison/{queue}/redrive", "Function" },
        { "get", "manage/cases/{reference}", "Function" },
        { "get", "workspace", "Anonymous" },
        { "get", "workspace/cases/{reference}", "Anonymous" },
        { "get", "workspace/cases/{reference}/file.pdf", "Anonymous" },
        { "post", "workspace/cases/{reference}/{verb}", "Anonymous" },
        { "get", "workspace/statistics.csv", "Anonymous" },
    };

    [Theory]
    [MemberData(nameof(SpecRoutes))]
    public void Every_spec_route_is_declared_with_its_method_and_auth_level(string method, string route, string authLevel)
    {
        var matches = Metadata.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "httpTrigger" && t.GetProperty("route").GetString() == route).ToArray();

        var trigger = Assert.Single(matches, t => t.GetProperty("methods").EnumerateArray().Any(m => m.GetString() == method));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Queues_and_timers_are_declared_with_their_names_and_schedule_settings()
    {
        var queues = Metadata.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "queueTrigger").Select(t => t.GetProperty("queueName").GetString()).Order();
        var timers = Metadata.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "timerTrigger").Select(t => t.GetProperty("schedule").GetString()).ToArray();

        Assert.Equal(["chase", "mail", "routing"], queues);
        Assert.Contains("%Schedules:Chase%", timers);
        Assert.Contains("%Schedules:Digest%", timers);
        Assert.Contains("%Schedules:Redrive%", timers);
    }

    [Fact]
    public void No_route_is_in_the_space_the_Functions_host_reserves_for_itself()
    {
        var routes = Metadata.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "httpTrigger")
            .Select(t => t.GetProperty("route").GetString()!.Trim('/').ToLowerInvariant()).ToArray();

        Assert.NotEmpty(routes);
        Assert.DoesNotContain(routes, r => r.StartsWith("admin", StringComparison.Ordinal) || r.StartsWith("runtime", StringComparison.Ordinal));
    }
}
