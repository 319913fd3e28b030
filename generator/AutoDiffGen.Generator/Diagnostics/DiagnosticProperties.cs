using System.Collections.Immutable;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// Properties a diagnostic carries for the code fixes (generator/AutoDiffGen.CodeFixes): which fix
/// is right for it, and what that fix needs that the diagnostic's location does not say. A
/// diagnostic without <see cref="Fix"/> is offered no fix that needs to know why it was reported.
/// </summary>
internal static class DiagnosticProperties
{
    /// <summary>The key naming the fix: one of the values below.</summary>
    public const string Fix = "AutoDiffGen.Fix";

    /// <summary>The key naming the parameter a fix edits (its name as declared, without '@').</summary>
    public const string Parameter = "AutoDiffGen.Parameter";

    /// <summary>
    /// ADG0003 and ADG0004: the parameter would be fine as data, so marking it <c>[NoDerivative]</c>
    /// resolves the diagnostic (not for a ref parameter or a ref struct, which it does not).
    /// </summary>
    public const string MarkParameterNoDerivative = "MarkParameterNoDerivative";

    /// <summary>
    /// ADG0006: the callee is not <c>[Differentiable]</c> and has no known derivative, so marking it
    /// <c>[Differentiable]</c> is what would let the call compose (the fix checks that its body is in
    /// this project and that its shape can be differentiated).
    /// </summary>
    public const string MarkCalleeDifferentiable = "MarkCalleeDifferentiable";

    /// <summary>
    /// ADG0006 at a call of an opaque callee (not <c>[Differentiable]</c>): the positions, in the
    /// call's argument list, of the active arguments, comma-separated; wrapping each in
    /// <c>Ad.StopGradient</c> resolves the diagnostic (set only where each active argument is a real
    /// value passed by value, and the receiver is not active).
    /// </summary>
    public const string ConstantArguments = "AutoDiffGen.ConstantArguments";

    public static ImmutableDictionary<string, string?> ForParameter(string fix, string parameter)
        => ImmutableDictionary<string, string?>.Empty.Add(Fix, fix).Add(Parameter, parameter);

    public static ImmutableDictionary<string, string?> For(string fix)
        => ImmutableDictionary<string, string?>.Empty.Add(Fix, fix);
}
