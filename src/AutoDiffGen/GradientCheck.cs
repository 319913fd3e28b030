using System;

namespace AutoDiffGen
{
    /// <summary>
    /// Central finite differences, for checking a generated derivative against an independent
    /// numerical answer. Truncation error is O(h²) and rounding error O(ε/h), so the default
    /// step h = ε^(1/3)·max(1, |x|) balances the two (about 6e-6 relative for doubles).
    /// </summary>
    public static class GradientCheck
    {
        /// <summary>Central-difference derivative of a scalar function of one variable.</summary>
        /// <param name="f">The function.</param>
        /// <param name="x">The point.</param>
        /// <param name="step">The step h; when omitted, ε^(1/3)·max(1, |x|).</param>
        public static double Derivative(Func<double, double> f, double x, double? step = null)
        {
            if (f is null) throw new ArgumentNullException(nameof(f));
            double h = step ?? DefaultStep(x);
            if (!(h > 0)) throw new ArgumentException("The step must be positive.", nameof(step));
            return (f(x + h) - f(x - h)) / (2 * h);
        }

        /// <summary>
        /// Central-difference gradient of a scalar function of several variables, written into
        /// <paramref name="gradient"/> (which must have the length of <paramref name="x"/>).
        /// </summary>
        /// <param name="f">The function; it receives a copy of the point it may not keep.</param>
        /// <param name="x">The point.</param>
        /// <param name="gradient">Receives ∂f/∂x_i.</param>
        public static void Gradient(Func<double[], double> f, double[] x, double[] gradient)
        {
            if (f is null) throw new ArgumentNullException(nameof(f));
            if (x is null) throw new ArgumentNullException(nameof(x));
            if (gradient is null) throw new ArgumentNullException(nameof(gradient));
            if (gradient.Length != x.Length)
            {
                throw new ArgumentException($"The gradient must have length {x.Length}, the length of x, but has length {gradient.Length}.", nameof(gradient));
            }

            var point = (double[])x.Clone();
            for (int i = 0; i < x.Length; i++)
            {
                double h = DefaultStep(x[i]);
                point[i] = x[i] + h;
                double up = f(point);
                point[i] = x[i] - h;
                double down = f(point);
                point[i] = x[i];
                gradient[i] = (up - down) / (2 * h);
            }
        }

        /// <summary>
        /// Compares a gradient (generated, or from a custom derivative) with central differences of
        /// <paramref name="f"/> at <paramref name="x"/> and returns the worst error over the components,
        /// max_i |g_i − d_i| / max(1, |d_i|), where d_i is the central difference: relative where the
        /// derivative exceeds 1 in magnitude, absolute below. A right gradient of a smooth function gives
        /// about 1e-9 or less (the differences' own error, O(h²) + O(ε/h)); a wrong one, the size of its
        /// mistake. Away from kinks only: a difference across a kink measures neither side.
        /// </summary>
        /// <param name="f">The function; it receives a copy of the point it may not keep.</param>
        /// <param name="x">The point.</param>
        /// <param name="gradient">The gradient to check, of the length of <paramref name="x"/>.</param>
        /// <returns>The worst error; NaN when a component or a difference is NaN.</returns>
        public static double WorstRelativeError(Func<double[], double> f, double[] x, double[] gradient)
        {
            if (gradient is null) throw new ArgumentNullException(nameof(gradient));
            var differences = new double[gradient.Length];
            Gradient(f, x, differences);
            double worst = 0;
            for (int i = 0; i < gradient.Length; i++)
            {
                double error = RelativeError(gradient[i], differences[i]);
                if (double.IsNaN(error)) return double.NaN;
                worst = Math.Max(worst, error);
            }

            return worst;
        }

        /// <summary>
        /// The same for a function of one variable: |d − D| / max(1, |D|), where D is the central
        /// difference (<see cref="Derivative"/>) of <paramref name="f"/> at <paramref name="x"/>.
        /// </summary>
        /// <param name="f">The function.</param>
        /// <param name="x">The point.</param>
        /// <param name="derivative">The derivative to check.</param>
        public static double WorstRelativeError(Func<double, double> f, double x, double derivative)
            => RelativeError(derivative, Derivative(f, x));

        private static double RelativeError(double value, double reference)
            => Math.Abs(value - reference) / Math.Max(1.0, Math.Abs(reference));

        /// <summary>ε^(1/3)·max(1, |x|): the step that balances truncation and rounding error.</summary>
        public static double DefaultStep(double x) => 6.0554544523933395e-6 * Math.Max(1.0, Math.Abs(x));
    }
}
