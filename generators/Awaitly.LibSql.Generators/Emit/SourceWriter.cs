using System.Text;

namespace Awaitly.LibSql.Generators.Emit;

/// <summary>Writes indented source text.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new StringBuilder();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string end = "}")
    {
        _indent--;
        return Line(end);
    }

    public override string ToString() => _text.ToString();
}
