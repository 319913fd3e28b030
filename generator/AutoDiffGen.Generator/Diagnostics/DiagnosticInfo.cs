using System.Linq;
using AutoDiffGen.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// A diagnostic the generator reports itself, with string arguments: a failure of what the analyzer
/// does not run (differentiation, emission, the part of lowering only the model needs). The differentiation step
/// makes it without a location (its model has none, so that it caches across line shifts); the
/// method's location is added when it is reported.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, EquatableArray<string> Arguments, LocationInfo? Location = null)
{
    public Diagnostic ToDiagnostic() => ToDiagnostic(Location?.ToLocation());

    public Diagnostic ToDiagnostic(Location? location) => Diagnostic.Create(Descriptor, location, Arguments.Select(a => (object?)a).ToArray());

    /// <summary>
    /// Why a method's derivatives are left out, from what differentiating or emitting it threw: a
    /// construct only differentiation finds it cannot handle (ADG0005), a method too large (ADG0010),
    /// or an internal failure (ADG0010, to be reported to us).
    /// </summary>
    public static DiagnosticInfo MethodFailed(string methodName, System.Exception exception) => exception switch
    {
        NotDifferentiableException notDifferentiable => new(DiagnosticDescriptors.UnsupportedConstruct, EquatableArray.Create(notDifferentiable.Message)),
        TooLargeException tooLarge => new(DiagnosticDescriptors.TooComplex, EquatableArray.Create(methodName, tooLarge.Message)),
        _ => new(DiagnosticDescriptors.TooComplex, EquatableArray.Create(methodName,
            "AutoDiffGen failed internally (" + exception.GetType().Name + ": " + exception.Message + "), so its derivatives are not generated; please report this, and meanwhile simplify the method")),
    };
}
