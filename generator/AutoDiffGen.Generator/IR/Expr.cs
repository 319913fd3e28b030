using System.Linq;
using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// A variable of the IR. Names are unique within a generated method, so a variable is its name.
/// Primal variables are in SSA form (assigned once); tangents likewise; adjoints accumulate.
/// </summary>
/// <param name="Name">The C# identifier it is emitted as.</param>
/// <param name="Type">The C# type (<c>double</c>, <c>float</c>, <c>int</c>, <c>bool</c>, or a <c>global::</c> name).</param>
internal sealed record Var(string Name, string Type)
{
    /// <summary>The hash code, computed once (variables key most of the cleanup's sets and tables); 0 until then.</summary>
    private int hash;

    /// <summary>For <c>with</c>: the copy computes its own hash, as it may have another name or type.</summary>
    private Var(Var original)
    {
        Name = original.Name;
        Type = original.Type;
    }

    public bool Equals(Var? other)
        => ReferenceEquals(this, other) || other is not null && string.Equals(Name, other.Name) && string.Equals(Type, other.Type);

    public override int GetHashCode()
    {
        if (hash == 0)
        {
            int computed = unchecked(((Name?.GetHashCode() ?? 0) * -1521134295) + (Type?.GetHashCode() ?? 0));
            hash = computed == 0 ? 1 : computed;
        }

        return hash;
    }
}

/// <summary>An IR expression. Every node knows its C# type.</summary>
internal abstract record Expr(string Type);

/// <summary>A numeric constant of type <c>double</c>, <c>float</c>, <c>int</c> or <c>long</c>.</summary>
internal sealed record ConstExpr(double Value, string Type) : Expr(Type);

/// <summary>Code that needs no evaluation order and reads nothing of ours: <c>true</c>, a string, an enum member, <c>this.k</c>.</summary>
internal sealed record LiteralExpr(string Text, string Type) : Expr(Type);

/// <summary>A read of a variable.</summary>
internal sealed record VarExpr(Var Var) : Expr(Var.Type);

internal enum UnaryOp
{
    Negate,
    Not,
    BitwiseNot,
}

internal sealed record UnaryExpr(UnaryOp Op, Expr Operand, string Type) : Expr(Type);

internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    ConditionalAnd,
    ConditionalOr,
    And,
    Or,
    ExclusiveOr,
    LeftShift,
    RightShift,
}

internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, string Type) : Expr(Type);

/// <summary><c>c ? a : b</c>. Pure: only ever built for derivative formulas and inactive values.</summary>
internal sealed record ConditionalExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse, string Type) : Expr(Type);

/// <summary>A numeric conversion, e.g. <c>(double)i</c> or <c>(float)x</c>.</summary>
internal sealed record ConvertExpr(Expr Operand, string Type) : Expr(Type);

/// <summary>A call to a function of the known-derivative table (see <see cref="MathFunction"/>).</summary>
internal sealed record MathExpr(MathFunction Function, EquatableArray<Expr> Arguments, string Type) : Expr(Type);

/// <summary>
/// Inactive code the IR does not model (a call with only inactive arguments, an object creation,
/// an interpolated string, a member read): text segments with IR expressions between them.
/// <c>Segments.Count == Holes.Count + 1</c>.
/// </summary>
/// <param name="Repeatable">
/// Code that may throw or allocate but changes nothing, so running it again (a Jacobian's sweeps, a
/// callee's pullback) repeats nothing: a guard (<c>ArgumentOutOfRangeException.ThrowIfNegative</c>,
/// <c>Debug.Assert</c>), a <c>Math</c> function or a view (<c>Slice</c>, <c>AsSpan</c>), a call to a
/// <c>[Differentiable]</c> method that composes, or data made in the method
/// (<c>List&lt;double&gt; xs = [0.5, 1.5]</c>). It is still kept in every member, in its place.
/// </param>
internal sealed record TemplateExpr(EquatableArray<string> Segments, EquatableArray<Expr> Holes, string Type, bool HasSideEffects, bool Repeatable = false) : Expr(Type)
{
    /// <summary><c>checked(…)</c> or <c>unchecked(…)</c> around integer arithmetic: an overflow context, not a call.</summary>
    public bool IsOverflowContext => Segments.Count > 0
        && (Segments[0].StartsWith("checked(", System.StringComparison.Ordinal) || Segments[0].StartsWith("unchecked(", System.StringComparison.Ordinal));
}

/// <summary>
/// An element read <c>array[index]</c> of an array or span of reals. The array is a variable (a
/// parameter or a local buffer) or an inactive expression; the index is inactive.
/// </summary>
internal sealed record IndexExpr(Expr Array, Expr Index, string Type) : Expr(Type);

/// <summary>
/// <c>array.Slice(start)</c> or <c>array.Slice(start, length)</c> of an array-like variable: a view, whose
/// tangent and adjoint are the same slice of the tangent and adjoint.
/// </summary>
internal sealed record SliceExpr(Expr Array, EquatableArray<Expr> Arguments, string Type) : Expr(Type);

