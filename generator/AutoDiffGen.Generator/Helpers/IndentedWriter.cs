using System;
using System.Text;

namespace AutoDiffGen.Generator.Helpers;

/// <summary>
/// Writes C# text with indentation handled in one place: <see cref="WriteBlock"/> opens a brace
/// block that closes when the returned scope is disposed.
/// </summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder builder = new();
    private int depth;

    public void WriteLine(string line)
    {
        if (line.Length == 0)
        {
            builder.Append('\n');
            return;
        }

        for (int i = 0; i < depth; i++)
        {
            builder.Append(IndentUnit);
        }

        builder.Append(line).Append('\n');
    }

    public void WriteLine() => builder.Append('\n');

    public Scope WriteBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        depth++;
        return new Scope(this);
    }

    public override string ToString() => builder.ToString();

    public readonly struct Scope : IDisposable
    {
        private readonly IndentedWriter writer;

        public Scope(IndentedWriter writer) => this.writer = writer;

        public void Dispose()
        {
            writer.depth--;
            writer.WriteLine("}");
        }
    }
}
