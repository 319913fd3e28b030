using System;
using System.Globalization;

namespace AutoDiffGen.Samples.Quickstart;

/// <summary>
/// Calls the methods AutoDiffGen generated for <see cref="Physics"/> and checks each
/// derivative against central finite differences computed by <see cref="GradientCheck"/>.
/// </summary>
internal static class Program
{
    private const int LabelWidth = 36;

    // Agreement required between a generated derivative and its finite-difference estimate,
    // relative to max(1, |estimate|). Central differences in double precision are good to
    // about 1e-10 here; in single precision to about 1e-5.
    private const double DoubleTolerance = 1e-6;
    private const double FloatTolerance = 1e-3;

    // The finite-difference step for float functions: the cube root of float's epsilon,
    // which balances truncation and rounding error in single precision. (The default step
    // of GradientCheck is tuned for double and would be swamped by float rounding.)
    private const double FloatStep = 4.9e-3;

    private static bool allAgree = true;

    private static int Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        Console.WriteLine("AutoDiffGen quick start");
        Console.WriteLine("Derivatives generated at compile time, checked against central finite differences.");
        Console.WriteLine();

        ShowF(2.0, 3.0);
        ShowG(1.5, 0.5); // x > y: the 'if' branch is taken
        ShowG(0.5, 1.5); // x <= y: the 'else' branch is taken
        ShowH(0.75f);

        if (allAgree)
        {
            Console.WriteLine("All generated derivatives agree with finite differences.");
            return 0;
        }

        Console.WriteLine("MISMATCH: some generated derivatives disagree with finite differences (see above).");
        return 1;
    }

    /// <summary>F(x, y) = 3x²y, two double inputs.</summary>
    private static void ShowF(double x, double y)
    {
        Heading("F(x, y) = 3*x*x*y", $"x = {x}, y = {y}");

        double value = Physics.F(x, y);

        // Value and gradient in one call.
        double gradientValue = Physics.FGradient(x, y, out double dx, out double dy);

        // Forward mode (JVP): the directional derivative along the tangent (1, 0), i.e. dF/dx.
        double pushforwardValue = Physics.FPushforward(x, y, 1.0, 0.0, out double alongX);

        // Reverse mode (VJP): adds seed * dF/d(input) into each adjoint, so start them at 0.
        double xAdjoint = 0, yAdjoint = 0;
        double pullbackValue = Physics.FPullback(x, y, 1.0, ref xAdjoint, ref yAdjoint);

        var estimate = new double[2];
        GradientCheck.Gradient(p => Physics.F(p[0], p[1]), new[] { x, y }, estimate);

        Report(
            "(dF/dx, dF/dy)",
            value,
            new[] { gradientValue, pushforwardValue, pullbackValue },
            gradient: new[] { dx, dy },
            pushforward: alongX,
            pullback: new[] { xAdjoint, yAdjoint },
            estimate,
            DoubleTolerance,
            "G10");
    }

    /// <summary>G(x, y): Sin, Exp, Log and an if/else, two double inputs.</summary>
    private static void ShowG(double x, double y)
    {
        Heading("G(x, y) = sin(x)*exp(-y) + (x > y ? log(1 + x*x) : x*y)", $"x = {x}, y = {y}");

        double value = Physics.G(x, y);
        double gradientValue = Physics.GGradient(x, y, out double dx, out double dy);
        double pushforwardValue = Physics.GPushforward(x, y, 1.0, 0.0, out double alongX);
        double xAdjoint = 0, yAdjoint = 0;
        double pullbackValue = Physics.GPullback(x, y, 1.0, ref xAdjoint, ref yAdjoint);

        var estimate = new double[2];
        GradientCheck.Gradient(p => Physics.G(p[0], p[1]), new[] { x, y }, estimate);

        Report(
            "(dG/dx, dG/dy)",
            value,
            new[] { gradientValue, pushforwardValue, pullbackValue },
            gradient: new[] { dx, dy },
            pushforward: alongX,
            pullback: new[] { xAdjoint, yAdjoint },
            estimate,
            DoubleTolerance,
            "G10");
    }

    /// <summary>H(x) = x² / (1 + x²), one float input: everything stays float.</summary>
    private static void ShowH(float x)
    {
        Heading("H(x) = x*x / (1 + x*x)   [float]", $"x = {x}");

        float value = Physics.H(x);
        float gradientValue = Physics.HGradient(x, out float dx);
        float pushforwardValue = Physics.HPushforward(x, 1f, out float alongX);
        float xAdjoint = 0f;
        float pullbackValue = Physics.HPullback(x, 1f, ref xAdjoint);

        double estimate = GradientCheck.Derivative(t => Physics.H((float)t), x, FloatStep * Math.Max(1.0, Math.Abs(x)));

        Report(
            "(dH/dx)",
            value,
            new double[] { gradientValue, pushforwardValue, pullbackValue },
            gradient: new double[] { dx },
            pushforward: alongX,
            pullback: new double[] { xAdjoint },
            new[] { estimate },
            FloatTolerance,
            "G7");
    }

    private static void Heading(string function, string point)
    {
        Console.WriteLine($"{function}    at {point}");
    }

    /// <summary>
    /// Prints one function's results and checks them: every generated method must return the
    /// function's value, and the gradient, the pullback and the pushforward along the first
    /// input must match the finite-difference estimate.
    /// </summary>
    private static void Report(
        string partials,
        double value,
        double[] returnedValues,
        double[] gradient,
        double pushforward,
        double[] pullback,
        double[] estimate,
        double tolerance,
        string format)
    {
        Line("value", Num(value, format));
        Line("gradient " + partials, Vec(gradient, format));
        Line("pushforward along x", Num(pushforward, format));
        Line("pullback, seed 1 " + partials, Vec(pullback, format));
        Line("finite differences " + partials, Vec(estimate, format));

        // The largest absolute difference between any generated derivative and its estimate.
        double error = Math.Abs(pushforward - estimate[0]);
        double scale = 1.0;
        for (int i = 0; i < estimate.Length; i++)
        {
            error = Math.Max(error, Math.Abs(gradient[i] - estimate[i]));
            error = Math.Max(error, Math.Abs(pullback[i] - estimate[i]));
            scale = Math.Max(scale, Math.Abs(estimate[i]));
        }

        bool ok = error <= tolerance * scale; // false for NaN too
        foreach (double returned in returnedValues)
        {
            ok &= Math.Abs(returned - value) <= tolerance * Math.Max(1.0, Math.Abs(value));
        }

        Line("max |generated - finite diff.|", error.ToString("0.0E+00", CultureInfo.InvariantCulture) + (ok ? "   ok" : "   MISMATCH"));
        Console.WriteLine();
        allAgree &= ok;
    }

    private static void Line(string label, string text)
    {
        Console.WriteLine($"  {label.PadRight(LabelWidth)}{text}");
    }

    private static string Num(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Vec(double[] v, string format)
    {
        var parts = new string[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            parts[i] = Num(v[i], format);
        }

        return v.Length == 1 ? parts[0] : "(" + string.Join(", ", parts) + ")";
    }
}
