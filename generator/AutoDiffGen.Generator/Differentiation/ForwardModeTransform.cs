using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Forward mode (JVP): one sweep that computes each active value together with its tangent,
/// <c>v̇ = Σ ∂v/∂u · u̇</c>, from the tangents of the active parameters.
/// </summary>
internal sealed class ForwardModeTransform
{
    private readonly NameAllocator names;
    private readonly HashSet<Var> active;
    private readonly Dictionary<Var, int> assignmentCounts;
    private readonly Dictionary<Var, Expr> tangents = new();
    private readonly Dictionary<Var, Var> tangentVars = new();
    private readonly IReadOnlyList<Var> resultTangents;

    private ForwardModeTransform(LoweredMethod method, NameAllocator names, IReadOnlyList<(Var Parameter, Var Tangent)> parameterTangents, IReadOnlyList<Var> resultTangents)
    {
        this.names = names;
        this.resultTangents = resultTangents;
        active = Activity.ActiveVariables(method.Body, parameterTangents.Select(p => p.Parameter));
        assignmentCounts = Cleanup.AssignmentCounts(method.Body);
        foreach (var (parameter, tangent) in parameterTangents)
        {
            tangents[parameter] = new VarExpr(tangent);
        }
    }

    public static GeneratedMethod Transform(LoweredMethod method)
    {
        var names = new NameAllocator(method.ReservedNames);
        var signature = ReverseModeTransform.OriginalParameters(method);
        var checks = new List<Stmt>();
        var parameterTangents = ArrayPlumbing.DerivativeParameters(
            method, names, DerivativeNames.Tangent, readOnlySpans: true, scalarModifier: "", clearSpans: false,
            p => p.Role == ParameterRole.ActiveArray ? $"The tangent of <c>{p.Name}</c> (its length)." : $"The tangent of <c>{p.Name}</c>.",
            signature, checks);

        // One tangent out per output: the result, or each element of a returned tuple, then a
        // tangent span per span output.
        var resultTangents = new List<Var>();
        if (method.IsVector)
        {
            foreach (var output in method.Outputs)
            {
                var tangent = new Var(names.Fresh(DerivativeNames.Tangent(output.Name.TrimStart('@'))), output.Type);
                resultTangents.Add(tangent);
                signature.Add(new GeneratedParameter("out", output.Type, tangent.Name, $"Receives the derivative of the output <c>{output.Name.TrimStart('@')}</c> along the tangents."));
            }
        }
        else
        {
            var tangent = new Var(names.Fresh(DerivativeNames.Tangent(DerivativeNames.Result)), method.ReturnType);
            resultTangents.Add(tangent);
            signature.Add(new GeneratedParameter("out", method.ReturnType, tangent.Name, $"Receives the derivative of {method.Name} along the tangents."));
        }

        var outputTangents = ArrayPlumbing.OutputDerivativeParameters(
            method, names, DerivativeNames.Tangent, readOnly: false,
            p => $"Receives the derivative of the output <c>{p.Name.TrimStart('@')}</c> along the tangents (its length).",
            signature, checks, parameterTangents.Select(t => t.Derivative).ToList());
        foreach (var (output, tangent) in outputTangents)
        {
            // Written while the inputs (data too) and their tangents are read: apart from every span of
            // its type (a new user's trial, stop 25: one sharing a [NoDerivative] input was cleared). Its
            // elements the method does not write keep the caller's values, whose tangent is zero.
            string element = method.Parameters.First(p => p.Name == output.Name).ElementType;
            var others = method.Parameters.Where(p => ArrayPlumbing.MemoryElementTypeOf(p.Type) == element)
                .Select(p => new Var(p.Name, p.Type))
                .Concat(parameterTangents.Select(t => t.Derivative).Where(t => t.Type == ArrayPlumbing.SpanType(element, readOnly: true)))
                .Concat(outputTangents.TakeWhile(o => o.Derivative != tangent).Select(o => o.Derivative).Where(t => t.Type == tangent.Type))
                .ToList();
            checks.Add(ArrayPlumbing.OverlapCheck(tangent, others, element));
            checks.Add(ArrayPlumbing.Clear(tangent));
        }

        var transform = new ForwardModeTransform(method, names, parameterTangents.Concat(outputTangents).ToList(), resultTangents);
        var body = checks;
        body.AddRange(transform.TransformBlock(method.Body));
        body = Cleanup.Run(body, new HashSet<Var>(resultTangents.Concat(outputTangents.Select(o => o.Derivative))));

        return new GeneratedMethod(
            Name: method.Name + "Pushforward",
            Modifiers: method.Modifiers,
            ReturnType: method.ReturnType,
            Parameters: signature.ToEquatableArray(),
            Body: body.ToEquatableArray(),
            Summary: $"Forward mode (JVP): {ReverseModeTransform.Computes(method)} <c>{method.Name}</c> and its derivative along the tangents.",
            Returns: "",
            Remarks: EquatableArray<string>.Empty);
    }