/// <summary>
/// A call to another <c>[Differentiable]</c> method, whose generated pushforward and pullback the
/// derivatives call in turn. <paramref name="Receiver"/> is <c>this</c> or a <c>global::</c> type;
/// <paramref name="ActiveParameters"/> says, per argument, whether the callee differentiates it.
/// A call to a vector-valued callee (a tuple type) is only ever the value of a <see cref="DeconstructStmt"/>;
/// a call to a <c>void</c> callee with span outputs only ever that of an <see cref="EvaluateStmt"/>,
/// with <paramref name="OutputParameters"/> saying which arguments are those outputs (local buffers
/// of the caller, which the callee writes).
/// </summary>
/// <paramref name="ReordersSums"/>: the callee is <c>[Differentiable(ReorderSums = true)]</c>, so its
/// members' values may differ from its own in the last bits (forward mode then takes the value from
/// the callee itself, as reverse mode always does).
/// <paramref name="Custom"/>: the callee's derivatives are a user's <c>[DerivativeOf]</c> methods, not
/// generated members (whose values are never taken: the value always comes from the callee itself).
/// <paramref name="ReadsState"/>: the first state the callee reads that a call can change (a property, a
/// field that is not readonly), named; null when it reads none (see <c>MethodLowerer.StateRead</c>).
/// <paramref name="OverwrittenOutputs"/>: per argument, a span output that may hold values before the
/// call (a buffer written before, or allocated before the loop around the call), accepted because
/// the callee writes every element of it before it reads any (<c>ScratchBuffers.WritesWholeFirst</c>):
/// the call overwrites it whole, so its tangent is the callee's whatever the call's activity, and its
/// adjoint is consumed by the call's reverse.
internal sealed record DifferentiableCallExpr(string Receiver, string Method, EquatableArray<Expr> Arguments, EquatableArray<bool> ActiveParameters, string Type, EquatableArray<bool> OutputParameters = default, bool ReordersSums = false, CustomDerivativeNames? Custom = null, string? ReadsState = null, EquatableArray<bool> OverwrittenOutputs = default) : Expr(Type)
{
    /// <summary>Whether argument <paramref name="i"/> is a span output of the callee.</summary>
    public bool IsOutput(int i) => i < OutputParameters.Count && OutputParameters[i];

    /// <summary>Whether argument <paramref name="i"/> is a span output the call overwrites whole (see <paramref name="OverwrittenOutputs"/>).</summary>
    public bool Overwrites(int i) => i < OverwrittenOutputs.Count && OverwrittenOutputs[i];

    /// <summary>
    /// Whether the value must come from the callee itself rather than from its pushforward: its sums
    /// are reordered in its members, or its derivatives are the user's (which may return nothing).
    /// </summary>
    public bool ValueFromCallee => ReordersSums || Custom is not null;

    /// <summary>Whether the callee writes span outputs.</summary>
    public bool HasOutputs => OutputParameters.Any(o => o);
}

/// <summary>
/// The user's <c>[DerivativeOf]</c> methods that a call composes through, as written in generated code
/// (<c>global::N.T.M</c>); null for a kind the user did not supply (the lowering has checked that the
/// method's members do not need it).
/// </summary>
internal sealed record CustomDerivativeNames(string? Pushforward, string? Pullback);

/// <summary>
/// A tuple value. During lowering, tuple locals and tuple-valued conditionals are tuples of
/// their elements' values, taken apart into variables; in the lowered IR a tuple appears only as
/// the value of a <see cref="ReturnStmt"/> of a vector-valued method, one element per output.
/// </summary>
internal sealed record TupleExpr(EquatableArray<Expr> Elements, string Type) : Expr(Type);

/// <summary>The functions with a known derivative (or a known zero derivative).</summary>
internal enum MathFunction
{
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Sinh,
    Cosh,
    Tanh,
    Exp,
    Log,
    LogBase,
    Log10,
    Log2,
    Sqrt,
    Cbrt,
    Pow,
    Abs,
    Max,
    Min,
    Clamp,

    /// <summary><c>double.Clamp</c>/<c>float.Clamp</c> (generic math): a NaN bound gives NaN, where <c>Math.Clamp</c> ignores it.</summary>
    NumberClamp,
    FusedMultiplyAdd,
    Floor,
    Ceiling,
    Round,
    Truncate,
    Sign,
    Asinh,
    Acosh,
    Atanh,
    SinPi,
    CosPi,
    TanPi,
    AsinPi,
    AcosPi,
    AtanPi,
    Atan2Pi,
    DegreesToRadians,
    RadiansToDegrees,
    Exp2,
    Exp10,
    ExpM1,
    Exp2M1,
    Exp10M1,
    LogP1,
    Log2P1,
    Log10P1,
    Hypot,

    /// <summary><c>double.RootN(x, n)</c>: the n-th root, n an <c>int</c>.</summary>
    RootN,
    CopySign,

    /// <summary><c>Math.IEEERemainder</c>; <see cref="Ieee754Remainder"/> is the generic-math spelling of the same function.</summary>
    IEEERemainder,
    Ieee754Remainder,
    Lerp,
    MaxMagnitude,
    MinMagnitude,
    MaxMagnitudeNumber,
    MinMagnitudeNumber,
    MaxNumber,
    MinNumber,
    MaxNative,
    MinNative,
    ClampNative,
    MultiplyAddEstimate,
    ReciprocalEstimate,
    ReciprocalSqrtEstimate,

    /// <summary><c>Math.ScaleB(x, n)</c> = x·2ⁿ, n an <c>int</c>.</summary>
    ScaleB,

    /// <summary><c>Math.ILogB(x)</c>: the binary exponent, an <c>int</c> (derivative 0).</summary>
    ILogB,

    /// <summary><c>Ad.StopGradient(x)</c>: x, with derivative 0 (no warning: that is its purpose).</summary>
    StopGradient,

    /// <summary><c>Ad.Relu(x)</c>: max(x, 0), with derivative 0 at x = 0.</summary>
    Relu,
}
