using ComplaintRouting.Api;
using ComplaintRouting.Consequences;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using ComplaintRouting.Committee;
using ComplaintRouting.Email;
using ComplaintRouting.Intake;
using ComplaintRouting.LocalRunner;
using ComplaintRouting.Referrals;
using ComplaintRouting.Routing;
using ComplaintRouting.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComplaintRouting.Bench;

/// <summary>The app's own composition with a request-counting policy; queues driven by hand as the host would.</summary>
public static partial class Harness
{
    public static async Task<ServiceProvider> StartAsync(string storage, string mailHost, RequestCounter counter, TimeProvider? clock = null)
    {
        string Key(string purpose) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("bench " + purpose)));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(SettingDefaults.Values)
        {
            ["AzureWebJobsStorage"] = storage,
            ["SendGrid:ApiKey"] = "SG.bench", ["SendGrid:FromEmail"] = "bench@example.org", ["SendGrid:Host"] = mailHost,
            ["SendGrid:EventWebhookPublicKey"] = Convert.ToBase64String(ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfo()),
            ["Committee:ChairEmail"] = "chair@example.org", ["Committee:DeputyEmail"] = "deputy@example.org",
            ["Committee:ChairName"] = "Bench Chair", ["Committee:ChairMembershipNumber"] = "BENCH-CHAIR",
            ["Committee:ChairLanguage"] = "en", ["Committee:DeputyLanguage"] = "en",
            ["ExecutiveCommittee:Email"] = "executive@example.org", ["ExecutiveCommittee:Name"] = "Executive Committee", ["ExecutiveCommittee:Language"] = "en",
            ["Links:PublicBaseUrl"] = "https://bench.example", ["Links:SigningKey"] = Key("links"),
            ["Encryption:Key"] = Key("encryption"), ["Encryption:KeyId"] = "bench",
            ["Intake:SubmissionsPerClientPerHour"] = "100000",
            ["Intake:AcknowledgementsPerAddressPerDay"] = "1000",
            ["Intake:ProofOfWorkBits"] = "1", // the server's whole path (verify and claim) at almost no client cost
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<HttpPipelinePolicy>(counter);
        if (clock is not null) services.AddSingleton(clock);
        services.AddComplaintRouting(configuration);
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(default);
        return provider;
    }

    /// <summary>Calls a function as the host would; a 428 challenge is solved and the call made again, as a client does.</summary>
    public static async Task<(int Status, string Body)> CallAsync(Func<HttpRequest, Task<IActionResult>> function, string body = "{}")
    {
        var answer = await CallOnceAsync(function, body, proof: null);
        if (answer.Status != StatusCodes.Status428PreconditionRequired) return answer;
        var problem = System.Text.Json.JsonDocument.Parse(answer.Body).RootElement;
        var (challenge, bits) = (problem.GetProperty("challenge").GetString()!, problem.GetProperty("bits").GetInt32());
        var nonce = 0L;
        while (ComplaintRouting.FloodControl.ProofOfWork.LeadingZeroBits(SHA256.HashData(Encoding.ASCII.GetBytes($"{challenge}:{nonce}"))) < bits) nonce++;
        return await CallOnceAsync(function, body, $"{challenge}:{nonce}");
    }

    private static async Task<(int Status, string Body)> CallOnceAsync(Func<HttpRequest, Task<IActionResult>> function, string body, string? proof)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        if (proof is not null) context.Request.Headers[ComplaintRouting.FloodControl.ProofOfWork.Header] = proof;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Response.Body = new MemoryStream();
        var result = await function(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    public static async Task DrainAsync(IServiceProvider services)
    {
        var queues = services.GetRequiredService<QueueServiceClient>();
        for (var round = 0; round < 20; round++)
        {
            var any = false;
            foreach (var (name, run) in new (string, Func<string, Task>)[]
            {
                (QueueNames.Routing, m => services.GetRequiredService<RoutingHandler>().RouteAsync(m, default)),
                (QueueNames.Chase, m => services.GetRequiredService<Chasing.ChaseHandler>().ChaseAsync(m, default)),
                (QueueNames.Mail, m => services.GetRequiredService<MailHandler>().SendAsync(m, default)),
            })
            {
                var queue = queues.GetQueueClient(name);
                foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
                {
                    any = true;
                    await run(message.Body.ToString());
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
            if (!any) return;
        }
    }

    [GeneratedRegex(@"/api/(referrals|committee/cases|committee/members|executive/cases|respondents)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    public static partial Regex Link();
}

/// <summary>The system clock moved on by hand: a lifecycle's steps happen days apart, as they do in use.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

public static class Lifecycle
{
    /// <summary>
    /// Requests per step (idle queue polls left out and counted apart), a day apart, then the
    /// re-drive timer meeting the index entries the lifecycle left behind.
    /// </summary>
    public static async Task<(long Total, long IdlePolls, List<(string Step, long Requests)> Steps)> CountAsync()
    {
        await using var azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None); // its own, so no other run's messages are met
        var storage = azurite.ConnectionString;
        await using var mail = await MailCaptureServer.StartAsync();
        var counter = new RequestCounter();
        var clock = new ShiftedClock();
        await using var services = await Harness.StartAsync(storage, mail.BaseUrl, counter, clock);
        var directory = services.GetRequiredService<DirectoryStorage.DirectoryStore>();
        await directory.UpsertOrganizationAsync(new Directory.Organization("DE-L", "Lifecycle Verband", "DE", "ethik@lifecycle.example", null, "de", true), default);
        await directory.UpsertMemberAsync(new Directory.Member("M-2002", "Erika Lifecycle", "erika@lifecycle.example", "DE", "DE-L"), default);
        T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(services);
        string Token(string reference, string kind) => Harness.Link().Match(mail.Capture.ForReference(reference).Last(m => m.Kind == kind).Text).Groups[2].Value;

        var steps = new List<(string, long)>();
        long idle = 0;
        async Task Step(string name, Func<Task> run, bool aDayLater = true)
        {
            if (aDayLater) clock.Offset += TimeSpan.FromDays(1);
            counter.Reset();
            await run();
            await Harness.DrainAsync(services);
            idle += counter.IdlePolls;
            steps.Add((name, counter.Count - counter.IdlePolls));
            if (Environment.GetEnvironmentVariable("BENCH_TRACE") is not null)
                Console.WriteLine($"{name}:\n  " + string.Join("\n  ", counter.Seen));
        }

        var body = """
            {"complainant":{"name":"Jane Doe","email":"jane@example.org","relationship":"patient"},
             "respondent":{"name":"Erika Lifecycle","membershipNumber":"M-2002","countryOfPractice":"DE"},
             "allegation":{"sections":["3.1"],"summary":"The therapist shared what I said in a private session with another group member."},
             "consent":{"shareWithNationalOrganization":true,"truthful":true}}
            """;
        counter.Reset();
        var (_, answer) = await Harness.CallAsync(r => Function<IntakeFunction>().Run(r, default), body);
        var reference = System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("reference").GetString()!;
        steps.Add(("intake", counter.Count));
        await Step("routing + acknowledgement and referral mails", () => Task.CompletedTask, aDayLater: false);
        var national = Token(reference, MailKind.NationalReferral.ToApi());
        await Step("national acknowledge", () => Harness.CallAsync(r => Function<ReferralFunctions>().Acknowledge(r, national, default)));
        await Step("national outcome + escalation mail", () => Harness.CallAsync(r => Function<ReferralFunctions>().Outcome(r, national, default), """{"determination":"upheld","summary":"Upheld."}"""));
        var chair = Token(reference, MailKind.CommitteeEscalation.ToApi());
        await Step("committee acknowledge", () => Harness.CallAsync(r => Function<CommitteeFunctions>().Acknowledge(r, chair, default)));
        await Step("notify the member + respondent-notice mail", () => Harness.CallAsync(r => Function<CommitteeFunctions>().NotifyRespondent(r, chair, default)));
        var respondent = Token(reference, MailKind.RespondentNotice.ToApi());
        await Step("the member's reply + committee-respondent-reply mail", () => Harness.CallAsync(r => Function<Respondents.RespondentFunctions>().Reply(r, respondent, default), """{"text":"I dispute it."}"""));
        await Step("recommendation + executive-recommendation mail", () => Harness.CallAsync(r => Function<CommitteeFunctions>().Recommend(r, chair, default), """{"recommendation":"warning","rationale":"Serious."}"""));
        var executive = Token(reference, MailKind.ExecutiveRecommendation.ToApi());
        await Step("Executive Committee decision + complainant and national-decision mails", () => Harness.CallAsync(r => Function<Executive.ExecutiveFunctions>().Decide(r, executive, default), """{"decision":"warning","statement":"A warning."}"""));
        await Step("re-drive timer meeting the entries left", () => services.GetRequiredService<Redrive.RedriveHandler>().RunAsync(default));
        return (steps.Sum(s => s.Item2), idle, steps);
    }
}
