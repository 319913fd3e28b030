using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Enumerates, by reflection, the floating-point math surface of the running .NET: the static
/// methods of every generic-math interface that double and float implement (IFloatingPointIeee754,
/// ITrigonometricFunctions, IHyperbolicFunctions, IExponentialFunctions, ILogarithmicFunctions,
/// IPowerFunctions, IRootFunctions, INumber, INumberBase, …) and the public static methods of Math
/// and MathF that take a real. Each function must be either differentiated, with cases in double
/// and in float that check it against closed forms and finite differences, or reported, in the list
/// below with the reason the diagnostic gives (AnalyzerTests checks the diagnostics). A function that
/// a later .NET adds fails this test until someone decides which it is.
/// </summary>
public sealed class MathSurfaceCoverageTests
{
    /// <summary>Each differentiated function and the cases (double and float) that check it.</summary>
    private static readonly Dictionary<string, string[]> Tested = new()
    {
        ["Sin"] = Classic("Sin"), ["Cos"] = Classic("Cos"), ["Tan"] = Classic("Tan"),
        ["Asin"] = Classic("Asin"), ["Acos"] = Classic("Acos"), ["Atan"] = Classic("Atan"), ["Atan2"] = Classic("Atan2"),
        ["Sinh"] = Classic("Sinh"), ["Cosh"] = Classic("Cosh"), ["Tanh"] = Classic("Tanh"),
        ["Exp"] = Classic("Exp"), ["Log"] = [.. Classic("Log"), .. Classic("LogBase")], ["Log10"] = Classic("Log10"), ["Log2"] = Classic("Log2"),
        ["Sqrt"] = Classic("Sqrt"), ["Cbrt"] = Classic("Cbrt"), ["Pow"] = Classic("Pow"),
        ["Abs"] = Classic("Abs"), ["Max"] = Classic("Max"), ["Min"] = Classic("Min"), ["Clamp"] = Classic("Clamp"),
        ["FusedMultiplyAdd"] = Classic("FusedMultiplyAdd"),
        ["Floor"] = Steps("Floor"), ["Ceiling"] = Steps("Ceiling"), ["Round"] = Steps("Round"), ["Truncate"] = Steps("Truncate"), ["Sign"] = Steps("Sign"),
        ["Asinh"] = Surface("Asinh", onMath: true), ["Acosh"] = Surface("Acosh", onMath: true), ["Atanh"] = Surface("Atanh", onMath: true),
        ["SinPi"] = Surface("SinPi"), ["CosPi"] = Surface("CosPi"), ["TanPi"] = Surface("TanPi"),
        ["AsinPi"] = Surface("AsinPi"), ["AcosPi"] = Surface("AcosPi"), ["AtanPi"] = Surface("AtanPi"), ["Atan2Pi"] = Surface("Atan2Pi"),
        ["DegreesToRadians"] = Surface("DegreesToRadians"), ["RadiansToDegrees"] = Surface("RadiansToDegrees"),
        ["Exp2"] = Surface("Exp2"), ["Exp10"] = Surface("Exp10"), ["ExpM1"] = Surface("ExpM1"), ["Exp2M1"] = Surface("Exp2M1"), ["Exp10M1"] = Surface("Exp10M1"),
        ["LogP1"] = Surface("LogP1"), ["Log2P1"] = Surface("Log2P1"), ["Log10P1"] = Surface("Log10P1"),
        ["Hypot"] = Surface("Hypot"), ["RootN"] = [.. Surface("RootN3"), .. Surface("RootN4"), .. Surface("RootNMinus2")],
        ["CopySign"] = Surface("CopySign", onMath: true),
        ["Ieee754Remainder"] = Surface("Ieee754Remainder"), ["IEEERemainder"] = ["SurfaceMath.IEEERemainder", "SurfaceMathF.IEEERemainder"],
        ["Lerp"] = Surface("Lerp"),
        ["MaxMagnitude"] = Surface("MaxMagnitude", onMath: true), ["MinMagnitude"] = Surface("MinMagnitude", onMath: true),
        ["MaxMagnitudeNumber"] = Surface("MaxMagnitudeNumber"), ["MinMagnitudeNumber"] = Surface("MinMagnitudeNumber"),
        ["MaxNumber"] = Surface("MaxNumber"), ["MinNumber"] = Surface("MinNumber"),
        ["MaxNative"] = Surface("MaxNative"), ["MinNative"] = Surface("MinNative"), ["ClampNative"] = Surface("ClampNative"),
        ["MultiplyAddEstimate"] = Surface("MultiplyAddEstimate"),
        ["ScaleB"] = [.. Surface("ScaleB3", onMath: true), .. Surface("ScaleBMinus2", onMath: true)],
        ["ILogB"] = Surface("ILogB", onMath: true),
        ["SinCos"] = [.. Surface("SinCos", onMath: true), .. Surface("SinCosElement", onMath: true)],
        ["SinCosPi"] = Surface("SinCosPi"),

        // Estimates: checked against the derivative through the estimate, not finite differences
        // (MathSurfaceTests.EstimatesDifferentiateThroughTheEstimate).
        ["ReciprocalEstimate"] = [], ["ReciprocalSqrtEstimate"] = [],
    };

