using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Activity analysis: which values depend differentiably on the active parameters. A value is
/// active when it is real-typed and reaches an active variable through operations with a
/// non-zero derivative; comparisons, integer casts and step functions cut the dependence.
/// </summary>
/// <remarks>
/// <para>Soundness rule 1 ("right or reported") rests on this analysis treating as constant only
/// what cannot carry an active value unreported. The lowering (the one rules class shared with the
/// analyzer) guarantees it for every kind of expression that is inactive here:</para>
/// <list type="bullet">
/// <item>Non-real values: a real becomes an integer only through a cast (ADG0008) and a bool only
/// through a comparison, which decides a branch (the branch taken is differentiated).</item>
/// <item><see cref="LiteralExpr"/>: constants, enum members, fields and properties of <c>this</c>
/// or static ones, which the method cannot write (ADG0007).</item>
/// <item><see cref="TemplateExpr"/>: calls, property reads and object creations whose receiver and
/// arguments are all inactive; an active scalar, array or span handed to one is ADG0006.</item>
/// <item>Element reads of arrays that are not active: <c>[NoDerivative]</c> parameters and arrays
/// that come from elsewhere (a call, a field), which the method may not write (ADG0005).</item>
/// <item>Step functions (<c>Floor</c>, <c>Sign</c>, …): ADG0008.</item>
/// <item>Arguments of a <c>[Differentiable]</c> callee's <c>[NoDerivative]</c> parameters: an
/// active one is ADG0006.</item>
/// </list>
/// <para>Views (aliases and slices, see <see cref="ViewSource"/>) are active with the array they
/// view; <c>ref</c> locals are resolved to the variable they name during lowering.</para>
/// </remarks>
internal static class Activity
{
    public static bool IsActive(Expr e, IReadOnlyCollection<Var> activeVars)
    {
        if (e is TupleExpr tuple)
        {
            // The outputs of a vector-valued method: active when one of them is.
            return tuple.Elements.Any(element => IsActive(element, activeVars));
        }

        if (!ExprFactory.IsReal(e.Type))
        {
            return false;
        }

        switch (e)
        {
            case VarExpr v:
                return Contains(activeVars, v.Var);
            case IndexExpr ix:
                return ix.Array is VarExpr array && Contains(activeVars, array.Var);
            case ConstExpr or LiteralExpr or TemplateExpr:
                return false;
            case UnaryExpr u:
                return IsActive(u.Operand, activeVars);
            case BinaryExpr b:
                return IsActive(b.Left, activeVars) || IsActive(b.Right, activeVars);
            case ConditionalExpr c:
                return IsActive(c.WhenTrue, activeVars) || IsActive(c.WhenFalse, activeVars);
            case ConvertExpr c:
                return IsActive(c.Operand, activeVars);
            case DifferentiableCallExpr call:
                return IsActiveCall(call, activeVars);
            case MathExpr m:
                if (DerivativeRules.HasZeroDerivative(m.Function))
                {
                    return false;
                }

                foreach (var argument in m.Arguments)
                {
                    if (IsActive(argument, activeVars))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// The active variables of a method body: the active parameters, and every variable assigned an
    /// active value somewhere (iterated to a fixed point, so the order of branches does not matter).
    /// </summary>
    public static HashSet<Var> ActiveVariables(IEnumerable<Stmt> body, IEnumerable<Var> activeParameters)
    {
        var active = new HashSet<Var>(activeParameters);

        // A local buffer passed for a parameter a [Differentiable] callee differentiates is active
        // even when it holds only constants or data: the callee's pushforward reads its tangent
        // (zeros) and its pullback adds into its adjoint, so both must exist (trial 29: `Dot(w, phi)`
        // with phi filled from data). Data itself (an inactive parameter's array, a view of one)
        // stays inactive: its tangent is read from shared zeros and its adjoint is a scratch span
        // (ArrayPlumbing.ZeroTangent, ReverseModeTransform.Pullback).
        var local = LocalBuffers(body);
        var passed = new HashSet<Var>();
        StatementWalker.Any(body, passed, static (statement, set) => Cleanup.AnyExpression(statement, set, static (e, into) => ExprWalker.Any(e, into, static (d, buffers) =>
        {
            if (d is DifferentiableCallExpr call)
            {
                for (int i = 0; i < call.Arguments.Count; i++)
                {
                    if (call.ActiveParameters[i] && call.Arguments[i] is VarExpr { Var: var buffer } && BodyLowerer.IsRealBuffer(buffer.Type))
                    {
                        buffers.Add(buffer);
                    }
                }
            }

            return false;
        })));
        active.UnionWith(passed.Where(local.Contains));

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var statement in StatementWalker.All(body))
            {
                if (statement is AssignStmt assign && !active.Contains(assign.Target) && (IsActive(assign.Value, active) || IsActiveView(assign.Value, assign.Target.Type, active)))
                {
                    active.Add(assign.Target);
                    changed = true;
                }
                else if (statement is AssignStmt view && active.Contains(view.Target) && ViewSource(view.Value, view.Target.Type) is { } viewed && !active.Contains(viewed.Var))
                {
                    // An active value stored through a view lands in the array it views.
                    active.Add(viewed.Var);
                    changed = true;
                }
                else if (statement is DeconstructStmt { Value: DifferentiableCallExpr call } deconstruct && IsActiveCall(call, active) && deconstruct.Targets.Any(t => ExprFactory.IsReal(t.Type) && !active.Contains(t)))
                {
                    // The outputs of a vector-valued callee with an active argument.
                    active.UnionWith(deconstruct.Targets.Where(t => ExprFactory.IsReal(t.Type)));
                    changed = true;
                }
                else if (statement is StoreStmt store && !active.Contains(store.Array) && IsActive(store.Value, active))
                {
                    // A buffer holding an active value is active as a whole.
                    active.Add(store.Array);
                    changed = true;
                }
                else if (statement is EvaluateStmt { Value: DifferentiableCallExpr { HasOutputs: true } writer } && IsActiveCall(writer, active)
                    && writer.Arguments.Where((a, i) => writer.IsOutput(i) && a is VarExpr v && !active.Contains(v.Var)).Select(a => ((VarExpr)a).Var).ToList() is { Count: > 0 } written)
                {
                    // The span outputs a callee with an active argument writes hold active values.
                    active.UnionWith(written);
                    changed = true;
                }
            }
        }

        return active;
    }

    /// <summary>The buffers the body allocates (<c>new</c>, <c>stackalloc</c>), and the views of them.</summary>
    private static HashSet<Var> LocalBuffers(IEnumerable<Stmt> body)
    {
        var local = new HashSet<Var>();
        var assignments = StatementWalker.All(body).OfType<AssignStmt>().Where(a => BodyLowerer.IsRealBuffer(a.Target.Type)).ToList();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var assign in assignments)
            {
                if (!local.Contains(assign.Target)
                    && (ArrayPlumbing.IsAllocation(assign.Value) || (ViewSource(assign.Value, assign.Target.Type) is { } source && local.Contains(source.Var))))
                {
                    local.Add(assign.Target);
                    changed = true;
                }
            }
        }

