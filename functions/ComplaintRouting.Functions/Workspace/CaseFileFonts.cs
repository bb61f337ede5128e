using PdfSharp.Fonts;

namespace ComplaintRouting.Workspace;

/// <summary>
/// The one typeface of the case file (<see cref="CaseFile"/>): DejaVu Sans, regular and bold, embedded
/// in the assembly (Workspace/Fonts, Bitstream Vera and Arev licences in LICENSE-DejaVu.txt beside them:
/// free to redistribute). It covers Latin, Greek, Cyrillic, Hebrew and Arabic letters, so a name or a
/// summary in any of the association's languages prints. PDFsharp on Linux finds no system fonts, so
/// every family it is asked for resolves to this one; PDFsharp embeds the subset a document uses.
/// </summary>
public sealed class CaseFileFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();
    private static readonly Lazy<byte[]> Regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> Bold = new(() => Load("DejaVuSans-Bold.ttf"));

    private CaseFileFonts() { }

    /// <summary>
    /// Makes these fonts PDFsharp's (once per process: PDFsharp refuses a second resolver). When
    /// something else set its own resolver first, ours becomes the fallback it asks when its own
    /// finds nothing.
    /// </summary>
    public static void Register()
    {
        if (GlobalFontSettings.FontResolver is CaseFileFonts || GlobalFontSettings.FallbackFontResolver is CaseFileFonts) return;
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is CaseFileFonts || GlobalFontSettings.FallbackFontResolver is CaseFileFonts) return;
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = new CaseFileFonts();
            else if (GlobalFontSettings.FallbackFontResolver is null) GlobalFontSettings.FallbackFontResolver = new CaseFileFonts();
        }
    }

    /// <summary>Every family is DejaVu Sans; italic is slanted by PDFsharp (the file uses none of its own).</summary>
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        BoldFace => Bold.Value,
        RegularFace => Regular.Value,
        _ => null,
    };

    private static byte[] Load(string file)
    {
        var assembly = typeof(CaseFileFonts).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Workspace.Fonts." + file, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
