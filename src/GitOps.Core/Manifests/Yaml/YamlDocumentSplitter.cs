namespace GitOps.Manifests.Yaml;

/// <summary>
/// Splits a YAML stream at its <c>---</c> separator lines, as kubectl's reader does before parsing each part, so
/// that the parts can be parsed independently (and in parallel). A separator is a line that starts with
/// <c>---</c> followed by nothing but blanks or a comment; YAML allows no document marker at the start of a line
/// inside content, so no part is cut in the middle of a node.
/// </summary>
internal static class YamlDocumentSplitter
{
    /// <summary>One part: where it starts in the text, its length, and how many lines precede it.</summary>
    internal readonly record struct Part(int Start, int Length, int LineOffset);

    /// <summary>Splits a text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="lineOffset">How many lines come before the text, added to every part's line offset.</param>
    public static List<Part> Split(string text, int lineOffset = 0) => Split(text.AsSpan(), lineOffset);

    /// <summary>Splits a text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="lineOffset">How many lines come before the text, added to every part's line offset.</param>
    public static List<Part> Split(ReadOnlySpan<char> text, int lineOffset) => Split(text, '\n', IsSeparator, lineOffset);

    /// <summary>Splits UTF-8 text at the same lines as <see cref="Split(string, int)"/> splits the decoded text; offsets are in bytes.</summary>
    public static List<Part> Split(ReadOnlySpan<byte> utf8) => Split(utf8, (byte)'\n', IsSeparator, 0);

    private static List<Part> Split<T>(ReadOnlySpan<T> text, T newlineCharacter, SeparatorTest<T> isSeparator, int lineOffset)
        where T : IEquatable<T>
    {
        var parts = new List<Part>();
        var partStart = 0;
        var partLine = lineOffset;
        var line = lineOffset;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var newline = text[lineStart..].IndexOf(newlineCharacter);
            var lineEnd = newline < 0 ? text.Length : lineStart + newline;
            if (lineStart > partStart && isSeparator(text[lineStart..lineEnd]))
            {
                parts.Add(new Part(partStart, lineStart - partStart, partLine));
                partStart = lineStart;
                partLine = line;
            }

            if (newline < 0)
            {
                break;
            }

            line++;
            lineStart = lineEnd + 1;
        }

        parts.Add(new Part(partStart, text.Length - partStart, partLine));
        return parts;
    }

    /// <summary>Separator lines are rare and short: decoding them keeps one definition of what a separator is.</summary>
    private static bool IsSeparator(ReadOnlySpan<byte> line) =>
        line.StartsWith("---"u8) && IsSeparator(System.Text.Encoding.UTF8.GetString(line).AsSpan());

    private static bool IsSeparator(ReadOnlySpan<char> line)
    {
        if (!line.StartsWith("---", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[3..];
        if (rest.Length > 0 && rest[0] is not (' ' or '\t' or '\r'))
        {
            return false;
        }

        rest = rest.Trim();
        return rest.IsEmpty || rest[0] == '#';
    }

    private delegate bool SeparatorTest<T>(ReadOnlySpan<T> line);
}
