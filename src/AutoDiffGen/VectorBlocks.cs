#if NET8_0_OR_GREATER
using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen
{
    /// <summary>
    /// The steps of the vectorized blocks in generated loops (.NET 8 and later), kept here so that
    /// each generated block is a few lines of calls instead of their expansion: less generated code to
    /// read and to compile. Every method is inlined, so the machine code is what the expansion gives.
    /// Loads and stores are unchecked: the generated code checks the whole range before a block runs.
    /// Not meant to be used directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class VectorBlocks
    {
        /// <summary>
        /// Where a loop's blocks stop: a block of <c>Vector&lt;T&gt;.Count</c> iterations that starts at a
        /// counter value below this ends before <paramref name="bound"/>; where vectors are not
        /// hardware accelerated, <see cref="long.MinValue"/> (no block runs).
        /// </summary>
        /// <typeparam name="T">The element type, <see cref="double"/> or <see cref="float"/>.</typeparam>
        /// <param name="bound">The counter value blocks stay below.</param>
        /// <returns><paramref name="bound"/> − Count + 1, or <see cref="long.MinValue"/>.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long End<T>(long bound)
            where T : struct
            => Vector.IsHardwareAccelerated ? bound - Vector<T>.Count + 1 : long.MinValue;

        /// <summary>The <c>Vector&lt;double&gt;.Count</c> elements of <paramref name="span"/> from <paramref name="index"/> on (a nonnegative index; unchecked).</summary>
        /// <param name="span">The array or span.</param>
        /// <param name="index">The first element's index.</param>
        /// <returns>The vector.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Load(ReadOnlySpan<double> span, int index) => Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)(uint)index);

        /// <inheritdoc cref="Load(ReadOnlySpan{double}, int)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Load(ReadOnlySpan<float> span, int index) => Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)(uint)index);

        /// <summary>Stores <paramref name="value"/> into the elements of <paramref name="span"/> from <paramref name="index"/> on (unchecked).</summary>
        /// <param name="span">The array or span.</param>
        /// <param name="index">The first element's index.</param>
        /// <param name="value">The lanes to store.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Span<double> span, int index, Vector<double> value) => Vector.StoreUnsafe(value, ref MemoryMarshal.GetReference(span), (nuint)(uint)index);

        /// <inheritdoc cref="Store(Span{double}, int, Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Span<float> span, int index, Vector<float> value) => Vector.StoreUnsafe(value, ref MemoryMarshal.GetReference(span), (nuint)(uint)index);

        /// <summary>Adds <paramref name="value"/> into the elements of <paramref name="span"/> from <paramref name="index"/> on, lane by lane (an adjoint scatter; unchecked).</summary>
        /// <param name="span">The array or span.</param>
        /// <param name="index">The first element's index.</param>
        /// <param name="value">What each element gets added.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddTo(Span<double> span, int index, Vector<double> value)
        {
            ref double start = ref MemoryMarshal.GetReference(span);
            nuint at = (uint)index;
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref start, at) + value, ref start, at);
        }

        /// <inheritdoc cref="AddTo(Span{double}, int, Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddTo(Span<float> span, int index, Vector<float> value)
        {
            ref float start = ref MemoryMarshal.GetReference(span);
            nuint at = (uint)index;
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref start, at) + value, ref start, at);
        }

        /// <summary>
        /// <c>-v</c> as scalar negation is, a sign flip in every lane (<c>Vector&lt;T&gt;</c>'s unary
        /// minus is <c>0 - v</c>, which gives +0 for +0 where <c>-x</c> gives −0).
        /// </summary>
        /// <param name="value">The vector.</param>
        /// <returns>Its negation.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Negate(Vector<double> value) => Vector.Xor(value, new Vector<double>(-0.0));

        /// <inheritdoc cref="Negate(Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Negate(Vector<float> value) => Vector.Xor(value, new Vector<float>(-0.0f));

        /// <summary>
        /// <c>sum + v[0] + v[1] + …</c>, added one lane after the other: the scalar loop's summation
        /// order, exactly. Written out for the lane counts of 128- and 256-bit vectors (the JIT knows
        /// <c>Vector&lt;T&gt;.Count</c> and keeps only the matching branch, with constant lane indices:
        /// the same machine code as <c>Vector.GetElement(v, k)</c>) and as a loop for any other.
        /// </summary>
        /// <param name="sum">The running sum.</param>
        /// <param name="value">The lanes to add, in order.</param>
        /// <returns>The new running sum.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double AddInOrder(double sum, Vector<double> value)
        {
            if (Vector<double>.Count == 4)
            {
                sum += value[0];
                sum += value[1];
                sum += value[2];
                sum += value[3];
            }
            else if (Vector<double>.Count == 2)
            {
                sum += value[0];
                sum += value[1];
            }
            else
            {
                for (int lane = 0; lane < Vector<double>.Count; lane++)
                {
                    sum += value[lane];
                }
            }

            return sum;
        }

        /// <inheritdoc cref="AddInOrder(double, Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float AddInOrder(float sum, Vector<float> value)
        {
            if (Vector<float>.Count == 8)
            {
                sum += value[0];
                sum += value[1];
                sum += value[2];
                sum += value[3];
                sum += value[4];
                sum += value[5];
                sum += value[6];
                sum += value[7];
            }
            else if (Vector<float>.Count == 4)
            {
                sum += value[0];
                sum += value[1];
                sum += value[2];
                sum += value[3];
            }
            else
            {
                for (int lane = 0; lane < Vector<float>.Count; lane++)
                {
                    sum += value[lane];
                }
            }

            return sum;
        }

        /// <summary><c>sum - v[0] - v[1] - …</c>, one lane after the other: the scalar loop's order, exactly.</summary>
        /// <param name="sum">The running difference.</param>
        /// <param name="value">The lanes to subtract, in order.</param>
        /// <returns>The new running difference.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double SubtractInOrder(double sum, Vector<double> value)
        {
            if (Vector<double>.Count == 4)
            {
                sum -= value[0];
                sum -= value[1];
                sum -= value[2];
                sum -= value[3];
            }
            else if (Vector<double>.Count == 2)
            {
                sum -= value[0];
                sum -= value[1];
            }
            else
            {
                for (int lane = 0; lane < Vector<double>.Count; lane++)
                {
                    sum -= value[lane];
                }
            }

            return sum;
        }

        /// <inheritdoc cref="SubtractInOrder(double, Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float SubtractInOrder(float sum, Vector<float> value)
        {
            if (Vector<float>.Count == 8)
            {
                sum -= value[0];
                sum -= value[1];
                sum -= value[2];
                sum -= value[3];
                sum -= value[4];
                sum -= value[5];
                sum -= value[6];
                sum -= value[7];
            }
            else if (Vector<float>.Count == 4)
            {
                sum -= value[0];
                sum -= value[1];
                sum -= value[2];
                sum -= value[3];
            }
            else
            {
                for (int lane = 0; lane < Vector<float>.Count; lane++)
                {
                    sum -= value[lane];
                }
            }

            return sum;
        }
    }
}
#endif
