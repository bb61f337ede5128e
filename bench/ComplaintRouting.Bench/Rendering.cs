using System.Diagnostics;
using ComplaintRouting.Email;
using ComplaintRouting.Form;
using ComplaintRouting.Pages;

namespace ComplaintRouting.Bench;

/// <summary>
/// <c>bench render</c>: what a Razor render costs (docs/performance.md, Rendering): the first render
/// of the form page and of a mail in this process, then the median of many, one HtmlRenderer each as
/// the app does. No storage, no host: the renderer alone.
/// </summary>
public static class Rendering
{
    public static async Task RunAsync(Action<string> line, int seconds)
    {
        var forms = new FormPage(PageRenderer.Detached, Microsoft.Extensions.Options.Options.Create(new ComplaintRouting.Options.AttachmentOptions()));
        (string Html, string Text) Mail() => new MailBody("de")
            .Paragraph("Guten Tag <Verband>,").Paragraph("Eine Beschwerde wurde an Sie weitergeleitet.")
            .Facts([("Aktenzeichen", "CR-2026-ABC123"), ("Eingegangen", "2026-12-03")])
            .Link("Fall öffnen", "https://example.org/api/referrals/AAAA.BBBB").Paragraph("Vertraulich.")
            .Render("Beschwerde CR-2026-ABC123", "Fußzeile");

        var watch = Stopwatch.StartNew();
        var first = await forms.ComplaintAsync("fr", "started");
        var firstForm = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        Mail();
        var firstMail = watch.Elapsed.TotalMilliseconds;

        var form = Measure(seconds, () => forms.ComplaintAsync("fr", "started").GetAwaiter().GetResult());
        var mail = Measure(seconds, () => Mail());
        var link = Measure(seconds, () => ComplaintRouting.Links.CapabilityGate.InvalidPage("es"));
        line($"Rendering: form page ({first.Length / 1024} KiB) first {firstForm:0} ms, then median {form.Median:0.00} ms (p95 {form.P95:0.00}, {form.Count} renders)");
        line($"Rendering: mail first {firstMail:0} ms, then median {mail.Median:0.000} ms (p95 {mail.P95:0.000}, {mail.Count} renders)");
        line($"Rendering: link page (invalid) median {link.Median:0.000} ms (p95 {link.P95:0.000}, {link.Count} renders)");
    }

    private static (double Median, double P95, int Count) Measure(int seconds, Action render)
    {
        for (var i = 0; i < 20; i++) render(); // warm
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed < TimeSpan.FromSeconds(seconds) || times.Count < 50)
        {
            var one = Stopwatch.StartNew();
            render();
            times.Add(one.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.95)], times.Count);
    }
}