        return local;
    }

    /// <summary>Whether a call to a <c>[Differentiable]</c> method passes an active value for a parameter it differentiates.</summary>
    public static bool IsActiveCall(DifferentiableCallExpr call, IReadOnlyCollection<Var> activeVars)
    {
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            // A scalar argument, or an array or span one (an active array of the caller).
            if (call.ActiveParameters[i] && (IsActive(call.Arguments[i], activeVars)
                || (call.Arguments[i] is VarExpr { Var: var buffer } && BodyLowerer.IsRealBuffer(buffer.Type) && Contains(activeVars, buffer))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A view of an active array (a slice, or an alias) is an active array.</summary>
    public static bool IsActiveView(Expr e, string targetType, IReadOnlyCollection<Var> activeVars)
        => ViewSource(e, targetType) is { } array && Contains(activeVars, array.Var);

    /// <summary>
    /// The array variable that a value assigned to a variable of <paramref name="targetType"/> is a
    /// view of: <c>x.Slice(…)</c>, or <c>x</c> itself (an alias, maybe converted from an array to a
    /// span). Such a variable shares the elements of <c>x</c>, so its tangent and adjoint are the
    /// same view of the tangent and adjoint of <c>x</c>. Null when the value is no view.
    /// </summary>
    public static VarExpr? ViewSource(Expr e, string targetType) => e switch
    {
        SliceExpr { Array: VarExpr array } => array,
        VarExpr array when BodyLowerer.IsRealBuffer(array.Type) && BodyLowerer.IsRealBuffer(targetType) => array,
        ConvertExpr { Operand: VarExpr array } when BodyLowerer.IsRealBuffer(array.Type) && BodyLowerer.IsRealBuffer(targetType) => array,
        _ => null,
    };

    /// <summary>The same view as <paramref name="view"/> (see <see cref="ViewSource"/>), of another array.</summary>
    public static Expr SameViewOf(Expr view, Expr array, string type)
        => view is SliceExpr slice ? slice with { Array = array, Type = type } : array;

    private static bool Contains(IReadOnlyCollection<Var> set, Var v)
        => set is ISet<Var> hashSet ? hashSet.Contains(v) : System.Linq.Enumerable.Contains(set, v);
}
