using System.Text;

namespace Brook.ProtocolGen;

/// <summary>Indented line writer for generated C#.</summary>
public sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation (an empty line has no indentation).</summary>
    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> then "{" and indents.</summary>
    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    /// <summary>Indents following lines one level.</summary>
    public void Indent() => _indent++;

    /// <summary>Undoes one <see cref="Indent"/>.</summary>
    public void Outdent() => _indent--;

    /// <summary>Writes a bare "{" and indents (a scope block).</summary>
    public void OpenBlock()
    {
        Line("{");
        _indent++;
    }

    /// <summary>Dedents and writes "}" plus an optional suffix.</summary>
    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <inheritdoc/>
    public override string ToString() => _text.ToString();
}
