using System.Text;
using System.Text.Encodings.Web;

namespace ComplaintRouting.Email;

/// <summary>
/// Builds a mail's HTML and plain-text twins from the same parts. Every piece of text is encoded
/// here, so nothing user-supplied can reach a mail as markup.
/// </summary>
public sealed class MailBody(string language)
{
    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    public MailBody Paragraph(string text)
    {
        _html.Append("<p>").Append(Encode(text)).Append("</p>\n");
        _text.Append(text).Append("\n\n");
        return this;
    }

    public MailBody Link(string label, string url)
    {
        _html.Append("<p><a href=\"").Append(HtmlEncoder.Default.Encode(url)).Append("\">").Append(Encode(label)).Append("</a></p>\n");
        _text.Append(label).Append(":\n").Append(url).Append("\n\n");
        return this;
    }

    public MailBody Facts(IEnumerable<(string Label, string Value)> facts)
    {
        _html.Append("<table role=\"presentation\" style=\"border-collapse:collapse\">\n");
        foreach (var (label, value) in facts)
        {
            _html.Append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0;vertical-align:top\">").Append(Encode(label))
                .Append("</th><td style=\"padding:2px 0\">").Append(Encode(value)).Append("</td></tr>\n");
            _text.Append(label).Append(": ").Append(value).Append('\n');
        }
        _html.Append("</table>\n");
        _text.Append('\n');
        return this;
    }

    /// <summary>A compact table (the digest): a header row and one row per item.</summary>
    public MailBody Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _html.Append("<table style=\"border-collapse:collapse;font-size:14px\"><thead><tr>");
        foreach (var h in headers) _html.Append("<th style=\"text-align:left;border-bottom:1px solid #999;padding:4px 8px\">").Append(Encode(h)).Append("</th>");
        _html.Append("</tr></thead><tbody>\n");
        _text.Append(string.Join(" | ", headers)).Append('\n');
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row) _html.Append("<td style=\"padding:4px 8px;border-bottom:1px solid #ddd\">").Append(Encode(cell)).Append("</td>");
            _html.Append("</tr>\n");
            _text.Append(string.Join(" | ", row)).Append('\n');
        }
        _html.Append("</tbody></table>\n");
        _text.Append('\n');
        return this;
    }

    public (string Html, string Text) Render(string title, string footer)
    {
        var html = $"""
            <!DOCTYPE html>
            <html lang="{Encode(language)}"><head><meta charset="utf-8"><title>{Encode(title)}</title></head>
            <body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em">
            {_html}<hr><p style="font-size:12px;color:#555">{Encode(footer)}</p>
            </body></html>
            """;
        return (html, $"{_text}--\n{footer}\n");
    }

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
