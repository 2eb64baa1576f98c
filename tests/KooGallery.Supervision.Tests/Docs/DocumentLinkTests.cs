using System.Text.RegularExpressions;
using KooGallery.Supervision.Tests.Support;

namespace KooGallery.Supervision.Tests.Docs;

/// <summary>
/// No link in a document leaves the repository: every link of README.md, CHANGELOG.md, docs/ and the package
/// READMEs is relative, stays inside the repository and names a file, folder or heading that exists. A package's
/// README is shown on its package page, where no repository file can be reached, so it has no link at all.
/// </summary>
public partial class DocumentLinkTests
{
    [Fact]
    public void Documents_Links_StayInsideTheRepositoryAndResolve()
    {
        var problems = new List<string>();
        foreach (var document in Documents())
        {
            var path = Path.GetRelativePath(Repository.Root, document);
            foreach (var target in LinkTargets(document))
            {
                if (Scheme().IsMatch(target) || target.StartsWith('/'))
                {
                    problems.Add($"{path}: {target} leaves the repository");
                    continue;
                }

                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var file = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var resolved = file.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, Uri.UnescapeDataString(file)));
                if (!resolved.StartsWith(Repository.Root, StringComparison.Ordinal))
                {
                    problems.Add($"{path}: {target} leaves the repository");
                }
                else if (!Path.Exists(resolved))
                {
                    problems.Add($"{path}: {target} names nothing");
                }
                else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor))
                {
                    problems.Add($"{path}: {target} names no heading of {Path.GetFileName(resolved)}");
                }
            }

            if (Regex.IsMatch(Prose(document), @"https?://"))
            {
                problems.Add($"{path}: an address outside the repository in its text");
            }
        }

        string.Join('\n', problems).Should().BeEmpty();
    }

    [Fact]
    public void PackageReadmes_HaveNoLinks()
    {
        foreach (var readme in Directory.EnumerateFiles(Repository.File("src"), "README.md", SearchOption.AllDirectories))
        {
            LinkTargets(readme).Should().BeEmpty($"{Path.GetRelativePath(Repository.Root, readme)} is shown on a package page: name the documents instead of linking them");
        }
    }

    private static IEnumerable<string> Documents()
    {
        yield return Repository.File("README.md");
        if (File.Exists(Repository.File("CHANGELOG.md")))
        {
            yield return Repository.File("CHANGELOG.md");
        }

        foreach (var folder in new[] { "docs", "src" })
        {
            foreach (var file in Directory.EnumerateFiles(Repository.File(folder), "*.md", SearchOption.AllDirectories))
            {
                if (!file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>The text of a document outside fenced code blocks and code spans.</summary>
    private static string Prose(string document)
    {
        var text = Fence().Replace(File.ReadAllText(document).Replace("\r\n", "\n"), string.Empty);
        return CodeSpan().Replace(text, string.Empty);
    }

    private static IEnumerable<string> LinkTargets(string document)
    {
        var prose = Prose(document);
        foreach (Match link in MarkdownLink().Matches(prose))
        {
            yield return link.Groups[1].Value;
        }

        foreach (Match link in HtmlLink().Matches(prose))
        {
            yield return link.Groups[1].Value;
        }
    }

    /// <summary>The anchors of a Markdown file's headings, as the repository host spells them.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(Fence().Replace(File.ReadAllText(markdown).Replace("\r\n", "\n"), string.Empty)))
        {
            var slug = Regex.Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), @"[^\p{L}\p{N} _-]", string.Empty).Replace(' ', '-');
            var candidate = slug;
            for (var n = 1; !anchors.Add(candidate); n++)
            {
                candidate = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    [GeneratedRegex(@"^```.*?^```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"<a\s[^>]*href=""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