    private List<Stmt> TransformBlock(IEnumerable<Stmt> statements)
    {
        var output = new List<Stmt>();
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStmt { Value: DifferentiableCallExpr call } assign when active.Contains(assign.Target):
                {
                    // v = G(a, b): the callee's pushforward gives the value and the tangent at once.
                    var tangent = TangentVar(assign.Target);
                    var pushforward = Composition.Call(call, "Pushforward", ArgumentTangents(call), ", out ", new VarExpr(tangent));
                    AddComposed(output, assign, call, pushforward, e => assign with { Value = e });
                    this.tangents[assign.Target] = new VarExpr(tangent);
                    break;
                }

                case EvaluateStmt { Value: DifferentiableCallExpr { HasOutputs: true } writer } evaluate when Activity.IsActiveCall(writer, active):
                {
                    // G(a, h) writing the span output h: the callee's pushforward writes h and its tangent.
                    var outputTangents = writer.Arguments.Where((a, i) => writer.IsOutput(i)).Select(TangentOf).ToList();
                    var pushforward = Composition.Call(writer, "Pushforward", ArgumentTangents(writer).Concat(outputTangents).ToList());
                    AddComposed(output, evaluate, writer, pushforward, e => evaluate with { Value = e });
                    break;
                }

                case EvaluateStmt { Value: DifferentiableCallExpr { HasOutputs: true } writer } evaluate when writer.OverwrittenOutputs.Any(o => o):
                {
                    // G(d, h) with no active argument, overwriting h, which held values with
                    // tangents: what it writes now is constant, so h's tangent becomes zeros.
                    output.Add(evaluate);
                    for (int i = 0; i < writer.Arguments.Count; i++)
                    {
                        if (writer.Overwrites(i) && writer.Arguments[i] is VarExpr { Var: var buffer } && active.Contains(buffer) && tangents.TryGetValue(buffer, out var tangent) && tangent is VarExpr { Var: var overwrittenTangent })
                        {
                            output.Add(ArrayPlumbing.Clear(overwrittenTangent, evaluate.Origin?.As(OriginRole.Tangent)));
                        }
                    }

                    break;
                }

                case DeconstructStmt { Value: DifferentiableCallExpr call } deconstruct when deconstruct.Targets.Any(active.Contains):
                {
                    // (a, b) = G(x, y): the callee's pushforward gives the values and every output's tangent at once.
                    var outs = deconstruct.Targets.Select(TangentVar).ToList();
                    var pushforward = Composition.Call(call, "Pushforward", ArgumentTangents(call), outs: outs.Select(t => (Expr)new VarExpr(t)).ToList());
                    AddComposed(output, deconstruct, call, pushforward, e => deconstruct with { Value = e });

                    for (int i = 0; i < outs.Count; i++)
                    {
                        this.tangents[deconstruct.Targets[i]] = new VarExpr(outs[i]);
                    }

                    break;
                }

                case AssignStmt assign:
                    output.Add(assign);
                    if (active.Contains(assign.Target) && Activity.ViewSource(assign.Value, assign.Target.Type) is { } viewed)
                    {
                        // The tangent of a view (slice or alias) is the same view of the tangent.
                        var viewedTangent = tangents.TryGetValue(viewed.Var, out var t) ? t : throw new System.InvalidOperationException("a view of an array without a tangent");
                        var view = TangentViewVar(assign.Target, readOnly: viewedTangent.Type.StartsWith("global::System.ReadOnlySpan<", System.StringComparison.Ordinal));
                        output.Add(new AssignStmt(view, Activity.SameViewOf(assign.Value, viewedTangent, view.Type), assign.Origin?.As(OriginRole.Tangent)));
                        tangents[assign.Target] = new VarExpr(view);
                    }
                    else if (active.Contains(assign.Target) && BodyLowerer.IsRealBuffer(assign.Target.Type))
                    {
                        // A local buffer's tangent: a buffer of the same size.
                        var buffer = TangentVar(assign.Target);
                        output.Add(new AssignStmt(buffer, assign.Value, assign.Origin?.As(OriginRole.Tangent)));
                        tangents[assign.Target] = new VarExpr(buffer);
                    }
                    else if (active.Contains(assign.Target))
                    {
                        DefineTangent(assign, output);
                    }

                    break;
                case StoreStmt store:
                    output.Add(store);
                    if (active.Contains(store.Array) && tangents.TryGetValue(store.Array, out var tangentBuffer) && tangentBuffer is VarExpr tangentArray)
                    {
                        output.Add(new StoreStmt(tangentArray.Var, store.Index, ExprFactory.Convert(TangentOf(store.Value), store.Value.Type), store.Origin?.As(OriginRole.Tangent)));
                    }

                    break;
                case IfStmt branch:
                    output.Add(new IfStmt(branch.Condition, TransformBlock(branch.Then).ToEquatableArray(), TransformBlock(branch.Else).ToEquatableArray(), branch.Origin));
                    break;
                case LoopStmt loop:
                    output.Add(new LoopStmt(loop.Condition, TransformBlock(loop.Body).ToEquatableArray(), loop.Origin));
                    break;
                case ReturnStmt ret:
                {
                    var values = ret.Value is TupleExpr tuple ? tuple.Elements : EquatableArray.Create(ret.Value);
                    for (int i = 0; i < resultTangents.Count; i++)
                    {
                        output.Add(new AssignStmt(resultTangents[i], ExprFactory.Convert(TangentOf(values[i]), resultTangents[i].Type), ret.Origin?.As(OriginRole.Tangent)));
                    }

                    output.Add(ret);
                    break;
                }

                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    /// <summary>
    /// A statement that calls a <c>[Differentiable]</c> callee, composed through the callee's
    /// pushforward: the statement with the pushforward in place of the call, which gives the values
    /// (returned or written into span outputs) and the tangents at once; or, when the value must come
    /// from the callee itself (its sums reordered in its members, or a user's derivative), the
    /// pushforward for the tangents and then the statement itself for the callee's exact values.
    /// </summary>
    private static void AddComposed(List<Stmt> output, Stmt statement, DifferentiableCallExpr call, Expr pushforward, System.Func<Expr, Stmt> withCall)
    {
        if (call.ValueFromCallee)
        {
            output.Add(new EvaluateStmt(pushforward, statement.Origin));
            output.Add(statement);
        }
        else
        {
            output.Add(withCall(pushforward));
        }
    }

    /// <summary>The tangents of a call's arguments for the parameters the callee differentiates, in order.</summary>
    private List<Expr> ArgumentTangents(DifferentiableCallExpr call)
    {
        var result = new List<Expr>();
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (call.ActiveParameters[i])
            {
                // An array or span argument (an active input or a view of one, see the lowering)
                // passes its tangent span as it is.
                var argument = call.Arguments[i];
                result.Add(!BodyLowerer.IsRealBuffer(argument.Type) ? ExprFactory.Convert(TangentOf(argument), argument.Type)
                    : argument is VarExpr { Var: var buffer } && tangents.TryGetValue(buffer, out var tangent) ? tangent
                    : ArrayPlumbing.ZeroTangent(argument));
            }
        }

        return result;
    }

