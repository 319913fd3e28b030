using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;
using static AutoDiffGen.Generator.Simplification.ExprFactory;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>An operand of an operation and the partial derivative of the result with respect to it.</summary>
/// <param name="Unbounded">
/// The partial is infinite or undefined at some finite point where the value is finite (Sqrt and
/// Cbrt at 0, Asin and Acos at ±1, Pow at base 0, Atan2 at the origin). Its product with a tangent or adjoint that is zero at run time is
/// taken as 0, not 0·∞ = NaN, so a zero contribution is nothing in either mode (see
/// <see cref="TimesNoNaN"/>).
/// </param>
internal readonly record struct Partial(Expr Operand, Expr Derivative, bool Unbounded = false);

/// <summary>
/// The table of known derivatives: for each IR operation, the partial derivatives of its result with
/// respect to its operands. Forward mode sums <c>partial · tangent</c>; reverse mode adds
/// <c>adjoint · partial</c> into each operand's adjoint — one table serves both, so the
/// conventions at kinks are identical in both modes.
/// </summary>
/// <remarks>
/// Conventions at non-differentiable points (documented in the README): Abs'(0) = 0; Max/Min (and
/// the Number, Magnitude and Native variants) at a tie give each argument one half; Sqrt'(0) =
/// Cbrt'(0) = RootN'(0) = +∞ (n ≥ 2), Acosh'(1) = Atanh'(±1) = +∞; Hypot at (0, 0) and CopySign at
/// x = 0 take 0; Pow: ∂/∂base is 0 where the exponent is 0, ∂/∂exponent is 0 where the base is 0
/// and the exponent ≥ 0; Clamp passes the derivative on the closed interval [lo, hi] and 0 outside;
/// Floor, Ceiling, Round, Truncate, Sign and ILogB have derivative 0; Ad.StopGradient has derivative 0,
/// Ad.Relu 0 at x = 0.
/// </remarks>
internal static class DerivativeRules
{
    private const double Ln10 = 2.302585092994046;
    private const double Ln2 = 0.6931471805599453;
    private const double Pi = System.Math.PI;

    /// <summary>
    /// <c>partial · factor</c>, where <paramref name="factor"/> is a tangent or adjoint: for an
    /// unbounded partial, <c>factor == 0 ? 0 : partial · factor</c> (0·∞ is 0, as TensorFlow's
    /// <c>multiply_no_nan</c>), so that forward and reverse mode agree where no derivative flows.
    /// </summary>
    /// <param name="factorFirst">Writes <c>factor · partial</c> (reverse mode's order) instead of <c>partial · factor</c>.</param>
    public static Expr TimesNoNaN(Partial partial, Expr factor, bool factorFirst)
    {
        if (IsSelector(partial.Derivative))
        {
            return Select(partial.Derivative, factor, factorFirst);
        }

        var product = factorFirst ? Multiply(factor, partial.Derivative) : Multiply(partial.Derivative, factor);
        return partial.Unbounded && factor is not ConstExpr && product is not ConstExpr
            ? Conditional(Compare(BinaryOp.Equal, factor, Const(0, factor.Type)), Const(0, product.Type), product)
            : product;
    }

    /// <summary>
    /// Whether a partial chooses among constants by a condition, 0 among them (Clamp's, Max's, Relu's,
    /// Abs's): the operand it leaves out gets no derivative at all, not 0 times its tangent or adjoint,
    /// which is NaN where that is not finite (the tangent of <c>Asin(1.2)</c> inside a
    /// <c>ClampNative</c> that returns a bound).
    /// </summary>
    private static bool IsSelector(Expr derivative)
    {
        bool zero = false;
        return derivative is ConditionalExpr && Leaves(derivative, ref zero) && zero;

        static bool Leaves(Expr e, ref bool zero)
        {
            if (e is ConditionalExpr c)
            {
                return Leaves(c.WhenTrue, ref zero) & Leaves(c.WhenFalse, ref zero);
            }

            zero |= e is ConstExpr { Value: 0 };
            return e is ConstExpr;
        }
    }

