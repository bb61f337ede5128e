using System.Globalization;
using System.Reflection;

namespace ComplaintRouting.Pages;

/// <summary>The one stylesheet of every page (Pages/site.css, embedded), served at <see cref="Href"/>.</summary>
public static class Stylesheet
{
    /// <summary>Root-relative, so it loads from every route: <c>/api/form</c>, <c>/api/referrals/{token}</c>, <c>/api/committee/cases/{token}</c>…</summary>
    public const string Href = "/api/form.css";

    public static string Css { get; } = Load();

    /// <summary>The page's writing direction (SPEC §12: a right-to-left language gets <c>dir="rtl"</c>).</summary>
    public static string Direction(string lang)
    {
        try { return CultureInfo.GetCultureInfo(lang).TextInfo.IsRightToLeft ? "rtl" : "ltr"; }
        catch (CultureNotFoundException) { return "ltr"; }
    }

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ComplaintRouting.Pages.site.css")!;
        return new StreamReader(stream).ReadToEnd();
    }
}
