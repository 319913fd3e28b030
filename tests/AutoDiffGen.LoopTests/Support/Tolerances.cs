namespace AutoDiffGen.LoopTests.Support;

/// <summary>
/// Every tolerance of the suite, with the reason for its size. A tolerance t is applied as
/// |actual − expected| ≤ t · max(1, scale), where scale is |expected| or, for sums (a directional
/// derivative, an accumulated adjoint), the sum of the magnitudes of the terms: relative for large
/// values, absolute below 1, where cancellation makes a relative bound meaningless.
/// </summary>
public static class Tolerances
{
    /// <summary>
    /// Generated double derivative vs. a closed form in double. Both are exact formulas that differ
    /// only in the order of operations; the loops here sum at most a few hundred terms, so the
    /// rounding error is at most ~n·ε ≈ 1e-13 of the scale (ε = 2.2e-16), times modest condition
    /// numbers (≤ ~1e2 on the chosen points: Rosenbrock's 400·x·b terms, Horner near |x| = 1.3).
    /// 1e-10 keeps a margin of ≥ 100 and is ~1e10 times below the error of a wrong rule.
    /// </summary>
    public const double DoubleClosedForm = 1e-10;

    /// <summary>
    /// Generated float derivative vs. the double closed form at the same float point. Each float
    /// operation rounds to ε_f = 6e-8 (MathF within ~1 ulp); sums of up to ~100 terms, or ~10-step
    /// recurrences with contraction factors ≤ ~2, give relative errors up to ~n·ε_f·κ ≈ 1e-5.
    /// 1e-4 keeps a 10× margin and still catches any wrong rule.
    /// </summary>
    public const double SingleClosedForm = 1e-4;

    /// <summary>
    /// Generated double derivative vs. central finite differences (GradientCheck's step
    /// h = ε^(1/3)·max(1, |x|) ≈ 6e-6·max(1, |x|)): truncation h²·|f'''|/6 plus rounding ε·|f|/h.
    /// For the iterated map (|f| ≤ ~5, |f'''| ≤ ~1e2 over ≤ 20 contracting steps) both are below
    /// ~1e-8; 1e-6 keeps a margin of ≥ 100.
    /// </summary>
    public const double DoubleFiniteDifference = 1e-6;

    /// <summary>Values of the generated methods vs. the original: the forward sweep repeats the original operations.</summary>
    public const double DoubleValue = 1e-13;

    /// <summary>Float values vs. the original float method: allows a few ulps of regrouping (ε_f = 6e-8).</summary>
    public const double SingleValue = 1e-6;
}