    /// <summary><c>c ? a·factor : b·factor</c> for a selector <c>c ? a : b</c> (nested alike), 0 where it chose 0.</summary>
    private static Expr Select(Expr derivative, Expr factor, bool factorFirst) => derivative is ConditionalExpr c
        ? Conditional(c.Condition, Select(c.WhenTrue, factor, factorFirst), Select(c.WhenFalse, factor, factorFirst))
        : factorFirst ? Multiply(factor, derivative) : Multiply(derivative, factor);

    public static bool HasZeroDerivative(MathFunction function)
        => function is MathFunction.Floor or MathFunction.Ceiling or MathFunction.Round or MathFunction.Truncate or MathFunction.Sign or MathFunction.ILogB
            or MathFunction.StopGradient;

    /// <summary>
    /// The partials of <paramref name="e"/>, whose value is available as <paramref name="result"/>
    /// (a variable holding it, so that e.g. exp′ reuses the primal instead of recomputing it).
    /// </summary>
    public static IReadOnlyList<Partial> Partials(Expr e, Expr result)
    {
        // An operand that appears twice (x·x) gets one partial, the sum: 2·x, not x + x.
        var partials = RawPartials(e, result);
        if (partials.Count < 2 || partials.Select(p => p.Operand).Distinct().Count() == partials.Count)
        {
            return partials;
        }

        var combined = new List<Partial>();
        foreach (var partial in partials)
        {
            int index = combined.FindIndex(c => c.Operand.Equals(partial.Operand));
            if (index < 0)
            {
                combined.Add(partial);
            }
            else
            {
                combined[index] = new Partial(partial.Operand, Add(combined[index].Derivative, partial.Derivative), combined[index].Unbounded || partial.Unbounded);
            }
        }

        return combined;
    }

    private static IReadOnlyList<Partial> RawPartials(Expr e, Expr result)
    {
        string t = e.Type;
        switch (e)
        {
            case VarExpr or IndexExpr:
                return [new(e, Const(1, t))];
            case UnaryExpr { Op: UnaryOp.Negate } u:
                return [new(u.Operand, Const(-1, t))];
            case ConvertExpr c:
                return [new(c.Operand, Const(1, t))];
            case ConditionalExpr c:
                return
                [
                    new(c.WhenTrue, Conditional(c.Condition, Const(1, t), Const(0, t))),
                    new(c.WhenFalse, Conditional(c.Condition, Const(0, t), Const(1, t))),
                ];
            case BinaryExpr b:
                return BinaryPartials(b, result);
            case MathExpr m:
                return MathPartials(m, result);
            default:
                return [];
        }
    }

    private static IReadOnlyList<Partial> BinaryPartials(BinaryExpr b, Expr result)
    {
        string t = b.Type;
        Expr a = b.Left, c = b.Right;
        return b.Op switch
        {
            BinaryOp.Add => [new(a, Const(1, t)), new(c, Const(1, t))],
            BinaryOp.Subtract => [new(a, Const(1, t)), new(c, Const(-1, t))],
            BinaryOp.Multiply => [new(a, c), new(c, a)],
            BinaryOp.Divide => [new(a, Divide(Const(1, t), c)), new(c, Negate(Divide(result, c)))],

            // a % b = a − trunc(a/b)·b
            BinaryOp.Remainder => [new(a, Const(1, t)), new(c, Negate(ExprFactory.Math(MathFunction.Truncate, t, Divide(a, c))))],
            _ => [],
        };
    }

