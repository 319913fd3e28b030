#if NET8_0_OR_GREATER
using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        /// The last <paramref name="lanes"/> lanes of <paramref name="previous"/> followed by the first
        /// <c>Count − lanes</c> lanes of <paramref name="current"/>: a block's values moved
        /// <paramref name="lanes"/> lanes up, the previous block's filling the start. A gathered scatter
        /// <c>dx[j + lanes] += v</c> adds this into the block of <c>dx</c> at <c>j</c>, so that each element
        /// gets the term of the iteration <paramref name="lanes"/> before it. Only moves bits (no arithmetic).
        /// </summary>
        /// <param name="previous">The previous block's values (or −0 in every lane before the first block, which adds nothing).</param>
        /// <param name="current">This block's values.</param>
        /// <param name="lanes">From 1 to <c>Vector&lt;double&gt;.Count</c> (a constant where generated code calls it).</param>
        /// <returns>The shifted vector.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> ShiftIn(Vector<double> previous, Vector<double> current, int lanes)
        {
            if (Vector<double>.Count == 4)
            {
                if (Avx512F.VL.IsSupported)
                {
                    // One two-source permute: indices 0–3 pick from current, 4–7 from previous.
                    var indices = Vector256.Create(Pick(0, lanes, 4), Pick(1, lanes, 4), Pick(2, lanes, 4), Pick(3, lanes, 4));
                    return Avx512F.VL.PermuteVar4x64x2(current.AsVector256(), indices, previous.AsVector256()).AsVector();
                }

                var rotate = Vector256.Create(Rotated(0, lanes, 4), Rotated(1, lanes, 4), Rotated(2, lanes, 4), Rotated(3, lanes, 4));
                var fromPrevious = Vector256.Create(Mask(0, lanes), Mask(1, lanes), Mask(2, lanes), Mask(3, lanes)).AsDouble();
                return Vector256.ConditionalSelect(fromPrevious, Vector256.Shuffle(previous.AsVector256(), rotate), Vector256.Shuffle(current.AsVector256(), rotate)).AsVector();
            }

            if (Vector<double>.Count == 2)
            {
                var rotate = Vector128.Create(Rotated(0, lanes, 2), Rotated(1, lanes, 2));
                var fromPrevious = Vector128.Create(Mask(0, lanes), Mask(1, lanes)).AsDouble();
                return Vector128.ConditionalSelect(fromPrevious, Vector128.Shuffle(previous.AsVector128(), rotate), Vector128.Shuffle(current.AsVector128(), rotate)).AsVector();
            }

            if (Vector<double>.Count == 8 && Avx512F.IsSupported)
            {
                var indices = Vector512.Create(
                    Pick(0, lanes, 8), Pick(1, lanes, 8), Pick(2, lanes, 8), Pick(3, lanes, 8), Pick(4, lanes, 8), Pick(5, lanes, 8), Pick(6, lanes, 8), Pick(7, lanes, 8));
                return Avx512F.PermuteVar8x64x2(current.AsVector512(), indices, previous.AsVector512()).AsVector();
            }

            var result = current;
            for (int lane = 0; lane < Vector<double>.Count; lane++)
            {
                result = result.WithElement(lane, lane < lanes ? previous[Vector<double>.Count - lanes + lane] : current[lane - lanes]);
            }

            return result;
        }

        /// <inheritdoc cref="ShiftIn(Vector{double}, Vector{double}, int)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> ShiftIn(Vector<float> previous, Vector<float> current, int lanes)
        {
            if (Vector<float>.Count == 8 && Avx512F.VL.IsSupported)
            {
                var indices = Vector256.Create(
                    (int)Pick(0, lanes, 8), (int)Pick(1, lanes, 8), (int)Pick(2, lanes, 8), (int)Pick(3, lanes, 8), (int)Pick(4, lanes, 8), (int)Pick(5, lanes, 8), (int)Pick(6, lanes, 8), (int)Pick(7, lanes, 8));
                return Avx512F.VL.PermuteVar8x32x2(current.AsVector256(), indices, previous.AsVector256()).AsVector();
            }

            if (Vector<float>.Count == 8)
            {
                var rotate = Vector256.Create(
                    (int)Rotated(0, lanes, 8), (int)Rotated(1, lanes, 8), (int)Rotated(2, lanes, 8), (int)Rotated(3, lanes, 8), (int)Rotated(4, lanes, 8), (int)Rotated(5, lanes, 8), (int)Rotated(6, lanes, 8), (int)Rotated(7, lanes, 8));
                var fromPrevious = Vector256.Create(
                    (int)Mask(0, lanes), (int)Mask(1, lanes), (int)Mask(2, lanes), (int)Mask(3, lanes), (int)Mask(4, lanes), (int)Mask(5, lanes), (int)Mask(6, lanes), (int)Mask(7, lanes)).AsSingle();
                return Vector256.ConditionalSelect(fromPrevious, Vector256.Shuffle(previous.AsVector256(), rotate), Vector256.Shuffle(current.AsVector256(), rotate)).AsVector();
            }

            if (Vector<float>.Count == 4)
            {
                var rotate = Vector128.Create((int)Rotated(0, lanes, 4), (int)Rotated(1, lanes, 4), (int)Rotated(2, lanes, 4), (int)Rotated(3, lanes, 4));
                var fromPrevious = Vector128.Create((int)Mask(0, lanes), (int)Mask(1, lanes), (int)Mask(2, lanes), (int)Mask(3, lanes)).AsSingle();
                return Vector128.ConditionalSelect(fromPrevious, Vector128.Shuffle(previous.AsVector128(), rotate), Vector128.Shuffle(current.AsVector128(), rotate)).AsVector();
            }

            if (Vector<float>.Count == 16 && Avx512F.IsSupported)
            {
                var indices = Vector512.Create(
                    (int)Pick(0, lanes, 16), (int)Pick(1, lanes, 16), (int)Pick(2, lanes, 16), (int)Pick(3, lanes, 16), (int)Pick(4, lanes, 16), (int)Pick(5, lanes, 16), (int)Pick(6, lanes, 16), (int)Pick(7, lanes, 16),
                    (int)Pick(8, lanes, 16), (int)Pick(9, lanes, 16), (int)Pick(10, lanes, 16), (int)Pick(11, lanes, 16), (int)Pick(12, lanes, 16), (int)Pick(13, lanes, 16), (int)Pick(14, lanes, 16), (int)Pick(15, lanes, 16));
                return Avx512F.PermuteVar16x32x2(current.AsVector512(), indices, previous.AsVector512()).AsVector();
            }

            var result = current;
            for (int lane = 0; lane < Vector<float>.Count; lane++)
            {
                result = result.WithElement(lane, lane < lanes ? previous[Vector<float>.Count - lanes + lane] : current[lane - lanes]);
            }

            return result;
        }

        /// <summary>
        /// Adds the last <paramref name="lanes"/> lanes of <paramref name="value"/> into the elements of
        /// <paramref name="span"/> from <paramref name="index"/> on, one after the other: the terms of the
        /// last block that a gathered scatter <c>dx[j + lanes] += v</c> puts past the blocks (checked indexing).
        /// </summary>
        /// <param name="span">The array or span.</param>
        /// <param name="index">The first element's index.</param>
        /// <param name="value">The last block's values.</param>
        /// <param name="lanes">How many lanes, from the end of <paramref name="value"/>.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddLastLanes(Span<double> span, int index, Vector<double> value, int lanes)
        {
            for (int k = 0; k < lanes; k++)
            {
                span[index + k] += value[Vector<double>.Count - lanes + k];
            }
        }

        /// <inheritdoc cref="AddLastLanes(Span{double}, int, Vector{double}, int)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddLastLanes(Span<float> span, int index, Vector<float> value, int lanes)
        {
            for (int k = 0; k < lanes; k++)
            {
                span[index + k] += value[Vector<float>.Count - lanes + k];
            }
        }

        /// <summary>The two-source permute index of lane <paramref name="lane"/>: current's lane − lanes, or previous's (count + its lane).</summary>
        private static long Pick(int lane, int lanes, int count) => lane >= lanes ? lane - lanes : count + count - lanes + lane;

        /// <summary>The lane that moves to <paramref name="lane"/> when a vector of <paramref name="count"/> lanes rotates up by <paramref name="lanes"/>.</summary>
        private static long Rotated(int lane, int lanes, int count) => (lane - lanes + count) % count;

        /// <summary>All bits set where lane <paramref name="lane"/> comes from the previous block.</summary>
        private static long Mask(int lane, int lanes) => lane < lanes ? -1L : 0L;

        // The arithmetic of a block as calls, not Vector<T>'s operators and constructor: the compiler
        // resolves an operator or a constructor of Vector<T> against all of that type's (and the
        // conversions'); a call to one of two overloads here is cheap (the blocks of the generator
        // benchmark cost about a third less to compile), and each is inlined into the operator it
        // stands for.

        /// <summary>A vector with <paramref name="value"/> in every lane (<c>new Vector&lt;double&gt;(value)</c>).</summary>
        /// <param name="value">The value.</param>
        /// <returns>The vector.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Broadcast(double value) => new Vector<double>(value);

        /// <inheritdoc cref="Broadcast(double)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Broadcast(float value) => new Vector<float>(value);

        /// <summary><c>a + b</c>, lane by lane.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <returns>The sums.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Add(Vector<double> a, Vector<double> b) => a + b;

        /// <inheritdoc cref="Add(Vector{double}, Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Add(Vector<float> a, Vector<float> b) => a + b;

        /// <summary><c>a - b</c>, lane by lane.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <returns>The differences.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Subtract(Vector<double> a, Vector<double> b) => a - b;

        /// <inheritdoc cref="Subtract(Vector{double}, Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Subtract(Vector<float> a, Vector<float> b) => a - b;

        /// <summary><c>a * b</c>, lane by lane.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <returns>The products.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Multiply(Vector<double> a, Vector<double> b) => a * b;

        /// <inheritdoc cref="Multiply(Vector{double}, Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Multiply(Vector<float> a, Vector<float> b) => a * b;

        /// <summary><c>a / b</c>, lane by lane.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <returns>The quotients.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Divide(Vector<double> a, Vector<double> b) => a / b;

        /// <inheritdoc cref="Divide(Vector{double}, Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Divide(Vector<float> a, Vector<float> b) => a / b;

        /// <summary>
        /// The sum of the lanes (<c>Vector.Sum</c>), in the order the hardware adds them: for the
        /// partial sums of a reduction whose summation order may change.
        /// </summary>
        /// <param name="value">The lanes.</param>
        /// <returns>Their sum.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Sum(Vector<double> value) => Vector.Sum(value);

        /// <inheritdoc cref="Sum(Vector{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector<float> value) => Vector.Sum(value);

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
