using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>
/// Vector-valued methods (a flat tuple of doubles or of floats returned): the classic Jacobians
/// with closed forms, control flow, locals and tuples inside the body, float versions, 3 and 4
/// outputs, array and ReadOnlySpan inputs, inactive parameters, and the same method in both
/// Jacobian layouts (VectorTests.cs).
/// </summary>
public static partial class Vectors
{
    // ---- Classic results with closed forms ----

    /// <summary>[3x²y, 2x + y⁸]: J = [[6xy, 3x²], [2, 8y⁷]].</summary>
    [Differentiable]
    public static (double f, double g) FG(double x, double y) => (3 * x * x * y, 2 * x + Math.Pow(y, 8));

    /// <summary>The same function as <see cref="FG"/>, with the n×m (transposed) Jacobian.</summary>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double f, double g) FGDenominator(double x, double y) => (3 * x * x * y, 2 * x + Math.Pow(y, 8));

    /// <summary>(x, y) → (x, y): J = I.</summary>
    [Differentiable]
    public static (double, double) Identity(double x, double y) => (x, y);

    /// <summary>w + x for 2-vectors written as scalars: J = [I | I] (reverse mode: 4 inputs, 2 outputs).</summary>
    [Differentiable]
    public static (double, double) ElementwiseSum(double w1, double w2, double x1, double x2) => (w1 + x1, w2 + x2);

    /// <summary>w ⊙ x: J = [diag(x) | diag(w)].</summary>
    [Differentiable]
    public static (double, double) ElementwiseProduct(double w1, double w2, double x1, double x2) => (w1 * x1, w2 * x2);

    /// <summary>The same as <see cref="ElementwiseProduct"/>, denominator layout: Jᵀ = [[diag(x)], [diag(w)]].</summary>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double, double) ElementwiseProductDenominator(double w1, double w2, double x1, double x2) => (w1 * x1, w2 * x2);

    /// <summary>The vector chain rule [ln x², sin 3x]: J = [2/x, 3 cos 3x] (one input, a column).</summary>
    [Differentiable]
    public static (double, double) VectorChainRule(double x) => (Math.Log(x * x), Math.Sin(3 * x));

    /// <summary>Polar to Cartesian: J = [[cos θ, −r sin θ], [sin θ, r cos θ]] (det = r).</summary>
    [Differentiable]
    public static (double x, double y) Polar(double r, double theta) => (r * Math.Cos(theta), r * Math.Sin(theta));

    /// <summary>Spherical to Cartesian, 3 outputs (det J = r² sin θ).</summary>
    [Differentiable]
    public static (double x, double y, double z) Spherical(double r, double theta, double phi)
        => (r * Math.Sin(theta) * Math.Cos(phi), r * Math.Sin(theta) * Math.Sin(phi), r * Math.Cos(theta));

    /// <summary>One input used by two outputs: J = [1, 1]ᵀ; the pullback must add both seeds.</summary>
    [Differentiable]
    public static (double, double) Duplicate(double x) => (x, x);

    /// <summary>An output that depends on no input: its row is zero.</summary>
    [Differentiable]
    public static (double, double) WithConstantOutput(double x, double y) => (x * y, 2.0);

    /// <summary>Three inputs, four outputs: J = [[y, x, 0], [0, z, y], [1, 0, 2z], [cos x, 0, 0]].</summary>
    [Differentiable]
    public static (double a, double b, double c, double d) FourOutputs(double x, double y, double z)
        => (x * y, y * z, x + z * z, Math.Sin(x));

    // ---- Control flow, locals and tuples inside the body ----

    [Differentiable]
    public static (double, double) Branches(double x, double y)
    {
        double u, v;
        if (x > y)
        {
            u = x * x - y;
            v = Math.Exp(y) * x;
        }
        else if (x > -1)
        {
            u = Math.Sin(x * y);
            v = y * y;
        }
        else
        {
            u = x * y * y;
            v = x + y;
        }

        return (u, x > 0 ? v * u : v - u);
    }

    [Differentiable]
    public static (double, double, double) Loop(double x, double y, int n)
    {
        double p = 1, s = 0, r = y;
        for (int k = 0; k < n; k++)
        {
            p *= x;
            s += Math.Sin(k * x + y);
            r = 0.5 * r + x * r * r / (1 + r * r);
        }

        return (p, s, r);
    }

