using System;

namespace AutoDiffGen
{
    /// <summary>
    /// Functions with a derivative chosen for differentiation, which AutoDiffGen knows: their values
    /// are plain C#, their derivatives are the conventions documented here (and in the README's
    /// "Conventions at non-differentiable points").
    /// </summary>
    public static class Ad
    {
        /// <summary>
        /// Returns <paramref name="x"/>; its derivative is 0: no gradient flows back through it (JAX's
        /// <c>stop_gradient</c>, Swift's <c>withoutDerivative(at:)</c>). Use it to treat a value as a
        /// constant in a <see cref="DifferentiableAttribute"/> method, e.g. a target or a normalizer.
        /// </summary>
        public static double StopGradient(double x) => x;

        /// <inheritdoc cref="StopGradient(double)"/>
        public static float StopGradient(float x) => x;

        /// <summary>
        /// The rectified linear unit max(x, 0), with derivative 1 where x &gt; 0 and 0 where x ≤ 0
        /// (0 at the kink x = 0, as PyTorch's and JAX's relu; <c>Math.Max(x, 0)</c> would split the
        /// derivative at the tie, ½). NaN gives NaN.
        /// </summary>
        public static double Relu(double x) => x > 0 ? x : double.IsNaN(x) ? x : 0.0;

        /// <inheritdoc cref="Relu(double)"/>
        public static float Relu(float x) => x > 0 ? x : float.IsNaN(x) ? x : 0f;
    }
}
