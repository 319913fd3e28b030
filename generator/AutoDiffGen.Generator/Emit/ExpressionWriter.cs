using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Writes IR expressions as C#, with the parentheses precedence requires and no others.</summary>
internal static class ExpressionWriter
{
    private const int Conditional = 3;
    private const int Unary = 14;
    private const int Primary = 15;

    public static string Write(Expr e)
    {
        var builder = new StringBuilder();
        Write(e, builder);
        return builder.ToString();
    }

    private static void Write(Expr e, StringBuilder output)
    {
        switch (e)
        {
            case VarExpr v:
                output.Append(v.Var.Name);
                break;
            case ConstExpr c:
                output.Append(Literal(c.Value, c.Type));
                break;
            case LiteralExpr l:
                output.Append(l.Text);
                break;
            case UnaryExpr u:
            {
                output.Append(u.Op switch { UnaryOp.Negate => "-", UnaryOp.Not => "!", _ => "~" });
                int start = output.Length;
                WriteOperand(u.Operand, Unary, output, parenthesizeEqual: false);
                if (output.Length > start && output[start] is '-' or '+' && u.Op == UnaryOp.Negate)
                {
                    output.Insert(start, "(").Append(')');
                }

                break;
            }

            case ConvertExpr c:
                output.Append('(').Append(c.Type).Append(')');
                WriteOperand(c.Operand, Unary, output, parenthesizeEqual: false);
                break;
            case BinaryExpr b:
            {
                int precedence = Precedence(b);
                WriteOperand(b.Left, precedence, output, parenthesizeEqual: false);
                output.Append(' ').Append(Operator(b.Op)).Append(' ');
                WriteOperand(b.Right, precedence, output, parenthesizeEqual: true);
                break;
            }

            case ConditionalExpr c:
                WriteOperand(c.Condition, Conditional, output, parenthesizeEqual: true);
                output.Append(" ? ");
                WriteOperand(c.WhenTrue, Conditional, output, parenthesizeEqual: false);
                output.Append(" : ");
                WriteOperand(c.WhenFalse, Conditional, output, parenthesizeEqual: false);
                break;
            case TupleExpr tuple:
                WriteArguments(tuple.Elements, output);
                break;
            case SliceExpr slice:
                if (slice.Type != slice.Array.Type && slice.Type.StartsWith("global::System.ReadOnlySpan<", System.StringComparison.Ordinal))
                {
                    // A read-only slice of an array or a Span: of the array or span viewed read-only.
                    output.Append("((").Append(slice.Type).Append(')');
                    Write(slice.Array, output);
                    output.Append(')');
                }
                else if (slice.Array.Type.EndsWith("[]", System.StringComparison.Ordinal))
                {
                    // An array (a buffer or its derivative buffer) has no Slice: view it as a span.
                    output.Append("global::System.MemoryExtensions.AsSpan(");
                    Write(slice.Array, output);
                    output.Append(')');
                }
                else
                {
                    WriteOperand(slice.Array, Primary, output, parenthesizeEqual: false);
                }

                output.Append(".Slice");
                WriteArguments(slice.Arguments, output);
                break;
            case IndexExpr ix:
                WriteOperand(ix.Array, Primary, output, parenthesizeEqual: false);
                output.Append('[');
                Write(ix.Index, output);
                output.Append(']');
                break;
            case DifferentiableCallExpr call:
                output.Append(call.Receiver).Append('.').Append(call.Method);
                WriteArguments(call.Arguments, output);
                break;
            case MathExpr m:
                output.Append(KnownFunctions.ContainingClass(m.Function, m.Type)).Append('.').Append(KnownFunctions.MethodName(m.Function));
                WriteArguments(m.Arguments, output);
                break;
            case TemplateExpr t:
                for (int i = 0; i < t.Holes.Count; i++)
                {
                    var before = t.Segments[i];
                    output.Append(before);
                    bool delimited = before.EndsWith("(", System.StringComparison.Ordinal) || before.EndsWith(", ", System.StringComparison.Ordinal)
                        || before.EndsWith(": ", System.StringComparison.Ordinal) || before.EndsWith("[", System.StringComparison.Ordinal);
                    if (before.EndsWith("{", System.StringComparison.Ordinal) && t.Holes[i] is not (VarExpr or ConstExpr or LiteralExpr))
                    {
                        // A hole of an interpolated string: in {global::System.Math.Sin(x):F2} or
                        // {c ? a : b} the colon would start the format, so a hole with one is written
                        // in parentheses.
                        var hole = new StringBuilder();
                        Write(t.Holes[i], hole);
                        bool colon = hole.ToString().IndexOf(':') >= 0;
                        output.Append(colon ? "(" : "").Append(hole).Append(colon ? ")" : "");
                    }
                    else if (delimited)
                    {
                        Write(t.Holes[i], output);
                    }
                    else
                    {
                        WriteOperand(t.Holes[i], Primary, output, parenthesizeEqual: false);
                    }
                }

                output.Append(t.Segments[t.Segments.Count - 1]);
                break;
            default:
                // Never reached for well-formed IR; keeps the writer total instead of throwing.
                output.Append("default");
                break;
        }
    }

