using System.Text;
using System.Text.RegularExpressions;

namespace GitOps.Globbing;

/// <summary>
/// A glob over relative paths. By default it has Argo CD's semantics for directory include and exclude patterns:
/// <c>*</c> matches any run of characters, <c>/</c> included (so <c>*.yaml</c> also matches <c>sub/a.yaml</c>);
/// <c>**</c> is the same as <c>*</c>; <c>?</c> matches one character; <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c>
/// are character classes; <c>{a,b/*.yaml}</c> are alternatives, which may nest; <c>\</c> escapes the next character.
/// With <see cref="GlobSyntax.PathSegments"/> the wildcards stay within a path segment and <c>**</c> spans folders.
/// </summary>
/// <remarks>Matching runs on a non-backtracking engine, so a hostile pattern cannot make it slow.</remarks>
public sealed class GlobPattern
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly Regex _regex;

    private GlobPattern(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>Compiles a pattern with Argo CD's directory include/exclude semantics.</summary>
    /// <param name="pattern">The glob.</param>
    /// <exception cref="FormatException">The pattern is malformed (an unclosed class or brace); the message names it.</exception>
    public static GlobPattern Parse(string pattern) => Parse(pattern, GlobSyntax.DirectoryFilter);

    /// <summary>Compiles a pattern.</summary>
    /// <param name="pattern">The glob.</param>
    /// <param name="syntax">How the wildcards treat <c>/</c>.</param>
    /// <exception cref="FormatException">The pattern is malformed (an unclosed class or brace); the message names it.</exception>
    public static GlobPattern Parse(string pattern, GlobSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = new StringBuilder("^");
        var position = 0;
        Translate(pattern, ref position, regex, depth: 0, syntax == GlobSyntax.PathSegments);
        regex.Append('$');
        var options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        return new GlobPattern(pattern, new Regex(regex.ToString(), options, MatchTimeout));
    }

    /// <summary>Whether a path matches the whole pattern.</summary>
    /// <param name="path">A relative path with <c>/</c> separators.</param>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _regex.IsMatch(path);
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private static void Translate(string pattern, ref int i, StringBuilder regex, int depth, bool segments)
    {
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    var start = i;
                    while (i < pattern.Length && pattern[i] == '*')
                    {
                        i++;
                    }

                    if (!segments)
                    {
                        regex.Append(".*");
                    }
                    else if (i - start >= 2 && (start == 0 || pattern[start - 1] == '/') && (i == pattern.Length || pattern[i] == '/'))
                    {
                        // A whole-segment ** spans folders; with its slash it may also match no folder at all.
                        if (i < pattern.Length)
                        {
                            i++;
                            regex.Append("(?:.*/)?");
                        }
                        else
                        {
                            regex.Append(".*");
                        }
                    }
                    else
                    {
                        regex.Append("[^/]*");
                    }

                    continue;
                case '?':
                    regex.Append(segments ? "[^/]" : ".");
                    break;
                case '[':
                    TranslateClass(pattern, ref i, regex, segments);
                    continue;
                case '{':
                    i++;
                    regex.Append("(?:");
                    Translate(pattern, ref i, regex, depth + 1, segments);
                    if (i >= pattern.Length || pattern[i] != '}')
                    {
                        throw new FormatException($"Glob '{pattern}' has an unclosed '{{'.");
                    }

                    regex.Append(')');
                    break;
                case '}' when depth > 0:
                    return;
                case ',' when depth > 0:
                    regex.Append('|');
                    break;
                case '\\' when i + 1 < pattern.Length:
                    i++;
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }

            i++;
        }
    }

    private static void TranslateClass(string pattern, ref int i, StringBuilder regex, bool segments)
    {
        var start = i;
        i++;
        var negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
        if (negate)
        {
            i++;
        }

        var body = new StringBuilder();
        var first = true;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i++;
                c = pattern[i];
            }

            // Inside a class only these are special to .NET regular expressions.
            body.Append(c is '\\' or ']' or '[' or '^' ? "\\" + c : c.ToString());
            first = false;
            i++;
        }

        if (i >= pattern.Length)
        {
            throw new FormatException($"Glob '{pattern}' has an unclosed '[' at position {start + 1}.");
        }

        i++;
        // Within segments a class never matches the separator (class subtraction keeps the engine non-backtracking).
        var separator = segments ? (negate ? "/" : "-[/]") : string.Empty;
        regex.Append('[').Append(negate ? "^" : string.Empty).Append(body).Append(separator).Append(']');
    }
}
