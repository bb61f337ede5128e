using System.Text.RegularExpressions;
using ComplaintRouting.LocalRunner;

namespace ComplaintRouting.IntegrationTests.Api;

/// <summary>
/// The README and docs/ link only to files in the repository, and every such link resolves: a
/// newcomer with a fresh clone can follow every link (URLs in code spans and code blocks are
/// examples to type, not links).
/// </summary>
public sealed partial class DocumentationLinkTests
{
    private static readonly string Root = AzuriteProcess.FindRepositoryRoot();

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        data.Add("README.md");
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_link_is_to_a_file_in_the_repository_that_exists(string document)
    {
        var path = Path.Combine(Root, document);
        var prose = InlineCode().Replace(CodeBlock().Replace(File.ReadAllText(path), ""), "");

        var problems = new List<string>();
        foreach (Match link in MarkdownLink().Matches(prose))
        {
            var target = link.Groups[1].Value.Trim();
            if (target.StartsWith('#')) continue;
            if (Scheme().IsMatch(target)) { problems.Add($"leaves the repository: {target}"); continue; }
            var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(target.Split('#')[0])));
            if (!file.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)) problems.Add($"leaves the repository: {target}");
            else if (!File.Exists(file) && !System.IO.Directory.Exists(file)) problems.Add($"does not exist: {target}");
        }
        problems.AddRange(BareUrl().Matches(prose).Select(m => $"bare URL: {m.Value}"));
        // A path named in code (`../shared/SPEC.md`) points outside the repository just as a link would.
        foreach (Match named in RelativePath().Matches(File.ReadAllText(path)))
        {
            var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, named.Groups[1].Value));
            if (!file.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                problems.Add($"names a file outside the repository: {named.Groups[1].Value}");
        }

        Assert.True(problems.Count == 0, $"{document}: {string.Join("; ", problems)}");
    }

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"(?:https?|ftp)://\S+|www\.\S+\.\S+")]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"(?<![\w./])((?:\.\./)+[\w./-]+)")]
    private static partial Regex RelativePath();
}
