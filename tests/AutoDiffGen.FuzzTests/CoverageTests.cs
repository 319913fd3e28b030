using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.FuzzTests.Grammar;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiffGen.FuzzTests;

/// <summary>
/// Every construct the README's "Supported C#" names (and the areas of issue 11), mapped to the
/// fuzzer productions that generate it. A construct with no production fails the test: either add
/// a production or stop claiming the construct. Constructs the fuzzer deliberately leaves to other
/// tests say so with <see cref="NotFuzzed"/> and a reason.
/// </summary>
public sealed class CoverageTests
{
    private const string NotFuzzed = "(not fuzzed)";

    /// <summary>README construct → productions (names in <see cref="Productions"/>).</summary>
    internal static readonly (string Construct, string[] Productions)[] Table =
    {
        // Methods
        ("static methods of partial classes", new[] { "param.scalar" }),
        ("instance methods, structs, records, nested types, namespaces, accessibility", new[] { NotFuzzed + " shapes of the containing type are covered by AutoDiffGen.Tests snapshots; every fuzzed method is public static" }),
        ("overrides, base. calls and reads, hiding with new", new[] { NotFuzzed + " every fuzzed method is public static; GeneratedCodeExecutionTests.BaseCallsInAnOverride_GoToTheBaseMembers, GenerateOptionTests and SoundnessAnalyzerTests (ADG0011, ADG0013) cover them" }),
        ("expression bodies and block bodies", new[] { "call.differentiable" /* helpers are expression- or block-bodied */ }),
        // Types
        ("double parameters and return values", new[] { "param.scalar" }),
        ("float parameters and return values (MathF, float precision)", new[] { "param.float" }),
        ("vector-valued methods: tuples of doubles or floats returned, Jacobian in both layouts, tuple pushforward and pullback", new[] { "vector.tuple-return", "vector.denominator" }),
        ("Span<T> outputs: void, or beside a returned real; outputs read back; span tangents and seeds", new[] { "vector.span-output", "vector.span-beside-real" }),
        ("calls to [Differentiable] methods with array or span parameters, passing active inputs, slices of them, or one of two chosen by a condition", new[] { "call.span", "call.span-chosen" }),
        ("calls to [Differentiable] methods with array or span parameters, passing local buffers or views of them", new[] { "call.span-local" }),
        ("the same, passing data ([NoDerivative] arrays and slices of them) for a differentiated parameter", new[] { "call.span-data", "call.span-data-view-in-loop" }),
        ("the same in a loop that writes the buffer around the call", new[] { "call.span-local-written", "call.span-local-scratch" }),
        ("calls to void [Differentiable] methods with span outputs, into fresh local buffers", new[] { "call.span-output", "call.span-output-read-before", "call.span-output-reads-output" }),
        ("the same in a loop, into buffers allocated in the iteration", new[] { "call.span-output-in-loop" }),
        ("one fresh buffer written by a call on either side of a branch", new[] { "call.span-output-either-side" }),
        ("callees that write their output whole, into buffers that hold values: allocated before the loop (reused per iteration, also by a call from data) or written before the call", new[] { "call.span-output-whole", "call.span-output-guarded", "call.span-output-reused", "call.span-output-reused-then-read", "vector.span-output-by-whole-helper", "call.span-output-whole-wrapper", "call.span-output-reused-inactive", "call.span-output-overwritten" }),
        ("compressed (Curtis–Powell–Reid) Jacobians of element-wise maps, and the dense strategy for near misses", new[] { "vector.elementwise", "vector.elementwise-near-miss" }),
        ("bool, int, enums and other types as inactive data", new[] { "param.int", "int.enum-counter", "expr.conditional" }),
        ("[NoDerivative] on double/float parameters", new[] { "param.data" }),
        // Statements
        ("locals: var, several declarators", new[] { "local.decl" }),
        ("reassignment", new[] { "local.reassign" }),
        ("+= -= *= /= %=", new[] { "local.compound", "buffer.write" }),
        ("++ / --", new[] { "local.incdec", "buffer.incdec" }),
        ("if / else if / else", new[] { "branch.if" }),
        ("early return, also from nested blocks", new[] { "branch.return", "loop.return" }),
        ("switch statements", new[] { "switch.statement" }),
        ("throw statements", new[] { "branch.throw" }),
        ("expression statements that call inactive methods", new[] { "branch.stmt-call" }),
        ("fields and properties read as constants: a getter with effects runs per read, a field a call changes is read where the method reads it", new[] { "expr.mutable-member", "expr.const" }),
        // Expressions
        ("+ - * / %, unary minus, parentheses", new[] { "expr.arith" }),
        ("literals, implicit numeric conversions (2 * x with an int literal)", new[] { "expr.int-literal" }),
        ("const and static readonly values", new[] { "expr.const" }),
        ("custom derivatives: [DerivativeOf] pushforwards and pullbacks of opaque functions, int and [NoDerivative] parameters", new[] { "call.custom-derivative" }),
        ("Ad.Relu and Ad.StopGradient", new[] { "expr.relu", "expr.stop-gradient" }),
        ("casts between float and double", new[] { "expr.cast" }),
        ("comparisons, && || !, short-circuit preserved", new[] { "expr.conditional", "cond.shortcircuit" }),
        ("?:", new[] { "expr.conditional" }),
        ("switch expressions: constant, relational, and/or/not, discard patterns", new[] { "switch.expression", "switch.nan", "switch.no-discard" }),
        ("when guards", new[] { "switch.when-buffer", "switch.expression" }),
        ("is patterns", new[] { "pattern.is-active", "pattern.is-inactive", "pattern.property-list", "pattern.record-switch", "call.generic-null-test", "call.generic-type-pattern" }),
        ("generic containing types, nullable annotations kept in the generated signatures (T?, string?)", new[] { "call.generic-null-test", "call.generic-type-pattern" }),
        ("throw expressions", new[] { "expr.throw" }),
        ("tuple literals, tuple locals, deconstruction", new[] { "tuple.deconstruct", "tuple.local", "tuple.conditional", "tuple.switch", "tuple.swap", "tuple.buffer" }),
        ("tuple elements written in place (t.Item1 = …, t.a += …), tuple locals in loops and branches", new[] { "tuple.element-write" }),
        ("string interpolation and object creation (for exceptions)", new[] { "branch.throw", "expr.throw" }),
        // Functions
        ("Math/MathF known functions Sin … FusedMultiplyAdd, Log with one and two arguments", new[] { "expr.math" }),
        ("generic-math spellings double.Sin(x), float.Exp(x)", new[] { "expr.generic-math" }),
        ("the generic-math surface: Asinh Acosh Atanh, SinPi … Atan2Pi, Exp2 … Exp10M1, LogP1 …, Hypot, RootN, CopySign, IEEERemainder, Lerp, MaxMagnitude …, ClampNative, ScaleB, SinCos", new[] { "expr.math-surface" }),
        ("ReciprocalEstimate, ReciprocalSqrtEstimate", new[] { NotFuzzed + " a 14-bit hardware estimate is a staircase at the finite-difference step; MathSurfaceTests checks the derivative through the estimate" }),
        ("Floor Ceiling Round Truncate Sign ILogB, casts to integer types (derivative 0)", new[] { "expr.zero-derivative" }),
        ("local constant tables: T[] c = { … }, ReadOnlySpan<T> c = [ … ]", new[] { "buffer.constant-table" }),
        ("foreach over List<T>, IList<T>, IReadOnlyList<T>, ImmutableArray<T> of data, and over arrays of tuples with deconstruction", new[] { "loop.foreach-data" }),
        ("argument guards: ThrowIf… helpers and exceptions constructed with active values in a throw", new[] { "guard.throw" }),
        ("double.IsNaN(x)-style predicates on active values", new[] { "expr.conditional" }),
        // Calls
        ("calls to methods whose arguments are all inactive (run once per call)", new[] { "call.inactive-effect", "call.random", "branch.stmt-call" }),
        ("custom derivatives declared by a referenced library serve its consumers' calls", new[] { "call.library-derivative" }),
        ("same effects: a callee that reads state a later call changes is reported; formatting plain values changes no state", new[] { "call.reads-state", "call.log-plain", "expr.culture-format" }),
        ("calls to other [Differentiable] methods compose", new[] { "call.differentiable", "call.in-loop" }),
        ("calls to vector-valued (tuple-returning) [Differentiable] methods compose", new[] { "call.vector" }),
        ("recursion, direct and mutual, composes through the method's own pushforward and pullback", new[] { "call.recursive", "call.mutual-recursion" }),
        ("calls to [Differentiable] methods of another assembly (project or package), found by [DerivativeMember]", new[] { "call.cross-assembly" }),
        ("named, out-of-order and omitted optional arguments", new[] { "call.named-args", "call.optional" }),
        ("active argument to a callee's [NoDerivative] parameter (must be reported or right)", new[] { "call.noderiv-active" }),
        // Arrays and spans
        ("vectorized loops (Vector<T> blocks and a scalar tail), and [Differentiable(Vectorize = false)]", new[] { "loop.reduction", "loop.stencil", "loop.stencil-last", "loop.stencil-row", "loop.readonly-field", "attr.vectorize-off" }),
        ("[Differentiable(Generate = DerivativeMembers.Gradient)]: the gradient alone, with a sweep of its own", new[] { "attr.generate-gradient" }),
        ("[Differentiable(ReorderSums = true)] on a callee: its callers' members still return their own value exactly", new[] { "call.span-reordered" }),
        ("double[] / float[] parameters", new[] { "param.array" }),
        ("ReadOnlySpan<double> / ReadOnlySpan<float> parameters", new[] { "param.span" }),
        ("[NoDerivative] arrays and spans", new[] { "param.data", "span.inactive-slice-loop" }),
        ("element reads, index arithmetic, i++ inside an index, .Length", new[] { "buffer.read", "buffer.postinc-index" }),
        ("Slice, also of a Span held as a ReadOnlySpan", new[] { "span.slice-local", "span.slice-direct", "span.slice-readonly", "span.foreach-slice", "span.inactive-slice-loop", "span.view-recurrence", "span.alias-read-loop" }),
        ("AsSpan of an array: w.AsSpan(start), w.AsSpan(start, length); casts of arrays to spans, also indexed in place", new[] { "span.asspan", "span.cast-index" }),
        ("aliases of arrays and spans", new[] { "span.alias" }),
        ("local buffers: stackalloc at the top level, new double[n], held as an array or a span", new[] { "buffer.stackalloc", "buffer.stackalloc-after-guard", "buffer.new", "buffer.new-span", "buffer.in-loop" }),
        ("array creation and stackalloc with initializers of active values, collection expressions into arrays", new[] { "buffer.initializer" }),
        ("buffer writes h[k] = …, h[k] += … and reads", new[] { "buffer.write", "buffer.read", "buffer.postinc-index" }),
        ("Clear, Fill and CopyTo into local buffers and span outputs", new[] { "buffer.whole-call", "loop.scratch-cleared", "call.span-output-cleared" }),
        // Loops
        ("for: up, down, any step, nested, bounds from .Length/parameters/locals", new[] { "loop.for", "loop.nested" }),
        ("foreach over arrays and spans", new[] { "loop.foreach", "span.foreach-slice" }),
        ("while and do loops with data-dependent trip counts", new[] { "loop.while", "loop.do", "loop.do-postfix", "cond.loop-assign", "cond.postdec" }),
        ("break, continue, return inside loops", new[] { "loop.break-continue", "loop.return", "loop.while-true" }),
        ("reductions and recurrences (reverse mode through loops)", new[] { "loop.reduction", "loop.recurrence", "loop.recurrence-in-reduction", "loop.inner-reduction", "loop.counter-through-inner", "loop.scratch-buffer", "loop.triangular-scratch", "loop.neighbour-products", "loop.stencil", "loop.stencil-last", "loop.stencil-row", "tuple.swap" }),
        // Issue 11 areas
        ("assignments and side effects inside conditions", new[] { "cond.loop-assign", "cond.postdec", "cond.for-assign", "cond.shortcircuit" }),
        ("checked / unchecked", new[] { "int.checked", "int.unchecked" }),
        ("native integers and negative constants of types without a keyword", new[] { "int.nint" }),
        ("foreach by readonly reference over a span parameter", new[] { "loop.foreach-ref-readonly" }),
        ("collection initializers of the runtime's collections of plain values", new[] { "loop.foreach-initializer" }),
        ("every integer type as loop counter and index, enums with ++/--", new[] { "int.counter-types", "int.enum-counter" }),
        ("long, ulong, decimal, float, double constants and conversions", new[] { "const.long", "const.decimal", "const.float" }),
    };

