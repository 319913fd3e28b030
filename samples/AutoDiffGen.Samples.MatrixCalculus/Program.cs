using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoDiffGen.Samples.MatrixCalculus;

/// <summary>
/// A tour of classic matrix-calculus results: each gradient or Jacobian that AutoDiffGen
/// generated for a method in <see cref="Classics"/> is printed next to its closed form (Jacobians
/// in both layouts) and checked against it. The exit code is 0 when everything matches, 1 if
/// anything does not.
/// </summary>
internal static class Program
{
    // Agreement required between a generated derivative and its closed form, relative to
    // max(1, |closed form|). Both are exact formulas evaluated in double precision that differ
    // only in the order of operations, so they agree to a few ulps (ε = 2.2e-16) times small
    // condition numbers; a wrong derivative is off by O(1).
    private const double Tolerance = 1e-10;

    private static int mismatches;

    private static int Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.OutputEncoding = Encoding.UTF8;

        Console.WriteLine("AutoDiffGen: matrix calculus, generated at compile time, next to the closed forms");
        Console.WriteLine();
        Console.WriteLine("A method returning a double gets MGradient; a method returning a tuple of doubles");
        Console.WriteLine("(a vector function) gets MJacobian, which writes its m×n Jacobian row-major:");
        Console.WriteLine("  numerator layout (default):  m outputs × n inputs, row k = gradient of output k");
        Console.WriteLine("  denominator layout:          n inputs × m outputs, the transpose");
        Console.WriteLine("  ([Differentiable(Layout = JacobianLayout.Denominator)] picks it per method.)");
        Console.WriteLine("A method writing Span<double> outputs is a vector function too: its rows are the");
        Console.WriteLine("outputs' elements. Where each output element depends only on the same element of");
        Console.WriteLine("each input (identity, w + x, w ⊙ x), MJacobian fills each diagonal block with one");
        Console.WriteLine("compressed sweep instead of one sweep per element.");
        Console.WriteLine();

        GradientOfF(2, 3);
        JacobianOfFG(2, 0.5);
        IdentityJacobian(-1.25, 3);
        SumJacobian(1, 2, 3, 4);
        ElementwiseProductJacobian(1, 2, 3, 4);
        VectorIdentity(new[] { 1.5, -2, 0.25 });
        VectorSum(new[] { 1.0, 2, 3 }, new[] { 4.0, 5, 6 });
        VectorProduct(new[] { 1.0, 2, 3 }, new[] { 4.0, 5, 6 });
        GradientOfSum(new[] { 1.5, -2, 0.25, 4 });
        ChainRule(0.7);
        NeuronLoss(new[] { 0.5, -0.25, 1.0 }, 0.1, new[] { 1.0, 2.0, 0.5 }, 2.0);   // z = 0.6 > 0: the ReLU is active
        NeuronLoss(new[] { 0.5, -0.25, 1.0 }, -1.5, new[] { 1.0, 2.0, 0.5 }, 2.0);  // z = −1 < 0: the ReLU is flat

        if (mismatches == 0)
        {
            Console.WriteLine("Every generated gradient and Jacobian matches its closed form.");
            return 0;
        }

