using System.Collections.Generic;
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
    /// <c>if (buffer.Length != source.Length) throw new ArgumentException(…, nameof(buffer));</c>
    /// </summary>
    public static Stmt LengthCheck(Var buffer, Var source)
    {
        var length = Member(new VarExpr(buffer), ".Length", "int");
        var expected = Member(new VarExpr(source), ".Length", "int");
        var condition = new BinaryExpr(BinaryOp.NotEqual, length, expected, "bool");
        var message = new TemplateExpr(
            EquatableArray.Create(
                "new global::System.ArgumentException($\"" + buffer.Name + " must have length {",
                "} (the length of " + source.Name + "), but has length {",
                "}.\", nameof(" + buffer.Name + "))"),
            EquatableArray.Create(expected, length),
            "global::System.ArgumentException",
            HasSideEffects: true);
        return new IfStmt(condition, EquatableArray.Create<Stmt>(new ThrowStmt(message, null)), EquatableArray<Stmt>.Empty, null);
    }

    /// <summary><c>buffer.Clear();</c></summary>
    public static Stmt Clear(Var buffer)
        => new EvaluateStmt(new TemplateExpr(EquatableArray.Create("", ".Clear()"), EquatableArray.Create<Expr>(new VarExpr(buffer)), "void", HasSideEffects: true), null);

    /// <summary><c>receiver.Member</c> as an inactive expression.</summary>
    public static Expr Member(Expr receiver, string member, string type)
        => new TemplateExpr(EquatableArray.Create("", member), EquatableArray.Create(receiver), type, HasSideEffects: false);

    /// <summary>The span type a derivative of an array-like input of <paramref name="elementType"/> travels in.</summary>
    public static string SpanType(string elementType, bool readOnly)
        => (readOnly ? "global::System.ReadOnlySpan<" : "global::System.Span<") + elementType + ">";

    /// <summary>For a local buffer <c>h = stackalloc double[n]</c>: the same allocation again, for its derivative.</summary>
    public static bool IsAllocation(Expr value)
        => value is TemplateExpr t && t.Segments.Count == 2 && (t.Segments[0].StartsWith("stackalloc ", System.StringComparison.Ordinal) || t.Segments[0].StartsWith("new ", System.StringComparison.Ordinal));

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
        foreach (var p in method.Parameters)
        {
            if (p.Role == ParameterRole.Inactive)
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
                if (clearSpans)
                {
                    checks.Add(Clear(derivative));
                }
            }
        }

        return result;
    }
}
