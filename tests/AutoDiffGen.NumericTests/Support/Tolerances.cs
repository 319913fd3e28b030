namespace AutoDiffGen.NumericTests.Support;

/// <summary>
/// Every tolerance the suite uses, with the reason for its size. A tolerance t is applied as
/// |actual − expected| ≤ t · max(1, scale), where scale is |expected| (or, for a sum such as a
/// directional derivative, the sum of the magnitudes of its terms): relative for large values,
/// absolute for values below 1, where cancellation makes a relative bound meaningless.
/// </summary>
public static class Tolerances
{
    /// <summary>
    /// Generated double derivative vs. a closed form evaluated in double. Both are exact formulas
    /// evaluated in double precision that differ only in the order and grouping of operations, so
    /// they agree to a few dozen ulps (ε = 2.2e-16) times the modest condition numbers of the
    /// chosen domains (≤ ~1e3 even near the edges, e.g. tan near ±1.4, Pow at x = 0.1). 1e-10
    /// leaves a margin of ~100 above that, and is still ~1e10 times smaller than the error of a
    /// wrong derivative rule (which is off by O(1) relative).
    /// </summary>
    public const double DoubleClosedForm = 1e-10;

    /// <summary>
    /// Generated float derivative vs. the double closed form at the same (float-representable)
    /// point. The float code rounds every intermediate to ε_f = 1.2e-7 (MathF functions are
    /// within ~1 ulp); a dozen roundings amplified by condition numbers ≤ ~10, plus cancellation
    /// between terms of magnitude up to ~100 in sums, give errors up to ~1e-5 of the scale.
    /// 1e-4 keeps a 10× margin and still catches any wrong rule.
    /// </summary>
    public const double SingleClosedForm = 1e-4;

    /// <summary>
    /// Generated double derivative vs. central finite differences. With the step
    /// h = ε^(1/3)·max(1, |x|) ≈ 6e-6·max(1, |x|) of <see cref="GradientCheck"/>, the truncation
    /// error is h²·|f'''|/6 ≈ 6e-12·max(1, x²)·|f'''| and the rounding error ε·|f|/h ≈
    /// 4e-11·|f|/max(1, |x|): about 1e-10 for smooth functions of moderate curvature. The domains
    /// keep |f| ≲ 1e4 and max(1, x²)·|f'''| ≲ 1e5, so both stay below ~1e-7; 1e-6 leaves a
    /// margin of 10 or more.
    /// </summary>
    public const double DoubleFiniteDifference = 1e-6;

    /// <summary>
    /// The finite-difference step factor for float functions: ε_f^(1/3) ≈ 4.9e-3, which balances
    /// truncation (h²·|f'''|/6 ≈ 4e-6·max(1, x²)·|f'''|) against rounding (ε_f·|f|/h ≈
    /// 2.4e-5·|f|/max(1, |x|)) in single precision. The double default step would be swamped by
    /// float rounding.
    /// </summary>
    public const double SingleStepFactor = 4.9e-3;

    /// <summary>
    /// Generated float derivative vs. central finite differences of the float function. The two
    /// error terms above reach ~1e-3 at the edges of the float domains (|f| ≲ 100,
    /// max(1, x²)·|f'''| ≲ 200); 1e-2 keeps a margin of ~10. The float tests lean on the much
    /// tighter comparison with the double closed form; this one is an independent cross-check.
    /// </summary>
    public const double SingleFiniteDifference = 1e-2;

    /// <summary>
    /// Values returned by the generated methods vs. the original method. The generated forward
    /// sweep repeats the original operations, so the values agree to a few ulps at most; these
    /// bounds only allow for regrouping by constant folding or algebraic simplification. (At the
    /// time of writing every value in the suite agrees bitwise, also with 20,000 samples per
    /// property.)
    /// </summary>
    public const double DoubleValue = 1e-12;

    /// <inheritdoc cref="DoubleValue"/>
    public const double SingleValue = 1e-5;

    /// <summary>
    /// Iterations of every property-based check: 200 random points per function keeps the whole
    /// suite well under a second of sampling while still visiting every region of each domain.
    /// </summary>
    public const int Iterations = 200;
}