        Console.WriteLine($"MISMATCH: {mismatches} result(s) differ from their closed forms (see above).");
        return 1;
    }

    /// <summary>∇(3x²y) = [6xy, 3x²]: the gradient of a scalar function.</summary>
    private static void GradientOfF(double x, double y)
    {
        Heading($"∇(3x²y) = [6xy, 3x²]   at (x, y) = ({x}, {y})");
        Classics.FGradient(x, y, out double dx, out double dy);
        Row("FGradient (dx, dy)", new[] { dx, dy });
        var closedForm = new[] { 6 * x * y, 3 * x * x };
        Row("closed form [6xy, 3x²]", closedForm);
        Verdict(Error(new[] { dx, dy }, closedForm));
    }

    /// <summary>The Jacobian of [3x²y, 2x + y⁸] is [[6xy, 3x²], [2, 8y⁷]].</summary>
    private static void JacobianOfFG(double x, double y)
    {
        Heading($"Jacobian of [3x²y, 2x + y⁸] = [[6xy, 3x²], [2, 8y⁷]]   at (x, y) = ({x}, {y})");
        var numerator = new double[4];
        var denominator = new double[4];
        Classics.FGJacobian(x, y, numerator);
        Classics.FGDenominatorJacobian(x, y, denominator);
        var closedForm = new[] { 6 * x * y, 3 * x * x, 2, 8 * Math.Pow(y, 7) };
        double error = ShowJacobian(numerator, denominator, closedForm, outputs: 2, inputs: 2);

        // The products with J, without forming J: J·v by one pushforward, sᵀJ by one pullback.
        double[] v = { 1, -1 }, s = { 1, 1 };
        Classics.FGPushforward(x, y, v[0], v[1], out double fTangent, out double gTangent);
        double xAdjoint = 0, yAdjoint = 0;
        Classics.FGPullback(x, y, s[0], s[1], ref xAdjoint, ref yAdjoint);
        var jv = new[] { closedForm[0] * v[0] + closedForm[1] * v[1], closedForm[2] * v[0] + closedForm[3] * v[1] };
        var sj = new[] { s[0] * closedForm[0] + s[1] * closedForm[2], s[0] * closedForm[1] + s[1] * closedForm[3] };
        Row("FGPushforward along v = (1, −1)", new[] { fTangent, gTangent });
        Row("closed form J·v", jv);
        Row("FGPullback of s = (1, 1)", new[] { xAdjoint, yAdjoint });
        Row("closed form sᵀJ", sj);
        error = Math.Max(error, Math.Max(Error(new[] { fTangent, gTangent }, jv), Error(new[] { xAdjoint, yAdjoint }, sj)));
        Verdict(error);
    }

    /// <summary>(x, y) → (x, y) has Jacobian I.</summary>
    private static void IdentityJacobian(double x, double y)
    {
        Heading($"Jacobian of the identity (x, y) → (x, y) = I   at (x, y) = ({x}, {y})");
        var numerator = new double[4];
        var denominator = new double[4];
        Classics.IdentityJacobian(x, y, numerator);
        Classics.IdentityDenominatorJacobian(x, y, denominator);
        Verdict(ShowJacobian(numerator, denominator, new double[] { 1, 0, 0, 1 }, outputs: 2, inputs: 2));
    }

    /// <summary>w + x has Jacobian [I | I] with respect to (w, x).</summary>
    private static void SumJacobian(double w1, double w2, double x1, double x2)
    {
        Heading($"Jacobian of w + x = [I | I]   at w = ({w1}, {w2}), x = ({x1}, {x2}); inputs (w1, w2, x1, x2)");
        var numerator = new double[8];
        var denominator = new double[8];
        Classics.SumJacobian(w1, w2, x1, x2, numerator);
        Classics.SumDenominatorJacobian(w1, w2, x1, x2, denominator);
        Verdict(ShowJacobian(numerator, denominator, new double[] { 1, 0, 1, 0, 0, 1, 0, 1 }, outputs: 2, inputs: 4));
    }

    /// <summary>w ⊙ x (element-wise, also written w ⊗ x) has Jacobian [diag(x) | diag(w)].</summary>
    private static void ElementwiseProductJacobian(double w1, double w2, double x1, double x2)
    {
        Heading($"Jacobian of w ⊙ x (element-wise) = [diag(x) | diag(w)]   at w = ({w1}, {w2}), x = ({x1}, {x2})");
        var numerator = new double[8];
        var denominator = new double[8];
        Classics.ElementwiseProductJacobian(w1, w2, x1, x2, numerator);
        Classics.ElementwiseProductDenominatorJacobian(w1, w2, x1, x2, denominator);
        Verdict(ShowJacobian(numerator, denominator, new[] { x1, 0, w1, 0, 0, x2, 0, w2 }, outputs: 2, inputs: 4));
    }

    /// <summary>The identity on n-vectors (span output) has Jacobian I.</summary>
    private static void VectorIdentity(double[] x)
    {
        int n = x.Length;
        Heading($"Jacobian of the identity y = x on {n}-vectors (Span<double> output) = I   at x = {Format(x)}");
        var y = new double[n];
        var numerator = new double[n * n];
        var denominator = new double[n * n];
        Classics.IdentityNJacobian(x, y, numerator);
        Classics.IdentityNDenominatorJacobian(x, y, denominator);
        var closedForm = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            closedForm[i * n + i] = 1;
        }

        Verdict(Math.Max(Error(y, x), ShowJacobian(numerator, denominator, closedForm, outputs: n, inputs: n)));
    }

    /// <summary>w + x on n-vectors (span output) has Jacobian [I | I].</summary>
    private static void VectorSum(double[] w, double[] x)
    {
        int n = w.Length;
        Heading($"Jacobian of y = w + x on {n}-vectors = [I | I]   at w = {Format(w)}, x = {Format(x)}; inputs (w…, x…)");
        var y = new double[n];
        var numerator = new double[n * 2 * n];
        var denominator = new double[n * 2 * n];
        Classics.AddJacobian(w, x, y, numerator);
        Classics.AddDenominatorJacobian(w, x, y, denominator);
        var closedForm = new double[n * 2 * n];
        for (int i = 0; i < n; i++)
        {
            closedForm[i * 2 * n + i] = 1;
            closedForm[i * 2 * n + n + i] = 1;
        }

        Verdict(Math.Max(Error(y, w.Zip(x, (a, b) => a + b).ToArray()), ShowJacobian(numerator, denominator, closedForm, outputs: n, inputs: 2 * n)));
    }

    /// <summary>w ⊙ x on n-vectors (span output) has Jacobian [diag(x) | diag(w)].</summary>
    private static void VectorProduct(double[] w, double[] x)
    {
        int n = w.Length;
        Heading($"Jacobian of y = w ⊙ x on {n}-vectors = [diag(x) | diag(w)]   at w = {Format(w)}, x = {Format(x)}");
        var y = new double[n];
        var numerator = new double[n * 2 * n];
        var denominator = new double[n * 2 * n];
        Classics.MulJacobian(w, x, y, numerator);
        Classics.MulDenominatorJacobian(w, x, y, denominator);
        var closedForm = new double[n * 2 * n];
        for (int i = 0; i < n; i++)
        {
            closedForm[i * 2 * n + i] = x[i];
            closedForm[i * 2 * n + n + i] = w[i];
        }

        Verdict(Math.Max(Error(y, w.Zip(x, (a, b) => a * b).ToArray()), ShowJacobian(numerator, denominator, closedForm, outputs: n, inputs: 2 * n)));
    }

    /// <summary>∇ sum(x) = 1ᵀ, for a method over a double[].</summary>
    private static void GradientOfSum(double[] x)
    {
        Heading($"∇ sum(x) = 1ᵀ   at x = {Format(x)}");
        var gradient = new double[x.Length];
        Classics.SumOfGradient(x, gradient);
        Row("SumOfGradient (dx)", gradient);
        var closedForm = Enumerable.Repeat(1.0, x.Length).ToArray();
        Row("closed form 1ᵀ", closedForm);
        Verdict(Error(gradient, closedForm));
    }

    /// <summary>The vector chain rule: d/dx [ln x², sin 3x] = [2/x, 3 cos 3x].</summary>
    private static void ChainRule(double x)
    {
        Heading($"Vector chain rule: d/dx [ln x², sin 3x] = [2/x, 3 cos 3x]   at x = {x}, directly and as (ln u, sin v) ∘ (x², 3x)");
        var numerator = new double[2];
        var denominator = new double[2];
        Classics.ChainRuleJacobian(x, numerator);
        Classics.ChainRuleDenominatorJacobian(x, denominator);
        var closedForm = new[] { 2 / x, 3 * Math.Cos(3 * x) };
        double error = ShowJacobian(numerator, denominator, closedForm, outputs: 2, inputs: 1);

        // The same function composed of two vector methods, (ln u, sin v) ∘ (x², 3x): the chain rule
        // J = J_Outer·J_Inner, applied by the generated code through the callees' derivatives.
        var composed = new double[2];
        Classics.ChainRuleComposedJacobian(x, composed);
        Row("Outer ∘ Inner, composed", composed);
        Verdict(Math.Max(error, Error(composed, closedForm)));
    }

    /// <summary>The gradient of a ReLU neuron's squared loss (y − max(0, w·x + b))² with respect to w and b.</summary>
    private static void NeuronLoss(double[] w, double b, double[] x, double y)
    {
        double z = b;
        for (int j = 0; j < w.Length; j++)
        {
            z += w[j] * x[j];
        }

        Heading($"ReLU neuron, L = (y − max(0, w·x + b))²   at w = {Format(w)}, b = {b}, x = {Format(x)}, y = {y}   (z = w·x + b = {z:G6})");
        var dw = new double[w.Length];
        Classics.NeuronLossGradient(w, b, x, y, dw, out double db);
        Row("NeuronLossGradient (dw…, db)", dw.Append(db).ToArray());

        // Where z > 0: ∇_w L = −2(y − z)·x, ∂L/∂b = −2(y − z). Where z < 0 the neuron is off: 0.
        double slope = z > 0 ? -2 * (y - z) : 0;
        var closedForm = x.Select(xj => slope * xj).Append(slope).ToArray();
        Row(z > 0 ? "closed form (−2(y − z)·x, −2(y − z))" : "closed form (z < 0: all 0)", closedForm);
        Verdict(Error(dw.Append(db).ToArray(), closedForm));
    }

    /// <summary>
    /// Prints a Jacobian in both layouts and the closed form (numerator layout), and returns the
    /// largest relative error of either layout against the closed form.
    /// </summary>
    private static double ShowJacobian(double[] numerator, double[] denominator, double[] closedForm, int outputs, int inputs)
    {
        Matrix($"numerator layout, {outputs}×{inputs} (row k = ∇ output k)", numerator, outputs, inputs);
        Matrix($"denominator layout, {inputs}×{outputs} (the transpose)", denominator, inputs, outputs);
        Matrix("closed form (numerator layout)", closedForm, outputs, inputs);
        return Math.Max(Error(numerator, closedForm), Error(denominator, Transpose(closedForm, outputs, inputs)));
    }

    /// <summary>max over the entries of |actual − expected| / max(1, |expected|).</summary>
    private static double Error(double[] actual, double[] expected)
    {
        double error = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Abs(actual[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i]));
            error = double.IsNaN(e) ? double.PositiveInfinity : Math.Max(error, e);
        }

        return error;
    }

    private static double[] Transpose(double[] a, int rows, int cols)
    {
        var t = new double[a.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                t[c * rows + r] = a[r * cols + c];
            }
        }

        return t;
    }

    private static void Heading(string text) => Console.WriteLine(text);

    private static void Verdict(double error)
    {
        if (error <= Tolerance)
        {
            Console.WriteLine($"  → matches closed form (max relative error {error:0.0E+00})");
        }
        else
        {
            Console.WriteLine($"  → MISMATCH: max relative error {error:0.0E+00} (allowed {Tolerance:0.0E+00})");
            mismatches++;
        }

        Console.WriteLine();
    }

    private static void Row(string label, double[] values) => Console.WriteLine($"  {label,-38}{Format(values)}");

    private static void Matrix(string label, double[] m, int rows, int cols)
    {
        Console.WriteLine($"  {label}:");
        string[] cells = m.Select(Number).ToArray();
        int width = cells.Max(c => c.Length);
        for (int r = 0; r < rows; r++)
        {
            var row = Enumerable.Range(0, cols).Select(c => cells[r * cols + c].PadLeft(width));
            Console.WriteLine($"    [ {string.Join("  ", row)} ]");
        }
    }

    private static string Format(double[] values) => "(" + string.Join(", ", values.Select(Number)) + ")";

    private static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
