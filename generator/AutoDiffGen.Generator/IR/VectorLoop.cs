using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.IR;

/// <summary>What one operation of a vectorized loop body does (see <see cref="VectorOp"/>).</summary>
internal enum VectorOpKind
{
    /// <summary><c>Target = load of Array[Base + counter + Offset …]</c> (unit stride).</summary>
    Load,

    /// <summary><c>Target = VectorBlocks.Broadcast(Scalar)</c>: a loop-invariant value in every lane.</summary>
    Splat,
    Add,
    Subtract,
    Multiply,
    Divide,
    Negate,

    /// <summary><c>Array[Base + counter + Offset …] += A</c>, lane by lane (an adjoint scatter).</summary>
    Scatter,

    /// <summary><c>Array[Base + counter + Offset …] = A</c>, lane by lane (into a local buffer).</summary>
    Store,

    /// <summary><c>Accumulator = Accumulator + A[0] + A[1] + …</c> in lane order: the scalar summation order, exactly.</summary>
    ReduceOrdered,

    /// <summary>
    /// <c>Target = load of Array[Base + counter + Offset …]</c>: the block of an array whose scatters are
    /// gathered (see <see cref="VectorOp.Lanes"/>), loaded once; <see cref="GatherAdd"/>s add into it and
    /// <see cref="GatherStore"/> stores it.
    /// </summary>
    GatherLoad,

    /// <summary>
    /// <c>Target += A</c> (<see cref="VectorOp.Lanes"/> = 0: a scatter at the block's own offset), or
    /// <c>Target += ShiftIn(B, A, Lanes); B = A</c>: a scatter <see cref="VectorOp.Lanes"/> elements
    /// further on, whose terms reach the block from the iterations that many lanes before, the first
    /// lanes from the previous block's values, kept in <c>B</c> (−0 in every lane before the first
    /// block, which adds nothing; the last block's last lanes are added after the blocks).
    /// </summary>
    GatherAdd,

    /// <summary><c>Array[Base + counter + Offset …] = A</c>: stores a gathered block.</summary>
    GatherStore,

    /// <summary><c>Target += A</c> into a vector of partial sums, added up after the loop (derivative-only sums).</summary>
    ReducePartial,
}

/// <summary>
/// One operation of a vectorized loop body. <paramref name="Target"/>, <paramref name="A"/> and
/// <paramref name="B"/> name vector locals; <paramref name="Array"/> and <paramref name="Base"/> index
/// <see cref="VectorLoopPlan.Arrays"/> and <see cref="VectorLoopPlan.Bases"/> (−1 for no base);
/// <paramref name="Accumulator"/> is the scalar a <see cref="VectorOpKind.ReduceOrdered"/> adds into.
/// </summary>
/// <param name="Pass">
/// Which pass over the blocks runs it: 0 for the main pass. Scatters into one array at offsets of one
/// stream that lie within 16 bytes of each other (Rosenbrock's <c>dx[i + 1]</c> beside <c>dx[i]</c>) are
/// gathered in pass 0 (<see cref="VectorOpKind.GatherAdd"/>); scatters at other streams of an array
/// (another base, <c>dx[k * d + j]</c> beside <c>dx[j]</c>, or offsets farther apart) run in passes
/// 1, 2, … over the same blocks, ahead of the main pass, with the loads and arithmetic they need
/// computed again.
/// </param>
/// <param name="Lanes">
/// For a <see cref="VectorOpKind.GatherAdd"/>: how many elements past the gathered block's offset its
/// scatter adds into (0 for the block's own offset).
/// </param>
internal sealed record VectorOp(VectorOpKind Kind, string Target, string A = "", string B = "", Expr? Scalar = null, int Array = -1, int Base = -1, int Offset = 0, Var? Accumulator = null, bool Subtract = false, int Pass = 0, int Lanes = 0);

/// <summary>A sum kept as a vector of partial sums in the loop and added into its scalar after it.</summary>
/// <param name="Carried">Whether <paramref name="Accumulator"/> is a loop variable (<c>s = s + Σ</c>) rather than an adjoint (<c>s += Σ</c>).</param>
internal sealed record VectorReduction(Var Accumulator, string Vector, bool Carried, bool Subtract);

/// <summary>
/// The plan of a vectorized loop: the scalar <c>while (counter &lt; bound)</c> loop that follows it
/// in the body runs the remaining iterations (at least the last one, so every variable the loop
/// assigns ends as in scalar code); the vector part runs blocks of <c>Vector&lt;T&gt;.Count</c>
/// iterations before it, when the hardware accelerates vectors, the trip count is large enough and
/// every element it touches is in range (checked once, before it starts; otherwise the scalar loop
/// runs alone and throws where the original does).
/// </summary>
/// <param name="Arrays">The arrays and spans read or written, with whether they are written.</param>
/// <param name="Bases">Loop-invariant <c>int</c> parts of indices (<c>i * d</c>): a variable, a constant, or one <c>+ − ×</c> of two.</param>
/// <param name="Reason">The comment emitted with it: what runs vectorized and how its result may differ.</param>
/// <param name="VarDeclarations">Whether its vector locals are declared with <c>var</c> (not where the user's code has a type named <c>var</c>).</param>
/// <param name="ThroughLast">
/// Whether the blocks may run through the last iteration (the scalar loop then runs the 0 to
/// <c>Count − 1</c> left): when no variable the scalar loop assigns, other than the counter and the
/// sums the blocks keep, is read after the loop. Otherwise blocks leave at least the last iteration
/// to the scalar loop, so every variable it assigns ends as in scalar code.
/// </param>
/// <param name="Fresh">
/// The gathered arrays (indexes into <paramref name="Arrays"/>) that a gradient writes here first
/// (see <see cref="Simplification.FirstTouch"/>): each block starts from zeros instead of loading
/// its elements, the elements before the first block and from the last one on are cleared around
/// the blocks, and the whole array where no block runs; the gradient clears nothing before.
/// </param>
internal sealed record VectorLoopPlan(
    Var Counter,
    Expr Bound,
    string ElementType,
    EquatableArray<VectorArray> Arrays,
    EquatableArray<Expr> Bases,
    EquatableArray<VectorOp> Ops,
    EquatableArray<VectorReduction> Reductions,
    EquatableArray<VectorRangeCheck> Checks,
    string Prefix,
    string Reason,
    bool VarDeclarations = false,
    bool ThroughLast = false,
    EquatableArray<int> Fresh = default);

/// <summary>An array or span a vectorized loop accesses.</summary>
internal sealed record VectorArray(Var Array, bool Written);

/// <summary>
/// The vector part of a loop, emitted right before the scalar <see cref="LoopStmt"/> it speeds up (the
/// scalar loop stays, as the tail and as the fallback); or, with no plan, only a comment saying why a
/// candidate loop stays scalar. A leaf for every pass: it runs after them.
/// </summary>
internal sealed record VectorPrologueStmt(VectorLoopPlan? Plan, string Note, Origin? Origin) : Stmt(Origin);

/// <summary>
/// Elements <c>Array[Base + j + MinOffset … Base + j + MaxOffset]</c> for every counter value j the
/// vector part runs must be in range: checked before it starts.
/// </summary>
internal sealed record VectorRangeCheck(int Array, int Base, int MinOffset, int MaxOffset);
