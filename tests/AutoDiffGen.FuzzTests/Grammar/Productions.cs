using System.Collections.Generic;
using System.Linq;

namespace AutoDiffGen.FuzzTests.Grammar;

/// <summary>One production of the grammar: a name, the construct area it belongs to, what it emits.</summary>
internal sealed record Production(string Name, string Area, string Emits, bool MayBeDiagnosed = false);

/// <summary>
/// Every production of <see cref="ProgramGenerator"/>. A program records the names it used
/// (<see cref="FuzzProgram.Productions"/>); the soak reports figures per production and per area,
/// and <c>CoverageTests</c> maps the README's constructs onto these names.
/// </summary>
internal static class Productions
{
    public static readonly IReadOnlyList<Production> All = new Production[]
    {
        // Expressions
        new("expr.arith", "Expressions", "+ - * / % over nested operands, unary minus, parentheses"),
        new("expr.math", "Expressions", "Math./MathF. known functions with domain guards (Sin … FusedMultiplyAdd, Log with 1 and 2 args)"),
        new("expr.generic-math", "Expressions", "the same functions spelled double.Sin(x) / float.Exp(x)"),
        new("expr.math-surface", "Expressions", "the rest of the function table with domain guards: Asinh Acosh Atanh, SinPi … Atan2Pi, DegreesToRadians, Exp2 … Exp10M1, LogP1 …, Hypot, RootN, CopySign, IEEERemainder, Lerp, the Magnitude/Number/Native selections, ClampNative, MultiplyAddEstimate, ScaleB, SinCos(x).Sin, SinCosPi (not the two estimates: a 14-bit estimate is a staircase at the finite-difference step)"),
        new("expr.zero-derivative", "Expressions", "Floor Ceiling Round Truncate Sign ILogB and casts to int/long of active values"),
        new("expr.cast", "Expressions", "casts between float and double"),
        new("expr.conditional", "Expressions", "c ? a : b, comparisons, && || !, double.IsNaN(x)"),
        new("expr.int-literal", "Expressions", "implicit int → real conversions (2 * x, i * x)"),
        new("expr.const", "Expressions", "const locals and class consts, static readonly values, a local holding a constant out of int's range converted to int"),
        new("expr.throw", "Branches", "throw expressions (c ? e : throw new …)"),
        // Vector-valued methods
        new("vector.tuple-return", "Vectors", "a twin FT of F returning (X, X·X + X/2) at each return: its Jacobian, tuple pushforward and pullback against F's gradient"),
        new("vector.span-output", "Vectors", "a void twin FT of F writing X and X·X + X/2 into a Span<T> output at each return (the second read back from the first): span tangents and seeds"),
        new("call.span-output", "Calls", "a void [Differentiable] helper with a Span<T> output, called into a fresh local buffer (new or stackalloc, as long as the input or one longer), which F then reads"),
        new("call.span", "Calls", "a [Differentiable] helper with a ReadOnlySpan<T> parameter (a loop over it), called with an active array of F or a slice of it (Slice, AsSpan)"),
        new("call.span-data", "Calls", "a span helper called with a [NoDerivative] array or span of F (whole, or its second half, also in loops run backwards, where reverse mode makes the view again) for the parameter it differentiates: its tangent is zeros, its adjoint dropped"),
        new("call.span-chosen", "Calls", "a span helper called with one of two active arrays or views chosen by a condition: S0(c ? w0 : w1.AsSpan(k), …)"),
        new("call.span-local", "Calls", "a span helper called with a local buffer (new or stackalloc) that a loop filled from an active array (or with constants only), whole or its second half, now and then in a loop that does not write it, then read by element: the helper's pullback reads the buffer again"),
        new("call.span-local-written", "Calls", "a span helper called with a local buffer in a loop that also writes the buffer (before the call, after it, or both; a sum or a recurrence): reverse mode saves the buffer at the call, so each iteration's pullback reads what its call read"),
        new("call.span-local-scratch", "Calls", "call.span-local-written's buffer written whole at the top of each iteration (a per-sample buffer): scratch of a sum's iterations when nothing writes it after the call, so reverse mode runs the iteration again instead of saving it"),
        new("vector.elementwise", "Vectors", "an element-wise map FE of F's parameters into a Span<T> output (a loop at the counter over one or two active arrays, read-backs, branches): its Jacobian, compressed, against its pushforwards of unit tangents and pullbacks of unit seeds"),
        new("vector.elementwise-near-miss", "Vectors", "FE with a neighbour's element, a value carried between iterations or a store after the loop: not element-wise, so the dense strategy, against the same oracle"),
        new("vector.span-beside-real", "Vectors", "a twin FT of F returning X and writing X·X + X/2 into a Span<T> output at each return: a real result beside a span output"),
        new("vector.denominator", "Vectors", "the twin with Layout = JacobianLayout.Denominator"),
        new("attr.generate-gradient", "Calls", "F with [Differentiable(Generate = DerivativeMembers.Gradient)]: only FGradient, a sweep of its own also without loops (no pullback to call), checked against finite differences"),
        new("call.span-reordered", "Calls", "a span helper S0 marked [Differentiable(ReorderSums = true)] that F calls: F's members must still return exactly F's value (the callee's pushforward value may differ in the last bits)"),
        new("attr.vectorize-off", "Loops", "F with [Differentiable(Vectorize = false)]: its loops stay scalar (otherwise streamed loops run Vector<T> blocks, exercised by the checker's vector-length point)"),
        // Locals
        new("local.decl", "Locals", "T v = e; var v = e; T a = e, b = e;"),
        new("local.reassign", "Locals", "v = e; reassignment of locals"),
        new("local.compound", "Locals", "+= -= *= /= %= on locals"),
        new("local.incdec", "Locals", "prefix/postfix ++/-- on locals, as statements and used as values"),
        // Branches
        new("branch.if", "Branches", "if / else if / else with nested blocks"),
        new("branch.return", "Branches", "early return from nested blocks"),
        new("branch.throw", "Branches", "throw statements behind a condition"),
        new("branch.stmt-call", "Calls", "expression statements that call inactive methods"),
        new("expr.mutable-member", "Calls", "a static property whose getter has an effect (FuzzLog.Counted ticks), and a static field (FuzzLog.Level) that statements FuzzLog.Raise(k) change between reads: each read is taken where the method takes it"),
        // Switch and patterns
        new("switch.statement", "Switch", "switch statements on int and real subjects, break/return ending sections"),
        new("switch.expression", "Switch", "switch expressions with constant, relational, and/or/not, discard patterns"),
        new("switch.no-discard", "Switch", "a switch expression without a discard arm (SwitchExpressionException where no arm matches)"),
        new("switch.nan", "Switch", "constant double.NaN / float.NaN patterns"),
        new("switch.when-buffer", "Switch", "when guards that read a buffer at an index valid only when the pattern matched"),
        new("pattern.is-active", "Switch", "is patterns on active values (x is > 0 and < 1, x is double.NaN)"),
        new("pattern.record-switch", "Calls", "a switch expression on a record's properties (FuzzLog.Options, which FuzzLog.Raise changes), Mode tested in two arms, Scale by relational patterns: auto-properties, read again without an effect"),
        new("pattern.property-list", "Switch", "property and list patterns on array and span parameters, active or data (w is { Length: > 2 }, d is [_, > 0.5, ..], w is [.., < 1]): the length first, elements only where it allows"),
        new("pattern.is-inactive", "Switch", "is patterns on inactive values (n is 2 or 3)"),
        // Tuples
        new("tuple.deconstruct", "Tuples", "var (a, b) = (e1, e2); deconstruction into existing locals"),
        new("tuple.local", "Tuples", "tuple locals read through Item1/Item2 and names"),
        new("tuple.conditional", "Tuples", "var (lo, hi) = a < b ? (a, b) : (b, a);"),
        new("tuple.switch", "Tuples", "tuple-valued switch expressions deconstructed"),
        new("tuple.swap", "Tuples", "(a, b) = (b, a) swaps and (a, b, c) = (b, c, a) rotations, also in loops"),
        new("tuple.buffer", "Tuples", "(h[i], h[j]) = (h[j], h[i]) deconstruction into buffer elements"),
        new("tuple.element-write", "Tuples", "tuple elements written in place (t.p = e; t.Item2 += e; t.q++), in branches and loops, and a tuple local assigned as a whole in a loop"),
        // Buffers
        new("buffer.new", "Buffers", "T[] h = new T[k] local buffers"),
        new("span.view-recurrence", "Spans", "a loop writing a local buffer through h.Slice(1) (or AsSpan(1)) while reading h: a recurrence through a view (finding 63)"),
        new("span.alias-read-loop", "Spans", "a loop accumulating into a local buffer h while reading an alias of h"),
        new("call.span-output-reads-output", "Calls", "a span-output helper that reads its output before writing it (o[i] = a·o[i] + …): F's pullback runs it again on the zeros of the fresh buffer it passed"),
        new("call.span-output-in-loop", "Calls", "a span-output helper called in a loop into a buffer allocated in the iteration (fresh at every call), from an active array or from a local buffer the loop writes (now and then rewritten from the output: a recurrence through an output, its input saved at the call), then read"),
        new("call.span-output-either-side", "Calls", "a fresh buffer written by one span-output call or another, one on each side of an if/else, then read: fresh on each path"),
        new("call.span-output-whole", "Calls", "a span-output helper that writes every element of its output first (for (i = 0; i < o.Length; i++) o[i] = …, then now and then o[i] = o[i]·c + a): callers may pass it a buffer that holds values"),
        new("call.span-output-reused", "Calls", "a whole-writing span-output helper called in a loop (at any depth) into one buffer allocated before it (new, or stackalloc outside loops), read before the call (the previous iteration's values), after it, and after the loop; a sum or a recurrence"),
        new("call.span-output-reused-inactive", "Calls", "the reused buffer written on one side of an if/else by a call from data (no active argument): the tangent and adjoint of what it held must not survive"),
        new("call.span-output-overwritten", "Calls", "a buffer written and read, then overwritten by a whole-writing span-output call, and read again"),
        new("call.span-output-read-before", "Calls", "a local buffer read (by element and in a loop) before a span-output call fills it, and read again after"),
        new("buffer.new-span", "Buffers", "Span<T> h = new T[k]: a new array held as a span, at any depth (in loops too)"),
        new("buffer.stackalloc", "Buffers", "Span<T> h = stackalloc T[k] at the top level"),
        new("buffer.stackalloc-after-guard", "Buffers", "stackalloc after an early-return guard"),
        new("buffer.initializer", "Buffers", "buffers created with initializers of active values: new[] { … }, new T[] { …, 2 }, new T[k] { … }, [ … ], stackalloc T[] { … }, stackalloc[] { … }, Span<T> s = [ … ]"),
        new("buffer.constant-table", "Buffers", "a local constant table ReadOnlySpan<T> c = [ … ] or T[] c = { … } read by a Horner loop at an active value"),
        new("loop.foreach-data", "Loops", "foreach over a List<T> or IReadOnlyList<T> of constants, or over an array of tuples deconstructed (var (d, e)), accumulated against an active value"),
        new("guard.throw", "Branches", "argument guards: ArgumentOutOfRangeException.ThrowIfGreaterThan/ThrowIfEqual with active or int arguments, throw new ArgumentOutOfRangeException(\"v\", activeValue, …), Debug.Assert(…, $\"… {activeValue:F2}\") (always true)"),
        new("buffer.write", "Buffers", "h[i] = e; h[i] += e; overwrites at computed indices"),
        new("buffer.read", "Buffers", "reads of buffer elements at computed indices"),
        new("buffer.postinc-index", "Buffers", "h[k++] += v"),
        new("buffer.incdec", "Buffers", "prefix/postfix ++/-- on buffer elements used as values"),
        new("buffer.in-loop", "Buffers", "new T[k] allocated inside a loop body (reductions and recurrences)"),
        // Spans
        new("span.alias", "Spans", "var v = x; ReadOnlySpan<T> v = arr; Span<T> v = buffer; aliases"),
        new("span.slice-local", "Spans", "slices held in Span/ReadOnlySpan locals (incl. Span → ReadOnlySpan)"),
        new("span.slice-direct", "Spans", "slices indexed directly: w.Slice(1)[i]"),
        new("span.cast-index", "Spans", "an array cast to a span and indexed in place: ((ReadOnlySpan<T>)w)[i]"),
        new("span.slice-readonly", "Spans", "a slice of a Span held as a ReadOnlySpan: ReadOnlySpan<T> s = buf.Slice(1)"),
        new("span.asspan", "Spans", "arrays viewed as spans: w.AsSpan(1), w.AsSpan(1, w.Length - 1), as Span or ReadOnlySpan locals"),
        new("span.foreach-slice", "Spans", "foreach over a slice"),
        new("span.inactive-slice-loop", "Spans", "slices of [NoDerivative] data inside every loop kind"),
        // Loops
        new("loop.for", "Loops", "for loops counting up or down, steps, bounds from .Length/n/constants"),
        new("loop.foreach", "Loops", "foreach over arrays, spans and buffers"),
        new("loop.while", "Loops", "while loops with a counter"),
        new("loop.do", "Loops", "do … while loops"),
        new("loop.do-postfix", "Loops", "do … while loops stepping their counter in the condition with a postfix ++ or -- (the test reads the value before the step)"),
        new("loop.break-continue", "Loops", "break and continue inside loops"),
        new("loop.return", "Loops", "return from inside a loop"),
        new("loop.while-true", "Loops", "while (true) { … if (c) return …; } (also as the method's last statement)"),
        new("loop.recurrence", "Loops", "loop-carried recurrences y = y - a*sin(y)"),
        new("loop.reduction", "Loops", "reductions s += e(i)"),
        new("loop.recurrence-in-reduction", "Loops", "outer s += …, inner p *= x[j] + 1"),
        new("loop.nested", "Loops", "loops nested in loops"),
        new("loop.counter-through-inner", "Loops", "a counter p carried by an outer reduction and advanced (p++) inside an inner recurrence"),
        new("loop.scratch-buffer", "Loops", "a buffer written whole, accumulated into (h[l] += …) and read in each iteration of a reduction (or read first: carried)"),
        new("loop.stencil", "Loops", "now and then a stencil over an active array added to F's result: Σ (w[j + K] − c·w[j + m] + w[j])·(…), K ≤ 3 (the adjoint scatters into w̄ at up to three offsets of one index: gathered per block, or passes ahead of the main one where the offsets lie more than 16 bytes apart, in the scalar order); half the time a second active array's product v[j + K2]·v[j] in the same loop, so that one array is gathered beside another's passes; the header j < n − K or j + K < n"),
        new("loop.readonly-field", "Loops", "half of loop.stencil's loops multiply by a static readonly field or a const of the class, StScale: a loop-invariant value the vectorized blocks splat once"),
        new("loop.stencil-last", "Loops", "a third of loop.stencil's loops are F's last statement instead of its first: the reverse sweep runs them first, so a gradient writes the arrays' adjoints first in the gathered blocks (from zeros, the loop clearing the elements the blocks do not store) where the return reads nothing else of them, and the code before adds into written elements"),
        new("loop.stencil-row", "Loops", "now and then a stencil after a row offset k (a local): Σ (w[k + j + H] − c·w[k + j + M] + w[k + j + L])·(…), L ∈ {−2, −1}, H ∈ {0, 1} (the adjoint scatters into w̄ below and at the counter, of one stream with a base: gathered per block in the scalar order)"),
        new("loop.neighbour-products", "Loops", "in the triangular-scratch loop now and then: nb[j] = c[j]·c[j + 1] into a local buffer, then Σ nb[j] (the reverse scatters into c̄ at two index streams after reading and zeroing n̄b[j])"),
        new("loop.triangular-scratch", "Loops", "ADBench GMM's Qtimesx in each iteration: local buffers c, q written whole (c now and then run through c[j + 1] (+)= c[j]·k, a recurrence), q[l] += e·c[j] over the strict triangle with a second counter p++, q read between its writes now and then, Σ q²; and a loop that only counts (vectorized local buffers, kept contents, collapsed counting loops)"),
        new("loop.inner-reduction", "Loops", "outer s += f(q) · e, q = e + Σ_j e(j) by an inner loop (its result kept for the reverse sweep)"),
        // Conditions with effects
        new("cond.loop-assign", "Conditions", "while ((y = f(y)) > c && g++ < k)"),
        new("cond.postdec", "Conditions", "while (k-- > 0)"),
        new("cond.for-assign", "Conditions", "for (…; (p = p * x) < c && …; …)"),
        new("cond.shortcircuit", "Conditions", "&& / || whose right side assigns or increments"),
        // Integers and constants
        new("int.checked", "Integers", "checked(…) expressions and checked { } blocks feeding indices and trip counts (may throw OverflowException)"),
        new("int.unchecked", "Integers", "unchecked(…) wrap-around feeding indices"),
        new("int.counter-types", "Integers", "byte, short, char, long loop counters used as indices"),
        new("int.enum-counter", "Integers", "an enum loop counter stepped with ++/--"),
        new("const.long", "Integers", "long/ulong constants and conversions, incl. 9007199254740993L"),
        new("const.decimal", "Integers", "decimal constants and conversions"),
        new("const.float", "Integers", "float constants in double code, float/double literal conversions"),
        // Calls
        new("call.vector", "Calls", "calls to a vector-valued [Differentiable] helper: var (u, v) = H0(…); a tuple local; H0(…).Item1; an inactive argument with an element discarded; the result dropped; carried through a loop"),
        new("call.differentiable", "Calls", "calls to other [Differentiable] methods of the class"),
        new("call.recursive", "Calls", "a recursive [Differentiable] helper R0(a, k) (k: int, now and then [NoDerivative]) that calls itself with k − 1 until k <= 0, called with a depth from −1 to 3"),
        new("call.mutual-recursion", "Calls", "a mutually recursive pair of [Differentiable] helpers M0(a, k) and N0(a, k), each calling the other with k − 1, called with a depth from −1 to 3"),
        new("call.cross-assembly", "Calls", "a call into FuzzLib, an assembly of [Differentiable] methods compiled once with the generator and referenced as metadata: double/float overloads Mix(a, b), the recursive Rec(a, k), Energy(v, a) over an active array (ReorderSums = true)"),
        new("call.in-loop", "Calls", "[Differentiable] calls inside loops and recurrences"),
        new("call.named-args", "Calls", "named, out-of-order arguments with side effects"),
        new("call.optional", "Calls", "omitted optional arguments"),
        new("call.noderiv-active", "Calls", "an active argument to a callee's [NoDerivative] parameter (may be reported)", MayBeDiagnosed: true),
        new("loop.foreach-initializer", "Loops", "a List<T> of constants, or a List<(T, T)> of constant tuples, made by a collection initializer (new List<T> { … }), iterated by foreach (deconstructed for tuples)"),
        new("loop.foreach-ref-readonly", "Loops", "foreach (ref readonly T e in w) over a span parameter"),
        new("int.nint", "Integers", "a native integer (nint) compared with a negative constant and converted back to int"),
        new("call.library-derivative", "Calls", "FuzzLib.Opaque.Soft(x), an opaque function of another assembly whose public [DerivativeOf] pushforward and pullback (double and float overloads) are declared there: imported from its metadata"),
        new("call.reads-state", "Calls", "a [Differentiable] helper that reads a static field (FuzzLog.Level) F's FuzzLog.Raise(k) statements change: the pullback runs it again, so a change after an active call is ADG0006 (the call may be diagnosed), a change before it is differentiated", MayBeDiagnosed: true),
        new("expr.culture-format", "Calls", "a number formatted in the current culture ($\"{1.5:F1}\", \"v\" + 1.5) chooses between two expressions, and FuzzLog.SwapCulture() statements change the culture: two equal strings around a change differ (stop 25: they were merged)"),
        new("call.log-plain", "Calls", "formatting plain values (an int's and an active value's ToString with the invariant culture, string.Concat, Substring) into a discarded string: no effect, no change of state a state-reading callee reads"),
        new("call.inactive-effect", "Calls", "FuzzLog.Tick(k): inactive calls with side effects whose result depends on the call count"),
        new("call.random", "Calls", "a seeded System.Random (FuzzLog.Rng.NextDouble())"),
        new("call.generic-type-pattern", "Calls", "the generic helper's tag tested with a type pattern binding it as the real type (tag is double d, also `and > 1`), and the type bound to the real type with an inactive argument (Gn<double>.H(a, 2.5, …))"),
        new("call.generic-null-test", "Calls", "calls to a [Differentiable] method of a nested generic type Gn<TG> (unconstrained, class- or struct-constrained) whose TG? and string? parameters are tested with is null, is not null and == null, called with null and with reference and value types"),
        new("call.custom-derivative", "Calls", "calls to opaque functions of a nested class Cd with hand-written [DerivativeOf] pushforwards and pullbacks: two active parameters, an int parameter, a parameter the derivative marks [NoDerivative] (given a constant or data)"),
        new("expr.relu", "Expressions", "Ad.Relu(e) (derivative 0 at the kink, where the checker's differences do not judge)"),
        new("expr.stop-gradient", "Expressions", "Ad.StopGradient(e) of active values, alone and as a factor (finite differences evaluate FR, F with the stopped values frozen at the point)"),
        // Parameters
        new("param.scalar", "Params", "active T parameters"),
        new("param.array", "Params", "active T[] parameters"),
        new("param.span", "Params", "active ReadOnlySpan<T> parameters"),
        new("param.data", "Params", "[NoDerivative] scalars, arrays and spans"),
        new("param.int", "Params", "int n parameter"),
        new("param.float", "Params", "the float variant: float params, MathF, float literals"),
    };

    public static readonly IReadOnlyDictionary<string, Production> ByName = All.ToDictionary(p => p.Name);

    public static IEnumerable<string> Areas => All.Select(p => p.Area).Distinct();
}
