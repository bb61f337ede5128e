using System.Diagnostics;
using System.Text.Json;
using ComplaintRouting.Api;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.LocalRunner;
using Xunit.Abstractions;

namespace ComplaintRouting.IntegrationTests.Api;

/// <summary>
/// <c>GET /api/openapi.json</c>: what the function serves is a valid OpenAPI 3.1 document by a real
/// validator (npm <c>@seriousme/openapi-schema-validator</c>, run by node), and it documents exactly
/// the HTTP functions the build declares in functions.metadata — each route and method, with the
/// function key where the function demands one — so the document cannot silently go stale.
/// </summary>
public sealed class OpenApiDocumentTests(ITestOutputHelper output)
{
    private const string ValidatorPackage = "@seriousme/openapi-schema-validator";
    private static readonly SemaphoreSlim Install = new(1, 1);

    private static readonly JsonElement[] HttpTriggers = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))
        .RootElement.EnumerateArray()
        .Select(f => f.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("type").GetString()!.EndsWith("Trigger")))
        .Where(t => t.GetProperty("type").GetString() == "httpTrigger")
        .ToArray();

    private static async Task<HttpAnswer> ServedAsync() =>
        await AppFixture.CallAsync(r => { r.Method = "GET"; return Task.FromResult(new OpenApiFunction().Run(r)); });

    private static JsonElement Paths(HttpAnswer served) => served.Json.GetProperty("paths");

    [Fact]
    public async Task The_served_document_is_valid_OpenAPI_3_1_by_a_real_validator()
    {
        var served = await ServedAsync();
        Assert.Equal(200, served.Status);
        Assert.StartsWith("application/json", served.ContentType);
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, served.Body);
        try
        {
            var (exitCode, stdout, stderr) = await NodeAsync(file);
            output.WriteLine(stdout);
            output.WriteLine(stderr);

            var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
            Assert.True(result.GetProperty("valid").GetBoolean(), $"The validator refused the document: {result.GetProperty("errors")}");
            Assert.Equal("3.1", result.GetProperty("version").GetString());
            Assert.Equal(0, exitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_validator_refuses_a_broken_document_so_a_pass_means_something()
    {
        var broken = JsonSerializer.Serialize(new { openapi = "3.1.0", info = new { title = "x" }, paths = new Dictionary<string, object>() });
        var file = Path.Combine(Path.GetTempPath(), $"openapi-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, broken);
        try
        {
            var (exitCode, stdout, _) = await NodeAsync(file);

            Assert.NotEqual(0, exitCode);
            Assert.False(JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.GetProperty("valid").GetBoolean());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Every_http_function_in_functions_metadata_is_a_path_and_method_of_the_document()
    {
        var paths = Paths(await ServedAsync());
        Assert.NotEmpty(HttpTriggers);

        var missing = (from t in HttpTriggers
                       from method in t.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant())
                       let path = "/" + t.GetProperty("route").GetString()!.Trim('/')
                       where !(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _))
                       select $"{method.ToUpperInvariant()} {path}").ToArray();

        Assert.True(missing.Length == 0, "Not in openapi.json: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_document_has_no_path_or_method_that_no_function_serves()
    {
        var paths = Paths(await ServedAsync());
        var declared = HttpTriggers.SelectMany(t => t.GetProperty("methods").EnumerateArray()
            .Select(m => $"{m.GetString()!.ToLowerInvariant()} /{t.GetProperty("route").GetString()!.Trim('/')}")).ToHashSet();
        string[] methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

        var phantom = (from path in paths.EnumerateObject()
                       from method in path.Value.EnumerateObject().Select(p => p.Name).Where(methods.Contains)
                       where !declared.Contains($"{method} {path.Name}")
                       select $"{method.ToUpperInvariant()} {path.Name}").ToArray();

        Assert.True(phantom.Length == 0, "In openapi.json but served by no function: " + string.Join(", ", phantom));
    }

    [Fact]
    public async Task Operations_demand_the_function_key_exactly_where_the_function_does_and_every_4xx_json_answer_is_problem_json()
    {
        var document = (await ServedAsync()).Json;
        var paths = document.GetProperty("paths");
        Assert.Contains(document.GetProperty("security").EnumerateArray(), s => s.TryGetProperty("functionKey", out _));

        foreach (var trigger in HttpTriggers)
        {
            var path = "/" + trigger.GetProperty("route").GetString()!.Trim('/');
            var keyed = trigger.GetProperty("authLevel").GetString() != "Anonymous";
            foreach (var method in trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()))
            {
                var operation = paths.GetProperty(path).GetProperty(method);
                // An operation's own "security": [] makes it anonymous; without one it inherits the function key.
                var anonymous = operation.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
                Assert.True(keyed != anonymous, $"{method.ToUpperInvariant()} {path}: authLevel {trigger.GetProperty("authLevel").GetString()} but the document says {(anonymous ? "anonymous" : "key")}.");
                var responses = operation.GetProperty("responses");
                if (keyed) Assert.True(responses.TryGetProperty("401", out _), $"{method.ToUpperInvariant()} {path} does not document 401.");

                foreach (var response in responses.EnumerateObject().Where(r => r.Name.StartsWith('4')))
                {
                    var resolved = Resolve(document, response.Value);
                    if (!resolved.TryGetProperty("content", out var content)) continue;
                    Assert.False(content.TryGetProperty("application/json", out _), $"{method.ToUpperInvariant()} {path} {response.Name}: an error is application/problem+json, not application/json.");
                }
            }
        }
    }

    [Fact]
    public void The_document_is_served_anonymously_at_api_openapi_json()
    {
        var trigger = Assert.Single(HttpTriggers, t => t.GetProperty("route").GetString() == "openapi.json");

        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    private static JsonElement Resolve(JsonElement document, JsonElement value)
    {
        if (!value.TryGetProperty("$ref", out var reference)) return value;
        var node = document;
        foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/')) node = node.GetProperty(part);
        return node;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> NodeAsync(string documentFile)
    {
        var root = AzuriteProcess.FindRepositoryRoot();
        await EnsureValidatorInstalledAsync(root);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "tests", "ComplaintRouting.IntegrationTests", "Api", "openapi-validate.mjs"));
        start.ArgumentList.Add(documentFile);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node is needed to validate the OpenAPI document.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        return (node.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like Azurite, the validator comes from the repository's package.json: installed with npm when missing.</summary>
    private static async Task EnsureValidatorInstalledAsync(string root)
    {
        var package = Path.Combine(root, "node_modules", ValidatorPackage, "package.json");
        if (File.Exists(package)) return;
        await Install.WaitAsync();
        try
        {
            if (File.Exists(package)) return;
            var npm = new ProcessStartInfo("npm") { WorkingDirectory = root, UseShellExecute = false };
            foreach (var arg in new[] { "install", "--no-audit", "--no-fund" }) npm.ArgumentList.Add(arg);
            using var install = Process.Start(npm) ?? throw new InvalidOperationException($"npm is needed to install {ValidatorPackage}.");
            await install.WaitForExitAsync();
            if (!File.Exists(package)) throw new InvalidOperationException($"'npm install' in {root} did not install {ValidatorPackage}.");
        }
        finally
        {
            Install.Release();
        }
    }
}
