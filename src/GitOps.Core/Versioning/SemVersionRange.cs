using System.Diagnostics.CodeAnalysis;

namespace GitOps.Versioning;

/// <summary>
/// A range of semantic versions, such as <c>^1.4</c>, <c>1.2.*</c> or <c>&gt;=1.0.0 &lt;2.0.0 || 3.x</c>, used to pick
/// the newest matching Git tag for a target revision. The syntax and meaning are those of Argo CD's semver target
/// revisions.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>||</c> separates alternatives; within one, comparisons separated by spaces or commas must all hold.</item>
/// <item>Operators: <c>=</c> (or none), <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>/<c>=&gt;</c>, <c>&lt;</c>,
/// <c>&lt;=</c>/<c>=&lt;</c>, <c>~</c>/<c>~&gt;</c>, <c>^</c>.</item>
/// <item><c>x</c>, <c>X</c> or <c>*</c> (or a missing number) is a wildcard: <c>1.2.x</c> is
/// <c>&gt;=1.2.0 &lt;1.3.0</c>, <c>1</c> is <c>&gt;=1.0.0 &lt;2.0.0</c>, <c>*</c> is any version.</item>
/// <item><c>~1.2.3</c> is <c>&gt;=1.2.3 &lt;1.3.0</c>; <c>~1</c> is <c>&gt;=1.0.0 &lt;2.0.0</c>.</item>
/// <item><c>^1.2.3</c> is <c>&gt;=1.2.3 &lt;2.0.0</c>; <c>^0.2.3</c> is <c>&gt;=0.2.3 &lt;0.3.0</c>; <c>^0.0.3</c> is
/// exactly 0.0.3.</item>
/// <item><c>1.2 - 1.4.5</c> is <c>&gt;=1.2 &lt;=1.4.5</c>.</item>
/// <item>A pre-release version matches only an alternative that names a pre-release itself
/// (<c>&gt;=1.0.0-0</c> admits them), unless pre-releases are asked for explicitly.</item>
/// </list>
/// </remarks>
public sealed class SemVersionRange
{
    private static readonly string[] Operators = ["!=", ">=", "=>", "<=", "=<", "~>", ">", "<", "=", "~", "^"];
    private readonly IReadOnlyList<Alternative> _alternatives;

    private SemVersionRange(string text, IReadOnlyList<Alternative> alternatives)
    {
        Text = text;
        _alternatives = alternatives;
    }

    /// <summary>The range as written.</summary>
    public string Text { get; }

