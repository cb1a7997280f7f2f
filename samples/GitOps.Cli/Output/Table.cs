using GitOps.Cli.Hosting;

namespace GitOps.Cli.Output;

/// <summary>A plain-text table with aligned columns; cells may be coloured without breaking the alignment.</summary>
internal sealed class Table
{
    private readonly string[] _headers;
    private readonly List<(string Text, AnsiColor Color)[]> _rows = [];

    public Table(params string[] headers) => _headers = headers;

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add([.. cells.Select(c => (c, AnsiColor.None))]);

    public void Add(params (string Text, AnsiColor Color)[] cells) => _rows.Add(cells);

    public async Task WriteAsync(CliConsole console)
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Select(r => r[i].Text.Length).DefaultIfEmpty(0).Max())).ToArray();
        await console.Output.WriteLineAsync(Line(_headers.Select(h => (h, AnsiColor.None)).ToArray(), widths, console));
        foreach (var row in _rows)
        {
            await console.Output.WriteLineAsync(Line(row, widths, console));
        }
    }

    // Padding is computed on the plain text, then the colour wraps the padded cell, so columns stay aligned.
    private static string Line((string Text, AnsiColor Color)[] cells, int[] widths, CliConsole console) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? console.Paint(c.Text, c.Color) : console.Paint(c.Text.PadRight(widths[i]), c.Color))).TrimEnd();
}
