using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// The one table of calls the lowering understands: <c>Math</c>/<c>MathF</c> and the generic-math
/// surface of <c>double</c>/<c>float</c> (<c>double.Sin</c>, <c>double.SinPi</c>, <c>float.Hypot</c>,
/// …) that map to a <see cref="MathFunction"/> with a known derivative, the tuple-valued
/// <c>SinCos</c>/<c>SinCosPi</c>, the functions reported with a reason
/// (<see cref="NotDifferentiableReason"/>), and the predicates (<c>double.IsNaN</c>, …) that may
/// take an active argument because a <c>bool</c> carries no derivative.
/// </summary>
internal static class KnownFunctions
{
    public static MathFunction? Resolve(IMethodSymbol method)
    {
        if (IsAdClass(method.ContainingType))
        {
            // The runtime's own: Ad.StopGradient and Ad.Relu, on double or float.
            return method.Parameters.Length == 1 && IsReal(method.Parameters[0].Type) && IsReal(method.ReturnType)
                ? method.Name switch { "StopGradient" => MathFunction.StopGradient, "Relu" => MathFunction.Relu, _ => null }
                : null;
        }

        if (!IsMathType(method.ContainingType) || method.Parameters.Length == 0 || !IsReal(method.Parameters[0].Type))
        {
            return null;
        }

        // Log(x, newBase) and double.Clamp differ from the enum's spelling; every other function is
        // the method of the same name (Math.Asinh, double.SinPi, float.Hypot, …).
        if (method.Name == "Log")
        {
            return !IsReal(method.ReturnType) ? null : method.Parameters.Length == 2 ? MathFunction.LogBase : MathFunction.Log;
        }

        if (method.Name == "Clamp" && method.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single)
        {
            return IsReal(method.ReturnType) ? MathFunction.NumberClamp : null;
        }

        if (!ByName.TryGetValue(method.Name, out var function))
        {
            return null;
        }

        // Sign and ILogB return an int (derivative 0); every other function returns a real.
        return IsReal(method.ReturnType) || function is MathFunction.Sign or MathFunction.ILogB ? function : null;
    }

    /// <summary>Each function by its C# name (the enum's own names; <c>LogBase</c> and <c>NumberClamp</c> are spelled otherwise).</summary>
    private static readonly System.Collections.Generic.Dictionary<string, MathFunction> ByName =
        System.Enum.GetValues(typeof(MathFunction)).Cast<MathFunction>()
            .Where(f => f is not (MathFunction.LogBase or MathFunction.NumberClamp or MathFunction.StopGradient or MathFunction.Relu))
            .ToDictionary(f => f.ToString(), f => f, System.StringComparer.Ordinal);

    /// <summary>
    /// <c>Math.SinCos(x)</c>, <c>double.SinCos(x)</c>, <c>double.SinCosPi(x)</c> (and the float
    /// spellings): a tuple of two known functions of the same argument, lowered as that tuple.
    /// </summary>
    public static (MathFunction First, MathFunction Second)? ResolvePair(IMethodSymbol method)
    {
        if (!IsMathType(method.ContainingType) || method.Parameters.Length != 1 || !IsReal(method.Parameters[0].Type)
            || method.ReturnType is not INamedTypeSymbol { IsTupleType: true, TupleElements.Length: 2 })
        {
            return null;
        }

        return method.Name switch
        {
            "SinCos" => (MathFunction.Sin, MathFunction.Cos),
            "SinCosPi" => (MathFunction.SinPi, MathFunction.CosPi),
            _ => null,
        };
    }

