using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// The code both modes need around array and span parameters: argument checks that name the
/// parameter and the expected length, clearing, and helpers to build small pieces of C#.
/// </summary>
internal static class ArrayPlumbing
{
    /// <summary>
    /// <c>ArgumentChecks.Length(buffer.Length, nameof(buffer), source.Length, "source");</c>: one
    /// line, the comparison inlined by the JIT, the message ("buffer must have length …") formatted
    /// out of line, in the runtime library. A source of array type may be null: then nothing is
    /// checked (<c>source?.Length ?? buffer.Length</c>), and the method's body, run by the member,
    /// throws what the method throws (its guard's <c>ArgumentNullException</c>, or where it reads).
    /// </summary>
    public static Stmt LengthCheck(Var buffer, Var source)
    {
        var length = Member(new VarExpr(buffer), ".Length", "int");
        var expected = source.Type.EndsWith("[]", System.StringComparison.Ordinal)
            ? new TemplateExpr(EquatableArray.Create("", "?.Length ?? ", ".Length"), EquatableArray.Create<Expr>(new VarExpr(source), new VarExpr(buffer)), "int", HasSideEffects: false)
            : Member(new VarExpr(source), ".Length", "int");
        var check = new TemplateExpr(
            EquatableArray.Create(
                "global::AutoDiffGen.ArgumentChecks.Length(",
                ", nameof(" + buffer.Name + "), ",
                ", \"" + source.Name.TrimStart('@') + "\")"),
            EquatableArray.Create(length, expected),
            "void",
            HasSideEffects: true);
        return new EvaluateStmt(check, null);
    }

    /// <summary><c>buffer.Clear();</c> for a span, <c>Array.Clear(buffer, 0, buffer.Length);</c> for an array.</summary>
    public static Stmt Clear(Var buffer, Origin? origin = null)
        => new EvaluateStmt(
            buffer.Type.EndsWith("[]", System.StringComparison.Ordinal)
                ? new TemplateExpr(EquatableArray.Create("global::System.Array.Clear(", ", 0, ", ".Length)"), EquatableArray.Create<Expr>(new VarExpr(buffer), new VarExpr(buffer)), "void", HasSideEffects: true)
                : new TemplateExpr(EquatableArray.Create("", ".Clear()"), EquatableArray.Create<Expr>(new VarExpr(buffer)), "void", HasSideEffects: true),
            origin);

    /// <summary>The buffer a <see cref="Clear"/> expression clears (<c>buffer.Clear()</c> or <c>Array.Clear(buffer, 0, buffer.Length)</c>), or null.</summary>
    public static Var? ClearedBy(Expr e)
        => e is TemplateExpr t && t.Holes.Count > 0 && t.Holes[0] is VarExpr { Var: var buffer } && t.Holes.All(h => h is VarExpr)
            && (t.Segments.SequenceEqual(new[] { "", ".Clear()" }) || t.Segments.SequenceEqual(new[] { "global::System.Array.Clear(", ", 0, ", ".Length)" }))
                ? buffer
                : null;

    /// <summary><c>receiver.Member</c> as an inactive expression.</summary>
    public static Expr Member(Expr receiver, string member, string type)
        => new TemplateExpr(EquatableArray.Create("", member), EquatableArray.Create(receiver), type, HasSideEffects: false);

    /// <summary>The buffer whose <c>.Length</c> this is (<see cref="Member"/>), or null.</summary>
    public static Var? LengthOf(Expr e)
        => e is TemplateExpr { Segments.Count: 2, Holes.Count: 1 } t && t.Segments[0].Length == 0 && t.Segments[1] == ".Length" && t.Holes[0] is VarExpr v ? v.Var : null;

    /// <summary>The span type a derivative of an array-like input of <paramref name="elementType"/> travels in.</summary>
    public static string SpanType(string elementType, bool readOnly)
        => (readOnly ? "global::System.ReadOnlySpan<" : "global::System.Span<") + elementType + ">";

