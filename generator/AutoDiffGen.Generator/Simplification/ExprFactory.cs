using System;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Simplification;

/// <summary>
/// Builds IR expressions and simplifies as it builds: constant folding of real arithmetic and the
/// identities <c>x+0</c>, <c>x·1</c>, <c>0·x</c> (a symbolic zero: an absent derivative
/// contribution, as every AD system treats it), <c>x/1</c>, <c>−(−x)</c>.
/// </summary>
internal static class ExprFactory
{
    public static bool IsReal(string type) => type is "double" or "float";

    public static ConstExpr Const(double value, string type)
        => new(type == "float" ? (float)value : value, type);

    public static bool IsConst(Expr e, double value) => e is ConstExpr c && c.Value == value;

    public static bool IsZero(Expr e) => IsConst(e, 0);

    public static Expr Add(Expr a, Expr b)
    {
        if (IsZero(a))
        {
            return b;
        }

        if (IsZero(b))
        {
            return a;
        }

        if (TryFold(a, b, (x, y) => x + y) is { } folded)
        {
            return folded;
        }

        if (b is UnaryExpr { Op: UnaryOp.Negate } nb)
        {
            return Subtract(a, nb.Operand);
        }

        if (a.Equals(b) && IsReal(a.Type))
        {
            return Multiply(Const(2, a.Type), a);
        }

        return new BinaryExpr(BinaryOp.Add, a, b, a.Type);
    }

    public static Expr Subtract(Expr a, Expr b)
    {
        if (IsZero(b))
        {
            return a;
        }

        if (IsZero(a))
        {
            return Negate(b);
        }

        if (TryFold(a, b, (x, y) => x - y) is { } folded)
        {
            return folded;
        }

        if (b is UnaryExpr { Op: UnaryOp.Negate } nb)
        {
            return Add(a, nb.Operand);
        }

        return new BinaryExpr(BinaryOp.Subtract, a, b, a.Type);
    }

    public static Expr Multiply(Expr a, Expr b)
    {
        if (IsZero(a) || IsZero(b))
        {
            return Const(0, a.Type);
        }

        if (IsConst(a, 1))
        {
            return b;
        }

        if (IsConst(b, 1))
        {
            return a;
        }

        if (IsConst(a, -1))
        {
            return Negate(b);
        }

        if (IsConst(b, -1))
        {
            return Negate(a);
        }

        if (TryFold(a, b, (x, y) => x * y) is { } folded)
        {
            return folded;
        }

        // Pull negations out so that −a·b reads as one negation: −(a·b).
        if (a is UnaryExpr { Op: UnaryOp.Negate } na)
        {
            return Negate(Multiply(na.Operand, b));
        }

        if (b is UnaryExpr { Op: UnaryOp.Negate } nb)
        {
            return Negate(Multiply(a, nb.Operand));
        }

        return new BinaryExpr(BinaryOp.Multiply, a, b, a.Type);
    }

    public static Expr Divide(Expr a, Expr b)
    {
        if (IsZero(a))
        {
            return Const(0, a.Type);
        }

        if (IsConst(b, 1))
        {
            return a;
        }

        if (TryFold(a, b, (x, y) => x / y) is { } folded)
        {
            return folded;
        }

        if (a is UnaryExpr { Op: UnaryOp.Negate } na)
        {
            return Negate(Divide(na.Operand, b));
        }

        return new BinaryExpr(BinaryOp.Divide, a, b, a.Type);
    }