    private static void WriteOperand(Expr operand, int parentPrecedence, StringBuilder output, bool parenthesizeEqual)
    {
        int precedence = Precedence(operand);
        bool parenthesize = precedence < parentPrecedence || (parenthesizeEqual && precedence == parentPrecedence);
        if (parenthesize)
        {
            output.Append('(');
        }

        Write(operand, output);
        if (parenthesize)
        {
            output.Append(')');
        }
    }

    private static int Precedence(Expr e) => e switch
    {
        ConstExpr c when c.Value < 0 || System.BitConverter.DoubleToInt64Bits(c.Value) < 0 => Unary,
        UnaryExpr or ConvertExpr => Unary,
        BinaryExpr b => b.Op switch
        {
            BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder => 13,
            BinaryOp.Add or BinaryOp.Subtract => 12,
            BinaryOp.LeftShift or BinaryOp.RightShift => 11,
            BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual => 10,
            BinaryOp.Equal or BinaryOp.NotEqual => 9,
            BinaryOp.And => 8,
            BinaryOp.ExclusiveOr => 7,
            BinaryOp.Or => 6,
            BinaryOp.ConditionalAnd => 5,
            _ => 4,
        },
        ConditionalExpr => Conditional,
        TemplateExpr t when t.Segments[0].StartsWith("new ", System.StringComparison.Ordinal) => Unary,
        _ => Primary,
    };

    /// <summary><c>(a, b, …)</c>: an argument list, or a tuple's elements.</summary>
    private static void WriteArguments(IReadOnlyList<Expr> arguments, StringBuilder output)
    {
        output.Append('(');
        for (int i = 0; i < arguments.Count; i++)
        {
            output.Append(i > 0 ? ", " : "");
            Write(arguments[i], output);
        }

        output.Append(')');
    }

    private static string Operator(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.Remainder => "%",
        BinaryOp.Equal => "==",
        BinaryOp.NotEqual => "!=",
        BinaryOp.Less => "<",
        BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterOrEqual => ">=",
        BinaryOp.ConditionalAnd => "&&",
        BinaryOp.ConditionalOr => "||",
        BinaryOp.And => "&",
        BinaryOp.Or => "|",
        BinaryOp.ExclusiveOr => "^",
        BinaryOp.LeftShift => "<<",
        _ => ">>",
    };

    /// <summary>A C# literal of the given numeric type that round-trips the value.</summary>
    public static string Literal(double value, string type)
    {
        switch (type)
        {
            case "float":
                float f = (float)value;
                if (float.IsNaN(f))
                {
                    return "float.NaN";
                }

                if (float.IsInfinity(f))
                {
                    return f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
                }

                return f.ToString("R", CultureInfo.InvariantCulture) + "f";
            case "double":
                if (double.IsNaN(value))
                {
                    return "double.NaN";
                }

                if (double.IsInfinity(value))
                {
                    return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
                }

                string text = value.ToString("R", CultureInfo.InvariantCulture);
                return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
            case "long":
                return ((long)value).ToString(CultureInfo.InvariantCulture) + "L";
            case "int":
                return ((int)value).ToString(CultureInfo.InvariantCulture);
            default:
                return MethodLowerer.CastLiteral(type, value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
