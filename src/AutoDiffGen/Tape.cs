using System;
using System.ComponentModel;

namespace AutoDiffGen
{
    /// <summary>
    /// A stack of values that generated reverse-mode code uses to carry values across loop
    /// iterations from the forward sweep to the reverse sweep; or, read with
    /// <see cref="ReadNext"/>, a queue that gives the values back in the order they were pushed
    /// (for a loop that reverse mode runs again forwards). Its storage is rented from a small
    /// per-thread cache and returned by <see cref="Return"/>, so that a gradient call allocates
    /// nothing once the cache is warm. Not meant to be used directly.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public struct Tape<T>
    {
        private const int InitialCapacity = 256;
        private const int CacheSize = 4;

        [ThreadStatic]
        private static T[]?[]? cache;

        private T[] items;
        private int count;
        private int read;

        /// <summary>Takes storage from the per-thread cache (or allocates it the first time).</summary>
        public static Tape<T> Rent()
        {
            var slots = cache;
            if (slots is not null)
            {
                for (int i = 0; i < slots.Length; i++)
                {
                    if (slots[i] is { } array)
                    {
                        slots[i] = null;
                        return new Tape<T> { items = array };
                    }
                }
            }

            return new Tape<T> { items = new T[InitialCapacity] };
        }

        [ThreadStatic]
        private static T[]? zeros;

        /// <summary>
        /// An array of at least <paramref name="length"/> default values (zeros), shared by the
        /// thread and grown as needed: generated code reads it, as a read-only span, as the tangent of
        /// data passed to a parameter that a callee differentiates. Nothing writes it.
        /// </summary>
        /// <param name="length">The number of zeros needed.</param>
        /// <returns>The shared array (its length may exceed <paramref name="length"/>).</returns>
        public static T[] Zeros(int length)
        {
            var array = zeros;
            if (array is null || array.Length < length)
            {
                array = new T[Math.Max(length, Math.Max(16, (array?.Length ?? 0) * 2))];
                zeros = array;
            }

            return array;
        }

        /// <summary>The number of values on the tape.</summary>
        public readonly int Count => count;

        /// <summary>Pushes a value.</summary>
        public void Push(T value)
        {
            if (count == items.Length)
            {
                Grow(1);
            }

            items[count++] = value;
        }

        /// <summary>
        /// Makes room for <paramref name="count"/> more values, so that the next <paramref name="count"/>
        /// calls of <see cref="PushReserved"/> need no room.
        /// </summary>
        /// <remarks>
        /// Generated code reserves at the start of a loop iteration the room for the values the
        /// iteration keeps, instead of pushing each with <see cref="Push"/>: a push right after an
        /// inner loop holds a call (<see cref="Array.Resize{T}(ref T[], int)"/>) on one of its paths,
        /// and across that call no floating-point register survives (System V x64), so the JIT kept
        /// the inner loop's accumulator in memory on every iteration, not only around the call.
        /// </remarks>
        public void Reserve(int count)
        {
            if (items.Length - this.count < count)
            {
                Grow(count);
            }
        }

        /// <summary>Pushes a value into room made by <see cref="Reserve"/>: no call on any path (an array store whose bounds are still checked).</summary>
        public void PushReserved(T value)
        {
            items[count] = value;
            count++;
        }

        /// <summary>
        /// The storage, for copying a whole buffer in or out at an index that
        /// <see cref="PushReservedRange"/> or <see cref="ReadNextRange"/> gives.
        /// </summary>
        public readonly T[] Storage => items;

        /// <summary>
        /// Claims <paramref name="length"/> slots of the room made by <see cref="Reserve"/> and
        /// returns the index of the first in <see cref="Storage"/>, for the caller to copy a buffer
        /// into: one copy instead of one <see cref="PushReserved"/> per element, each of which
        /// would load and store the count in memory (the tape's fields stay in memory, since it is
        /// passed by reference to methods that are not inlined).
        /// </summary>
        public int PushReservedRange(int length)
        {
            int start = count;
            if (length < 0 || items.Length - start < length)
            {
                ThrowNoRoom();
            }

            count = start + length;
            return start;
        }

        /// <summary>Skips the next <paramref name="length"/> values and returns the index in <see cref="Storage"/> of the first (values pushed with <see cref="PushReservedRange"/>, read in the order they were pushed).</summary>
        public int ReadNextRange(int length)
        {
            int start = read;
            if (length < 0 || count - start < length)
            {
                ThrowNoRoom();
            }

            read = start + length;
            return start;
        }

        private static void ThrowNoRoom() => throw new InvalidOperationException("The tape has no room reserved for (or no values pushed for) the range asked for.");

        private void Grow(int room)
        {
            int capacity = items.Length * 2;
            if (capacity - count < room)
            {
                capacity = checked(count + room);
            }

            Array.Resize(ref items, capacity);
        }

        /// <summary>
        /// Pops the last <paramref name="length"/> values at once and returns the index in
        /// <see cref="Storage"/> of the first of them, for the caller to copy them out (they stay in
        /// the storage until the next push).
        /// </summary>
        public int PopRange(int length)
        {
            if (length < 0 || length > count)
            {
                ThrowNoRoom();
            }

            count -= length;
            return count;
        }

        /// <summary>Pops the value pushed last.</summary>
        public T Pop() => items[--count];

        /// <summary>Reads the values in the order they were pushed: the first call gives the first value pushed.</summary>
        public T ReadNext() => items[read++];

        /// <summary>Empties the tape (and starts <see cref="ReadNext"/> again from the start), keeping its storage.</summary>
        public void Clear()
        {
            count = 0;
            read = 0;
        }

        /// <summary>Gives the storage back to the per-thread cache, keeping the largest arrays.</summary>
        public void Return()
        {
            var array = items;
            if (array is not null && !typeof(T).IsValueType)
            {
                // Do not keep references alive from the cache.
                Array.Clear(array, 0, count);
            }

            items = Array.Empty<T>();
            count = 0;
            read = 0;
            if (array is null || array.Length == 0)
            {
                return;
            }

            var slots = cache ??= new T[]?[CacheSize];
            int smallest = 0;
            for (int i = 0; i < slots.Length; i++)
            {
                if (slots[i] is null)
                {
                    slots[i] = array;
                    return;
                }

                if (slots[i]!.Length < slots[smallest]!.Length)
                {
                    smallest = i;
                }
            }

            if (slots[smallest]!.Length < array.Length)
            {
                slots[smallest] = array;
            }
        }
    }
}