    /// <summary>
    /// <c>a op b</c> for value code, which must compute exactly what the original computes (NaN,
    /// ±∞ and −0 included): folds two constants as the runtime would, and uses only the identities
    /// that hold for every IEEE value (<c>x·1</c>, <c>x/1</c>, <c>x−0</c>).
    /// </summary>
    public static Expr Exact(BinaryOp op, Expr a, Expr b)
    {
        System.Func<double, double, double>? operation = op switch
        {
            BinaryOp.Add => (x, y) => x + y,
            BinaryOp.Subtract => (x, y) => x - y,
            BinaryOp.Multiply => (x, y) => x * y,
            BinaryOp.Divide => (x, y) => x / y,
            BinaryOp.Remainder => (x, y) => x % y,
            _ => null,
        };
        if (operation is not null && a is ConstExpr && b is ConstExpr && TryFold(a, b, operation) is { } folded)
        {
            return folded;
        }

        bool exactIdentity = op switch
        {
            BinaryOp.Multiply => IsConst(b, 1),
            BinaryOp.Divide => IsConst(b, 1),
            BinaryOp.Subtract => b is ConstExpr { Value: 0 } zero && System.BitConverter.DoubleToInt64Bits(zero.Value) == 0,
            _ => false,
        };
        return exactIdentity && a.Type == b.Type ? a : new BinaryExpr(op, a, b, a.Type);
    }

    public static Expr Negate(Expr a)
    {
        if (a is ConstExpr c && IsReal(a.Type))
        {
            return Const(-c.Value, a.Type);
        }

        if (a is UnaryExpr { Op: UnaryOp.Negate } n)
        {
            return n.Operand;
        }

        return new UnaryExpr(UnaryOp.Negate, a, a.Type);
    }

    public static Expr Compare(BinaryOp op, Expr a, Expr b) => new BinaryExpr(op, a, b, "bool");

    public static Expr And(Expr a, Expr b) => new BinaryExpr(BinaryOp.ConditionalAnd, a, b, "bool");

    public static Expr Conditional(Expr condition, Expr whenTrue, Expr whenFalse)
        => whenTrue.Equals(whenFalse) ? whenTrue : new ConditionalExpr(condition, whenTrue, whenFalse, whenTrue.Type);

    public static Expr Convert(Expr operand, string type)
    {
        if (operand.Type == type)
        {
            return operand;
        }

        if (operand is ConstExpr c && IsReal(type))
        {
            return Const(c.Value, type);
        }

        if (operand is SliceExpr slice && type.StartsWith("global::System.ReadOnlySpan<", StringComparison.Ordinal))
        {
            // A slice of a Span (or an array's AsSpan) taken as a ReadOnlySpan is the same view, read-only:
            // still a slice, so every pass that follows views sees it as one.
            return slice with { Type = type };
        }

        if (operand is TemplateExpr allocation && Differentiation.ArrayPlumbing.IsAllocation(allocation) && type.StartsWith("global::System.Span<", StringComparison.Ordinal)
            && Differentiation.ArrayPlumbing.ElementTypeOf(operand.Type) is { } element && Differentiation.ArrayPlumbing.ElementTypeOf(type) == element)
        {
            // Span<T> h = new T[n]: still the allocation (C# converts it implicitly), so every pass
            // sees a local buffer, not a span made from an array. (A ReadOnlySpan of a new array
            // can never be written: it stays a conversion, data of zeros.)
            return allocation with { Type = type };
        }

        return new ConvertExpr(operand, type);
    }

    public static Expr Math(MathFunction function, string type, params Expr[] arguments)
        => new MathExpr(function, EquatableArray.Create(arguments), type);

    public static Expr Square(Expr a) => Multiply(a, a);

    /// <summary>
    /// Folds real constants in the precision of their type, as the runtime would; leaves the
    /// operation alone when the result would not be finite (it then reads better as written).
    /// </summary>
    private static Expr? TryFold(Expr a, Expr b, Func<double, double, double> operation)
    {
        if (a is not ConstExpr ca || b is not ConstExpr cb || !IsReal(a.Type))
        {
            return null;
        }

        double value = a.Type == "float" ? (float)operation((float)ca.Value, (float)cb.Value) : operation(ca.Value, cb.Value);
        return double.IsNaN(value) || double.IsInfinity(value) ? null : Const(value, a.Type);
    }
}