    /// <summary>
    /// <c>pooled = ArrayPool&lt;T&gt;.Shared.Rent(length); span = pooled.AsSpan(0, length)</c>: a span of
    /// <paramref name="length"/> elements on a rented array (given back by <see cref="ReturnRented"/>),
    /// so that a gradient call allocates nothing once the pool is warm.
    /// </summary>
    public static IEnumerable<Stmt> RentSpan(Var pooled, Var span, Expr length, Origin? origin)
    {
        string element = pooled.Type.Substring(0, pooled.Type.Length - 2);
        yield return new AssignStmt(pooled, new TemplateExpr(EquatableArray.Create("global::System.Buffers.ArrayPool<" + element + ">.Shared.Rent(", ")"), EquatableArray.Create(length), pooled.Type, HasSideEffects: true), origin);
        yield return new AssignStmt(span, new TemplateExpr(EquatableArray.Create("global::System.MemoryExtensions.AsSpan(", ", 0, ", ")"), EquatableArray.Create<Expr>(new VarExpr(pooled), length), span.Type, HasSideEffects: true), origin);
    }

    /// <summary><c>ArrayPool&lt;T&gt;.Shared.Return(pooled)</c>, for an array rented by <see cref="RentSpan"/>.</summary>
    public static Stmt ReturnRented(Var pooled, Origin? origin)
        => new EvaluateStmt(new TemplateExpr(EquatableArray.Create("global::System.Buffers.ArrayPool<" + pooled.Type.Substring(0, pooled.Type.Length - 2) + ">.Shared.Return(", ")"), EquatableArray.Create<Expr>(new VarExpr(pooled)), "void", HasSideEffects: true), origin);

    /// <summary>
    /// The tangent of data passed to a parameter a callee differentiates: as many zeros as
    /// <paramref name="data"/> has elements, read from the thread's shared array of zeros.
    /// </summary>
    public static Expr ZeroTangent(Expr data)
    {
        string element = ElementTypeOf(data.Type) ?? "double";
        var length = Member(data, ".Length", "int");
        return new TemplateExpr(
            EquatableArray.Create("new " + SpanType(element, readOnly: true) + "(global::AutoDiffGen.Tape<" + element + ">.Zeros(", "), 0, ", ")"),
            EquatableArray.Create(length, length), SpanType(element, readOnly: true), HasSideEffects: true);
    }

    /// <summary>For a local buffer <c>h = stackalloc double[n]</c>: the same allocation again, for its derivative.</summary>
    /// <remarks>Only an array's (<c>new T[n]</c>, <c>stackalloc T[n]</c>): a constructor call with one
    /// argument, <c>new C(a)</c>, has the same two segments, and may have any effect.</remarks>
    public static bool IsAllocation(Expr value)
        => value is TemplateExpr t && t.Segments.Count == 2 && t.Segments[1] == "]" && t.Segments[0].EndsWith("[", System.StringComparison.Ordinal)
           && (t.Segments[0].StartsWith("stackalloc ", System.StringComparison.Ordinal) || t.Segments[0].StartsWith("new ", System.StringComparison.Ordinal));

