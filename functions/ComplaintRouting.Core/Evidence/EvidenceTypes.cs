using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ComplaintRouting.Evidence;

/// The kinds of evidence file accepted (SPEC §10, Attachments).
public enum EvidenceType { Pdf, Jpeg, Png, Text, Docx, Odt, Mp3, M4a }

/// Judges an evidence file by its content, never by its name, and makes its name safe.
public static class EvidenceTypes
{
    /// How much of the start of a file the judgement reads.
    public const int SniffBytes = 64 * 1024;

    const string OdtMimeType = "application/vnd.oasis.opendocument.text";

    /// The type judged by content from the file's first bytes (up to SniffBytes; `complete` says the whole file is in `prefix`), or null when it is none of the eight.
    public static EvidenceType? Judge(ReadOnlySpan<byte> prefix, bool complete)
    {
        if (prefix.Length > SniffBytes)
        {
            prefix = prefix[..SniffBytes];
            complete = false;
        }
        if (prefix.IsEmpty)
            return null;

        if (prefix.StartsWith("%PDF-"u8))
            return EvidenceType.Pdf;
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return EvidenceType.Png;
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return EvidenceType.Jpeg;
        if (prefix.StartsWith("PK\x03\x04"u8))
            return IsOdt(prefix) ? EvidenceType.Odt
                : IsDocx(prefix) ? EvidenceType.Docx
                : null; // any other ZIP (a plain archive, a spreadsheet, a jar, …)
        if (IsM4a(prefix))
            return EvidenceType.M4a;
        if (IsMp3(prefix, complete))
            return EvidenceType.Mp3;
        if (IsText(prefix, complete))
            return EvidenceType.Text;
        return null; // an executable (MZ, ELF), a video, an archive, anything else
    }