    private readonly ITestOutputHelper output;

    public CoverageTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void EveryReadmeConstructHasAProduction()
    {
        var missing = new List<string>();
        foreach (var (construct, productions) in Table)
        {
            output.WriteLine($"{construct,-90} {string.Join(", ", productions)}");
            if (productions.Length == 0 || productions.Any(p => !p.StartsWith(NotFuzzed, StringComparison.Ordinal) && !Productions.ByName.ContainsKey(p)))
            {
                missing.Add(construct + " → " + string.Join(", ", productions));
            }
        }

        output.WriteLine("\nproductions: " + string.Join(", ", Productions.All.Select(p => p.Name)));
        Assert.True(missing.Count == 0, "constructs without an existing production:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryProductionIsGenerated()
    {
        // Generation only (no compiling): every production must occur in a sample of programs.
        var counts = Productions.All.ToDictionary(p => p.Name, _ => 0);
        for (int i = 0; i < 1500; i++)
        {
            foreach (var (name, c) in Fuzzer.ProgramFor(77, i).Productions)
            {
                counts[name] += c;
            }
        }

        foreach (var (name, c) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{name,-32} {c,7}");
        }

        var never = counts.Where(kv => kv.Value == 0).Select(kv => kv.Key).ToList();
        Assert.True(never.Count == 0, "productions never generated: " + string.Join(", ", never));
        var unmapped = Productions.All.Select(p => p.Name).Where(n => !Table.Any(t => t.Productions.Contains(n))).ToList();
        Assert.True(unmapped.Count == 0, "productions not mapped to a README construct: " + string.Join(", ", unmapped));
    }
}