    /// <summary>
    /// One derivative parameter per active parameter, in order: a scalar of the parameter's type
    /// (with <paramref name="scalarModifier"/>), or a span for an array-like one, length-checked
    /// (and cleared, when <paramref name="clearSpans"/>). Adds them to the signature.
    /// </summary>
    public static List<(Var Parameter, Var Derivative)> DerivativeParameters(
        LoweredMethod method,
        NameAllocator names,
        System.Func<string, string> name,
        bool readOnlySpans,
        string scalarModifier,
        bool clearSpans,
        System.Func<ParameterModel, string> documentation,
        List<GeneratedParameter> signature,
        List<Stmt> checks)
    {
        var result = new List<(Var, Var)>();
        var clears = new List<Stmt>();
        var outputs = new List<(Var Span, string ElementType)>();
        foreach (var p in method.Parameters)
        {
            if (p.Role is ParameterRole.Inactive or ParameterRole.Output)
            {
                continue;
            }

            var parameter = new Var(p.Name, p.Type);
            string derivativeName = names.Fresh(name(p.Name.TrimStart('@')));
            bool isSpan = p.Role == ParameterRole.ActiveArray;
            var derivative = new Var(derivativeName, isSpan ? SpanType(p.ElementType, readOnlySpans) : p.Type);
            result.Add((parameter, derivative));
            signature.Add(new GeneratedParameter(isSpan ? "" : scalarModifier, derivative.Type, derivative.Name, documentation(p)));
            if (isSpan)
            {
                checks.Add(LengthCheck(derivative, parameter));
                if (!readOnlySpans)
                {
                    outputs.Add((derivative, p.ElementType));
                }

                if (clearSpans)
                {
                    clears.Add(Clear(derivative));
                }
            }
        }

        // An output span that shares memory with an input (FGradient(x, x)) or with another output
        // would be read after it is written: refuse it, before anything is written.
        for (int i = 0; i < outputs.Count; i++)
        {
            var (output, elementType) = outputs[i];
            var others = method.Parameters.Where(p => MemoryElementTypeOf(p.Type) == elementType).Select(p => new Var(p.Name, p.Type))
                .Concat(outputs.Take(i).Where(o => o.ElementType == elementType).Select(o => o.Span))
                .ToList();
            if (others.Count > 0)
            {
                checks.Add(OverlapCheck(output, others, elementType));
            }
        }

        checks.AddRange(clears);
        return result;
    }

    /// <summary>
    /// One derivative span per span output of the method, in order (a tangent to write, or a seed to
    /// read), length-checked against its output. Adds them to the signature. The span outputs
    /// themselves are checked not to share memory with an active input or with each other: the
    /// derivatives treat them as separate variables.
    /// </summary>
    public static List<(Var Output, Var Derivative)> OutputDerivativeParameters(
        LoweredMethod method,
        NameAllocator names,
        System.Func<string, string> name,
        bool readOnly,
        System.Func<ParameterModel, string> documentation,
        List<GeneratedParameter> signature,
        List<Stmt> checks,
        IReadOnlyList<Var>? inputDerivatives = null)
    {
        var result = new List<(Var, Var)>();
        foreach (var p in method.Parameters.Where(p => p.Role == ParameterRole.Output))
        {
            var output = new Var(p.Name, p.Type);
            var derivative = new Var(names.Fresh(name(p.Name.TrimStart('@'))), SpanType(p.ElementType, readOnly));
            result.Add((output, derivative));
            signature.Add(new GeneratedParameter("", derivative.Type, derivative.Name, documentation(p)));
            checks.Add(LengthCheck(derivative, output));

            var inputs = OverlapCandidates(method, p).Select(q => new Var(q.Name, q.Type))
                .Concat((inputDerivatives ?? System.Array.Empty<Var>()).Where(d => d.Type == SpanType(p.ElementType, readOnly: true) || d.Type == SpanType(p.ElementType, readOnly: false)))
                .ToList();
            if (inputs.Count > 0)
            {
                string tangents = inputDerivatives is { Count: > 0 } ? "true" : "false";
                checks.Add(OverlapCheck(output, inputs, p.ElementType, "OutputSharesMemory", ", " + tangents));
            }
        }

        return result;
    }