    /// <summary>Parses a range.</summary>
    /// <param name="text">The range.</param>
    /// <returns>The range.</returns>
    /// <exception cref="FormatException">The text is not a range; the message names the offending part.</exception>
    public static SemVersionRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var range, out var error)
            ? range
            : throw new FormatException($"'{text}' is not a semantic version range: {error}");
    }

    /// <summary>Tries to parse a range like <see cref="Parse"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="range">The range, when the text is one.</param>
    /// <returns>Whether the text is a range.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SemVersionRange? range) =>
        TryParse(text, out range, out _);

    /// <summary>Whether a version is in the range.</summary>
    /// <param name="version">The version.</param>
    /// <param name="includePrerelease">Admits pre-release versions even where the range names none.</param>
    /// <returns><see langword="true"/> when one alternative accepts the version.</returns>
    public bool IsSatisfiedBy(SemVersion version, bool includePrerelease = false)
    {
        ArgumentNullException.ThrowIfNull(version);
        foreach (var alternative in _alternatives)
        {
            if (version.IsPrerelease && !includePrerelease && !alternative.NamesPrerelease)
            {
                continue;
            }

            if (alternative.Comparisons.All(c => c.Matches(version)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The highest of some versions that the range accepts.</summary>
    /// <param name="versions">The candidates.</param>
    /// <returns>The highest match, or <see langword="null"/> when none matches.</returns>
    public SemVersion? MaxSatisfying(IEnumerable<SemVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        SemVersion? best = null;
        foreach (var version in versions)
        {
            if (IsSatisfiedBy(version) && (best is null || version > best))
            {
                best = version;
            }
        }

        return best;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool TryParse(string? text, [NotNullWhen(true)] out SemVersionRange? range, out string error)
    {
        range = null;
        if (text is null)
        {
            error = "it is null";
            return false;
        }

        var alternatives = new List<Alternative>();
        foreach (var part in text.Split("||"))
        {
            if (!TryParseAlternative(part, out var alternative, out error))
            {
                return false;
            }

            alternatives.Add(alternative);
        }

        range = new SemVersionRange(text, alternatives);
        error = string.Empty;
        return true;
    }

    private static bool TryParseAlternative(string text, [NotNullWhen(true)] out Alternative? alternative, out string error)
    {
        alternative = null;
        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            // An empty alternative accepts everything, like *.
            alternative = new Alternative([new SemVersionComparison(SemVersionOperator.EqualOrTilde, new SemVersion(0, 0, 0), 0, "*")], false);
            error = string.Empty;
            return true;
        }

        var comparisons = new List<SemVersionComparison>();
        for (var i = 0; i < tokens.Count; i++)
        {
            // A hyphen range: "A - B" stands for ">=A <=B".
            if (i + 2 < tokens.Count && tokens[i + 1] == "-")
            {
                if (!TryParseComparison(">=" + tokens[i], out var lower, out error) ||
                    !TryParseComparison("<=" + tokens[i + 2], out var upper, out error))
                {
                    return false;
                }

                comparisons.Add(lower);
                comparisons.Add(upper);
                i += 2;
                continue;
            }

            if (!TryParseComparison(tokens[i], out var comparison, out error))
            {
                return false;
            }

            comparisons.Add(comparison);
        }

        alternative = new Alternative(comparisons, comparisons.Any(c => c.Version.IsPrerelease));
        error = string.Empty;
        return true;
    }

    // Splits on blanks and commas, gluing a lone operator to the version after it (">= 1.2" is one comparison).
    private static List<string> Tokenize(string text)
    {
        var raw = text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        var tokens = new List<string>();
        for (var i = 0; i < raw.Length; i++)
        {
            if (Operators.Contains(raw[i]) && i + 1 < raw.Length)
            {
                tokens.Add(raw[i] + raw[++i]);
                continue;
            }

            tokens.Add(raw[i]);
        }

        return tokens;
    }

    private static bool TryParseComparison(string token, [NotNullWhen(true)] out SemVersionComparison? comparison, out string error)
    {
        comparison = null;
        var op = Operators.FirstOrDefault(token.StartsWith) ?? string.Empty;
        var versionText = token[op.Length..];
        var kind = op switch
        {
            "" or "=" => SemVersionOperator.EqualOrTilde,
            "!=" => SemVersionOperator.NotEqual,
            ">" => SemVersionOperator.Greater,
            ">=" or "=>" => SemVersionOperator.GreaterOrEqual,
            "<" => SemVersionOperator.Less,
            "<=" or "=<" => SemVersionOperator.LessOrEqual,
            "~" or "~>" => SemVersionOperator.Tilde,
            _ => SemVersionOperator.Caret,
        };

        if (!TryParseWildcardVersion(versionText, out var version, out var given, out error))
        {
            error = $"'{token}' is not a version comparison: {error}";
            return false;
        }

        comparison = new SemVersionComparison(kind, version, given, token);
        return true;
    }

    private static bool TryParseWildcardVersion(string text, [NotNullWhen(true)] out SemVersion? version, out int given, out string error)
    {
        version = null;
        given = 0;
        var core = text.StartsWith('v') || text.StartsWith('V') ? text[1..] : text;
        var suffixAt = core.IndexOfAny(['-', '+']);
        var suffix = suffixAt < 0 ? string.Empty : core[suffixAt..];
        var numbers = (suffixAt < 0 ? core : core[..suffixAt]).Split('.');
        if (numbers.Length > 3 || numbers.Any(n => n.Length == 0))
        {
            error = "expected up to three dot-separated numbers";
            return false;
        }

        var filled = new List<string>(3);
        foreach (var number in numbers)
        {
            if (number is "x" or "X" or "*")
            {
                break;
            }

            if (!number.All(char.IsAsciiDigit))
            {
                error = $"'{number}' is not a number or wildcard";
                return false;
            }

            filled.Add(number);
        }

        given = filled.Count;
        while (filled.Count < 3)
        {
            filled.Add("0");
        }

        return SemVersion.TryParse(string.Join('.', filled) + suffix, out version, out error);
    }

    private sealed record Alternative(IReadOnlyList<SemVersionComparison> Comparisons, bool NamesPrerelease);
}
