using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Deliberately WITHOUT "#pragma warning disable ADG0008": Floor, Sign and Round of inactive
/// values (an int expression, a [NoDerivative] parameter) must not report ADG0008, so this file
/// compiling under TreatWarningsAsErrors is the test.
/// </summary>
public static partial class NoFalseWarnings
{
    [Differentiable]
    public static double StepsOfInactiveValues(double x, int n, [NoDerivative] double c) => Math.Floor(n * 0.5) * x + Math.Sign(c) * x + Math.Round(c) * x * x;
}
