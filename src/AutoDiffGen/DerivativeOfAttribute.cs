using System;

namespace AutoDiffGen
{
    /// <summary>
    /// Supplies the derivative of a function that AutoDiffGen cannot see into, or should not
    /// differentiate literally (a native or library call, a special function, a numerically stable
    /// formula): calls to that function from a <see cref="DifferentiableAttribute"/> method then
    /// compose through this method, like calls to another differentiable method.
    /// </summary>
    /// <remarks>
    /// <para>Put it on a <c>static</c> method whose signature is the pushforward or the pullback that
    /// AutoDiffGen would generate for the target <c>T F(P1 p1, …, Pn pn)</c> (<c>T</c> is
    /// <see cref="double"/> or <see cref="float"/>; the active parameters <c>a1 … ak</c> are its
    /// <see cref="double"/> and <see cref="float"/> parameters):</para>
    /// <list type="bullet">
    /// <item>pushforward (forward mode): <c>T-or-void FPushforward(P1 p1, …, Pn pn, A1 a1Tangent, …, Ak akTangent, out T resultTangent)</c>,
    /// which sets <c>resultTangent</c> = Σ ∂F/∂ai · aiTangent;</item>
    /// <item>pullback (reverse mode): <c>T-or-void FPullback(P1 p1, …, Pn pn, T resultAdjoint, ref A1 a1Adjoint, …, ref Ak akAdjoint)</c>,
    /// which <em>adds</em> resultAdjoint · ∂F/∂ai into each <c>aiAdjoint</c>.</item>
    /// </list>
    /// <para>A returned value is ignored: the value always comes from the target itself, so every
    /// generated member returns exactly what the differentiated method returns. Parameter names are
    /// free; types and <c>out</c>/<c>ref</c> must match. Mark a real parameter of the derivative
    /// <see cref="NoDerivativeAttribute"/> to make the target's parameter in that position inactive
    /// (no tangent or adjoint for it). Forward-mode members (<c>Pushforward</c>) need a pushforward,
    /// reverse-mode members (<c>Gradient</c>, <c>Pullback</c>, a <c>Jacobian</c>) a pullback; supply
    /// both to serve every member.</para>
    /// <para>The target must be a <c>static</c> method returning one real value, and a pure function
    /// of its arguments, and the derivative free of effects: generated code may call the target more
    /// than once (a pullback recomputes its method's values) and the derivative once per sweep (a
    /// Jacobian runs several). Custom derivatives are found in the compilation that declares them.</para>
    /// </remarks>
    /// <example>
    /// <code>
    /// [DerivativeOf(typeof(SpecialFunctions), nameof(SpecialFunctions.LogGamma))]
    /// static void LogGammaPullback(double x, double resultAdjoint, ref double xAdjoint)
    ///     => xAdjoint += resultAdjoint * SpecialFunctions.Digamma(x);
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DerivativeOfAttribute : Attribute
    {
        /// <summary>The derivative of the static method <paramref name="method"/> of <paramref name="type"/>.</summary>
        /// <param name="type">The type that declares the target.</param>
        /// <param name="method">The target's name (write <c>nameof(Type.Method)</c>); among overloads, the one whose parameters begin the derivative's.</param>
        public DerivativeOfAttribute(Type type, string method)
        {
            Type = type;
            Method = method;
        }

        /// <summary>The type that declares the target.</summary>
        public Type Type { get; }

        /// <summary>The target's name.</summary>
        public string Method { get; }
    }
}
