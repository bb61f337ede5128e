using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplaintRouting.Evidence;
using ComplaintRouting.Intake;
using ComplaintRouting.Links;
using ComplaintRouting.LocalRunner;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace ComplaintRouting.Bench;

/// <summary>
/// <c>bench uploads [repeats]</c>: evidence (SPEC §10, issue 16) through the app's own functions on
/// its own Azurite — a 10 MiB PDF uploaded by the complainant (<see cref="EvidenceFunctions.AttachFromComplainant"/>)
/// and downloaded on the chair's link (<see cref="EvidenceFunctions.DownloadForCommittee"/>), then a
/// 4000×3000 JPEG, which is decoded and encoded again by design. The request body is generated as
/// it is read and the download goes into a counting sink, so what is allocated is the app's.
/// </summary>
public static partial class Uploads
{
    public const int FileBytes = 10 * 1024 * 1024;
    private const string Boundary = "----bench-evidence-Hq2v7Zr";
    private const string ChairEmail = "chair@example.org"; // Harness's Committee:ChairEmail

    public static async Task RunAsync(Action<string> line, int repeats)
    {
        await using var azurite = await AzuriteProcess.StartAsync(0, 0, 0, CancellationToken.None);
        await using var mail = await MailCaptureServer.StartAsync();
        var counter = new RequestCounter();
        await using var services = await Harness.StartAsync(azurite.ConnectionString, mail.BaseUrl, counter);
        var evidence = ActivatorUtilities.CreateInstance<EvidenceFunctions>(services);
        var tokens = services.GetRequiredService<CapabilityTokens>();

        var pdf = new PdfContent(FileBytes);
        var pdfHash = pdf.Sha256();
        var jpeg = Jpeg(4000, 3000, quality: 90);
        var jpegContent = new ArrayContent(jpeg);

        // Each upload goes to a case of its own (a case holds at most 50 MiB of files), created and
        // routed before the clock starts.
        async Task<(string Reference, string Code)> NewCaseAsync()
        {
            var (status, answer) = await Harness.CallAsync(r => ActivatorUtilities.CreateInstance<IntakeFunction>(services).Run(r, default), Complaint);
            if (status != StatusCodes.Status202Accepted) throw new InvalidOperationException($"intake answered {status}: {answer}");
            var root = JsonDocument.Parse(answer).RootElement;
            await Harness.DrainAsync(services);
            return (root.GetProperty("reference").GetString()!, root.GetProperty("followUpCode").GetString()!);
        }

        async Task<Measured> UploadAsync(IFileContent content, string fileName, Probe? probe = null)
        {
            var (reference, code) = await NewCaseAsync();
            var body = new GeneratedBody(Head(code, fileName), content, Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"));
            var context = new DefaultHttpContext();
            context.Request.Method = "POST";
            context.Request.ContentType = $"multipart/form-data; boundary={Boundary}";
            context.Request.ContentLength = body.Length;
            context.Request.Body = body;
            context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.7");
            var response = new MemoryStream(); // the 201's JSON, a few hundred bytes
            context.Response.Body = response;

            // How much of the body had been read when each block went out: streamed, the first goes out after about 4 MiB.
            var readAtBlocks = new List<long>();
            counter.Reset();
            counter.Sending = seen => { if (seen.EndsWith("?comp=block", StringComparison.Ordinal)) readAtBlocks.Add(body.Position); };
            probe?.Start();
            var (started, allocated, gen2) = (Stopwatch.GetTimestamp(), GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(2));
            var result = await evidence.AttachFromComplainant(context.Request, reference, default);
            await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
            var measured = new Measured(Stopwatch.GetElapsedTime(started).TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - allocated,
                GC.CollectionCount(2) - gen2, counter.Count, [.. counter.Seen], probe?.Stop()) { ReadAtBlocks = readAtBlocks };
            counter.Sending = null;

            var answer = Encoding.UTF8.GetString(response.ToArray());
            if (context.Response.StatusCode != StatusCodes.Status201Created) throw new InvalidOperationException($"upload answered {context.Response.StatusCode}: {answer}");
            if (body.Position != body.Length) throw new InvalidOperationException($"the upload read {body.Position} of {body.Length} body bytes");
            var file = JsonDocument.Parse(answer).RootElement.GetProperty("attachments")[0];
            // What the upload left for the queues (the drain's receives that find a queue empty are left out).
            counter.Reset();
            await Harness.DrainAsync(services);
            return measured with
            {
                Reference = reference, Id = file.GetProperty("id").GetString()!, StoredBytes = file.GetProperty("bytes").GetInt64(),
                AfterRequests = counter.Count - counter.IdlePolls,
            };
        }

        async Task<Measured> DownloadAsync(Measured uploaded, Probe? probe = null)
        {
            var now = DateTimeOffset.UtcNow;
            var token = tokens.Issue(uploaded.Reference, new LinkParty.Committee(), ChairEmail, now, now.AddDays(1));
            var context = new DefaultHttpContext();
            context.Request.Method = "GET";
            context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.7");
            var sink = new CountingSink();
            context.Response.Body = sink;

            counter.Reset();
            probe?.Start();
            var (started, allocated, gen2) = (Stopwatch.GetTimestamp(), GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(2));
            var result = await evidence.DownloadForCommittee(context.Request, token, uploaded.Id, default);
            await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
            var measured = new Measured(Stopwatch.GetElapsedTime(started).TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - allocated,
                GC.CollectionCount(2) - gen2, counter.Count, [.. counter.Seen], probe?.Stop());

            if (context.Response.StatusCode != StatusCodes.Status200OK) throw new InvalidOperationException($"download answered {context.Response.StatusCode}");
            if (sink.Count != FileBytes || !sink.Hash().SequenceEqual(pdfHash)) throw new InvalidOperationException($"the download gave {sink.Count} bytes, not the file uploaded");
            return measured;
        }

        // Warm up (JIT, connection pool, the SDK's buffers), then measure; the memory probes run apart,
        // since their forced collections would slow what is timed.
        var coldHeap = LiveHeap();
        var firstUpload = await UploadAsync(pdf, "evidence.pdf");
        var firstDownload = await DownloadAsync(firstUpload);
        await UploadAsync(jpegContent, "photo.jpg");
        var idleHeap = LiveHeap();
        var before = Process.GetCurrentProcess().PeakWorkingSet64;

        var pdfUploads = new List<Measured>();
        for (var i = 0; i < repeats; i++) pdfUploads.Add(await UploadAsync(pdf, "evidence.pdf"));
        if (pdfUploads.Any(u => u.StoredBytes != FileBytes)) throw new InvalidOperationException("a stored PDF is not 10 MiB");
        var downloads = new List<Measured>();
        foreach (var uploaded in pdfUploads) downloads.Add(await DownloadAsync(uploaded));
        var peakAfterPdf = Process.GetCurrentProcess().PeakWorkingSet64;
        var jpegUploads = new List<Measured>();
        for (var i = 0; i < Math.Max(3, repeats / 2); i++) jpegUploads.Add(await UploadAsync(jpegContent, "photo.jpg"));
        var peakAfterTimed = Process.GetCurrentProcess().PeakWorkingSet64;

        var pdfProbes = new List<Measured>();
        for (var i = 0; i < 3; i++) pdfProbes.Add(await UploadAsync(pdf, "evidence.pdf", new Probe()));
        var downloadProbes = new List<Measured>();
        foreach (var uploaded in pdfProbes) downloadProbes.Add(await DownloadAsync(uploaded, new Probe()));
        var jpegProbes = new List<Measured>();
        for (var i = 0; i < 3; i++) jpegProbes.Add(await UploadAsync(jpegContent, "photo.jpg", new Probe()));
        // A small PDF for scale: what a streamed upload holds should not grow with the file.
        var smallPdf = new PdfContent(1024 * 1024);
        var smallProbes = new List<Measured>();
        for (var i = 0; i < 3; i++) smallProbes.Add(await UploadAsync(smallPdf, "small.pdf", new Probe()));

        double MiB(long bytes) => bytes / (1024.0 * 1024);
        string Rate(IEnumerable<Measured> runs, long bytes)
        {
            var rates = runs.Select(r => MiB(bytes) / (r.Ms / 1000)).Order().ToList();
            return $"{Median(rates):0.0} ({rates[0]:0.0}–{rates[^1]:0.0})";
        }
        string Ms(IEnumerable<Measured> runs)
        {
            var ms = runs.Select(r => r.Ms).Order().ToList();
            return $"{Median(ms):0} ({ms[0]:0}–{ms[^1]:0})";
        }
        string Allocated(IEnumerable<Measured> runs, long bytes)
        {
            var a = runs.Select(r => (double)r.Allocated).Order().ToList();
            return $"{MiB((long)Median(a)):0.0} MiB ({Median(a) / bytes:0.00}× the file)";
        }
        string Peak(IEnumerable<Measured> runs, Func<Probe.Result, long> of) => $"{MiB(runs.Max(r => of(r.Probe!))):0.0} MiB";
        string Requests(IEnumerable<Measured> runs)
        {
            var counts = runs.Select(r => r.Requests).Distinct().Order().ToList();
            return counts.Count == 1 ? $"{counts[0]}" : $"{counts[0]}–{counts[^1]}";
        }

        line($"## Evidence uploads (SPEC §10, issue 16) — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, "
            + $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, Azurite in memory");
        line("");
        line($"The app's functions called in this process as the host would, one at a time, {repeats} runs after a warm-up (the JPEG {jpegUploads.Count}); "
            + "each upload into a case of its own. The request body is generated as it is read, the download goes into a counting sink.");
        line("");
        line("| | file | MiB/s, median (range) | ms per call, median (range) | allocated per call, median | peak managed heap above idle | peak working set above idle | storage requests (+ queued work after) |");
        line("|---|---|---|---|---|---|---|---|");
        line($"| PDF upload (streamed, sealed, 4 MiB blocks) | {MiB(FileBytes):0} MiB | {Rate(pdfUploads, FileBytes)} | {Ms(pdfUploads)} | {Allocated(pdfUploads, FileBytes)} | "
            + $"{Peak(pdfProbes, p => p.ManagedAboveIdle)} | {Peak(pdfProbes, p => p.WorkingSetAboveIdle)} | {Requests(pdfUploads)} (+{pdfUploads.Max(u => u.AfterRequests)}) |");
        line($"| PDF download (chair's link, opened as it streams) | {MiB(FileBytes):0} MiB | {Rate(downloads, FileBytes)} | {Ms(downloads)} | {Allocated(downloads, FileBytes)} | "
            + $"{Peak(downloadProbes, p => p.ManagedAboveIdle)} | {Peak(downloadProbes, p => p.WorkingSetAboveIdle)} | {Requests(downloads)} |");
        line($"| JPEG upload, 4000×3000, quality 90 (decoded, encoded again) | {MiB(jpeg.Length):0.0} MiB | {Rate(jpegUploads, jpeg.Length)} | {Ms(jpegUploads)} | {Allocated(jpegUploads, jpeg.Length)} | "
            + $"{Peak(jpegProbes, p => p.ManagedAboveIdle)} | {Peak(jpegProbes, p => p.WorkingSetAboveIdle)} | {Requests(jpegUploads)} (+{jpegUploads.Max(u => u.AfterRequests)}) |");
        line($"| for scale: PDF upload, memory probe only | 1 MiB | | | | {Peak(smallProbes, p => p.ManagedAboveIdle)} | {Peak(smallProbes, p => p.WorkingSetAboveIdle)} | {Requests(smallProbes)} |");
        line("");
        line($"Stored JPEG: {MiB(jpegUploads[0].StoredBytes):0.0} MiB (re-encoded at the app's quality 92). Full (gen 2) collections during the timed runs: "
            + $"PDF uploads {pdfUploads.Sum(u => u.Gen2)}, downloads {downloads.Sum(u => u.Gen2)}, JPEG uploads {jpegUploads.Sum(u => u.Gen2)}. "
            + $"Idle managed heap {MiB(coldHeap):0.0} MiB before the first upload, {MiB(idleHeap):0.0} MiB after the warm-up; process peak working set {MiB(before):0} MiB before the timed runs, {MiB(peakAfterPdf):0} MiB after the PDF uploads and downloads, {MiB(peakAfterTimed):0} MiB after the JPEG uploads.");
        line($"The first upload and download of the process (JIT, the SDK's first buffers) allocated {MiB(firstUpload.Allocated):0.0} and {MiB(firstDownload.Allocated):0.0} MiB.");
        line($"Probe samples per call: at least {pdfProbes.Concat(downloadProbes).Concat(jpegProbes).Concat(smallProbes).Min(p => p.Probe!.Samples)}.");
        line("");
        line($"Body read when each block was sent (one PDF upload): {string.Join(", ", pdfUploads[0].ReadAtBlocks.Select(b => $"{MiB(b):0.00} MiB"))} of {MiB(FileBytes):0} MiB.");
        line($"Requests of one PDF upload: {Breakdown(pdfUploads[0].Seen)}");
        line($"Requests of one download: {Breakdown(downloads[0].Seen)}");
        line($"Requests of one JPEG upload: {Breakdown(jpegUploads[0].Seen)}");
        line("");
        line("Allocated: `GC.GetTotalAllocatedBytes(precise: true)` before and after the call, every thread (an async call continues on pool threads, "
            + "so the current thread's count would miss most of it). Peak heap: a sampler thread forcing a full blocking collection every 2 ms during "
            + "the call (separate runs, not timed) and reading the live managed heap (`GC.GetTotalMemory`) and the process's working set, "
            + "the idle reading taken just before the call. Native memory (SkiaSharp's pixels) shows in the working set only.");
        line("");
    }

    private static string Breakdown(IEnumerable<string> seen) => string.Join(", ", seen.Select(Label).GroupBy(l => l).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}"));

    /// <summary>A request as <c>METHOD table-or-container/…</c>, the case and file names left out.</summary>
    private static string Label(string seen)
    {
        var (method, path) = (seen[..seen.IndexOf(' ')], seen[(seen.IndexOf(' ') + 1)..]);
        path = Account().Replace(path, "");
        path = CaseReference().Replace(path, "{case}");
        path = FileId().Replace(path, "/{id}");
        path = Keys().Replace(path, "(…)");
        return $"{method} {path}";
    }

    [GeneratedRegex(@"^/?devstoreaccount1/")]
    private static partial Regex Account();

    [GeneratedRegex(@"CR-[A-Z0-9]{4}-[A-Z0-9]{4}")]
    private static partial Regex CaseReference();

    [GeneratedRegex(@"/[0-9a-f]{16}(?=$|\?)")]
    private static partial Regex FileId();

    [GeneratedRegex(@"\(.*\)")]
    private static partial Regex Keys();

    private static double Median(List<double> sorted) => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static long LiveHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(false);
    }

    private static byte[] Head(string code, string fileName) => Encoding.UTF8.GetBytes(
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"followUpCode\"\r\n\r\n{code}\r\n"
        + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n");

    private const string Complaint = """
        {"complainant":{"name":"Jane Doe","email":"jane@example.org","relationship":"patient"},
         "respondent":{"name":"Nobody Known","countryOfPractice":"DE"},
         "allegation":{"sections":["3.1"],"summary":"The therapist shared what I said in a private session with another group member."},
         "consent":{"shareWithNationalOrganization":true,"truthful":true}}
        """;

    /// <summary>A photo-like JPEG: smooth gradients with grain, so it compresses as a photo does (a few MB at 12 MP), not as pure noise.</summary>
    private static byte[] Jpeg(int width, int height, int quality)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        var random = new Random(16);
        var grain = new byte[pixels.Length];
        random.NextBytes(grain);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 4;
                int Channel(double value, int k) => Math.Clamp((int)value + (grain[i + k] % 41) - 20, 0, 255);
                pixels[i] = (byte)Channel(128 + 100 * Math.Sin(x / 300.0) * Math.Cos(y / 410.0), 0);
                pixels[i + 1] = (byte)Channel(255.0 * y / height, 1);
                pixels[i + 2] = (byte)Channel(255.0 * x / width, 2);
                pixels[i + 3] = 255;
            }
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    private sealed record Measured(double Ms, long Allocated, int Gen2, long Requests, IReadOnlyList<string> Seen, Probe.Result? Probe)
    {
        public string Reference { get; init; } = "";
        public string Id { get; init; } = "";
        public long StoredBytes { get; init; }
        public long AfterRequests { get; init; }
        public IReadOnlyList<long> ReadAtBlocks { get; init; } = [];
    }

    /// <summary>A file's bytes by offset, produced into the caller's buffer.</summary>
    private interface IFileContent
    {
        long Length { get; }
        void CopyTo(long offset, Span<byte> destination);
    }

    /// <summary><c>%PDF-1.7\n</c>, random bytes (a 1 MiB pattern repeated, made once), <c>%%EOF\n</c>.</summary>
    private sealed class PdfContent : IFileContent
    {
        private static readonly byte[] Header = "%PDF-1.7\n"u8.ToArray();
        private static readonly byte[] Trailer = "%%EOF\n"u8.ToArray();
        private static readonly byte[] Pattern = MakePattern();

        public PdfContent(long length) => Length = length;

        public long Length { get; }

        private static byte[] MakePattern()
        {
            var pattern = new byte[1_048_573]; // not a multiple of any chunk or block size
            new Random(10).NextBytes(pattern);
            if (pattern.AsSpan().IndexOf(Encoding.ASCII.GetBytes("--" + Boundary)) >= 0) throw new InvalidOperationException("the filler holds the boundary");
            return pattern;
        }

        public void CopyTo(long offset, Span<byte> destination)
        {
            while (destination.Length > 0)
            {
                int n;
                if (offset < Header.Length) Header.AsSpan((int)offset, n = Math.Min(destination.Length, Header.Length - (int)offset)).CopyTo(destination);
                else if (offset >= Length - Trailer.Length)
                    Trailer.AsSpan((int)(offset - (Length - Trailer.Length)), n = Math.Min(destination.Length, (int)(Length - offset))).CopyTo(destination);
                else
                {
                    var at = (int)((offset - Header.Length) % Pattern.Length);
                    n = (int)Math.Min(Math.Min(destination.Length, Pattern.Length - at), Length - Trailer.Length - offset);
                    Pattern.AsSpan(at, n).CopyTo(destination);
                }
                destination = destination[n..];
                offset += n;
            }
        }

        public byte[] Sha256()
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            for (long at = 0; at < Length; at += buffer.Length)
            {
                var n = (int)Math.Min(buffer.Length, Length - at);
                CopyTo(at, buffer.AsSpan(0, n));
                hash.AppendData(buffer, 0, n);
            }
            return hash.GetHashAndReset();
        }
    }

