using System.Text;

namespace Awaitly.Cli.Output;

/// <summary>An aligned text table: columns as wide as their widest cell, cells longer than <see cref="MaxCell"/> shortened with '…'.</summary>
internal sealed class TextTable(params string[] headers)
{
    public const int MaxCell = 40;

    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add([.. cells.Select(Shorten)]);

    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        WriteRow(output, headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        output.WriteLine(line.ToString().TrimEnd());
    }

    private static string Shorten(string cell) => cell.Length <= MaxCell ? cell : cell[..(MaxCell - 1)] + "…";
}