    /// <summary>
    /// The functions on <c>Math</c>, <c>MathF</c>, <c>double</c> and <c>float</c> that take a real
    /// and are deliberately not differentiated, with the reason the diagnostic gives. Every other
    /// function of that surface is in <see cref="MathFunction"/> or takes no real argument (parsing,
    /// predicates); a test enumerates the surface by reflection to keep it so.
    /// </summary>
    public static string? NotDifferentiableReason(IMethodSymbol method)
    {
        if (!IsMathType(method.ContainingType) || method.Parameters.Length == 0 || !IsReal(method.Parameters[0].Type))
        {
            return null;
        }

        return method.Name switch
        {
            "BitIncrement" or "BitDecrement" =>
                "it steps to the adjacent representable number, which has no derivative: as a function of x it is constant between neighbours (slope 0) yet follows x (slope 1), and neither is right for every use; "
                + "write x itself where the step only keeps a value off a boundary",
            "ConvertToInteger" or "ConvertToIntegerNative" =>
                "it converts to an integer type (derivative 0 everywhere); write a cast such as (int)x, or Math.Truncate(x)",
            "CreateChecked" or "CreateSaturating" or "CreateTruncating" =>
                "a generic conversion has no known derivative; write a cast such as (double)x (derivative 1)",
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
    /// A guard that throws or returns nothing: a static <c>ThrowIf…</c> method of one of .NET's own
    /// exception types (<c>ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma)</c>,
    /// <c>ArgumentNullException.ThrowIfNull(data)</c>, <c>ObjectDisposedException.ThrowIf</c>). It may
    /// take active arguments: no value flows out of it, and where it throws the path ends. A
    /// user's own <c>ThrowIf…</c> could keep the value somewhere the method reads back, so only
    /// types of the <c>System</c> namespaces count.
    /// </summary>
    public static bool IsThrowHelper(IMethodSymbol method)
        => method.IsStatic && method.ReturnsVoid && method.Name.StartsWith("ThrowIf", System.StringComparison.Ordinal)
           && method.Parameters.All(p => p.RefKind == RefKind.None)
           && IsException(method.ContainingType)
           && method.ContainingType.ContainingNamespace.ToDisplayString() is "System" or "System.IO" or "System.Collections.Generic";

    /// <summary>Whether the type is <c>System.Exception</c> or derives from it.</summary>
    public static bool IsException(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A check that throws or does nothing: a throw helper or <c>System.Diagnostics.Debug.Assert</c>.</summary>
    public static bool IsGuard(IMethodSymbol method)
        => IsThrowHelper(method)
           || method is { Name: "Assert", IsStatic: true, ContainingType: { Name: "Debug", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    /// <summary>
    /// A call that may throw but changes nothing, so a Jacobian's sweeps or a callee's pullback may
    /// run it again (<see cref="TemplateExpr.Repeatable"/>): a guard (a throw helper,
    /// <c>System.Diagnostics.Debug.Assert</c>), a function of <c>System.Math</c>/<c>MathF</c> with
    /// inactive arguments (integer <c>Min</c>, <c>Max</c>, <c>Abs</c>, …), or a view of a span or
    /// array (<c>Slice</c>, <c>AsSpan</c>).
    /// </summary>
    public static bool RepeatsHarmlessly(IMethodSymbol method)
        => IsGuard(method)
           || (method.ContainingType is { Name: "Math" or "MathF", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
           || IsAdClass(method.ContainingType)
           || (method.Name == "Slice" && method.ContainingType is { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
           || (method.Name == "AsSpan" && method.ContainingType is { Name: "MemoryExtensions", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

    /// <summary>
    /// A method of <c>string</c> or of a primitive type (<c>x.ToString("F3")</c>, <c>string.Concat(a,
    /// b)</c>, <c>int.Parse(s)</c>, <c>n.ToString(CultureInfo.InvariantCulture)</c>) whose arguments
    /// are all plain values passed by value, or the runtime's own cultures: it reads and makes
    /// immutable values only, so it may throw but changes nothing, and may run again (an argument of
    /// type <c>object</c> or a format provider of the user's could run the user's code, and is not taken).
    /// </summary>
    public static bool FormatsPlainValues(IMethodSymbol method, IEnumerable<IArgumentOperation> arguments)
        => (method.ContainingType.SpecialType == SpecialType.System_String || IsPrimitive(method.ContainingType))
           && !method.ReturnsVoid
           && arguments.All(a => a.Parameter?.RefKind is null or RefKind.None && (PlainArgument(a.Value) || IsRuntimeCulture(a.Value)));

    /// <summary>
    /// Whether a <see cref="FormatsPlainValues"/> call reads the current culture (a state a call can
    /// change: <c>CultureInfo.CurrentCulture = …</c>): a number's or a char's <c>ToString</c>,
    /// <c>Parse</c>, <c>ToUpper</c>, <c>ToLower</c>, and the methods of <c>string</c> but its ordinal
    /// ones (<c>Concat</c>, <c>Substring</c>, <c>Replace</c>, …), unless given the invariant culture.
    /// </summary>
    public static bool ReadsCurrentCulture(IMethodSymbol method, IEnumerable<IArgumentOperation> arguments)
    {
        if (arguments.Any(a => IsInvariantCulture(a.Value)) || method.ContainingType.SpecialType == SpecialType.System_Boolean)
        {
            return false;
        }

        if (method.ContainingType.SpecialType != SpecialType.System_String)
        {
            // Of a number type or char: formatting and parsing (int.Max, char.IsDigit do not).
            return method.Name is "ToString" or "Parse" or "ToUpper" or "ToLower";
        }

        var first = method.Parameters.FirstOrDefault()?.Type.SpecialType;
        return method.Name switch
        {
            "Concat" or "Substring" or "Trim" or "TrimStart" or "TrimEnd" or "Replace" or "Contains" or "Equals" or "PadLeft" or "PadRight"
                or "Insert" or "Remove" or "IsNullOrEmpty" or "IsNullOrWhiteSpace" or "ToCharArray" or "CompareOrdinal" or "GetHashCode" => false,
            "IndexOf" or "LastIndexOf" or "StartsWith" or "EndsWith" => first != SpecialType.System_Char,
            _ => true,
        };
    }

    /// <summary>
    /// Whether a value of this type, formatted into a string (<c>$"{v}"</c>, <c>"v" + v</c>), reads
    /// the current culture: every type but <c>string</c>, <c>char</c> and <c>bool</c> (a number's
    /// separators and signs, an enum's undefined values, a date).
    /// </summary>
    public static bool FormatsWithCulture(IOperation hole)
    {
        var type = WithoutImplicitConversions(hole).Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type?.SpecialType is not (SpecialType.System_String or SpecialType.System_Char or SpecialType.System_Boolean);
    }

    /// <summary><c>CultureInfo.InvariantCulture</c> or <c>NumberFormatInfo.InvariantInfo</c>.</summary>
    private static bool IsInvariantCulture(IOperation value)
        => WithoutImplicitConversions(value) is IPropertyReferenceOperation { Property: var property } && IsRuntimeCulture(property, invariantOnly: true);

    /// <summary><c>CultureInfo.InvariantCulture</c>, <c>CurrentCulture</c>, <c>NumberFormatInfo.InvariantInfo</c>, <c>CurrentInfo</c>, or null, as a format provider.</summary>
    private static bool IsRuntimeCulture(IOperation value)
        => WithoutImplicitConversions(value) switch
        {
            ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } => true,
            IPropertyReferenceOperation { Property: var property } => IsRuntimeCulture(property, invariantOnly: false),
            _ => false,
        };

    /// <summary>
    /// A static property of the runtime's cultures: <c>CultureInfo.InvariantCulture</c> and
    /// <c>NumberFormatInfo.InvariantInfo</c> (one object each, never changed), and unless
    /// <paramref name="invariantOnly"/> the current ones (<c>CurrentCulture</c>, <c>CurrentUICulture</c>, <c>CurrentInfo</c>).
    /// </summary>
    public static bool IsRuntimeCulture(IPropertySymbol property, bool invariantOnly)
        => property is { IsStatic: true, ContainingType: { Name: "CultureInfo" or "NumberFormatInfo", ContainingNamespace: { Name: "Globalization", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } }
           && (property.Name is "InvariantCulture" or "InvariantInfo" || (!invariantOnly && property.Name is "CurrentCulture" or "CurrentUICulture" or "CurrentInfo"));

    /// <summary>An operation seen through the implicit conversions around it (boxing, to an interface, to a wider number).</summary>
    public static IOperation WithoutImplicitConversions(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value;
    }

    /// <summary>A value of plain type, seen through implicit conversions, or an interpolated string of such values.</summary>
    private static bool PlainArgument(IOperation value)
    {
        value = WithoutImplicitConversions(value);
        return value is IInterpolatedStringOperation interpolated
            ? interpolated.Parts.All(part => part is not IInterpolationOperation hole || (hole.Alignment is null || PlainArgument(hole.Alignment)) && PlainArgument(hole.Expression))
            : value.Type is { } type && IsPlainValue(type);
    }

    /// <summary>
    /// A plain value (<see cref="IsPlainValue"/>), a nullable one, or a struct of the runtime's
    /// (<c>DateTime</c>, <c>TimeSpan</c>, <c>Guid</c>, …): formatting it runs no user code.
    /// </summary>
    public static bool FormatsWithoutUserCode(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (IsPlainValue(type))
        {
            return true;
        }

        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            // (double, double): as its elements (a tuple type's locations are its syntax in source).
            return tuple.TupleElements.All(e => FormatsWithoutUserCode(e.Type));
        }

        if (!type.IsValueType || type.TypeKind != TypeKind.Struct)
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } && !type.Locations.Any(l => l.IsInSource);
    }

    /// <summary><c>bool</c>, <c>char</c>, a number type, <c>string</c> or an enum: values whose formatting and parsing run no user code.</summary>
    private static bool IsPlainValue(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String || type.TypeKind == TypeKind.Enum || IsPrimitive(type);

    private static bool IsPrimitive(ITypeSymbol type) => type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
        or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
        or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
        or SpecialType.System_Decimal or SpecialType.System_Single or SpecialType.System_Double;

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

    /// <summary>The class an emitted call goes through: <c>Math</c> for double, <c>MathF</c> for float, or the number type itself.</summary>
    /// <remarks>
    /// <c>Math</c> has <c>float</c> overloads of <c>Abs</c>, <c>Max</c>, <c>Min</c>, <c>Sign</c> and
    /// <c>Clamp</c>: those stay on <c>Math</c>, which every target framework has (<c>MathF</c> is
    /// missing from .NET Framework and .NET Standard 2.0, and a user who wrote <c>Math.Abs(x)</c> on
    /// a float may not have it). The generic-math functions that <c>Math</c> lacks
    /// (<c>double.SinPi</c>, <c>float.Hypot</c>, …) go through <c>double</c> or <c>float</c>, which
    /// the user's code has if it calls them.
    /// </remarks>
    public static string ContainingClass(MathFunction function, string type)
        => function is MathFunction.StopGradient or MathFunction.Relu ? "global::" + Helpers.KnownNames.AdClass
        : OnNumberTypeOnly(function) ? type
        : type == "float" && function is not (MathFunction.Abs or MathFunction.Max or MathFunction.Min or MathFunction.Sign or MathFunction.Clamp)
            ? "global::System.MathF"
            : "global::System.Math";

    /// <summary>The functions that <c>Math</c> and <c>MathF</c> do not have: only <c>double.X</c> and <c>float.X</c> (generic math, .NET 7+).</summary>
    private static bool OnNumberTypeOnly(MathFunction function) => function is MathFunction.NumberClamp
        or MathFunction.SinPi or MathFunction.CosPi or MathFunction.TanPi or MathFunction.AsinPi or MathFunction.AcosPi or MathFunction.AtanPi or MathFunction.Atan2Pi
        or MathFunction.DegreesToRadians or MathFunction.RadiansToDegrees
        or MathFunction.Exp2 or MathFunction.Exp10 or MathFunction.ExpM1 or MathFunction.Exp2M1 or MathFunction.Exp10M1
        or MathFunction.LogP1 or MathFunction.Log2P1 or MathFunction.Log10P1
        or MathFunction.Hypot or MathFunction.RootN or MathFunction.Lerp or MathFunction.Ieee754Remainder or MathFunction.MultiplyAddEstimate
        or MathFunction.MaxNumber or MathFunction.MinNumber or MathFunction.MaxMagnitudeNumber or MathFunction.MinMagnitudeNumber
        or MathFunction.MaxNative or MathFunction.MinNative or MathFunction.ClampNative;

    /// <summary>The runtime's <c>AutoDiffGen.Ad</c>.</summary>
    private static bool IsAdClass(INamedTypeSymbol? type)
        => type is { Name: "Ad", ContainingNamespace: { Name: "AutoDiffGen", ContainingNamespace.IsGlobalNamespace: true } };

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
