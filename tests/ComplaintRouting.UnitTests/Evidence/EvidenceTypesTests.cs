using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ComplaintRouting.Evidence;

namespace ComplaintRouting.UnitTests.Evidence;

public class EvidenceTypesTests
{
    // ---- Samples, built here (this project references Core only, so no image library) ----

    /// A real 8×8 JPEG (JFIF, baseline), encoded once with SkiaSharp and kept as text.
    static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCKALXj/9k=");

    static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// A real 4×3 RGBA PNG: signature, IHDR, a zlib IDAT, IEND, each chunk with its CRC.
    static byte[] Png()
    {
        var raw = new MemoryStream();
        for (var y = 0; y < 3; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < 4; x++)
                raw.Write([(byte)(x * 60), (byte)(y * 80), 200, 255]);
        }
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(raw.ToArray());
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, 4);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), 3);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        png.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    static byte[] Zip(Action<ZipArchive> fill, bool streamed = false)
    {
        var buffer = new MemoryStream();
        // Written to a stream that cannot seek, ZipArchive puts each entry's sizes in a data
        // descriptor after its data (flag bit 3, sizes 0 in the local header), as streaming zippers do.
        Stream target = streamed ? new ForwardOnly(buffer) : buffer;
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
            fill(zip);
        return buffer.ToArray();
    }

    static void Add(ZipArchive zip, string name, string content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var s = zip.CreateEntry(name, level).Open();
        s.Write(Encoding.UTF8.GetBytes(content));
    }

    static byte[] Docx(bool streamed = false) => Zip(zip =>
    {
        Add(zip, "[Content_Types].xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
        Add(zip, "_rels/.rels",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
        Add(zip, "word/document.xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>What happened on 3 March.</w:t></w:r></w:p></w:body></w:document>""");
    }, streamed);

    static byte[] Odt(string mimeType = "application/vnd.oasis.opendocument.text", CompressionLevel level = CompressionLevel.NoCompression) => Zip(zip =>
    {
        Add(zip, "mimetype", mimeType, level); // first, stored, no newline: the ODF rule
        Add(zip, "content.xml",
            """<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>What happened.</text:p></office:text></office:body></office:document-content>""");
        Add(zip, "META-INF/manifest.xml",
            """<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>""");
    });

    /// An MPEG-1 Layer III frame header (FF FB: sync, MPEG-1, layer III, no CRC; 90: 128 kbit/s, 44.1 kHz) and its silent body.
    static byte[] Mp3Frames() => Enumerable.Range(0, 4).SelectMany(_ => new byte[] { 0xFF, 0xFB, 0x90, 0x64 }.Concat(new byte[413])).ToArray();

    static byte[] Id3Mp3() => "ID3"u8.ToArray().Concat(new byte[] { 4, 0, 0, 0, 0, 0, 10 }).Concat(new byte[10]).Concat(Mp3Frames()).ToArray();

    /// An ISO BMFF file: an `ftyp` box (size, "ftyp", major brand, minor version, compatible brands), then an empty `mdat`.
    static byte[] Mp4(string major, params string[] compatible)
    {
        var size = 16 + 4 * compatible.Length;
        var box = new byte[size + 8];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)size);
        Encoding.ASCII.GetBytes("ftyp" + major).CopyTo(box, 4);
        Encoding.ASCII.GetBytes(string.Concat(compatible)).CopyTo(box, 16);
        BinaryPrimitives.WriteUInt32BigEndian(box.AsSpan(size), 8);
        Encoding.ASCII.GetBytes("mdat").CopyTo(box, size + 4);
        return box;
    }

    /// A Windows executable's start: the DOS header (MZ, e_lfanew at 0x3C), its stub, the PE signature and a COFF header.
    static byte[] Executable()
    {
        var exe = new byte[1024];
        exe[0] = (byte)'M';
        exe[1] = (byte)'Z';
        exe[0x3C] = 0x80;
        Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.\r\r\n$").CopyTo(exe, 0x4E);
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        BinaryPrimitives.WriteUInt16LittleEndian(exe.AsSpan(0x84), 0x8664); // x64
        return exe;
    }

    static byte[] Elf() => new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }.Concat(new byte[120]).ToArray();

    static EvidenceType? Judge(byte[] file) => EvidenceTypes.Judge(file.AsSpan(0, Math.Min(file.Length, EvidenceTypes.SniffBytes)), file.Length <= EvidenceTypes.SniffBytes);

    // ---- Accepted ----

    public static TheoryData<string, EvidenceType> Accepted => new()
    {
        { "pdf", EvidenceType.Pdf },
        { "png", EvidenceType.Png },
        { "jpeg", EvidenceType.Jpeg },
        { "text", EvidenceType.Text },
        { "text-bom", EvidenceType.Text },
        { "docx", EvidenceType.Docx },
        { "docx-streamed", EvidenceType.Docx },
        { "odt", EvidenceType.Odt },
        { "mp3-frames", EvidenceType.Mp3 },
        { "mp3-id3", EvidenceType.Mp3 },
        { "m4a", EvidenceType.M4a },
        { "m4a-compatible", EvidenceType.M4a },
        { "m4b", EvidenceType.M4a },
    };

    static byte[] Sample(string name) => name switch
    {
        "pdf" => Pdf(),
        "png" => Png(),
        "jpeg" => Jpeg,
        "text" => Encoding.UTF8.GetBytes("On 3 March the referee said:\r\n\t« Ça suffit » — 田中さん\fPage 2\n"),
        "text-bom" => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Zeugin: Jürgen Groß\n")).ToArray(),
        "docx" => Docx(),
        "docx-streamed" => Docx(streamed: true),
        "odt" => Odt(),
        "mp3-frames" => Mp3Frames(),
        "mp3-id3" => Id3Mp3(),
        "m4a" => Mp4("M4A ", "M4A ", "mp42", "isom"),
        "m4a-compatible" => Mp4("mp42", "isom", "M4A "),
        "m4b" => Mp4("M4B ", "M4B ", "mp42"),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Each_type_is_recognised_from_a_real_shaped_file(string sample, EvidenceType expected)
    {
        Assert.Equal(expected, Judge(Sample(sample)));
    }

    [Fact]
    public void A_docx_written_by_a_streaming_zipper_uses_data_descriptors_and_is_still_found_by_scanning()
    {
        var docx = Docx(streamed: true);
        Assert.NotEqual(0, BinaryPrimitives.ReadUInt16LittleEndian(docx.AsSpan(6)) & 0x8); // the sample really streams
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(docx.AsSpan(18)));
        Assert.Equal(EvidenceType.Docx, Judge(docx));
    }

    [Fact]
    public void A_docx_is_judged_from_its_prefix_alone()
    {
        // A large document: the first entries carry the names, a big picture follows.
        var docx = Zip(zip =>
        {
            Add(zip, "[Content_Types].xml", "<Types/>");
            Add(zip, "word/document.xml", "<w:document/>");
            using var s = zip.CreateEntry("word/media/image1.png", CompressionLevel.NoCompression).Open();
            s.Write(new byte[200_000]);
        });
        Assert.True(docx.Length > EvidenceTypes.SniffBytes);
        Assert.Equal(EvidenceType.Docx, EvidenceTypes.Judge(docx.AsSpan(0, EvidenceTypes.SniffBytes), complete: false));
    }

    [Fact]
    public void Text_cut_mid_character_by_the_sniff_window_is_text_but_a_whole_file_ending_so_is_not()
    {
        var text = Encoding.UTF8.GetBytes("Straße €");
        var cut = text[..^1]; // the euro sign's last byte is missing

        Assert.Equal(EvidenceType.Text, EvidenceTypes.Judge(cut, complete: false));
        Assert.Null(EvidenceTypes.Judge(cut, complete: true));
        Assert.Equal(EvidenceType.Text, EvidenceTypes.Judge(text, complete: true));
    }

    [Fact]
    public void Only_the_first_SniffBytes_are_read()
    {
        // Past the window a NUL would make it binary; the judgement never sees it.
        var file = Encoding.ASCII.GetBytes(new string('a', EvidenceTypes.SniffBytes)).Concat(new byte[] { 0 }).ToArray();
        Assert.Equal(EvidenceType.Text, EvidenceTypes.Judge(file, complete: true));
    }

    // ---- Refused ----

    public static TheoryData<string> Refused => new()
    {
        "executable", "elf", "zip", "html", "html-indented", "svg", "xml", "script", "utf16", "empty", "bom-only",
        "mp4-video", "ods", "odt-deflated", "control-character", "invalid-utf8", "overlong-utf8", "bad-mp3-bitrate",
        "bad-mp3-layer", "bad-mp3-samplerate", "mp3-header-then-junk", "gzip",
    };

    static byte[] Junk(string name) => name switch
    {
        "executable" => Executable(), // whatever it is called: "invoice.pdf"
        "elf" => Elf(),
        "zip" => Zip(zip => { Add(zip, "notes.txt", "hello"); Add(zip, "word.txt", "no folder"); }),
        "html" => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        "html-indented" => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(" \r\n\t<HTML><body>hi</body></HTML>")).ToArray(),
        "svg" => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"),
        "xml" => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><complaint/>"),
        "script" => Encoding.UTF8.GetBytes("\n<script>fetch('/api')</script>"),
        // FF FE 57 00 (the BOM and "W"): on its own a valid MPEG layer I frame header.
        "utf16" => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("What happened on 3 March")).ToArray(),
        "empty" => [],
        "bom-only" => Encoding.UTF8.GetPreamble(),
        "mp4-video" => Mp4("isom", "isom", "iso2", "avc1", "mp41"),
        "ods" => Odt("application/vnd.oasis.opendocument.spreadsheet"),
        "odt-deflated" => Odt(level: CompressionLevel.Optimal),
        "control-character" => Encoding.ASCII.GetBytes("plain \u001b[31m red"),
        "invalid-utf8" => [(byte)'a', 0xFF, (byte)'b'],
        "overlong-utf8" => [(byte)'a', 0xC0, 0xAF],
        "bad-mp3-bitrate" => [0xFF, 0xFB, 0xF0, 0x64, 0, 0, 0, 0],
        "bad-mp3-layer" => [0xFF, 0xF9, 0x90, 0x64, 0, 0, 0, 0],
        "bad-mp3-samplerate" => [0xFF, 0xFB, 0x9C, 0x64, 0, 0, 0, 0],
        "mp3-header-then-junk" => new byte[] { 0xFF, 0xFB, 0x90, 0x64 }.Concat(new byte[413]).Concat(Encoding.ASCII.GetBytes(new string('x', 600))).ToArray(),
        "gzip" => [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3],
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Anything_else_is_none_of_the_eight(string sample)
    {
        Assert.Null(Judge(Junk(sample)));
    }

    [Fact]
    public void Text_that_mentions_markup_later_is_still_text()
    {
        Assert.Equal(EvidenceType.Text, Judge(Encoding.UTF8.GetBytes("He wrote <html> in the chat, and <3 after it.")));
        Assert.Equal(EvidenceType.Text, Judge(Encoding.UTF8.GetBytes("<3 thanks for listening")));
    }

    // ---- Media types and extensions ----

    [Fact]
    public void Every_type_has_its_media_type_and_extension()
    {
        Assert.Equal(
            ["application/pdf", "image/jpeg", "image/png", "text/plain",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "application/vnd.oasis.opendocument.text", "audio/mpeg", "audio/mp4"],
            Enum.GetValues<EvidenceType>().Select(t => t.MediaType()));
        Assert.Equal(
            [".pdf", ".jpg", ".png", ".txt", ".docx", ".odt", ".mp3", ".m4a"],
            Enum.GetValues<EvidenceType>().Select(t => t.Extension()));
        Assert.Equal([EvidenceType.Jpeg, EvidenceType.Png], Enum.GetValues<EvidenceType>().Where(t => t.IsImage()));
    }

    // ---- Names ----

    [Theory]
    [InlineData("../../etc/passwd", EvidenceType.Text, "passwd.txt")]
    [InlineData(@"C:\Users\anna\Desktop\Referee report.pdf", EvidenceType.Pdf, "Referee report.pdf")]
    [InlineData("uploads/..\\..\\secret.docx", EvidenceType.Docx, "secret.docx")]
    [InlineData("invoice.exe", EvidenceType.Pdf, "invoice.pdf")]
    [InlineData("invoice.pdf.exe", EvidenceType.Pdf, "invoice.pdf")]
    [InlineData("invoice", EvidenceType.Pdf, "invoice.pdf")]
    [InlineData("holiday.JPEG", EvidenceType.Jpeg, "holiday.jpg")]
    [InlineData("Minutes 12.03.2024", EvidenceType.Odt, "Minutes 12.03.2024.odt")]
    [InlineData("...hidden", EvidenceType.Text, "hidden.txt")]
    [InlineData(".htaccess", EvidenceType.Text, "htaccess.txt")]
    [InlineData(".pdf", EvidenceType.Pdf, "pdf.pdf")]
    [InlineData("  My   report\t 2024 .docx", EvidenceType.Docx, "My report 2024.docx")]
    [InlineData("line\r\nbreak\u0007bell.txt", EvidenceType.Text, "line breakbell.txt")]
    [InlineData("what \"really\" happened?.txt", EvidenceType.Text, "what _really_ happened_.txt")]
    [InlineData("CON.txt", EvidenceType.Text, "_CON.txt")]
    [InlineData("recording.mp3", EvidenceType.M4a, "recording.m4a")]
    public void A_name_loses_its_path_and_junk_and_ends_in_the_judged_extension(string name, EvidenceType type, string expected)
    {
        Assert.Equal(expected, EvidenceTypes.SafeName(name, type));
    }

    [Fact]
    public void The_right_to_left_override_trick_cannot_disguise_an_extension()
    {
        // Shown as "photoexe.jpg", really "photo" + RLO + "gpj.exe".
        var name = EvidenceTypes.SafeName("photo\u202Egpj.exe", EvidenceType.Jpeg);

        Assert.Equal("photogpj.jpg", name);
        Assert.DoesNotContain('\u202E', name);
        Assert.Equal("report.pdf", EvidenceTypes.SafeName("re\u2066po\u200Brt\u2069\uFEFF.pdf", EvidenceType.Pdf)); // isolates, zero-width
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u202E\u0000\u0007")]
    [InlineData("../..")]
    [InlineData("folder/")]
    public void A_missing_or_junk_name_becomes_attachment(string? name)
    {
        Assert.Equal("attachment.pdf", EvidenceTypes.SafeName(name, EvidenceType.Pdf));
    }

    [Fact]
    public void A_long_name_is_cut_to_100_characters_keeping_the_extension_and_whole_characters()
    {
        var name = EvidenceTypes.SafeName(new string('a', 300) + ".exe", EvidenceType.Pdf);
        Assert.Equal(100, name.Length);
        Assert.EndsWith("aaa.pdf", name);

        // Emoji (surrogate pairs) are never cut in half.
        var emoji = EvidenceTypes.SafeName(string.Concat(Enumerable.Repeat("😀", 80)) + ".txt", EvidenceType.Text);
        Assert.True(emoji.Length <= 100);
        Assert.EndsWith("😀.txt", emoji);
        for (var i = 0; i < emoji.Length; i++)
            if (char.IsHighSurrogate(emoji[i]))
                Assert.True(char.IsLowSurrogate(emoji[++i]));
            else
                Assert.False(char.IsLowSurrogate(emoji[i]));
    }

    [Fact]
    public void A_name_comes_back_NFC_normalized_and_lone_surrogates_dropped()
    {
        var name = EvidenceTypes.SafeName("Re\u0301sume\u0301.pdf", EvidenceType.Pdf);
        Assert.Equal("Résumé.pdf", name);
        Assert.True(name.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("ab.txt", EvidenceTypes.SafeName("a\uD800b.txt", EvidenceType.Text));
    }

    /// A stream that only goes forward, as a network upload does.
    sealed class ForwardOnly(Stream inner) : Stream
    {
        long written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            written += count;
        }
    }
}
