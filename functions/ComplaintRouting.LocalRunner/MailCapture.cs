using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ComplaintRouting.LocalRunner;

/// <summary>One message as SendGrid's v3 mail-send API received it.</summary>
public sealed record CapturedMail(DateTimeOffset At, string MessageId, string To, string Subject, string? Kind, string? Reference, string Html, string Text, string Raw);

/// <summary>
/// A stand-in for SendGrid's <c>POST /v3/mail/send</c>: keeps what the real SendGrid client sent,
/// answers 202 with an <c>X-Message-Id</c>, or a fault the test asks for.
/// </summary>
public sealed class MailCapture
{
    private readonly ConcurrentQueue<CapturedMail> _mails = new();
    private Func<int, (int Status, IDictionary<string, string> Headers)?>? _fault;
    private Func<int, TimeSpan?>? _stall;
    private int _attempts;

    public IReadOnlyList<CapturedMail> All => _mails.ToArray();

    /// <summary>Posts received since the last <see cref="RespondWith"/> or <see cref="StallWith"/>, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<CapturedMail> ForReference(string reference) => _mails.Where(m => m.Reference == reference).ToArray();

    /// <summary>Answers the n-th attempt (1-based) with the given status and headers instead of accepting, while the function returns one.</summary>
    public void RespondWith(Func<int, (int Status, IDictionary<string, string> Headers)?>? fault)
    {
        _fault = fault;
        Interlocked.Exchange(ref _attempts, 0);
    }

    /// <summary>Holds the n-th attempt (1-based) this long without accepting it, then answers 503 — a SendGrid that hangs — while the function returns a time.</summary>
    public void StallWith(Func<int, TimeSpan?>? stall)
    {
        _stall = stall;
        Interlocked.Exchange(ref _attempts, 0);
    }

    public async Task<CapturedMail> WaitForAsync(Func<CapturedMail, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_mails.FirstOrDefault(match) is { } mail) return mail;
            await Task.Delay(50);
        }
        throw new TimeoutException("No captured mail matched in time.");
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost("/v3/mail/send", ReceiveAsync);

    private async Task ReceiveAsync(HttpContext context)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        if (_stall?.Invoke(attempt) is { } stall)
        {
            await Task.Delay(stall, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (_fault?.Invoke(attempt) is { } fault)
        {
            context.Response.StatusCode = fault.Status;
            foreach (var (name, value) in fault.Headers) context.Response.Headers[name] = value;
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync();
        var id = Guid.NewGuid().ToString("N");
        _mails.Enqueue(Parse(raw, id));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers["X-Message-Id"] = id;
    }

    private static CapturedMail Parse(string raw, string id)
    {
        using var doc = JsonDocument.Parse(raw);
        var root = doc.RootElement;
        var personalization = root.GetProperty("personalizations")[0];
        var to = personalization.GetProperty("to")[0].GetProperty("email").GetString() ?? "";
        string? Arg(string name) =>
            root.TryGetProperty("custom_args", out var args) && args.TryGetProperty(name, out var v) ? v.GetString()
            : personalization.TryGetProperty("custom_args", out var pargs) && pargs.TryGetProperty(name, out var pv) ? pv.GetString()
            : null;
        string Content(string type) => root.TryGetProperty("content", out var content)
            ? content.EnumerateArray().Where(c => c.GetProperty("type").GetString() == type).Select(c => c.GetProperty("value").GetString()).FirstOrDefault() ?? ""
            : "";
        var subject = root.TryGetProperty("subject", out var s) ? s.GetString() ?? ""
            : personalization.TryGetProperty("subject", out var ps) ? ps.GetString() ?? "" : "";
        return new CapturedMail(DateTimeOffset.UtcNow, id, to, subject, Arg("kind"), Arg("reference"), Content("text/html"), Content("text/plain"), raw);
    }
}

/// <summary>A tiny standalone Kestrel server on 127.0.0.1 and a random port that captures mail (for tests).</summary>
public sealed class MailCaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MailCaptureServer(WebApplication app, MailCapture capture)
    {
        _app = app;
        Capture = capture;
        BaseUrl = app.Urls.First();
    }

    public MailCapture Capture { get; }
    public string BaseUrl { get; }

    public static async Task<MailCaptureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var capture = new MailCapture();
        capture.Map(app);
        await app.StartAsync();
        return new MailCaptureServer(app, capture);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
