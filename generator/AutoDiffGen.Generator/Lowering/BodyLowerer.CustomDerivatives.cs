using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

internal sealed partial class BodyLowerer
{
    /// <summary>The custom derivatives of the compilation being lowered (null when the operation has no semantic model).</summary>
    private CustomDerivativeIndex? CustomDerivativesOf(IOperation operation)
        => operation.SemanticModel?.Compilation is { } compilation ? CustomDerivativeIndex.Of(compilation, cancellationToken) : null;

    /// <summary>
    /// A call with an active argument to a function that has <c>[DerivativeOf]</c> methods: it
    /// composes through them like a call to a <c>[Differentiable]</c> method (they win over the
    /// function's own derivatives, known or generated). Null when the function has none, or no
    /// argument is active (an ordinary call). A derivative with errors, two of one kind, a kind this
    /// method's members need and the user did not supply, an active argument where the derivative
    /// takes none, or a derivative the generated code could not call: reported (ADG0006).
    /// </summary>
    private Expr? LowerCustomDerivativeCall(IInvocationOperation invocation, IMethodSymbol target, IReadOnlyDictionary<IArgumentOperation, Expr> argumentValues)
    {
        if (CustomDerivativesOf(invocation) is not { } index || index.For(target) is not { Count: > 0 } checks)
        {
            return null;
        }

        var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
        var values = arguments.Select(a => argumentValues[a]).ToList();
        if (!values.Any(v => HoldsActive(v) || IsActiveBuffer(v)))
        {
            return null;
        }

        string name = DisplayName(target);
        Expr Refuse(Location location, string why)
        {
            Report(DiagnosticDescriptors.NoKnownDerivative, location, name, why);
            return Placeholder(invocation.Type);
        }

        var location = invocation.Syntax.GetLocation();
        if (checks.FirstOrDefault(c => c.Derivative is null) is { } wrong)
        {
            return Refuse(location, $"its custom derivative '{wrong.Method.ContainingType.Name}.{wrong.Method.Name}' has errors; fix those reported on it");
        }

        var derivatives = checks.Select(c => c.Derivative!).ToList();
        var pushforwards = derivatives.Where(d => d.Kind == CustomDerivativeKind.Pushforward).ToList();
        var pullbacks = derivatives.Where(d => d.Kind == CustomDerivativeKind.Pullback).ToList();
        if (pushforwards.Count > 1 || pullbacks.Count > 1)
        {
            var twice = pushforwards.Count > 1 ? pushforwards : pullbacks;
            return Refuse(location, $"it has two custom {(pushforwards.Count > 1 ? "pushforwards" : "pullbacks")}, '{DisplayName(twice[0].Method)}' and '{DisplayName(twice[1].Method)}'; keep one");
        }

        // Forward-mode members call the pushforward, reverse-mode members (gradient, pullback,
        // Jacobian) the pullback: what this method generates decides which it needs.
        var needed = MemberKindsOf.NeededOfCallees(MethodLowerer.GeneratedMembers(method));
        var pushforward = pushforwards.FirstOrDefault();
        var pullback = pullbacks.FirstOrDefault();
        var missing = (pushforward is null ? needed & MemberKinds.Pushforward : MemberKinds.None) | (pullback is null ? needed & MemberKinds.Pullback : MemberKinds.None);
        if (missing != MemberKinds.None)
        {
            var present = pushforward ?? pullback!;
            string has = $"its custom {(pushforward is null ? "pullback" : "pushforward")} '{DisplayName(present.Method)}'";
            string lacks = missing == (MemberKinds.Pushforward | MemberKinds.Pullback) ? "a pushforward and a pullback" : missing == MemberKinds.Pushforward ? "a pushforward" : "a pullback";
            string members = MemberKindsOf.Describe(MethodLowerer.GeneratedMembers(method) & (missing == MemberKinds.Pushforward ? MemberKinds.Pushforward : MemberKinds.Gradient | MemberKinds.Pullback), method.Name, MethodLowerer.IsVectorValued(method));
            // A vector method's Jacobian comes with its pushforward (either may build it), so without
            // a pushforward it can have only its pullback.
            string generate = missing == MemberKinds.Pullback ? "Pushforward" : MethodLowerer.IsVectorValued(method) ? "Pullback" : "Gradient | DerivativeMembers.Pullback";
            return Refuse(location, $"only {has} is supplied, and {members} need{(members.Contains(" and ") ? "" : "s")} {lacks}; add a [DerivativeOf] {(missing == MemberKinds.Pullback ? "pullback" : "pushforward")} of '{name}', or generate only the members it serves ([Differentiable(Generate = DerivativeMembers.{generate})])");
        }

        // Both kinds compose through one call shape: they must differentiate the same parameters
        // (found in review: a pullback marking one [NoDerivative] that the pushforward did not made
        // a call with the wrong number of adjoints, which did not compile).
        if (pushforward is not null && pullback is not null && !pushforward.ActiveParameters.SequenceEqual(pullback.ActiveParameters))
        {
            return Refuse(location, $"its custom pushforward '{DisplayName(pushforward.Method)}' and pullback '{DisplayName(pullback.Method)}' differentiate different parameters; mark the same parameters [NoDerivative] in both");
        }

        var active = (pushforward ?? pullback!).ActiveParameters;
        if (arguments.Count != target.Parameters.Length || arguments.Any(a => a.ArgumentKind == ArgumentKind.ParamArray))
        {
            return Refuse(location, "the call's arguments do not match its parameters one to one");
        }

        for (int i = 0; i < values.Count; i++)
        {
            // An integer made from an active value carries no derivative (a cast: ADG0008 where it is made).
            if (!active[i] && (IsActiveBuffer(values[i]) || (HoldsActive(values[i]) && (values[i] is TupleExpr || Simplification.ExprFactory.IsReal(values[i].Type)))))
            {
                string parameter = target.Parameters[i].Name;
                string why = MethodLowerer.IsReal(target.Parameters[i].Type)
                    ? $"its custom derivative marks '{parameter}' [NoDerivative], so no derivative flows through this argument"
                    : $"its custom derivative differentiates only its double and float parameters, and '{parameter}' is a {target.Parameters[i].Type.ToDisplayString()}, so no derivative flows through this argument";
                return Refuse(arguments[i].Syntax.GetLocation(), why + "; pass an inactive value (Ad.StopGradient to treat it as a constant), or inline the computation");
            }
        }

        // The generated members live in this method's type: the derivatives must be callable from there.
        var compilation = invocation.SemanticModel!.Compilation;
        foreach (var derivative in new[] { pushforward, pullback }.OfType<CustomDerivative>())
        {
            if (!compilation.IsSymbolAccessibleWithin(derivative.Method, method.ContainingType))
            {
                return Refuse(location, $"its custom derivative '{DisplayName(derivative.Method)}' is not accessible from '{method.ContainingType.Name}'; make it internal or public");
            }
        }

        values = values.Select(Materialize).ToList();
        string? Qualified(CustomDerivative? d) => d is null ? null : TypeOf(d.Method.ContainingType) + "." + MethodLowerer.EscapeIdentifier(d.Method.Name);
        return new DifferentiableCallExpr(TypeOf(target.ContainingType), MethodLowerer.EscapeIdentifier(target.Name), values.ToEquatableArray(), active.ToEquatableArray(), TypeOf(invocation.Type),
            Custom: new CustomDerivativeNames(Qualified(pushforward), Qualified(pullback)));
    }
}
