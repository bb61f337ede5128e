using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ComplaintRouting.DirectoryStorage;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.LocalRunner;
using CsvHelper;
using CsvHelper.Configuration;

namespace ComplaintRouting.IntegrationTests.Manage;

/// <summary>
/// <c>GET /api/manage/directory/organizations</c> and <c>/members</c> (SPEC §5) through the local
/// runner and the app's own worker process, each test on an Azurite of its own: what the import
/// took comes back as the same rows, an empty directory is the header alone, awkward values are
/// quoted so a CSV reader gets them back, and nothing is served without the function key.
/// </summary>
public sealed class DirectoryExportTests : IAsyncLifetime
{
    private const string Key = "export-test-key";
    private const string OrganizationHeader = "id,name,country,referralEmail,contactName,language,active";
    private const string MemberHeader = "membershipNumber,fullName,email,country,primaryOrganizationId,language";

    private RunnerSet _set = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _set = await RunnerSet.StartAsync(1, new Dictionary<string, string?>
        {
            ["LocalHost:FunctionKey"] = Key,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        _http = new HttpClient { BaseAddress = new Uri(_set.Host.BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _set.DisposeAsync();
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("members")]
    public async Task The_sample_directory_put_then_got_gives_the_same_rows_and_putting_the_export_back_changes_nothing(string kind)
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(AzuriteProcess.FindRepositoryRoot(), "docs", "samples", kind + ".csv"));

        var put = await PutAsync(kind, sample);
        var exported = await GetAsync(kind);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Empty(put.Json.GetProperty("rejected").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, exported.Status);
        Assert.Equal("text/csv", exported.MediaType);
        Assert.Equal("utf-8", exported.Charset);
        Assert.Equal(Sorted(Parse(sample)), Sorted(Parse(exported.Body)));

        // The export is itself a valid import, and importing it again is a fixed point.
        var again = await PutAsync(kind, exported.Body);
        Assert.Equal(put.Json.GetProperty("upserted").GetInt32(), again.Json.GetProperty("upserted").GetInt32());
        Assert.Empty(again.Json.GetProperty("rejected").EnumerateArray());
        Assert.Equal(exported.Body, (await GetAsync(kind)).Body);
    }

    [Fact]
    public async Task An_empty_directory_exports_the_header_line_only()
    {
        var organizations = await GetAsync("organizations");
        var members = await GetAsync("members");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (organizations.Status, members.Status));
        Assert.Equal(OrganizationHeader + "\r\n", organizations.Body);
        Assert.Equal(MemberHeader + "\r\n", members.Body);
        Assert.Equal("text/csv", members.MediaType);
    }

    [Fact]
    public async Task Commas_quotes_and_line_breaks_are_quoted_so_a_csv_reader_gets_every_value_back()
    {
        // Through the import: commas and quotes (it refuses control characters, so no line breaks there).
        var import = OrganizationHeader + "\r\n" +
                     "AT-OEAGG,\"Arbeitskreis für Gruppentherapie, Gruppendynamik\",AT,ethik@oeagg.example,\"Eva \"\"Evi\"\" Gruber\",de,true\r\n" +
                     "BE-GROUP,Plain Name,BE,,,fr,false\r\n";
        Assert.Empty((await PutAsync("organizations", import)).Json.GetProperty("rejected").EnumerateArray());
        // Straight into the table: a value with a line break, a quote and edge spaces, as rows written
        // before the import's rules (or by hand in Storage Explorer) may hold. The export must still be valid CSV.
        var store = new DirectoryStore(new TableServiceClient(_set.Azurite.ConnectionString));
        await store.UpsertOrganizationAsync(new ComplaintRouting.Directory.Organization(
            "CH-MULTI", "Verband\r\nZweite Zeile, \"zitiert\"", "CH", "ethik@multi.example", " Kontakt ", "de", true), default);

        var exported = await GetAsync("organizations");

        Assert.Equal(
            OrganizationHeader + "\r\n" +
            "AT-OEAGG,\"Arbeitskreis für Gruppentherapie, Gruppendynamik\",AT,ethik@oeagg.example,\"Eva \"\"Evi\"\" Gruber\",de,true\r\n" +
            "BE-GROUP,Plain Name,BE,,,fr,false\r\n" +
            "CH-MULTI,\"Verband\r\nZweite Zeile, \"\"zitiert\"\"\",CH,ethik@multi.example,\" Kontakt \",de,true\r\n",
            exported.Body);
        var rows = Parse(exported.Body);
        Assert.Equal(3, rows.Count);
        Assert.Equal("Arbeitskreis für Gruppentherapie, Gruppendynamik", rows[0][1]);
        Assert.Equal("Eva \"Evi\" Gruber", rows[0][4]);
        Assert.Equal(["BE-GROUP", "Plain Name", "BE", "", "", "fr", "false"], rows[1]);
        Assert.Equal("Verband\r\nZweite Zeile, \"zitiert\"", rows[2][1]);
        Assert.Equal(" Kontakt ", rows[2][4]);
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("members")]
    public async Task Without_the_function_key_the_export_is_401_and_shows_no_row(string kind)
    {
        await PutAsync(kind, kind == "organizations"
            ? OrganizationHeader + "\nDE-SECRET,Geheim Verband,DE,ethik@geheim.example,,de,true\n"
            : MemberHeader + "\nM-SECRET,Geheim Mitglied,geheim@example.org,DE,,\n");

        using var without = await _http.GetAsync($"/api/manage/directory/{kind}");
        using var wrong = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/manage/directory/{kind}") { Headers = { { "x-functions-key", "not-the-key" } } });

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (without.StatusCode, wrong.StatusCode));
        Assert.DoesNotContain("SECRET", await without.Content.ReadAsStringAsync());
        Assert.DoesNotContain("SECRET", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("SECRET", (await GetAsync(kind)).Body);
    }

    private async Task<Answer> PutAsync(string kind, string csv) => await SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/manage/directory/{kind}")
    {
        Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
    });

    private Task<Answer> GetAsync(string kind) => SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/manage/directory/{kind}"));

    private async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Add("x-functions-key", Key);
        using var response = await _http.SendAsync(request);
        var type = response.Content.Headers.ContentType;
        return new Answer(response.StatusCode, type?.MediaType, type?.CharSet, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Data rows (header left out), each as its fields, read by CsvHelper as any client would.</summary>
    private static List<string[]> Parse(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false });
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(reader.Parser.Record!);
        return rows.Skip(1).ToList();
    }

    private static string[] Sorted(List<string[]> rows) => rows.Select(r => string.Join('\u001f', r)).Order(StringComparer.Ordinal).ToArray();

    private sealed record Answer(HttpStatusCode Status, string? MediaType, string? Charset, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }
}