    public static string MediaType(this EvidenceType type) => type switch
    {
        EvidenceType.Pdf => "application/pdf",
        EvidenceType.Jpeg => "image/jpeg",
        EvidenceType.Png => "image/png",
        EvidenceType.Text => "text/plain",
        EvidenceType.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        EvidenceType.Odt => OdtMimeType,
        EvidenceType.Mp3 => "audio/mpeg",
        EvidenceType.M4a => "audio/mp4",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Extension(this EvidenceType type) => type switch
    {
        EvidenceType.Pdf => ".pdf",
        EvidenceType.Jpeg => ".jpg",
        EvidenceType.Png => ".png",
        EvidenceType.Text => ".txt",
        EvidenceType.Docx => ".docx",
        EvidenceType.Odt => ".odt",
        EvidenceType.Mp3 => ".mp3",
        EvidenceType.M4a => ".m4a",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The file inputs' <c>accept</c>: a hint to the browser's picker; the content still decides.</summary>
    public const string Accept = ".pdf,.jpg,.jpeg,.png,.txt,.docx,.odt,.mp3,.m4a,application/pdf,image/jpeg,image/png,text/plain,audio/mpeg,audio/mp4";

    public static bool IsImage(this EvidenceType type) => type is EvidenceType.Jpeg or EvidenceType.Png;

    // ---- ZIP-based documents ----

    /// The ODF rule: the first entry is `mimetype`, stored (not compressed), holding exactly the media type.
    static bool IsOdt(ReadOnlySpan<byte> p)
    {
        if (p.Length < 30)
            return false;
        var method = BinaryPrimitives.ReadUInt16LittleEndian(p[8..]);
        var compressed = BinaryPrimitives.ReadUInt32LittleEndian(p[18..]);
        var uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(p[22..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(p[26..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(p[28..]);
        if (method != 0 || compressed != OdtMimeType.Length || uncompressed != OdtMimeType.Length)
            return false;
        var start = 30 + nameLength + extraLength;
        if (p.Length < start + OdtMimeType.Length)
            return false;
        return p.Slice(30, nameLength).SequenceEqual("mimetype"u8)
            && p.Slice(start, OdtMimeType.Length).SequenceEqual("application/vnd.oasis.opendocument.text"u8);
    }

    /// An Office Open XML word-processing document: among the ZIP entries seen in the prefix are
    /// a part under `word/` and the package's `[Content_Types].xml` or its `_rels/.rels` (Word
    /// writes the content types first, LibreOffice last, after the pictures — the relationships
    /// come early in both).
    static bool IsDocx(ReadOnlySpan<byte> p)
    {
        var contentTypes = false;
        var word = false;
        void See(ReadOnlySpan<byte> name)
        {
            contentTypes |= name.SequenceEqual("[Content_Types].xml"u8) || name.SequenceEqual("_rels/.rels"u8);
            word |= name.StartsWith("word/"u8) && name.Length > 5;
        }

        // Walk the local file headers, each followed by its name, extra field and data.
        var offset = 0;
        var walked = false;
        while (offset <= p.Length - 30 && p[offset..].StartsWith("PK\x03\x04"u8))
        {
            var header = p[offset..];
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            var compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            if (30 + nameLength > header.Length)
            {
                walked = true; // the prefix ends inside this header
                break;
            }
            See(header.Slice(30, nameLength));
            if (((flags & 0x8) != 0 && compressed == 0) || compressed == uint.MaxValue)
                break; // the size follows the data (a data descriptor) or sits in a ZIP64 extra field: scan instead
            var next = (long)offset + 30 + nameLength + extraLength + compressed;
            if (next > p.Length)
            {
                walked = true; // the next header lies beyond the prefix
                break;
            }
            offset = (int)next;
            if (offset > p.Length - 30)
            {
                walked = true;
                break;
            }
        }
        // Reached the central directory (or the end of the prefix) by following the sizes.
        if (!walked && offset <= p.Length - 4 && p[offset..].StartsWith("PK\x01\x02"u8))
            walked = true;

        if (!walked && !(contentTypes && word))
        {
            // Fall back to scanning the prefix for local-header signatures.
            for (var i = p.IndexOf("PK\x03\x04"u8); i >= 0 && i <= p.Length - 30;)
            {
                int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(p[(i + 26)..]);
                if (i + 30 + nameLength <= p.Length)
                    See(p.Slice(i + 30, nameLength));
                var rest = p[(i + 4)..].IndexOf("PK\x03\x04"u8);
                i = rest < 0 ? -1 : i + 4 + rest;
            }
        }
        return contentTypes && word;
    }

    // ---- Audio ----

    /// MPEG-4 audio: an `ftyp` box whose major or a compatible brand is `M4A ` (or the audiobook `M4B `).
    /// Plain mp4 brands (isom, mp41, mp42, …) are video, not evidence audio.
    static bool IsM4a(ReadOnlySpan<byte> p)
    {
        if (p.Length < 12 || !p[4..].StartsWith("ftyp"u8))
            return false;
        static bool Audio(ReadOnlySpan<byte> brand) => brand.SequenceEqual("M4A "u8) || brand.SequenceEqual("M4B "u8);
        if (Audio(p.Slice(8, 4)))
            return true;
        var size = BinaryPrimitives.ReadUInt32BigEndian(p);
        var end = (int)Math.Min(size, (uint)p.Length);
        for (var i = 16; i + 4 <= end; i += 4)
            if (Audio(p.Slice(i, 4)))
                return true;
        return false;
    }

    /// An ID3v2 tag, or an MPEG audio frame header at the very start. Four bytes are a weak sign
    /// (a UTF-16 text's BOM FF FE and first letter make a valid one), so, as the WHATWG sniffing
    /// rule does, the frame's length is worked out and the next frame's header must be there too
    /// (unless the prefix ends first). Free-format frames (bitrate index 0), whose length cannot be
    /// known from the header, are not taken.
    static bool IsMp3(ReadOnlySpan<byte> p, bool complete)
    {
        if (p.StartsWith("ID3"u8))
            return true;
        var length = MpegFrameLength(p);
        if (length is not int first)
            return false;
        if (first + 4 > p.Length)
            return !complete || first == p.Length; // the prefix ends before a second frame could
        return MpegFrameLength(p[first..]) is not null
            && (p[first + 1] & 0xFE) == (p[1] & 0xFE)                   // same version and layer
            && ((p[first + 2] >> 2) & 0x3) == ((p[2] >> 2) & 0x3);      // same sample rate
    }

    static readonly int[][] Bitrates = // kbit/s by table and bitrate index
    [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // MPEG-1 layer I
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],    // MPEG-1 layer II
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],     // MPEG-1 layer III
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],    // MPEG-2/2.5 layer I
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],         // MPEG-2/2.5 layers II, III
    ];

    /// The length in bytes of the MPEG audio frame whose header starts `p`, or null when it is not one.
    static int? MpegFrameLength(ReadOnlySpan<byte> p)
    {
        if (p.Length < 4 || p[0] != 0xFF || (p[1] & 0xE0) != 0xE0) // 11 sync bits
            return null;
        var version = (p[1] >> 3) & 0x3;     // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
        var layer = (p[1] >> 1) & 0x3;       // 3: I, 2: II, 1: III, 0: reserved
        var bitrateIndex = p[2] >> 4;        // 15: invalid, 0: free format
        var sampleRateIndex = (p[2] >> 2) & 0x3; // 3: reserved
        var padding = (p[2] >> 1) & 0x1;
        if (version == 1 || layer == 0 || bitrateIndex is 15 or 0 || sampleRateIndex == 3)
            return null;
        var mpeg1 = version == 3;
        var table = mpeg1 ? 3 - layer : layer == 3 ? 3 : 4;
        var bitrate = Bitrates[table][bitrateIndex] * 1000;
        var sampleRate = new[] { 44100, 48000, 32000 }[sampleRateIndex] >> (version switch { 3 => 0, 2 => 1, _ => 2 });
        return layer switch
        {
            3 => (12 * bitrate / sampleRate + padding) * 4,
            1 when !mpeg1 => 72 * bitrate / sampleRate + padding,
            _ => 144 * bitrate / sampleRate + padding,
        };
    }

    // ---- Plain text ----

    /// Valid UTF-8 (a BOM allowed) without NUL or C0 controls other than tab, LF, CR and FF. An
    /// incomplete multi-byte sequence is forgiven only at the very end of an incomplete prefix.
    ///
    /// HTML, SVG and XML would pass these rules. Every attachment is served as a download
    /// (Content-Disposition: attachment, X-Content-Type-Options: nosniff) as text/plain, so markup
    /// could not run anyway; still, a "text" file whose first non-whitespace character opens a
    /// markup tag (`<!doctype`, `<html`, `<svg`, `<script`, `<?xml`, or any other `<` followed by a
    /// letter, `!`, `?` or `/`) is refused, so no markup is ever kept as evidence.
    static bool IsText(ReadOnlySpan<byte> p, bool complete)
    {
        if (p.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            p = p[3..];
        if (p.IsEmpty)
            return false; // only a BOM: nothing to keep

        var sawContent = false;
        var rest = p;
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.NeedMoreData)
                return !complete; // cut mid-character by the prefix's end
            if (status != System.Buffers.OperationStatus.Done)
                return false;
            var v = rune.Value;
            if (v < 0x20 && v is not ('\t' or '\n' or '\r' or '\f'))
                return false;
            if (!sawContent && !Rune.IsWhiteSpace(rune))
            {
                sawContent = true;
                if (v == '<' && OpensMarkup(rest[consumed..]))
                    return false;
            }
            rest = rest[consumed..];
        }
        return true;
    }

    static bool OpensMarkup(ReadOnlySpan<byte> afterLessThan) =>
        !afterLessThan.IsEmpty && afterLessThan[0] is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z')
            or (byte)'!' or (byte)'?' or (byte)'/';

    // ---- Names ----

    static readonly HashSet<string> WindowsDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    const int MaxNameLength = 100;

    /// A safe file name to show and to serve: no path (either slash), no control or bidi-override/format characters (Unicode categories Cc, Cf), no leading dots, whitespace collapsed, at most 100 characters (keep the extension), and ending in the type's extension (replace a wrong or missing one, e.g. "invoice.exe" judged PDF → "invoice.pdf"); empty/null/only-junk → "attachment" + extension. NFC-normalized.
    public static string SafeName(string? name, EvidenceType type)
    {
        var extension = type.Extension();
        var cleaned = new StringBuilder(name?.Length ?? 0);
        var lastWasSpace = false;
        for (var i = 0; i < (name?.Length ?? 0); i++)
        {
            var c = name![i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(name, i);
                if (category is not (UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.PrivateUse))
                {
                    cleaned.Append(c).Append(name[i + 1]);
                    lastWasSpace = false;
                }
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                continue; // a lone half of a pair
            if (c is '/' or '\\')
            {
                cleaned.Clear(); // keep only the last path segment
                lastWasSpace = false;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                    cleaned.Append(' ');
                lastWasSpace = true;
                continue;
            }
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse)
                continue; // Cc and Cf: U+202E and the other bidi overrides and isolates, zero-width characters; also private-use code points, which show as anything a font likes
            // Characters Windows refuses in a file name, and the quote that ends a header parameter.
            cleaned.Append(c is '"' or '<' or '>' or ':' or '|' or '?' or '*' ? '_' : c);
            lastWasSpace = false;
        }

        var text = cleaned.ToString().Normalize(NormalizationForm.FormC).TrimStart(' ', '.').TrimEnd(' ');

        // Drop a wrong extension: the last dot-part when it looks like one (letters and digits, a letter among them).
        var stem = text;
        var dot = text.LastIndexOf('.');
        if (dot >= 0)
        {
            var candidate = text[(dot + 1)..];
            if (candidate.Length is > 0 and <= 10 && candidate.All(char.IsAsciiLetterOrDigit) && candidate.Any(char.IsAsciiLetter))
                stem = text[..dot];
        }
        stem = stem.TrimEnd(' ', '.');
        if (stem.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            stem = stem[..^extension.Length].TrimEnd(' ', '.'); // "invoice.pdf.exe" → "invoice.pdf"
        if (stem.Length == 0)
            stem = "attachment";
        if (WindowsDeviceNames.Contains(stem.Split('.')[0]))
            stem = "_" + stem;

        // At most 100 characters with the extension, cut between whole characters (grapheme clusters).
        var room = MaxNameLength - extension.Length;
        if (stem.Length > room)
        {
            var cut = 0;
            var elements = StringInfo.GetTextElementEnumerator(stem);
            while (elements.MoveNext())
            {
                var end = elements.ElementIndex + elements.GetTextElement().Length;
                if (end > room)
                    break;
                cut = end;
            }
            stem = stem[..cut].TrimEnd(' ', '.');
            if (stem.Length == 0)
                stem = "attachment";
        }
        return stem + extension;
    }
}
