using System.Text;
using ComplaintRouting.Pages;

namespace ComplaintRouting.Email;

/// <summary>
/// A mail's content as blocks (paragraphs, links, facts, tables), with no markup in it. <see cref="Render"/>
/// gives the HTML twin from the <see cref="MailLayout"/> component, which encodes every value, and
/// the plain-text twin from the same blocks, so both say the same.
/// </summary>
public sealed class MailBody(string language)
{
    private readonly List<MailBlock> _blocks = [];

    public string Language => language;

    public IReadOnlyList<MailBlock> Blocks => _blocks;

    public MailBody Paragraph(string text) => Add(new MailBlock.Paragraph(text));

    public MailBody Link(string label, string url) => Add(new MailBlock.Link(label, url));

    public MailBody Facts(IEnumerable<(string Label, string Value)> facts) => Add(new MailBlock.Facts([.. facts]));

    /// <summary>A compact table (the digest): a header row and one row per item.</summary>
    public MailBody Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows) => Add(new MailBlock.Table(headers, [.. rows]));

    public (string Html, string Text) Render(string title, string footer) =>
        (PageRenderer.Detached.Render<MailLayout>(new Dictionary<string, object?>
        {
            [nameof(MailLayout.Lang)] = language,
            [nameof(MailLayout.Title)] = title,
            [nameof(MailLayout.Footer)] = footer,
            [nameof(MailLayout.Blocks)] = _blocks,
        }), Text(footer));

    /// <summary>The plain-text twin: the same blocks, no markup.</summary>
    private string Text(string footer)
    {
        var text = new StringBuilder();
        foreach (var block in _blocks)
        {
            switch (block)
            {
                case MailBlock.Paragraph p:
                    text.Append(p.Text).Append("\n\n");
                    break;
                case MailBlock.Link l:
                    text.Append(l.Label).Append(":\n").Append(l.Url).Append("\n\n");
                    break;
                case MailBlock.Facts f:
                    foreach (var (label, value) in f.Items) text.Append(label).Append(": ").Append(value).Append('\n');
                    text.Append('\n');
                    break;
                case MailBlock.Table t:
                    text.Append(string.Join(" | ", t.Headers)).Append('\n');
                    foreach (var row in t.Rows) text.Append(string.Join(" | ", row)).Append('\n');
                    text.Append('\n');
                    break;
            }
        }
        return text.Append("--\n").Append(footer).Append('\n').ToString();
    }

    private MailBody Add(MailBlock block)
    {
        _blocks.Add(block);
        return this;
    }
}

/// <summary>One block of a mail; <see cref="MailLayout"/> and the text twin each render every kind.</summary>
public abstract record MailBlock
{
    public sealed record Paragraph(string Text) : MailBlock;

    public sealed record Link(string Label, string Url) : MailBlock;

    public sealed record Facts(IReadOnlyList<(string Label, string Value)> Items) : MailBlock;

    public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) : MailBlock;
}