    private static IReadOnlyList<Partial> MathPartials(MathExpr m, Expr r)
    {
        string t = m.Type;
        var args = m.Arguments;
        Expr x = args[0];
        Expr one = Const(1, t);
        Expr zero = Const(0, t);
        Expr F(MathFunction f, params Expr[] a) => ExprFactory.Math(f, t, a);
        Expr OneMinusSquare(Expr v) => Subtract(one, Square(v));

        switch (m.Function)
        {
            case MathFunction.Sin: return [new(x, F(MathFunction.Cos, x))];
            case MathFunction.Cos: return [new(x, Negate(F(MathFunction.Sin, x)))];
            case MathFunction.Tan: return [new(x, Add(one, Square(r)))];
            case MathFunction.Asin: return [new(x, Divide(one, F(MathFunction.Sqrt, OneMinusSquare(x))), Unbounded: true)];
            case MathFunction.Acos: return [new(x, Negate(Divide(one, F(MathFunction.Sqrt, OneMinusSquare(x)))), Unbounded: true)];
            case MathFunction.Atan: return [new(x, Divide(one, Add(one, Square(x))))];
            case MathFunction.Atan2:
            {
                // atan2(y, x): ∂y = x/(x²+y²), ∂x = −y/(x²+y²); both 0/0 = NaN at the origin,
                // where atan2 itself is finite (0 or ±π): unbounded, so a zero tangent there is 0.
                Expr y = args[0], xx = args[1];
                Expr norm = Add(Square(xx), Square(y));
                return [new(y, Divide(xx, norm), Unbounded: true), new(xx, Negate(Divide(y, norm)), Unbounded: true)];
            }

            case MathFunction.Sinh: return [new(x, F(MathFunction.Cosh, x))];
            case MathFunction.Cosh: return [new(x, F(MathFunction.Sinh, x))];
            case MathFunction.Tanh: return [new(x, OneMinusSquare(r))];
            case MathFunction.Exp: return [new(x, r)];
            case MathFunction.Log: return [new(x, Divide(one, x))];
            case MathFunction.LogBase:
            {
                // log_b(x) = ln x / ln b: ∂x = 1/(x·ln b), ∂b = −log_b(x)/(b·ln b)
                Expr b = args[1];
                Expr lnB = F(MathFunction.Log, b);
                return [new(x, Divide(one, Multiply(x, lnB))), new(b, Negate(Divide(r, Multiply(b, lnB))))];
            }

            case MathFunction.Log10: return [new(x, Divide(one, Multiply(x, Const(Ln10, t))))];
            case MathFunction.Log2: return [new(x, Divide(one, Multiply(x, Const(Ln2, t))))];
            // 0.5/|r|: Sqrt(−0) is −0, and Sqrt′ at −0 is +∞ as at +0 (found by trial 28).
            case MathFunction.Sqrt: return [new(x, Divide(Const(0.5, t), F(MathFunction.Abs, r)), Unbounded: true)];
            case MathFunction.Cbrt: return [new(x, Divide(one, Multiply(Const(3, t), Square(r))), Unbounded: true)];
            case MathFunction.Pow: return PowPartials(x, args[1], r, t);
            case MathFunction.Abs:
                return [new(x, Conditional(Compare(BinaryOp.Greater, x, zero), one, Conditional(Compare(BinaryOp.Less, x, zero), Const(-1, t), zero)))];
            case MathFunction.Max:
            case MathFunction.Min:
            {
                var wins = m.Function == MathFunction.Max ? BinaryOp.Greater : BinaryOp.Less;
                Expr a = args[0], b = args[1];
                Expr tie = Conditional(Compare(BinaryOp.Equal, a, b), Const(0.5, t), zero);
                return
                [
                    new(a, Conditional(Compare(wins, a, b), one, tie)),
                    new(b, Conditional(Compare(wins, b, a), one, tie)),
                ];
            }

            case MathFunction.Clamp or MathFunction.NumberClamp:
                return ClampPartials(x, args[1], args[2]);

            case MathFunction.FusedMultiplyAdd or MathFunction.MultiplyAddEstimate:
                return [new(args[0], args[1]), new(args[1], args[0]), new(args[2], one)];

            // Inverse hyperbolic functions; Acosh′ = 1/√((x−1)(x+1)) is +∞ at 1 and Atanh′ = 1/(1−x²)
            // at ±1, the domain edges, as Sqrt′(0).
            case MathFunction.Asinh: return [new(x, Divide(one, F(MathFunction.Sqrt, Add(Square(x), one))))];
            case MathFunction.Acosh: return [new(x, Divide(one, F(MathFunction.Sqrt, Multiply(Subtract(x, one), Add(x, one)))), Unbounded: true)];
            case MathFunction.Atanh: return [new(x, Divide(one, OneMinusSquare(x)), Unbounded: true)];

            // The π-scaled trigonometric functions: f(x) = g(πx) or g(x)/π.
            case MathFunction.SinPi: return [new(x, Multiply(Const(Pi, t), F(MathFunction.CosPi, x)))];
            case MathFunction.CosPi: return [new(x, Negate(Multiply(Const(Pi, t), F(MathFunction.SinPi, x))))];
            case MathFunction.TanPi: return [new(x, Multiply(Const(Pi, t), Add(one, Square(r))))];
            case MathFunction.AsinPi: return [new(x, Divide(one, Multiply(Const(Pi, t), F(MathFunction.Sqrt, OneMinusSquare(x)))), Unbounded: true)];
            case MathFunction.AcosPi: return [new(x, Negate(Divide(one, Multiply(Const(Pi, t), F(MathFunction.Sqrt, OneMinusSquare(x))))), Unbounded: true)];
            case MathFunction.AtanPi: return [new(x, Divide(one, Multiply(Const(Pi, t), Add(one, Square(x)))))];
            case MathFunction.Atan2Pi:
            {
                Expr y = args[0], xx = args[1];
                Expr norm = Multiply(Const(Pi, t), Add(Square(xx), Square(y)));
                return [new(y, Divide(xx, norm), Unbounded: true), new(xx, Negate(Divide(y, norm)), Unbounded: true)];
            }

            case MathFunction.DegreesToRadians: return [new(x, Const(Pi / 180, t))];
            case MathFunction.RadiansToDegrees: return [new(x, Const(180 / Pi, t))];

            // Exponentials and logarithms of other bases, and the accurate forms near 0 (e^x − 1, ln(1 + x)).
            case MathFunction.Exp2: return [new(x, Multiply(r, Const(Ln2, t)))];
            case MathFunction.Exp10: return [new(x, Multiply(r, Const(Ln10, t)))];
            case MathFunction.ExpM1: return [new(x, Add(r, one))];
            case MathFunction.Exp2M1: return [new(x, Multiply(Add(r, one), Const(Ln2, t)))];
            case MathFunction.Exp10M1: return [new(x, Multiply(Add(r, one), Const(Ln10, t)))];
            case MathFunction.LogP1: return [new(x, Divide(one, Add(one, x)))];
            case MathFunction.Log2P1: return [new(x, Divide(one, Multiply(Add(one, x), Const(Ln2, t))))];
            case MathFunction.Log10P1: return [new(x, Divide(one, Multiply(Add(one, x), Const(Ln10, t))))];

            case MathFunction.Hypot:
            {
                // ∂x = x/r, ∂y = y/r, both bounded by 1; at the origin (r = 0) the kink takes 0, as Abs′(0).
                Expr y = args[1];
                Expr atOrigin = Compare(BinaryOp.Equal, r, zero);
                return [new(x, Conditional(atOrigin, zero, Divide(x, r))), new(y, Conditional(atOrigin, zero, Divide(y, r)))];
            }

            case MathFunction.RootN:
            {
                // r = x^(1/n): r′ = 1/(n·r^(n−1)), +∞ at x = 0 for n ≥ 2 (as Sqrt′(0)).
                Expr n = Convert(args[1], t);
                return [new(x, Divide(one, Multiply(n, F(MathFunction.Pow, r, Subtract(n, one)))), Unbounded: true)];
            }

            case MathFunction.CopySign:
            {
                // |x|·sign(y): ∂x = sign(x)·sign(y), 0 at x = 0 (as Abs′(0)); ∂y = 0.
                Expr signs = Multiply(F(MathFunction.CopySign, one, x), F(MathFunction.CopySign, one, args[1]));
                return [new(x, Conditional(Compare(BinaryOp.Equal, x, zero), zero, signs))];
            }

            case MathFunction.IEEERemainder or MathFunction.Ieee754Remainder:
                // x − y·n with n = x/y rounded to even: ∂x = 1, ∂y = −n.
                return [new(x, one), new(args[1], Negate(F(MathFunction.Round, Divide(x, args[1]))))];

            case MathFunction.Lerp:
            {
                // a·(1 − t) + b·t
                Expr a = args[0], b = args[1], s = args[2];
                return [new(a, Subtract(one, s)), new(b, s), new(s, Subtract(b, a))];
            }

            case MathFunction.MaxMagnitude or MathFunction.MinMagnitude or MathFunction.MaxMagnitudeNumber or MathFunction.MinMagnitudeNumber
                or MathFunction.MaxNumber or MathFunction.MinNumber or MathFunction.MaxNative or MathFunction.MinNative:
            {
                // Each returns one of its arguments: that one gets the derivative, each gets one half
                // where both are equal (as Max at a tie), neither where the result is NaN.
                Expr a = args[0], b = args[1];
                Expr half = Const(0.5, t);
                return
                [
                    new(a, Conditional(Compare(BinaryOp.Equal, r, a), Conditional(Compare(BinaryOp.Equal, r, b), half, one), zero)),
                    new(b, Conditional(Compare(BinaryOp.Equal, r, b), Conditional(Compare(BinaryOp.Equal, r, a), half, one), zero)),
                ];
            }

            case MathFunction.ClampNative:
                return ClampPartials(x, args[1], args[2]);

            // The estimates differentiate as the functions they estimate, through the estimate:
            // (1/x)′ = −r², (x^−½)′ = −r³/2.
            case MathFunction.ReciprocalEstimate: return [new(x, Negate(Square(r)), Unbounded: true)];
            case MathFunction.ReciprocalSqrtEstimate: return [new(x, Negate(Multiply(Const(0.5, t), Multiply(r, Square(r)))), Unbounded: true)];

            // x·2ⁿ
            case MathFunction.ScaleB: return [new(x, F(MathFunction.ScaleB, one, args[1]))];

            // Ad.Relu: 1 where x > 0, else 0 (0 at the kink; NaN, which fails x > 0, gives 0 too).
            case MathFunction.Relu: return [new(x, Conditional(Compare(BinaryOp.Greater, x, zero), one, zero))];
            default:
                return [];
        }
    }