    private sealed class ArrayContent(byte[] bytes) : IFileContent
    {
        public long Length => bytes.Length;

        public void CopyTo(long offset, Span<byte> destination) => bytes.AsSpan((int)offset, destination.Length).CopyTo(destination);
    }

    /// <summary>A multipart body produced as it is read: the fields and the file part's headers, the file, the closing boundary.</summary>
    private sealed class GeneratedBody(byte[] head, IFileContent file, byte[] tail) : Stream
    {
        private long _position;
        private Task<int>? _last;

        public override long Length => head.Length + file.Length + tail.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length && _position < Length)
            {
                var destination = buffer[written..];
                int n;
                if (_position < head.Length)
                    head.AsSpan((int)_position, n = Math.Min(destination.Length, head.Length - (int)_position)).CopyTo(destination);
                else if (_position < head.Length + file.Length)
                    file.CopyTo(_position - head.Length, destination[..(n = (int)Math.Min(destination.Length, head.Length + file.Length - _position))]);
                else
                    tail.AsSpan((int)(_position - head.Length - file.Length), n = (int)Math.Min(destination.Length, Length - _position)).CopyTo(destination);
                _position += n;
                written += n;
            }
            return written;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var n = Read(buffer.AsSpan(offset, count));
            return _last is { } last && last.Result == n ? last : _last = Task.FromResult(n);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Where a download goes: counted and hashed as it passes, nothing kept.</summary>
    private sealed class CountingSink : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Count { get; private set; }
        public byte[] Hash() => _hash.GetHashAndReset();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            Count += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// The most the call holds: a thread forcing a full blocking collection every 2 ms and reading the
    /// live managed heap and the working set, against the same readings taken just before the call.
    /// </summary>
    private sealed class Probe
    {
        public sealed record Result(long ManagedAboveIdle, long WorkingSetAboveIdle, int Samples);

        private Thread? _thread;
        private volatile bool _stop;
        private long _idleManaged, _idleWorkingSet, _maxManaged, _maxWorkingSet;
        private int _samples;

        private static (long Managed, long WorkingSet) Sample(Process process)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            var managed = GC.GetTotalMemory(false);
            process.Refresh();
            return (managed, process.WorkingSet64);
        }

        public void Start()
        {
            var process = Process.GetCurrentProcess();
            (_idleManaged, _idleWorkingSet) = Sample(process);
            (_maxManaged, _maxWorkingSet) = (_idleManaged, _idleWorkingSet);
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    var (managed, workingSet) = Sample(process);
                    (_maxManaged, _maxWorkingSet) = (Math.Max(_maxManaged, managed), Math.Max(_maxWorkingSet, workingSet));
                    _samples++;
                    Thread.Sleep(2);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public Result Stop()
        {
            _stop = true;
            _thread!.Join();
            return new Result(_maxManaged - _idleManaged, _maxWorkingSet - _idleWorkingSet, _samples);
        }
    }
}
