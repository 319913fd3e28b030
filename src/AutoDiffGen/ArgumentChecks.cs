using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiffGen
{
    /// <summary>
    /// The exceptions of the argument checks in generated members, built out of line so that the
    /// message formatting is not compiled into every generated method (the check stays inline and the
    /// generated member throws what this returns). Not meant to be used directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ArgumentChecks
    {
        /// <summary>
        /// Throws what <see cref="WrongLength"/> builds unless <paramref name="actual"/> is
        /// <paramref name="expected"/>: a generated member's check of a derivative buffer's length,
        /// one line (the comparison inlined, the message built out of line).
        /// </summary>
        /// <param name="actual">The buffer's length.</param>
        /// <param name="parameter">The buffer.</param>
        /// <param name="expected">The length it must have.</param>
        /// <param name="source">The parameter whose length that is.</param>
        /// <exception cref="ArgumentException">The lengths differ.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Length(int actual, string parameter, int expected, string source)
        {
            if (actual != expected)
            {
                throw WrongLength(parameter, expected, source, actual);
            }
        }

        /// <summary>
        /// "<paramref name="parameter"/> must have length <paramref name="expected"/> (the length of
        /// <paramref name="source"/>), but has length <paramref name="actual"/>.", naming <paramref name="parameter"/>.
        /// </summary>
        /// <param name="parameter">The derivative buffer whose length is wrong.</param>
        /// <param name="expected">The length it must have.</param>
        /// <param name="source">The parameter whose length that is.</param>
        /// <param name="actual">The length it has.</param>
        /// <returns>The exception, for the caller to throw.</returns>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ArgumentException WrongLength(string parameter, int expected, string source, int actual)
            => new ArgumentException($"{parameter} must have length {expected} (the length of {source}), but has length {actual}.", parameter);

        /// <summary>
        /// "<paramref name="parameter"/> shares memory with an input array or another derivative span
        /// (<paramref name="others"/>); pass a separate buffer for the derivatives.", naming <paramref name="parameter"/>.
        /// </summary>
        /// <param name="parameter">The derivative buffer that overlaps another.</param>
        /// <param name="others">The parameters it must not overlap, comma-separated.</param>
        /// <returns>The exception, for the caller to throw.</returns>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ArgumentException SharesMemory(string parameter, string others)
            => new ArgumentException($"{parameter} shares memory with an input array or another derivative span ({others}); pass a separate buffer for the derivatives.", parameter);

        /// <summary>
        /// "<paramref name="parameter"/> shares memory with an input or another output (or, with
        /// <paramref name="tangents"/>, a tangent) (<paramref name="others"/>); the derivatives need the
        /// inputs unchanged and the outputs apart; pass a separate buffer for the output.", naming <paramref name="parameter"/>.
        /// </summary>
        /// <param name="parameter">The output span that overlaps another.</param>
        /// <param name="others">The parameters it must not overlap, comma-separated.</param>
        /// <param name="tangents">Whether <paramref name="others"/> include tangents (in a pushforward).</param>
        /// <returns>The exception, for the caller to throw.</returns>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ArgumentException OutputSharesMemory(string parameter, string others, bool tangents)
            => new ArgumentException($"{parameter} shares memory with {(tangents ? "an input, another output or a tangent" : "an input or another output")} ({others}); the derivatives need the inputs unchanged and the outputs apart; pass a separate buffer for the output.", parameter);

        /// <summary>
        /// "<paramref name="parameter"/> shares memory with an input array (or, with <paramref name="outputs"/>,
        /// an output) (<paramref name="others"/>); pass a separate buffer for the Jacobian.", naming <paramref name="parameter"/>.
        /// </summary>
        /// <param name="parameter">The Jacobian buffer.</param>
        /// <param name="others">The parameters it must not overlap, comma-separated.</param>
        /// <param name="outputs">Whether <paramref name="others"/> include outputs.</param>
        /// <returns>The exception, for the caller to throw.</returns>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ArgumentException JacobianSharesMemory(string parameter, string others, bool outputs)
            => new ArgumentException($"{parameter} shares memory with {(outputs ? "an input array or an output" : "an input array")} ({others}); pass a separate buffer for the Jacobian.", parameter);
    }
}
