using System.Collections.Generic;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Calls to the generated members of another differentiable method: <c>GPushforward(args, tangents,
/// out vDot)</c> in forward mode, <c>GPullback(args, v̄, ref ā, ref b̄)</c> in reverse mode.
/// </summary>
internal static class Composition
{
    /// <summary>
    /// <c>Receiver.MethodSuffix(arguments…, extra…, lastPrefix last)</c>, where
    /// <paramref name="lastPrefix"/> is <c>", out "</c> or <c>", ref "</c>-style text.
    /// </summary>
    public static TemplateExpr Call(DifferentiableCallExpr call, string suffix, IReadOnlyList<Expr> extra, string? lastPrefix = null, Expr? last = null, IReadOnlyList<Expr>? refs = null, IReadOnlyList<Expr>? outs = null)
    {
        var segments = new List<string>();
        var holes = new List<Expr>();
        string pending = Callee(call, suffix) + "(";
        void Hole(string separator, Expr e)
        {
            segments.Add(pending + (holes.Count == 0 ? "" : separator));
            holes.Add(e);
            pending = "";
        }

        foreach (var argument in call.Arguments)
        {
            Hole(", ", argument);
        }

        foreach (var e in extra)
        {
            Hole(", ", e);
        }

        if (refs is not null)
        {
            foreach (var e in refs)
            {
                // A span adjoint is passed as it is; a scalar one by reference.
                Hole(e.Type.StartsWith("global::System.Span<", System.StringComparison.Ordinal) || e.Type.EndsWith("[]", System.StringComparison.Ordinal) ? ", " : ", ref ", e);
            }
        }

        if (outs is not null)
        {
            foreach (var e in outs)
            {
                Hole(", out ", e);
            }
        }

        if (last is not null)
        {
            Hole(lastPrefix ?? ", ", last);
        }

        segments.Add(pending + ")");
        return new TemplateExpr(segments.ToEquatableArray(), holes.ToEquatableArray(), call.Type, HasSideEffects: true);
    }

    /// <summary>
    /// The method called for <paramref name="suffix"/> (<c>Pushforward</c> or <c>Pullback</c>): the
    /// callee's generated member, or the user's <c>[DerivativeOf]</c> method of that kind.
    /// </summary>
    private static string Callee(DifferentiableCallExpr call, string suffix)
    {
        if (call.Custom is not { } custom)
        {
            return call.Receiver + "." + call.Method + suffix;
        }

        // The lowering reports a call whose method needs a kind the user did not supply.
        return (suffix == "Pushforward" ? custom.Pushforward : suffix == "Pullback" ? custom.Pullback : null)
            ?? throw new System.InvalidOperationException("no custom " + suffix + " for " + call.Method);
    }
}
