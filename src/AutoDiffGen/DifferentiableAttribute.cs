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
