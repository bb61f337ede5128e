using System.Text.Json.Nodes;
using ComplaintRouting.LocalRunner;

namespace ComplaintRouting.IntegrationTests.LocalRunner;

/// <summary>The Functions host's load rules, as the runner reproduces them, on declarations made up for each rule.</summary>
public class HostRulesTests
{
    private static HttpFunction Http(string name, string route, params string[] methods) =>
        new(name, Guid.NewGuid().ToString(), "req", new JsonObject { ["type"] = "httpTrigger" }, route, methods, "Anonymous");

    private static IReadOnlyList<string> Check(params FunctionDeclaration[] functions) =>
        HostRules.Check(functions, name => name == "Schedules:Chase" ? "0 0 * * * *" : null);

    [Theory]
    [InlineData("admin/cases")]
    [InlineData("/Admin/cases")]
    [InlineData("administration")]
    [InlineData("runtime/status")]
    public void A_route_in_the_hosts_reserved_space_is_refused_with_the_hosts_message(string route)
    {
        Assert.Equal(["Function 'Cases': The specified route conflicts with one or more built in routes."], Check(Http("Cases", route, "GET")));
    }

    [Fact]
    public void Two_functions_on_one_route_conflict_only_when_their_methods_overlap()
    {
        Assert.Empty(Check(Http("Read", "cases", "GET"), Http("Write", "/cases/", "POST")));
        Assert.Equal(["Function 'Both': The route specified conflicts with the route defined by function 'Read'."],
            Check(Http("Read", "cases", "GET"), Http("Both", "Cases", "POST", "GET")));
        Assert.Equal(["Function 'Any': The route specified conflicts with the route defined by function 'Read'."],
            Check(Http("Read", "cases", "GET"), Http("Any", "cases")));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("1st")]
    [InlineData("has space")]
    [InlineData("dotted.name")]
    public void An_invalid_function_name_is_refused(string name)
    {
        Assert.Equal([$"Function '{name}': '{name}' is not a valid function name."], Check(Http(name, "somewhere", "GET")));
    }

    [Fact]
    public void A_trigger_setting_that_does_not_resolve_is_refused_and_one_that_does_is_not()
    {
        var timer = new JsonObject { ["type"] = "timerTrigger" };
        var queue = new JsonObject { ["type"] = "queueTrigger" };

        Assert.Empty(Check(new TimerFunction("Chase", "1", "timer", timer, "%Schedules:Chase%")));
        Assert.Equal(["Function 'Digest': '%Schedules:Digest%' does not resolve to a value."], Check(new TimerFunction("Digest", "2", "timer", timer, "%Schedules:Digest%")));
        Assert.Equal(["Function 'Mail': The '%' at position 5 does not have a closing '%'"], Check(new QueueFunction("Mail", "3", "message", queue, "mail-%oops")));
        Assert.Equal("routing-0 0 * * * *", HostRules.Resolve("routing-%Schedules:Chase%", _ => "0 0 * * * *"));
    }

    [Fact]
    public void A_blob_trigger_that_polls_is_refused_on_flex_consumption()
    {
        var polling = new OtherFunction("Scan", "1", "blob", new JsonObject { ["type"] = "blobTrigger", ["path"] = "attachments/{name}" });
        var eventGrid = new OtherFunction("Scan", "1", "blob", new JsonObject { ["type"] = "blobTrigger", ["path"] = "attachments/{name}", ["source"] = "EventGrid" });

        Assert.Equal(["Function 'Scan': The Flex Consumption SKU only supports EventGrid as the source for BlobTrigger functions. Please update function 'Scan' to use EventGrid. For more information see https://aka.ms/blob-trigger-eg."],
            Check(polling));
        Assert.DoesNotContain(Check(eventGrid), e => e.Contains("Flex Consumption"));
    }
}