    /// <summary>The functions reported (ADG0006) with a reason, and why.</summary>
    private static readonly Dictionary<string, string> Reported = new()
    {
        ["BitIncrement"] = "the next representable number: constant between neighbours yet following x, no derivative is right for every use",
        ["BitDecrement"] = "as BitIncrement",
        ["ConvertToInteger"] = "a generic conversion to an integer type; a cast says the same",
        ["ConvertToIntegerNative"] = "as ConvertToInteger",
        ["CreateChecked"] = "a generic conversion from any number type; a cast says the same",
        ["CreateSaturating"] = "as CreateChecked",
        ["CreateTruncating"] = "as CreateChecked",
    };

    [Fact]
    public void EveryFunctionOfTheSurfaceIsDifferentiatedOrReported()
    {
        var missing = Surface().Where(name => !Tested.ContainsKey(name) && !Reported.ContainsKey(name)).ToList();
        Assert.True(missing.Count == 0, "functions neither differentiated nor reported: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryTestedFunctionHasItsCases()
    {
        var names = new HashSet<string>();
        foreach (var table in new[] { MathFunctionTests.Cases.Names(), MathSurfaceTests.Cases.Names() })
        {
            foreach (var row in table)
            {
                names.Add(row);
            }
        }

        var absent = Tested.Values.SelectMany(cases => cases).Where(c => !names.Contains(c)).ToList();
        Assert.True(absent.Count == 0, "cases named but not in the tables: " + string.Join(", ", absent));
        foreach (var (function, cases) in Tested.Where(t => t.Value.Length > 0))
        {
            Assert.True(cases.Any(c => c.Contains("Double") || c.StartsWith("SurfaceMath.", StringComparison.Ordinal)), function + " has no double case");
            Assert.True(cases.Any(c => c.Contains("Single") || c.StartsWith("SurfaceMathF.", StringComparison.Ordinal)), function + " has no float case");
        }
    }

    [Fact]
    public void TheListsNameOnlyFunctionsOfTheSurface()
    {
        var surface = Surface().ToHashSet();
        var strays = Tested.Keys.Concat(Reported.Keys).Where(name => !surface.Contains(name)).ToList();
        Assert.True(strays.Count == 0, "named but not on the surface: " + string.Join(", ", strays));
    }

    /// <summary>The names of the static functions of the surface that take a real (or a generic number) by value.</summary>
    private static IEnumerable<string> Surface()
    {
        var methods = new List<MethodInfo>();
        foreach (var type in new[] { typeof(double), typeof(float) })
        {
            foreach (var face in type.GetInterfaces().Where(i => i.Namespace == "System.Numerics"))
            {
                methods.AddRange(face.GetMethods(BindingFlags.Public | BindingFlags.Static));
            }
        }

        methods.AddRange(typeof(Math).GetMethods(BindingFlags.Public | BindingFlags.Static));
        methods.AddRange(typeof(MathF).GetMethods(BindingFlags.Public | BindingFlags.Static));
        return methods
            .Where(m => !m.IsSpecialName) // operators and property getters
            .Where(m => m.ReturnType != typeof(bool)) // predicates (IsNaN, …): a bool has no derivative, and they are accepted
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(double) || p.ParameterType == typeof(float) || p.ParameterType.IsGenericParameter))
            .Select(m => m.Name)
            .Distinct()
            .OrderBy(name => name, StringComparer.Ordinal);
    }

    private static string[] Classic(string name)
        => [$"MathDouble.{name}", $"MathSingle.{name}", $"GenericDouble.{name}", $"GenericSingle.{name}"];

    private static string[] Steps(string name)
        => [$"MathDoubleSteps.{name}", $"MathSingleSteps.{name}", $"GenericDoubleSteps.{name}", $"GenericSingleSteps.{name}"];

    private static string[] Surface(string name, bool onMath = false)
        => onMath
            ? [$"SurfaceDouble.{name}", $"SurfaceSingle.{name}", $"SurfaceMath.{name}", $"SurfaceMathF.{name}"]
            : [$"SurfaceDouble.{name}", $"SurfaceSingle.{name}"];
}
