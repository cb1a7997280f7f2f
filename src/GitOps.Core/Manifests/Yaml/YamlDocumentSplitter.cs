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

    public static List<Part> Split(string text)
    {
        var parts = new List<Part>();
        var partStart = 0;
        var partLine = 0;
        var line = 0;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            if (lineStart > partStart && IsSeparator(text.AsSpan(lineStart, lineEnd - lineStart)))
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
            lineStart = newline + 1;
        }

        parts.Add(new Part(partStart, text.Length - partStart, partLine));
        return parts;
    }

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
}