    private void DefineTangent(AssignStmt assign, List<Stmt> output)
    {
        var target = assign.Target;
        var tangent = ExprFactory.Convert(Tangent(assign.Value, new VarExpr(target)), target.Type);
        var origin = assign.Origin?.As(OriginRole.Tangent);

        // A variable assigned in several branches needs one tangent variable assigned in each.
        if (assignmentCounts.TryGetValue(target, out int count) && count > 1)
        {
            var shared = TangentVar(target);
            output.Add(new AssignStmt(shared, tangent, origin));
            tangents[target] = new VarExpr(shared);
            return;
        }

        if (tangent is ConstExpr)
        {
            tangents[target] = tangent;
            return;
        }

        // A copy, never an alias of another tangent variable: that one may be reassigned before
        // this value is read (a loop's end-of-iteration copies in a rotation); simplification
        // removes the copy where the source provably never changes.

        var v = TangentVar(target);
        output.Add(new AssignStmt(v, tangent, origin));
        tangents[target] = new VarExpr(v);
    }

    /// <summary>The tangent of a view: read-only when it views an input's tangent, writable when it views a local buffer's.</summary>
    private Var TangentViewVar(Var primal, bool readOnly)
    {
        if (!tangentVars.TryGetValue(primal, out var v))
        {
            v = new Var(names.Fresh(primal.Name + "Dot"), ArrayPlumbing.SpanType(ElementTypeOf(primal.Type), readOnly));
            tangentVars[primal] = v;
        }

        return v;
    }

    private static string ElementTypeOf(string arrayType) => arrayType.Contains("float") ? "float" : "double";

    private Var TangentVar(Var primal)
    {
        if (!tangentVars.TryGetValue(primal, out var v))
        {
            v = new Var(names.Fresh(primal.Name + "Dot"), primal.Type);
            tangentVars[primal] = v;
        }

        return v;
    }

    /// <summary>Σ ∂e/∂u · u̇ over the active operands u of <paramref name="e"/>.</summary>
    private Expr Tangent(Expr e, Expr result)
    {
        Expr sum = ExprFactory.Const(0, e.Type);
        foreach (var partial in DerivativeRules.Partials(e, result))
        {
            if (Activity.IsActive(partial.Operand, active))
            {
                sum = ExprFactory.Add(sum, DerivativeRules.TimesNoNaN(partial, ExprFactory.Convert(TangentOf(partial.Operand), e.Type), factorFirst: false));
            }
        }

        return sum;
    }

    private Expr TangentOf(Expr operand)
    {
        if (operand is VarExpr v)
        {
            return tangents.TryGetValue(v.Var, out var t) ? t : ExprFactory.Const(0, operand.Type);
        }

        if (operand is IndexExpr { Array: VarExpr array } element)
        {
            return active.Contains(array.Var) && tangents.TryGetValue(array.Var, out var tangentArray)
                ? element with { Array = tangentArray }
                : ExprFactory.Const(0, operand.Type);
        }

        return Activity.IsActive(operand, active) ? Tangent(operand, operand) : ExprFactory.Const(0, operand.Type);
    }
}
