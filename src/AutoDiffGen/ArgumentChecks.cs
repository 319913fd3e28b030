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
    }
}
