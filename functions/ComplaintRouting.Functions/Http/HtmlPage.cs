using System.Text;
using System.Text.Encodings.Web;

namespace ComplaintRouting.Http;

/// <summary>
/// A complete, accessible HTML page with the strict headers every page gets: no script, no
/// framing, no referrer. Text goes in through <see cref="Text"/>, which encodes it.
/// </summary>
public sealed class HtmlPage(string title, string language = "en")
{
    public const string Csp = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private readonly StringBuilder _body = new();

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public HtmlPage Heading(int level, string text) => Raw($"<h{level}>{Encode(text)}</h{level}>\n");

    public HtmlPage Text(string text, string tag = "p") => Raw($"<{tag}>{Encode(text)}</{tag}>\n");

    /// <summary>Preformatted user text (line breaks kept).</summary>
    public HtmlPage Quote(string text) => Raw($"<blockquote style=\"white-space:pre-wrap\">{Encode(text)}</blockquote>\n");

    public HtmlPage Facts(IEnumerable<(string Label, string? Value)> facts)
    {
        _body.Append("<dl>\n");
        foreach (var (label, value) in facts)
            _body.Append("<dt>").Append(Encode(label)).Append("</dt><dd>").Append(Encode(value ?? "—")).Append("</dd>\n");
        _body.Append("</dl>\n");
        return this;
    }

    public HtmlPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    public ApiResult Result(int status = 200) => ApiResult.Html(Render(), status, new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = Csp,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
    });

    public string Render() => $"""
        <!DOCTYPE html>
        <html lang="{Encode(language)}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
        <title>{Encode(title)}</title>
        <style>
        body{"{"}font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fff{"}"}
        main{"{"}max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem{"}"}
        dt{"{"}font-weight:600{"}"} dd{"{"}margin:0 0 .5rem 0{"}"}
        label{"{"}display:block;font-weight:600;margin-top:1rem{"}"}
        textarea,select,input{"{"}font:inherit;padding:.4rem;border:1px solid #555;border-radius:4px;max-width:100%{"}"}
        textarea{"{"}width:100%;min-height:8rem{"}"}
        button{"{"}font:inherit;margin-top:1rem;padding:.5rem 1rem;border:2px solid #0b4f8a;background:#0b4f8a;color:#fff;border-radius:4px{"}"}
        button:focus,input:focus,select:focus,textarea:focus{"{"}outline:3px solid #f2b300;outline-offset:2px{"}"}
        section{"{"}border-top:1px solid #ccc;margin-top:1.5rem{"}"}
        table{"{"}border-collapse:collapse{"}"} td,th{"{"}text-align:left;padding:.25rem .75rem .25rem 0;border-bottom:1px solid #ddd{"}"}
        </style></head>
        <body><main>
        <h1>{Encode(title)}</h1>
        {_body}</main></body></html>
        """;
}
