using System;

namespace AutoDiffGen
{
    /// <summary>
    /// Marks a method whose derivatives AutoDiffGen generates at compile time. For a scalar-valued
    /// method <c>M</c> the generator adds, in the same partial type, <c>MGradient</c>,
    /// <c>MPushforward</c> (forward mode, JVP) and <c>MPullback</c> (reverse mode, VJP).
    /// </summary>
    /// <remarks>
    /// Every <see cref="double"/> and <see cref="float"/> parameter is active (differentiated)
    /// unless it is marked <see cref="NoDerivativeAttribute"/>. The containing type and every
    /// enclosing type must be <c>partial</c>.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DifferentiableAttribute : Attribute
    {
        /// <summary>How a generated Jacobian is laid out (vector-valued methods only).</summary>
        public JacobianLayout Layout { get; set; } = JacobianLayout.Numerator;

        /// <summary>
        /// Whether generated loops may run in <c>System.Numerics.Vector&lt;T&gt;</c> blocks (default
        /// <see langword="true"/>; in projects targeting .NET 8 or later). Element-wise results are the
        /// same either way; a derivative that is a sum over a vectorized loop is added in another
        /// order (partial sums per lane), so it may differ from scalar code in the last bits. Set it to
        /// <see langword="false"/> to keep every loop scalar.
        /// </summary>
        public bool Vectorize { get; set; } = true;

        /// <summary>
        /// Whether vectorized loops may add the method's own sums (<c>s += w[j] * x[j]</c>, the value it
        /// returns) in another order too, as partial sums per lane (default <see langword="false"/>:
        /// they are added lane by lane in the original order, so every generated member returns
        /// exactly what the method returns). Setting it makes long reductions several times faster,
        /// and the value returned by the generated members may then differ from the method's in the
        /// last bits (summation order only).
        /// </summary>
        public bool ReorderSums { get; set; }

        /// <summary>
        /// Which derivative members are generated (default <see cref="DerivativeMembers.All"/>). Ask
        /// for fewer to generate and compile less code, e.g. <c>Generate = DerivativeMembers.Gradient</c>
        /// for a loss that is only ever minimized. A <c>[Differentiable]</c> method that calls this one
        /// with active arguments composes through its <c>Pushforward</c> (forward mode) and its
        /// <c>Pullback</c> (reverse mode, gradients and Jacobians), so those stay needed for such
        /// callers: AutoDiffGen reports the caller (ADG0006) when one is left out. A vector-valued
        /// method's Jacobian runs its pushforward and its pullback, so asking for the Jacobian
        /// generates them too; an override generates the same members as its base (ADG0011).
        /// </summary>
        public DerivativeMembers Generate { get; set; } = DerivativeMembers.All;
    }

    /// <summary>The derivative members generated for a <see cref="DifferentiableAttribute"/> method <c>M</c>.</summary>
    [Flags]
    public enum DerivativeMembers
    {
        /// <summary><c>MGradient</c> (reverse mode, one sweep each way) for a method that returns one real value.</summary>
        Gradient = 1,

        /// <summary><c>MJacobian</c> for a vector-valued method (a tuple of reals, or span outputs); the same flag as <see cref="Gradient"/>.</summary>
        Jacobian = Gradient,

        /// <summary><c>MPushforward</c>: forward mode, the derivative along a direction (JVP).</summary>
        Pushforward = 2,

        /// <summary><c>MPullback</c>: reverse mode, the seed times the gradient added into adjoints (VJP).</summary>
        Pullback = 4,

        /// <summary>Every derivative member (the default).</summary>
        All = Gradient | Pushforward | Pullback,
    }

    /// <summary>
    /// Marks a parameter of a <see cref="DifferentiableAttribute"/> method as data: it is not
    /// differentiated and gets no tangent or adjoint parameter.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    public sealed class NoDerivativeAttribute : Attribute
    {
    }

    /// <summary>Layout of a generated Jacobian.</summary>
    public enum JacobianLayout
    {
        /// <summary>m×n, row i is the gradient of output i (the usual convention).</summary>
        Numerator = 0,

        /// <summary>n×m, the transpose of <see cref="Numerator"/>.</summary>
        Denominator = 1,
    }
}
