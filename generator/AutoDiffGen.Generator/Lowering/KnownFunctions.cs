using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// The one table of calls the lowering understands: <c>Math</c>/<c>MathF</c> and the generic-math
/// spellings on <c>double</c>/<c>float</c> (<c>double.Sin</c>, …) that map to a
/// <see cref="MathFunction"/> with a known derivative, and the predicates (<c>double.IsNaN</c>, …)
/// that may take an active argument because a <c>bool</c> carries no derivative.
/// </summary>
internal static class KnownFunctions
{
    public static MathFunction? Resolve(IMethodSymbol method)
    {
        if (!IsMathType(method.ContainingType) || method.Parameters.Length == 0 || !IsReal(method.Parameters[0].Type))
        {
            return null;
        }

        bool realResult = IsReal(method.ReturnType);
        return method.Name switch
        {
            "Sin" when realResult => MathFunction.Sin,
            "Cos" when realResult => MathFunction.Cos,
            "Tan" when realResult => MathFunction.Tan,
            "Asin" when realResult => MathFunction.Asin,
            "Acos" when realResult => MathFunction.Acos,
            "Atan" when realResult => MathFunction.Atan,
            "Atan2" when realResult => MathFunction.Atan2,
            "Sinh" when realResult => MathFunction.Sinh,
            "Cosh" when realResult => MathFunction.Cosh,
            "Tanh" when realResult => MathFunction.Tanh,
            "Exp" when realResult => MathFunction.Exp,
            "Log" when realResult && method.Parameters.Length == 1 => MathFunction.Log,
            "Log" when realResult && method.Parameters.Length == 2 => MathFunction.LogBase,
            "Log10" when realResult => MathFunction.Log10,
            "Log2" when realResult => MathFunction.Log2,
            "Sqrt" when realResult => MathFunction.Sqrt,
            "Cbrt" when realResult => MathFunction.Cbrt,
            "Pow" when realResult => MathFunction.Pow,
            "Abs" when realResult => MathFunction.Abs,
            "Max" when realResult => MathFunction.Max,
            "Min" when realResult => MathFunction.Min,
            "Clamp" when realResult && method.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single => MathFunction.NumberClamp,
            "Clamp" when realResult => MathFunction.Clamp,
            "FusedMultiplyAdd" when realResult => MathFunction.FusedMultiplyAdd,
            "Floor" when realResult => MathFunction.Floor,
            "Ceiling" when realResult => MathFunction.Ceiling,
            "Round" when realResult => MathFunction.Round,
            "Truncate" when realResult => MathFunction.Truncate,
            "Sign" => MathFunction.Sign,
            _ => null,
        };
    }

    /// <summary>A <c>bool</c>-valued test on a real number (<c>double.IsNaN(x)</c>, …).</summary>
    public static bool IsRealPredicate(IMethodSymbol method)
        => method.ReturnType.SpecialType == SpecialType.System_Boolean
           && method.IsStatic
           && method.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single
           && method.Name.StartsWith("Is", System.StringComparison.Ordinal);

    /// <summary>
    /// Calls known to have no side effect and never to throw, which may be dropped, shared or
    /// repeated like arithmetic: the predicates on reals (<c>double.IsNaN</c>, …). Every other call
    /// is taken to have an effect (even <c>Math.Abs(int.MinValue)</c> throws).
    /// </summary>
    public static bool IsPure(IMethodSymbol method) => IsRealPredicate(method);

    /// <summary>How an emitted call spells the function: the C# method name.</summary>
    public static string MethodName(MathFunction function) => function switch
    {
        MathFunction.LogBase => "Log",
        MathFunction.NumberClamp => "Clamp",
        _ => function.ToString(),
    };

    /// <summary>The class an emitted call goes through: <c>Math</c> for double, <c>MathF</c> for float.</summary>
    /// <remarks>
    /// <c>Math</c> has <c>float</c> overloads of <c>Abs</c>, <c>Max</c>, <c>Min</c>, <c>Sign</c> and
    /// <c>Clamp</c>: those stay on <c>Math</c>, which every target framework has (<c>MathF</c> is
    /// missing from .NET Framework and .NET Standard 2.0, and a user who wrote <c>Math.Abs(x)</c> on
    /// a float may not have it).
    /// </remarks>
    public static string ContainingClass(MathFunction function, string type)
        => function == MathFunction.NumberClamp ? type
        : type == "float" && function is not (MathFunction.Abs or MathFunction.Max or MathFunction.Min or MathFunction.Sign or MathFunction.Clamp)
            ? "global::System.MathF"
            : "global::System.Math";

    private static bool IsMathType(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single)
        {
            return true;
        }

        return type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
               && type.Name is "Math" or "MathF";
    }

    private static bool IsReal(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
}
