using System;
using System.ComponentModel;

namespace AutoDiffGen
{
    /// <summary>
    /// Marks a member that AutoDiffGen generated: which <see cref="DifferentiableAttribute"/> method it
    /// differentiates, and which kind of member it is. A <c>[Differentiable]</c> method in another
    /// project or package that calls that method composes through these members: the generator finds
    /// them by this attribute (not by name, so overloads and generic types are told apart) and learns
    /// from it what it cannot see without the method's body. Not meant to be used directly.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class DerivativeMemberAttribute : Attribute
    {
        /// <summary>Marks a generated member.</summary>
        /// <param name="original">The documentation ID of the differentiated method (<c>M:Namespace.Type.F(System.Double)</c>).</param>
        /// <param name="kind">Which member it is: <see cref="DerivativeMembers.Gradient"/> (the gradient or Jacobian), <see cref="DerivativeMembers.Pushforward"/> or <see cref="DerivativeMembers.Pullback"/>.</param>
        public DerivativeMemberAttribute(string original, DerivativeMembers kind)
        {
            Original = original;
            Kind = kind;
        }

        /// <summary>The documentation ID of the differentiated method.</summary>
        public string Original { get; }

        /// <summary>Which member this is.</summary>
        public DerivativeMembers Kind { get; }

        /// <summary>
        /// The first call in the differentiated method's body that may have a side effect (a counter, a
        /// random draw), as written; <see langword="null"/> when there is none. A caller's pullback runs
        /// this method's pullback, which runs the body again, so a caller that passes it an active
        /// argument is reported instead (ADG0006).
        /// </summary>
        public string? RepeatedEffect { get; set; }

        /// <summary>
        /// The first state the differentiated method reads that a call can change (a property, a field
        /// that is not <see langword="readonly"/>, memory it neither allocated nor differentiates: a
        /// field's array, a <c>[NoDerivative]</c> array, a list), directly or through the methods it
        /// calls, as written; <see langword="null"/> when there is none. A caller's pullback runs
        /// this method's pullback, which reads it again, so a caller that passes it an active
        /// argument and then calls a method that may change that state is reported (ADG0006).
        /// </summary>
        public string? ReadsState { get; set; }

        /// <summary>
        /// The span outputs of the differentiated method that its body writes whole before it reads
        /// any of their elements, by name, separated by <c>", "</c>; <see langword="null"/> when there
        /// are none. A caller may pass such an output a buffer that already holds values (one written
        /// before, or allocated before the loop around the call): the call overwrites it.
        /// </summary>
        public string? WritesWhole { get; set; }
    }
}
