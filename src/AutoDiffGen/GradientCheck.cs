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
            return Worst(differences, i => gradient[i]);
        }

        /// <summary>
        /// The same for a function of one variable: |d − D| / max(1, |D|), where D is the central
        /// difference (<see cref="Derivative(Func{double, double}, double, double?)"/>) of <paramref name="f"/> at <paramref name="x"/>.
        /// </summary>
        /// <param name="f">The function.</param>
        /// <param name="x">The point.</param>
        /// <param name="derivative">The derivative to check.</param>
        public static double WorstRelativeError(Func<double, double> f, double x, double derivative)
            => RelativeError(derivative, Derivative(f, x));

        /// <summary>max_i of <see cref="RelativeError"/> of the gradient against the differences; NaN if any is NaN.</summary>
        private static double Worst(double[] differences, Func<int, double> gradient)
        {
            double worst = 0;
            for (int i = 0; i < differences.Length; i++)
            {
                double error = RelativeError(gradient(i), differences[i]);
                if (double.IsNaN(error)) return double.NaN;
                worst = Math.Max(worst, error);
            }

            return worst;
        }

        private static double RelativeError(double value, double reference)
            => Math.Abs(value - reference) / Math.Max(1.0, Math.Abs(reference));

        /// <summary>ε^(1/3)·max(1, |x|): the step that balances truncation and rounding error.</summary>
        public static double DefaultStep(double x) => 6.0554544523933395e-6 * Math.Max(1.0, Math.Abs(x));

        /// <summary>
        /// ε^(1/3)·max(1, |x|) for <c>float</c> (ε = 2⁻²³): about 4.9e-3 relative. The differences of a
        /// float function are then right to about 1e-4 relative (its rounding, ε·|f|/h, and the
        /// truncation, h²·|f‴|/6), so a right gradient of a float method gives
        /// <see cref="WorstRelativeError(Func{float[], float}, float[], float[])"/> of about 1e-4 or
        /// less, not the 1e-9 of a double one. The truncation grows with the step: for a function that
        /// turns on a shorter scale than |x| (sin(x) at x = 40), pass a smaller step of your own.
        /// </summary>
        public static float DefaultStep(float x) => 4.921566e-3f * Math.Max(1.0f, Math.Abs(x));

        /// <summary>
        /// Central-difference derivative of a float function of one variable, computed in double
        /// from the function's float values at the two float points (the quotient uses the step
        /// between them as represented).
        /// </summary>
        /// <param name="f">The function.</param>
        /// <param name="x">The point.</param>
        /// <param name="step">The step h; when omitted, <see cref="DefaultStep(float)"/>.</param>
        public static double Derivative(Func<float, float> f, float x, float? step = null)
        {
            if (f is null) throw new ArgumentNullException(nameof(f));
            float h = step ?? DefaultStep(x);
            if (!(h > 0)) throw new ArgumentException("The step must be positive.", nameof(step));
            float up = x + h, down = x - h;
            return ((double)f(up) - f(down)) / ((double)up - down);
        }

        /// <summary>
        /// Central-difference gradient of a float function of several variables (as
        /// <see cref="Derivative(Func{float, float}, float, float?)"/>, one component at a time),
        /// written into <paramref name="gradient"/> (which must have the length of <paramref name="x"/>).
        /// </summary>
        /// <param name="f">The function; it receives a copy of the point it may not keep.</param>
        /// <param name="x">The point.</param>
        /// <param name="gradient">Receives ∂f/∂x_i.</param>
        public static void Gradient(Func<float[], float> f, float[] x, double[] gradient)
        {
            if (f is null) throw new ArgumentNullException(nameof(f));
            if (x is null) throw new ArgumentNullException(nameof(x));
            if (gradient is null) throw new ArgumentNullException(nameof(gradient));
            if (gradient.Length != x.Length)
            {
                throw new ArgumentException($"The gradient must have length {x.Length}, the length of x, but has length {gradient.Length}.", nameof(gradient));
            }

            var point = (float[])x.Clone();
            for (int i = 0; i < x.Length; i++)
            {
                float h = DefaultStep(x[i]);
                float upX = x[i] + h, downX = x[i] - h;
                point[i] = upX;
                double up = f(point);
                point[i] = downX;
                double down = f(point);
                point[i] = x[i];
                gradient[i] = (up - down) / ((double)upX - downX);
            }
        }

        /// <summary>
        /// Compares a gradient of a float function with central differences of <paramref name="f"/>
        /// at <paramref name="x"/>: the worst max_i |g_i − d_i| / max(1, |d_i|), as the double overload,
        /// with float's steps (see <see cref="DefaultStep(float)"/>: a right gradient gives about 1e-4
        /// or less).
        /// </summary>
        /// <param name="f">The function; it receives a copy of the point it may not keep.</param>
        /// <param name="x">The point.</param>
        /// <param name="gradient">The gradient to check, of the length of <paramref name="x"/>.</param>
        /// <returns>The worst error; NaN when a component or a difference is NaN.</returns>
        public static double WorstRelativeError(Func<float[], float> f, float[] x, float[] gradient)
        {
            if (gradient is null) throw new ArgumentNullException(nameof(gradient));
            var differences = new double[gradient.Length];
            Gradient(f, x, differences);
            return Worst(differences, i => gradient[i]);
        }

        /// <summary>The same for a float function of one variable.</summary>
        /// <param name="f">The function.</param>
        /// <param name="x">The point.</param>
        /// <param name="derivative">The derivative to check.</param>
        public static double WorstRelativeError(Func<float, float> f, float x, float derivative)
            => RelativeError(derivative, Derivative(f, x));
    }
}