    [Differentiable]
    public static (double, double) Locals(double x, double y)
    {
        double a = x * y;
        double b = a + Math.Cos(x);
        double c = b * b - a;
        a = c / (1 + y * y);
        return (a + b, c * x);
    }

    [Differentiable]
    public static (double sum, double product) TupleLocalsAndDeconstruction(double x, double y)
    {
        var (a, b) = (x * y, x + y);
        (double s, double p) t = (a + b, a * b);
        (a, b) = (b, a);
        return (t.s * a, t.p - b * t.Item1);
    }

    [Differentiable]
    public static (double, double) ReturnTupleLocal(double x, double y)
    {
        var t = (x * y, x - y);
        t = (t.Item1 + Math.Exp(y), t.Item2 * t.Item1);
        return t;
    }

    [Differentiable]
    public static (double, double) ReturnInsideBranch(double x, double y)
    {
        if (x < 0)
        {
            return (-x * y, y);
        }

        double q = x * x;
        if (y > q)
        {
            return (q, y - q);
        }

        return (q * y, Math.Sqrt(1 + q));
    }

    [Differentiable]
    public static (double, double) ReturnInsideLoop(double x, double y, int n)
    {
        double a = x, b = y;
        for (int k = 0; k < n; k++)
        {
            a = a * 0.9 + b * 0.1;
            b = b * a;
            if (Math.Abs(b) > 4)
            {
                return (a, b);
            }
        }

        return (a + b, a - b);
    }

    [Differentiable]
    public static (double, double) WhileLoop(double x, double y)
    {
        double a = x;
        int k = 0;
        while (a < 10 && k < 20)
        {
            a = a * 1.5 + y;
            k++;
        }

        return (a, a * y);
    }

    /// <summary>Three inputs, two outputs (so the Jacobian runs in reverse mode), a taped loop and a branch inside it.</summary>
    [Differentiable]
    public static (double, double) ThreeInputsLoop(double x, double y, double z, int n)
    {
        double a = x, b = 0;
        for (int k = 0; k < n; k++)
        {
            if (a > z)
            {
                a = a * y - z;
            }
            else
            {
                a = Math.Sin(a) + y;
            }

            b += a * a;
        }

        return (a, b / (1 + z * z));
    }

    [Differentiable]
    public static (double, double) IntElement(double x, int n) => (x * n, n);

    [Differentiable]
    public static (double, double) InactiveParameters(double x, [NoDerivative] double c, int n, double y)
        => (c * x * y + n, Math.Pow(x, n) + c * y);

    [Differentiable]
    public static (double, double) ConditionalTuple(double x, double y) => x > y ? (x * y, y) : (y, x - y);

    [Differentiable]
    public static (double, double) SwitchExpressionTuple(double x, int n) => n switch
    {
        0 => (x, 2 * x),
        1 => (x * x, 1.0),
        _ => (Math.Sin(x), x),
    };

    [Differentiable]
    public static (double, double) NamedElementAccess(double x, double y)
    {
        var r = (a: x * 2, b: y + x);
        return (r.b, r.a * r.b);
    }

    [Differentiable]
    public static (double, double) SwapLoop(double x, double y, int n)
    {
        for (int i = 0; i < n; i++)
        {
            (x, y) = (y, x * y + 1);
        }

        return (x, y);
    }

    /// <summary>Calls a scalar [Differentiable] method (composition through its pushforward and pullback).</summary>
    [Differentiable]
    public static (double, double) CallsScalarMethod(double x, double y) => (Square(x) * y, Square(y));

    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static (double, double) Throwing(double x)
    {
        if (x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"x = {x} must not be negative.");
        }