    /// <summary>Clamp(x, lo, hi): x's derivative on the closed interval [lo, hi], a bound's where x is beyond it.</summary>
    private static IReadOnlyList<Partial> ClampPartials(Expr x, Expr lo, Expr hi)
    {
        string t = x.Type;
        Expr one = Const(1, t), zero = Const(0, t);
        Expr inside = And(Compare(BinaryOp.GreaterOrEqual, x, lo), Compare(BinaryOp.LessOrEqual, x, hi));
        return
        [
            new(x, Conditional(inside, one, zero)),
            new(lo, Conditional(Compare(BinaryOp.Less, x, lo), one, zero)),
            new(hi, Conditional(Compare(BinaryOp.Greater, x, hi), one, zero)),
        ];
    }

    private static IReadOnlyList<Partial> PowPartials(Expr x, Expr y, Expr r, string t)
    {
        Expr one = Const(1, t);
        Expr zero = Const(0, t);

        // ∂/∂x = y·x^(y−1), and 0 where y = 0 (so that 0^0 has no NaN from 0·∞).
        Expr dx;
        if (y is ConstExpr cy)
        {
            dx = cy.Value switch
            {
                0 => zero,
                1 => one,
                2 => Multiply(Const(2, t), x),
                _ => Multiply(y, ExprFactory.Math(MathFunction.Pow, t, x, Const(cy.Value - 1, t))),
            };
        }
        else
        {
            dx = Conditional(
                Compare(BinaryOp.Equal, y, zero),
                zero,
                Multiply(y, ExprFactory.Math(MathFunction.Pow, t, x, Subtract(y, one))));
        }

        // ∂/∂y = x^y·ln x, and 0 where x = 0 and y ≥ 0 (the limit, instead of 0·(−∞)).
        Expr dy = Conditional(
            And(Compare(BinaryOp.Equal, x, zero), Compare(BinaryOp.GreaterOrEqual, y, zero)),
            zero,
            Multiply(r, ExprFactory.Math(MathFunction.Log, t, x)));
        return [new(x, dx, Unbounded: true), new(y, dy, Unbounded: true)];
    }
}