    /// <summary>
    /// <c>if (MemoryExtensions.Overlaps&lt;T&gt;(output, a) || …) throw ArgumentChecks.SharesMemory(nameof(output), "a, …");</c>,
    /// or the runtime's <paramref name="check"/> with <paramref name="arguments"/> after those two.
    /// </summary>
    public static Stmt OverlapCheck(Var output, IReadOnlyList<Var> others, string elementType, string check = "SharesMemory", string arguments = "")
    {
        Expr? condition = null;
        foreach (var other in others)
        {
            var overlaps = new TemplateExpr(
                EquatableArray.Create("global::System.MemoryExtensions.Overlaps<" + elementType + ">(", ", ", ")"),
                EquatableArray.Create<Expr>(new VarExpr(output), IsMemory(other.Type) ? new TemplateExpr(EquatableArray.Create("", ".Span"), EquatableArray.Create<Expr>(new VarExpr(other)), SpanType(elementType, readOnly: true), HasSideEffects: false) : new VarExpr(other)),
                "bool",
                HasSideEffects: false);
            condition = condition is null ? overlaps : new BinaryExpr(BinaryOp.ConditionalOr, condition, overlaps, "bool");
        }

        string list = string.Join(", ", others.Select(o => o.Name.TrimStart('@')));
        var message = new TemplateExpr(
            EquatableArray.Create("global::AutoDiffGen.ArgumentChecks." + check + "(nameof(" + output.Name + "), \"" + list + "\"" + arguments + ")"),
            EquatableArray<Expr>.Empty,
            "global::System.ArgumentException",
            HasSideEffects: true);
        return new IfStmt(condition!, EquatableArray.Create<Stmt>(new ThrowStmt(message, null)), EquatableArray<Stmt>.Empty, null);
    }

    /// <summary>
    /// What a span output must not share memory with: every input of its element type, since the
    /// output is written while they are read, [NoDerivative] ones too (the derivatives read them
    /// again after the method's writes: a new user's trial, stop 25, ScaleBy(d, a, b, y: d) gave a
    /// wrong Jacobian and pullback), then the outputs before it.
    /// </summary>
    public static IEnumerable<ParameterModel> OverlapCandidates(LoweredMethod method, ParameterModel output)
    {
        var outputs = method.Parameters.Where(q => q.Role == ParameterRole.Output).ToList();
        return method.Parameters.Where(q => q.Role != ParameterRole.Output && MemoryElementTypeOf(q.Type) == output.ElementType)
            .Concat(outputs.Take(outputs.IndexOf(output)).Where(q => q.ElementType == output.ElementType));
    }

    /// <summary>A real array, span or memory argument as a span, for <c>Overlaps</c>: <c>d.Span</c> of a <c>Memory&lt;T&gt;</c>, else the name.</summary>
    public static string AsSpan(string name, string type) => IsMemory(type) ? name + ".Span" : name;

    /// <summary>
    /// Like <see cref="ElementTypeOf"/>, also for <c>Memory&lt;T&gt;</c> and <c>ReadOnlyMemory&lt;T&gt;</c>
    /// (data an output may overlap, compared through <c>.Span</c>; a review of stop 25).
    /// </summary>
    internal static string? MemoryElementTypeOf(string type)
        => ElementTypeOf(type) ?? (IsMemory(type) ? new[] { "double", "float" }.FirstOrDefault(e => type.EndsWith("<" + e + ">", System.StringComparison.Ordinal)) : null);

    /// <summary>Whether the type is <c>System.Memory&lt;T&gt;</c> or <c>System.ReadOnlyMemory&lt;T&gt;</c>.</summary>
    internal static bool IsMemory(string type)
        => type.StartsWith("global::System.Memory<", System.StringComparison.Ordinal) || type.StartsWith("global::System.ReadOnlyMemory<", System.StringComparison.Ordinal);

    /// <summary><c>double</c> or <c>float</c> for a real array or span type, else null.</summary>
    internal static string? ElementTypeOf(string type)
    {
        foreach (var element in new[] { "double", "float" })
        {
            if (type == element + "[]" || type == "global::System.ReadOnlySpan<" + element + ">" || type == "global::System.Span<" + element + ">")
            {
                return element;
            }
        }

        return null;
    }
}