        return (Math.Sqrt(x), x);
    }

    /// <summary>Nine outputs: a ValueTuple that nests its last elements in TRest.</summary>
    [Differentiable]
    public static (double, double, double, double, double, double, double, double, double) NineOutputs(double x)
        => (x, 2 * x, x * x, 4 * x, 5 * x, 6 * x, 7 * x, 8 * x, Math.Exp(x));

    // ---- float ----

    [Differentiable]
    public static (float, float) SingleWithIntLiteral(float x) => (x * x, 1);

    [Differentiable]
    public static (float f, float g) FGSingle(float x, float y) => (3 * x * x * y, 2 * x + MathF.Pow(y, 8));

    [Differentiable]
    public static (float, float, float) SingleBranchesAndLoop(float x, float y, int n)
    {
        float a = x, b = 0;
        for (int k = 0; k < n; k++)
        {
            a = a * y + 0.5f;
            b += MathF.Sin(a);
        }

        if (a > 1)
        {
            return (a, b, x * y);
        }

        return (b, a, x - y);
    }

    // ---- Arrays and spans (the number of inputs is known only at run time) ----

    /// <summary>(Σ s·wᵢ², s·Σ sin wᵢ): inputs w (flattened) then s.</summary>
    [Differentiable]
    public static (double, double) ScaleArray(double[] w, double s)
    {
        double a = 0, b = 0;
        for (int i = 0; i < w.Length; i++)
        {
            a += s * w[i] * w[i];
            b += Math.Sin(w[i]);
        }

        return (a, b * s);
    }

    /// <summary>The same as <see cref="ScaleArray"/>, denominator layout.</summary>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double, double) ScaleArrayDenominator(double[] w, double s)
    {
        double a = 0, b = 0;
        for (int i = 0; i < w.Length; i++)
        {
            a += s * w[i] * w[i];
            b += Math.Sin(w[i]);
        }

        return (a, b * s);
    }

    /// <summary>sum(x) and Σ xᵢ²: J = [1ᵀ; 2xᵀ]; only an array is active.</summary>
    [Differentiable]
    public static (double sum, double squares) SumAndSquares(ReadOnlySpan<double> x)
    {
        double s = 0, q = 0;
        foreach (double v in x)
        {
            s += v;
            q += v * v;
        }

        return (s, q);
    }

    /// <summary>The same as <see cref="SumAndSquares"/>, denominator layout.</summary>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double sum, double squares) SumAndSquaresDenominator(ReadOnlySpan<double> x)
    {
        double s = 0, q = 0;
        foreach (double v in x)
        {
            s += v;
            q += v * v;
        }

        return (s, q);
    }

    /// <summary>
    /// Scalars before, between and after two arrays, and inactive data among them: the columns are
    /// a, then u, then v, then b. Three outputs.
    /// </summary>
    [Differentiable]
    public static (double, double, double) Mixed(double a, double[] u, [NoDerivative] double[] data, int n, ReadOnlySpan<double> v, double b)
    {
        double dot = 0;
        for (int i = 0; i < u.Length; i++)
        {
            dot += u[i] * data[i % data.Length];
        }

        double norm = b * b;
        for (int j = 0; j < v.Length; j++)
        {
            norm += v[j] * v[j] * (j + 1);
        }

        double first = u.Length > 0 ? u[0] : a;
        return (a * dot + n, Math.Sqrt(norm), first * b + Math.Tanh(a));
    }

    /// <summary>The same as <see cref="Mixed"/>, denominator layout.</summary>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (double, double, double) MixedDenominator(double a, double[] u, [NoDerivative] double[] data, int n, ReadOnlySpan<double> v, double b)
    {
        double dot = 0;
        for (int i = 0; i < u.Length; i++)
        {
            dot += u[i] * data[i % data.Length];
        }

        double norm = b * b;
        for (int j = 0; j < v.Length; j++)
        {
            norm += v[j] * v[j] * (j + 1);
        }

        double first = u.Length > 0 ? u[0] : a;
        return (a * dot + n, Math.Sqrt(norm), first * b + Math.Tanh(a));
    }

    /// <summary>A float array method, both strategies.</summary>
    [Differentiable(Layout = JacobianLayout.Denominator)]
    public static (float, float) SingleArray(float[] w, float s)
    {
        float a = 0, b = 1;
        for (int i = 0; i < w.Length; i++)
        {
            a += s * w[i];
            b *= 1 + 0.1f * w[i] * w[i];
        }

        return (a, b);
    }

    // ---- Names ----

    /// <summary>Outputs named like the inputs, and parameters named like the generator's locals.</summary>
    [Differentiable]
    public static (double x, double value) NameClashes(double x, double value, double jacobian, double unit)
        => (x * value + jacobian, unit * jacobian - x);

    /// <summary>Partly named outputs.</summary>
    [Differentiable]
    public static (double total, double) PartlyNamed(double x, double y) => (x + y, x * y);
}

/// <summary>An instance vector method reading a field as a constant.</summary>
public sealed partial class VectorInstance
{
    private readonly double k;

    public VectorInstance(double k) => this.k = k;

    [Differentiable]
    public (double, double) Scaled(double x) => (k * x, x * x);
}
