using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace ComplaintRouting.IntegrationTests.Evidence;

/// Real-shaped evidence files built in memory, for the attachment tests: images encoded with
/// SkiaSharp and given metadata by hand, documents zipped with ZipArchive.
public static class EvidenceSamples
{
    /// Where the photos were "taken" (Trafalgar Square) and with what.
    public const string CameraMake = "Contoso Optics";
    public const string CameraModel = "Pocket 12 Pro";
    public const string PngComment = "Taken at 51.5080 N, 0.1281 W by the complainant's phone";

    /// A 64×48 JPEG carrying an EXIF APP1 segment with a camera Make and Model and a GPS IFD.
    public static byte[] JpegWithGps() => JpegWithGps(64, 48, orientation: null);

    /// A `width`×`height` JPEG whose top-left quadrant (as encoded) is red and the rest blue, with
    /// an EXIF APP1 segment: Make, Model, the given Orientation (1–8, or none) and a GPS IFD.
    public static byte[] JpegWithGps(int width, int height, ushort? orientation)
    {
        var jpeg = Jpeg(width, height);
        var tiff = ExifTiff(orientation);
        // APP1: FF E1, a big-endian length counting itself, "Exif\0\0", then the TIFF structure.
        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1, 10);
        // Straight after SOI (FF D8), where cameras put it.
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// A plain JPEG (no EXIF) with the quadrant pattern of JpegWithGps.
    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height / 2f, red);
        }
        using var pixmap = bitmap.PeekPixels();
        using var output = new MemoryStream();
        if (!pixmap.Encode(output, new SKJpegEncoderOptions(90)))
            throw new InvalidOperationException("SkiaSharp could not encode the sample JPEG.");
        return output.ToArray();
    }

    /// A 32×24 RGBA PNG with a gradient and semi-transparent pixels.
    public static byte[] Png()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(32, 24, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < 24; y++)
            for (var x = 0; x < 32; x++)
            {
                var i = (y * 32 + x) * 4;
                pixels[i] = (byte)(x * 8);
                pixels[i + 1] = (byte)(y * 10);
                pixels[i + 2] = (byte)(255 - x * 4);
                pixels[i + 3] = (byte)(x < 16 ? 255 : 37 + y * 7); // the right half semi-transparent
            }
        using var pixmap = bitmap.PeekPixels();
        using var output = new MemoryStream();
        if (!pixmap.Encode(output, SKPngEncoderOptions.Default))
            throw new InvalidOperationException("SkiaSharp could not encode the sample PNG.");
        return output.ToArray();
    }

    /// Png() with a tEXt "Comment" chunk and an eXIf chunk (Make, Model, GPS) before its pixels.
    public static byte[] PngWithMetadata()
    {
        var png = Png();
        var afterHeader = 8 + 4 + 4 + 13 + 4; // signature, then IHDR: length, type, 13 bytes, CRC
        var text = PngChunk("tEXt", [.. "Comment"u8, 0, .. Encoding.Latin1.GetBytes(PngComment)]);
        var exif = PngChunk("eXIf", ExifTiff(orientation: null));
        return [.. png[..afterHeader], .. text, .. exif, .. png[afterHeader..]];
    }

    /// A PNG whose header claims `width`×`height` pixels (8-bit RGBA), with a few bytes of IDAT: a decompression bomb's shape.
    public static byte[] PngClaiming(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8; // bits a channel
        ihdr[9] = 6; // RGBA
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(new byte[4096]); // a few rows of zeros; the rest never comes
        return [.. PngSignature, .. PngChunk("IHDR", ihdr), .. PngChunk("IDAT", idat.ToArray()), .. PngChunk("IEND", [])];
    }

    /// A valid-looking PDF of about `bytes` bytes: `%PDF-1.7` header, a one-page document whose
    /// content stream is padded with comment lines, a correct xref table and `%%EOF`.
    public static byte[] Pdf(int bytes)
    {
        var pdf = new StringBuilder("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        void Obj(string body)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }
        Obj("<< /Type /Catalog /Pages 2 0 R >>");
        Obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        var content = new StringBuilder("BT /F1 12 Tf 72 770 Td (Evidence: what happened on 3 March) Tj ET\n");
        var room = bytes - 700; // what the rest of the file takes
        while (content.Length < room)
            content.Append("% filler to make the sample the size a test wants .................\n");
        Obj($"<< /Length {content.Length} >>\nstream\n{content}endstream");
        Obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            pdf.Append($"{offset:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    /// A minimal Word document: [Content_Types].xml, the package relationships and word/document.xml.
    public static byte[] Docx() => Zip(zip =>
    {
        Add(zip, "[Content_Types].xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
        Add(zip, "_rels/.rels",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
        Add(zip, "word/document.xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>What happened on 3 March.</w:t></w:r></w:p></w:body></w:document>""");
    });

    /// A minimal OpenDocument text: the `mimetype` entry first and stored (the ODF rule), then content and manifest.
    public static byte[] Odt() => Zip(zip =>
    {
        Add(zip, "mimetype", "application/vnd.oasis.opendocument.text", CompressionLevel.NoCompression);
        Add(zip, "content.xml",
            """<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>What happened on 3 March.</text:p></office:text></office:body></office:document-content>""");
        Add(zip, "META-INF/manifest.xml",
            """<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>""");
    });

    /// The start of a Windows executable (to upload as "invoice.pdf"): a DOS header (MZ, e_lfanew
    /// at 0x3C), its stub message, the PE signature, a COFF header for x64, and filler.
    public static byte[] RenamedExecutable()
    {
        var exe = new byte[4096];
        exe[0] = (byte)'M';
        exe[1] = (byte)'Z';
        BinaryPrimitives.WriteUInt16LittleEndian(exe.AsSpan(2), 0x90);
        BinaryPrimitives.WriteInt32LittleEndian(exe.AsSpan(0x3C), 0x80);
        "This program cannot be run in DOS mode.\r\r\n$"u8.CopyTo(exe.AsSpan(0x4E));
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        BinaryPrimitives.WriteUInt16LittleEndian(exe.AsSpan(0x84), 0x8664); // machine: x64
        BinaryPrimitives.WriteUInt16LittleEndian(exe.AsSpan(0x86), 3);      // sections
        BinaryPrimitives.WriteUInt16LittleEndian(exe.AsSpan(0x94), 0xF0);   // optional header size
        BinaryPrimitives.WriteUInt16LittleEndian(exe.AsSpan(0x98), 0x20B);  // PE32+
        ".text\0\0\0"u8.CopyTo(exe.AsSpan(0x188));
        for (var i = 0x400; i < exe.Length; i++)
            exe[i] = (byte)(i * 31 + 7); // "code"
        return exe;
    }

    // ---- EXIF by hand ----

    /// A little-endian TIFF structure as EXIF carries it:
    ///   header  "II", 42, offset of IFD0 (8)
    ///   IFD0    Make (0x010F, ASCII), Model (0x0110, ASCII), [Orientation (0x0112, SHORT)], GPSInfo (0x8825, LONG: offset of the GPS IFD)
    ///   GPS IFD GPSVersionID (0x0000, BYTE×4: 2.3.0.0), GPSLatitudeRef (0x0001, "N"), GPSLatitude (0x0002, RATIONAL×3: 51° 30′ 29″),
    ///           GPSLongitudeRef (0x0003, "W"), GPSLongitude (0x0004, RATIONAL×3: 0° 7′ 41″)
    /// Each IFD is a count, 12-byte entries (tag, type, count, value or offset), then the next IFD's
    /// offset (0); values longer than four bytes follow the IFD and are pointed to.
    public static byte[] ExifTiff(ushort? orientation)
    {
        const ushort Byte = 1, Ascii = 2, Short = 3, Long = 4, Rational = 5;
        static byte[] Text(string s) => [.. Encoding.ASCII.GetBytes(s), 0];
        static byte[] Rationals(params uint[] numeratorsOverOne)
        {
            var bytes = new byte[numeratorsOverOne.Length * 8];
            for (var i = 0; i < numeratorsOverOne.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 8), numeratorsOverOne[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 8 + 4), 1);
            }
            return bytes;
        }
        static byte[] U16(ushort v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }
        static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }

        var gps = new List<(ushort Tag, ushort Type, uint Count, byte[] Value)>
        {
            (0x0000, Byte, 4, [2, 3, 0, 0]),
            (0x0001, Ascii, 2, Text("N")),
            (0x0002, Rational, 3, Rationals(51, 30, 29)),
            (0x0003, Ascii, 2, Text("W")),
            (0x0004, Rational, 3, Rationals(0, 7, 41)),
        };
        List<(ushort Tag, ushort Type, uint Count, byte[] Value)> Ifd0(uint gpsOffset)
        {
            var entries = new List<(ushort, ushort, uint, byte[])>
            {
                (0x010F, Ascii, (uint)CameraMake.Length + 1, Text(CameraMake)),
                (0x0110, Ascii, (uint)CameraModel.Length + 1, Text(CameraModel)),
            };
            if (orientation is { } o)
                entries.Add((0x0112, Short, 1, U16(o)));
            entries.Add((0x8825, Long, 1, U32(gpsOffset)));
            return entries;
        }

        const int ifd0At = 8;
        var ifd0Length = Ifd(Ifd0(0), ifd0At).Length; // the GPS IFD's place does not change IFD0's length
        var gpsAt = ifd0At + ifd0Length;
        return [.. "II"u8, .. U16(42), .. U32(ifd0At), .. Ifd(Ifd0((uint)gpsAt), ifd0At), .. Ifd(gps, gpsAt)];
    }

    /// One IFD laid out at absolute offset `at`: the entries, the next-IFD offset (none), then the long values.
    static byte[] Ifd(List<(ushort Tag, ushort Type, uint Count, byte[] Value)> entries, int at)
    {
        var table = new byte[2 + entries.Count * 12 + 4];
        var values = new List<byte>();
        BinaryPrimitives.WriteUInt16LittleEndian(table, (ushort)entries.Count);
        var dataAt = at + table.Length;
        for (var i = 0; i < entries.Count; i++)
        {
            var (tag, type, count, value) = entries[i];
            var entry = table.AsSpan(2 + i * 12, 12);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], count);
            if (value.Length <= 4)
                value.CopyTo(entry[8..]);
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)(dataAt + values.Count));
                values.AddRange(value);
                if (values.Count % 2 == 1)
                    values.Add(0); // values start on a word boundary
            }
        }
        return [.. table, .. values];
    }

    // ---- PNG and ZIP plumbing ----

    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// A PNG chunk: big-endian length, type, data, and the CRC-32 of type and data.
    public static byte[] PngChunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// The chunk types of a PNG, in order.
    public static IReadOnlyList<string> PngChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (var at = 8; at + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            types.Add(Encoding.ASCII.GetString(png, at + 4, 4));
            at += 12 + length;
        }
        return types;
    }

    static uint Crc32(ReadOnlySpan<byte> bytes)
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

    static byte[] Zip(Action<ZipArchive> fill)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            fill(zip);
        return buffer.ToArray();
    }

    static void Add(ZipArchive zip, string name, string content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var stream = zip.CreateEntry(name, level).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
