using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoDiffGen.FuzzTests.Grammar;

/// <summary>
/// A seeded generator of well-typed <c>[Differentiable]</c> methods. Each construct area is a set
/// of productions (<see cref="Productions"/>) that combine freely: any statement production can
/// appear inside any block production, any expression production inside any expression.
/// Programs stay well-defined by construction: every loop has a counter bound, indices are taken
/// modulo a buffer's length or from a counter whose range is known to fit, and arguments of
/// functions with a restricted domain are guarded (<c>Log(1.5 + Cos(e))</c>, <c>Asin(0.9 * Tanh(e))</c>).
/// Some programs still throw (checked overflow, an index behind a guard, explicit throws, zero
/// lengths): that is intended, every member must throw the same way.
/// </summary>
internal sealed partial class ProgramGenerator
{
    /// <summary>A length: <c>Sym + Off</c>, where Sym is "L" (the common length of the array parameters), "n", or "" (a constant).</summary>
    private readonly record struct Len(string Sym, int Off)
    {
        public int ConstMin => Sym == "" ? Off : Math.Max(0, Off);
    }

    private sealed record RealVar(string Name, bool Writable);

    private sealed record IntVar(string Name, bool Writable);

    /// <summary>A loop counter: in the body, <see cref="Index"/> is in [0, Range).</summary>
    private sealed record Counter(string Index, Len Range);

    private sealed record Buf(string Name, Len Length, bool Writable, bool IsSpanType, bool Active);

    private sealed class Scope
    {
        public readonly List<RealVar> Reals = new();
        public readonly List<IntVar> Ints = new();
        public readonly List<Counter> Counters = new();
        public readonly List<Buf> Bufs = new();
    }

    private sealed record Helper(string Name, bool HasOptional, bool HasData, bool ReadsState = false);

    private readonly Random r;

    /// <summary>The names of the array and span parameters (sources of buffer.whole-call's copies).</summary>
    private readonly HashSet<string> parameterBuffers = new();
    private readonly FuzzProgram program;
    private readonly HashSet<string> areas;
    private readonly List<Scope> scopes = new();
    private readonly List<Helper> helpers = new();

    /// <summary>In a vector-valued helper: every return returns a tuple.</summary>
    private bool returnsTuple;

    /// <summary>What a <c>return</c> statement returns: the value, or in a vector-valued helper a tuple of it and another.</summary>
    private string Returned(string value) => returnsTuple ? $"({value}, {Expr(1)})" : value;

    /// <summary>Helpers with a span parameter (<c>T S0(ReadOnlySpan&lt;T&gt; v, T a)</c>) that F calls.</summary>
    private readonly List<string> spanHelpers = new();

    /// <summary>The span helpers marked <c>ReorderSums = true</c>.</summary>
    private readonly HashSet<string> reorderedHelpers = new();

    /// <summary>Helpers with a span output (<c>void W0(ReadOnlySpan&lt;T&gt; v, T a, Span&lt;T&gt; o)</c>) that F calls into fresh buffers.</summary>
    private readonly List<string> spanOutputHelpers = new();

    /// <summary>The span-output helpers that write every element of their output before reading it.</summary>
    private readonly List<string> wholeOutputHelpers = new();

    /// <summary>Vector-valued helpers (<c>(T p, T q) H0(T a, T b)</c>) that F calls.</summary>
    private readonly List<string> vectorHelpers = new();
    private readonly bool isHelper;
    private int names;
    private int blockDepth;
    private int loopDepth;
    private bool breakAllowed = true;

    /// <summary>False directly in a while (true) body: its exit test comes last, and a continue would skip it forever.</summary>
    private bool continueAllowed = true;
    private int budget;

    private bool F => program.IsFloat;

    private string T => program.T;

    /// <summary>Math class of this program's precision, picked per call: Math/MathF or the generic-math type.</summary>
    private string M()
    {
        if (Chance(0.3))
        {
            Use("expr.generic-math");
            return F ? "float" : "double";
        }

        Use("expr.math");
        return F ? "MathF" : "Math";
    }

    private ProgramGenerator(Random r, FuzzProgram program, HashSet<string> areas, bool isHelper)
    {
        this.r = r;
        this.program = program;
        this.areas = areas;
        this.isHelper = isHelper;
    }

    /// <summary>All construct areas a program can enable.</summary>
    public static readonly string[] OptionalAreas =
        { "Branches", "Switch", "Tuples", "Buffers", "Spans", "Loops", "Conditions", "Integers", "Calls" };

    /// <summary>Generates the program of one seed. The same seed gives the same text.</summary>
    public static FuzzProgram Generate(int seed, int size = 7)
    {
        var r = new Random(seed);
        bool isFloat = r.NextDouble() < 0.3;
        var areas = new HashSet<string> { "Expressions", "Locals" };
        foreach (var a in OptionalAreas)
        {
            if (r.NextDouble() < 0.45)
            {
                areas.Add(a);
            }
        }

        var parameters = new List<Param>();
        int scalars = r.Next(1, 4);
        for (int i = 0; i < scalars; i++)
        {
            parameters.Add(new Param("x" + i, ParamKind.Scalar));
        }

        if (r.NextDouble() < 0.3)
        {
            parameters.Add(new Param("d0", ParamKind.DataScalar));
        }

        if (areas.Contains("Buffers") || areas.Contains("Spans") || areas.Contains("Loops") || r.NextDouble() < 0.3)
        {
            int arrays = r.Next(1, 3);
            for (int i = 0; i < arrays; i++)
            {
                parameters.Add(new Param("w" + i, r.NextDouble() < 0.5 ? ParamKind.Array : ParamKind.Span));
            }

            if (r.NextDouble() < 0.4)
            {
                parameters.Add(new Param("e0", r.NextDouble() < 0.5 ? ParamKind.DataArray : ParamKind.DataSpan));
            }
        }

        parameters.Add(new Param("n", ParamKind.Int));
        // Parameter order is part of the test (tangent and adjoint order follow it).
        parameters = parameters.OrderBy(_ => r.Next()).ToList();

        var program = new FuzzProgram { Seed = seed, IsFloat = isFloat, Params = parameters, Body = new List<Node>() };
        var g = new ProgramGenerator(r, program, areas, isHelper: false);
        g.Use(isFloat ? "param.float" : "param.scalar");
        g.Use("param.scalar");
        g.Use("param.int");
        if (parameters.Any(p => p.Kind == ParamKind.Array)) g.Use("param.array");
        if (parameters.Any(p => p.Kind == ParamKind.Span)) g.Use("param.span");
        if (parameters.Any(p => !p.IsActive && p.Kind != ParamKind.Int)) g.Use("param.data");
        g.Build(size);
        CustomDerivativeTerms(seed, program, g);
        StencilTerm(seed, program, g);
        RowStencilTerm(seed, program, g);
        GenericNullTerm(seed, program, g);

        // Now and then F with Vectorize = false (its own Random too): the scalar loops, by request.
        if (new Random(seed ^ 0x51d).NextDouble() < 0.1)
        {
            program.ScalarOnly = true;
            g.Use("attr.vectorize-off");
        }

        // Now and then F with its gradient only (its own Random too): a sweep of its own.
        if (new Random(seed ^ 0x6e7).NextDouble() < 0.1)
        {
            program.GradientOnly = true;
            g.Use("attr.generate-gradient");
        }

        // A vector-valued twin (its own Random, so a seed's program F is the same with or without it).
        // Not when F makes inactive calls with effects: a Jacobian would repeat them, so the twin is
        // refused (ADG0004, tested in AutoDiffGen.Tests), and F's own checks would be lost with it.
        var twin = new Random(seed ^ 0x7417);
        if (twin.NextDouble() < 0.3 && !program.Render().Contains("FuzzLog.", StringComparison.Ordinal) && !program.Render().Contains("Console.", StringComparison.Ordinal))
        {
            program.VectorTwin = true;
            program.TwinDenominator = twin.Next(2) == 0;
            program.TwinShape = (TwinShape)twin.Next(3);
            g.Use(program.TwinShape switch
            {
                TwinShape.Tuple => "vector.tuple-return",
                TwinShape.SpanOutput => "vector.span-output",
                _ => "vector.span-beside-real",
            });
            if (program.TwinDenominator)
            {
                g.Use("vector.denominator");
            }
        }

        // An element-wise map FE (its own Random too): a loop over the first active array writing a
        // Span<T> output at the counter, sometimes with a near miss that makes it not element-wise.
        var map = new Random(seed ^ 0x5eed);
        var activeArrays = parameters.Where(p => p.IsActive && p.IsRealArray).ToList();
        if (activeArrays.Count > 0 && map.NextDouble() < 0.35)
        {
            program.Map = MapBody(map, program, activeArrays, out bool nearMiss);
            program.MapDenominator = map.Next(2) == 0;
            g.Use(program.Map.Contains("FW_(", StringComparison.Ordinal) ? "vector.span-output-by-whole-helper" : "vector.elementwise");
            if (nearMiss)
            {
                g.Use("vector.elementwise-near-miss");
            }
        }

        return program;
    }

    /// <summary>
    /// Now and then (its own Random, so a seed's program is otherwise the same) a stencil over an
    /// active array added to F's result, <c>Σ (w[j + K] − c·w[j + m] + w[j])·(…)</c> with K up to 3:
    /// its adjoint scatters into w̄ at up to three offsets of one index, which the vectorized loop
    /// gathers (one load and store of w̄ per block) or, for offsets farther apart than 16 bytes, adds in
    /// passes running ahead of the main one, in the scalar order either way; half the time with a
    /// second active array's product at offsets 0 and K2 ≤ 3 in the same loop.
    /// </summary>
    private static void StencilTerm(int seed, FuzzProgram program, ProgramGenerator g)
    {
        var r = new Random(seed ^ 0x57e7);
        var arrays = program.Params.Where(p => p.IsActive && p.Kind is ParamKind.Array or ParamKind.Span).Select(p => p.Name).ToList();
        if (program.ReturnTerms is null || arrays.Count == 0 || r.NextDouble() >= 0.25)
        {
            return;
        }

        string Lit(double v) => v.ToString("0.0##", CultureInfo.InvariantCulture) + (program.IsFloat ? "f" : "");
        string w = arrays[r.Next(arrays.Count)];
        int k = r.Next(1, 4), m = r.Next(0, k + 1);
        string factor = r.Next(2) == 0 ? "st_d" : $"{w}[st_j + {r.Next(0, k + 1)}]";
        double c = 0.5 + r.Next(4) * 0.5;
        // Half the time with two active arrays (all of one length), a second array's product at
        // offsets 0 and K2 in the same loop, before or after: one array gathered beside another's
        // passes ahead (found in review: a gathered store before a pass's scatter broke the pass).
        var others = arrays.Where(a => a != w).ToList();
        string? v = others.Count > 0 && r.Next(2) == 0 ? others[r.Next(others.Count)] : null;
        int k2 = r.Next(1, 4);
        bool secondFirst = r.Next(2) == 0;
        int bound = v is null ? k : System.Math.Max(k, k2);
        var body = new List<Node> { new($"{program.T} st_d = {w}[st_j + {k}] - {Lit(c)} * {w}[st_j + {m}] + {w}[st_j];", "loop.stencil") };
        if (v is not null)
        {
            body.Insert(secondFirst ? 0 : 1, new Node($"{program.T} st_e = {v}[st_j + {k2}] * {v}[st_j] * {Lit(0.25)};", "loop.stencil"));
        }

        // Half the time the constant factor is a static readonly field (or a const) of the class: the
        // same value in every iteration, splat once before the blocks.
        string scale = Lit(0.125);
        if (r.Next(2) == 0)
        {
            scale = "StScale";
            program.ClassMembers.Add($"{(r.Next(2) == 0 ? "static readonly" : "const")} {program.T} StScale = {Lit(0.125)};");
            g.Use("loop.readonly-field");
        }

        body.Add(new Node($"st_ += st_d * {factor} * {scale}{(v is null ? "" : " + st_e")};", "loop.stencil"));
        g.Use("loop.stencil");
        // Half the time the header reads st_j + K < n, which the blocks run under as st_j < n − K.
        string header = r.Next(2) == 0 ? $"st_j < {w}.Length - {bound}" : $"st_j + {bound} < {w}.Length";
        var declaration = new Node($"{program.T} st_ = {Lit(0)};", "loop.stencil");
        var loop = new Node($"for (int st_j = 0; {header}; st_j++)", "loop.stencil", body);
        if (r.Next(3) == 0)
        {
            // Last in F, the loop the reverse sweep runs first: where the return reads nothing else of
            // the arrays, the gradient writes their adjoints first in the loop's gathered blocks instead
            // of clearing them (FirstTouch); the code before it then adds into written elements.
            g.Use("loop.stencil-last");
            program.Body.Add(new Node(declaration.Text, "loop.stencil-last"));
            program.Body.Add(new Node(loop.Text, "loop.stencil-last", body));
        }
        else
        {
            program.Body.Insert(0, declaration);
            program.Body.Insert(1, loop);
        }

        program.ReturnTerms.Add("st_");
    }

    /// <summary>
    /// Now and then (its own Random, so a seed's program is otherwise the same) a stencil after a row
    /// offset <c>k</c> (a local, 2 to 4) with offsets below and at the counter,
    /// <c>Σ (w[k + j + H] − c·w[k + j + M] + w[k + j + L])·(…)</c>, L ∈ {−2, −1}, H ∈ {0, 1}: its adjoint
    /// scatters into w̄ at offsets from L to H of one stream with a base, which the vectorized loop
    /// gathers into one load and store per block (the lowest offset's) in the scalar order.
    /// </summary>
    private static void RowStencilTerm(int seed, FuzzProgram program, ProgramGenerator g)
    {
        var r = new Random(seed ^ 0x5a0f);
        var arrays = program.Params.Where(p => p.IsActive && p.Kind is ParamKind.Array or ParamKind.Span).Select(p => p.Name).ToList();
        if (program.ReturnTerms is null || arrays.Count == 0 || r.NextDouble() >= 0.2)
        {
            return;
        }

        string Lit(double v) => v.ToString("0.0##", CultureInfo.InvariantCulture) + (program.IsFloat ? "f" : "");
        string At(string array, int offset) => $"{array}[sr_k + sr_j{(offset == 0 ? "" : offset > 0 ? " + " + offset : " - " + -offset)}]";
        string w = arrays[r.Next(arrays.Count)];
        int low = -1 - r.Next(2), high = r.Next(2), middle = r.Next(low, high + 1);
        string factor = r.Next(2) == 0 ? "sr_d" : At(w, r.Next(low, high + 1));
        g.Use("loop.stencil-row");
        program.Body.Insert(0, new Node($"{program.T} sr_ = {Lit(0)};", "loop.stencil-row"));
        program.Body.Insert(1, new Node($"int sr_k = {w}.Length % 3 + 2;", "loop.stencil-row"));
        program.Body.Insert(2, new Node($"for (int sr_j = 0; sr_j < {w}.Length - sr_k - {high}; sr_j++)", "loop.stencil-row", new List<Node>
        {
            new($"{program.T} sr_d = {At(w, high)} - {Lit(0.5 + r.Next(4) * 0.5)} * {At(w, middle)} + {At(w, low)};", "loop.stencil-row"),
            new($"sr_ += sr_d * {factor} * {Lit(0.125)};", "loop.stencil-row"),
        }));
        program.ReturnTerms.Add("sr_");
    }

    /// <summary>
    /// Now and then (its own Random, so a seed's program is otherwise the same) a first statement
    /// <c>T gn_ = …;</c> added to F's result: calls to a [Differentiable] method of a nested generic
    /// type <c>Gn&lt;TG&gt;</c> (unconstrained, or <c>class</c>/<c>struct</c>-constrained) whose <c>TG? tag</c>
    /// and <c>string? label</c> parameters are tested with <c>is null</c>, <c>is not null</c> and <c>== null</c>,
    /// called with null and with values of reference and value types (stop 20: <c>is null</c> on a type
    /// parameter's value did not compile, and a <c>T?</c> parameter lost its annotation).
    /// </summary>
    private static void GenericNullTerm(int seed, FuzzProgram program, ProgramGenerator g)
    {
        var r = new Random(seed ^ 0x6e11);
        var scalars = program.Params.Where(p => p.Kind == ParamKind.Scalar).Select(p => p.Name).ToList();
        if (program.ReturnTerms is null || scalars.Count == 0 || r.NextDouble() >= 0.12)
        {
            return;
        }

        string t = program.T;
        string Lit(double v) => v.ToString("0.0##", CultureInfo.InvariantCulture) + (program.IsFloat ? "f" : "");
        string constraint = r.Next(3) switch { 0 => "", 1 => " where TG : class", _ => " where TG : struct" };
        // Or (call.generic-type-pattern, finding 65) a type pattern binding the tag as the real type,
        // the type then also bound to it with an inactive argument (Gn<double>.H(a, 2.5, …)).
        bool typePattern = constraint != " where TG : class" && r.Next(3) == 0;
        string test = r.Next(3) switch { 0 => "tag is null", 1 => "!(tag is not null)", _ => "tag == null" };
        string narrowing = r.Next(2) == 0 ? $"tag is {t} d" : $"tag is {t} d and > {Lit(1)}";
        string body = typePattern
            ? $"{narrowing} ? a * d : (label is not null ? a + {Lit(1.5)} : a * {Lit(0.5)})"
            : $"{test} ? a * a : (label is not null ? a + {Lit(1.5)} : a * {Lit(0.5)})";
        program.ClassMembers.Add($$"""
            #nullable enable
                public static partial class Gn<TG>{{constraint}}
                {
                    [Differentiable]
                    public static {{t}} H({{t}} a, TG? tag, string? label) => {{body}};
                }
            #nullable restore
            """);
        var terms = new List<string>();
        for (int i = r.Next(1, 4); i > 0; i--)
        {
            string a = scalars[r.Next(scalars.Count)];
            string label = r.Next(2) == 0 ? "null" : "\"l\"";
            if (typePattern && r.Next(2) == 0)
            {
                terms.Add($"Gn<{t}>.H({a}, {Lit(0.5 + r.Next(4) * 0.5)}, {label})");
                continue;
            }

            terms.Add(constraint switch
            {
                " where TG : struct" => r.Next(2) == 0 ? $"Gn<int>.H({a}, null, {label})" : $"Gn<int>.H({a}, {r.Next(5)}, {label})",
                " where TG : class" => r.Next(2) == 0 ? $"Gn<string>.H({a}, null, {label})" : $"Gn<string>.H({a}, \"t\", {label})",
                _ => r.Next(3) switch { 0 => $"Gn<string>.H({a}, null, {label})", 1 => $"Gn<int>.H({a}, {r.Next(5)}, {label})", _ => $"Gn<int?>.H({a}, null, {label})" },
            });
        }

        g.Use(typePattern ? "call.generic-type-pattern" : "call.generic-null-test");
        program.Body.Insert(0, new Node($"{t} gn_ = {string.Join(" + ", terms)};", "call.generic-null-test"));
        program.ReturnTerms.Add("gn_");
    }

    /// <summary>
    /// Now and then (its own Random, so a seed's program is otherwise the same) a first statement
    /// <c>T cd_ = …;</c> added to F's result: calls to opaque functions with custom derivatives (the
    /// nested class <c>Cd</c>, <see cref="CustomDerivativeClass"/>), <c>Ad.Relu</c> and
    /// <c>Ad.StopGradient</c> of F's active scalars.
    /// </summary>
    private static void CustomDerivativeTerms(int seed, FuzzProgram program, ProgramGenerator g)
    {
        var r = new Random(seed ^ 0xcd17);
        var scalars = program.Params.Where(p => p.Kind == ParamKind.Scalar).Select(p => p.Name).ToList();
        if (program.ReturnTerms is null || scalars.Count == 0 || r.NextDouble() >= 0.3)
        {
            return;
        }

        string Lit(double v) => v.ToString("0.0##", CultureInfo.InvariantCulture) + (program.IsFloat ? "f" : "");
        string Arg() => r.Next(3) switch
        {
            0 => scalars[r.Next(scalars.Count)],
            1 => $"({scalars[r.Next(scalars.Count)]} * {Lit(0.5 + r.Next(4) * 0.25)})",
            _ => $"({scalars[r.Next(scalars.Count)]} - {Lit(r.Next(-2, 3) * 0.5)})",
        };
        string data = program.Params.FirstOrDefault(p => p.Kind == ParamKind.DataScalar)?.Name ?? Lit(1.5);
        var terms = new List<string>();
        for (int i = r.Next(1, 4); i > 0; i--)
        {
            switch (r.Next(6))
            {
                case 0:
                case 1:
                    g.Use("call.custom-derivative");
                    terms.Add(r.Next(3) switch
                    {
                        0 => $"Cd.Cd0({Arg()}, {Arg()})",
                        1 => $"Cd.Cd1({Arg()}, n)",
                        _ => $"Cd.Cd2({Arg()}, {data})",
                    });
                    break;
                case 2:
                case 3:
                    g.Use("expr.relu");
                    terms.Add($"Ad.Relu({Arg()})");
                    break;
                case 4:
                    g.Use("expr.stop-gradient");
                    terms.Add($"({Arg()} * Ad.StopGradient({Arg()}))");
                    break;
                default:
                    g.Use("expr.stop-gradient");
                    terms.Add($"Ad.StopGradient({Arg()} * {Arg()})");
                    break;
            }
        }

        if (terms.Any(t => t.StartsWith("Cd.", StringComparison.Ordinal)))
        {
            program.ClassMembers.Add(CustomDerivativeClass(program.T, program.IsFloat ? "MathF" : "Math"));
        }

        string production = terms.Any(t => t.StartsWith("Cd.", StringComparison.Ordinal)) ? "call.custom-derivative"
            : terms.Any(t => t.Contains("Relu", StringComparison.Ordinal)) ? "expr.relu" : "expr.stop-gradient";
        program.Body.Insert(0, new Node($"{program.T} cd_ = {string.Join(" + ", terms)};", production));
        program.ReturnTerms.Add("cd_");
    }

    /// <summary>
    /// Opaque functions (not [Differentiable]) with hand-written derivatives: Cd0(a, b) = tanh(a)·b +
    /// atan(b), Cd1(a, k) = a·sin(a) + k (k an int), Cd2(a, s) = a / (1 + s²) with s [NoDerivative].
    /// </summary>
    internal static string CustomDerivativeClass(string t, string m) => $$"""
        public static class Cd
            {
                public static {{t}} Cd0({{t}} a, {{t}} b) => {{m}}.Tanh(a) * b + {{m}}.Atan(b);
                [DerivativeOf(typeof(Cd), nameof(Cd0))]
                public static void Cd0Jvp({{t}} a, {{t}} b, {{t}} aDot, {{t}} bDot, out {{t}} rDot) { {{t}} th = {{m}}.Tanh(a); rDot = (1 - th * th) * b * aDot + (th + 1 / (1 + b * b)) * bDot; }
                [DerivativeOf(typeof(Cd), nameof(Cd0))]
                public static void Cd0Vjp({{t}} a, {{t}} b, {{t}} rBar, ref {{t}} aBar, ref {{t}} bBar) { {{t}} th = {{m}}.Tanh(a); aBar += rBar * (1 - th * th) * b; bBar += rBar * (th + 1 / (1 + b * b)); }
                public static {{t}} Cd1({{t}} a, int k) => a * {{m}}.Sin(a) + k;
                [DerivativeOf(typeof(Cd), nameof(Cd1))]
                public static void Cd1Jvp({{t}} a, int k, {{t}} aDot, out {{t}} rDot) => rDot = ({{m}}.Sin(a) + a * {{m}}.Cos(a)) * aDot;
                [DerivativeOf(typeof(Cd), nameof(Cd1))]
                public static {{t}} Cd1Vjp({{t}} a, int k, {{t}} rBar, ref {{t}} aBar) { aBar += rBar * ({{m}}.Sin(a) + a * {{m}}.Cos(a)); return Cd1(a, k); }
                public static {{t}} Cd2({{t}} a, {{t}} s) => a / (1 + s * s);
                [DerivativeOf(typeof(Cd), nameof(Cd2))]
                public static void Cd2Jvp({{t}} a, [NoDerivative] {{t}} s, {{t}} aDot, out {{t}} rDot) => rDot = aDot / (1 + s * s);
                [DerivativeOf(typeof(Cd), nameof(Cd2))]
                public static void Cd2Vjp({{t}} a, [NoDerivative] {{t}} s, {{t}} rBar, ref {{t}} aBar) => aBar += rBar / (1 + s * s);
            }
        """;

    /// <summary>
    /// The body of FE (see <see cref="FuzzProgram.Map"/>): <c>o_[e_]</c> from the elements e_ of the
    /// first one or two active arrays, the real scalars and constants (and sometimes the caller's
    /// value of <c>o_[e_]</c>), with read-backs of <c>o_[e_]</c> and branches on the element; near misses (a neighbour's element, a value
    /// carried from the previous iteration, a store after the loop) make it not element-wise.
    /// </summary>
    private static string MapBody(Random r, FuzzProgram program, List<Param> arrays, out bool nearMiss)
    {
        string T = program.T;
        string M = program.IsFloat ? "MathF" : "Math";
        string Lit(double v) => v.ToString("0.0##", CultureInfo.InvariantCulture) + (program.IsFloat ? "f" : "");
        string a = arrays[0].Name;
        string? b = arrays.Count > 1 && r.NextDouble() < 0.6 ? arrays[1].Name : null;
        bool neighbour = r.NextDouble() < 0.12, carried = r.NextDouble() < 0.12, after = r.NextDouble() < 0.08;
        nearMiss = neighbour || carried || after;
        var leaves = new List<string> { "u_" };
        if (b is not null) leaves.Add("v_");
        if (neighbour) leaves.Add("q_");
        if (carried) leaves.Add("c_");
        leaves.AddRange(program.Params.Where(p => p.IsRealScalar).Select(p => p.Name));

        string Expr(int depth)
        {
            int k = depth <= 0 ? r.Next(2) : r.Next(8);
            switch (k)
            {
                case 0: return leaves[r.Next(leaves.Count)];
                case 1: return Lit(new[] { 0.5, 1.5, 2.0, -0.75 }[r.Next(4)]);
                case 2: return $"({Expr(depth - 1)} + {Expr(depth - 1)})";
                case 3: return $"({Expr(depth - 1)} - {Expr(depth - 1)})";
                case 4: return $"({Expr(depth - 1)} * {Expr(depth - 1)})";
                case 5: return $"{M}.Sin({Expr(depth - 1)})";
                case 6: return $"{M}.Tanh({Expr(depth - 1)})";
                default: return $"{M}.Exp({Lit(0.25)} * {M}.Tanh({Expr(depth - 1)}))";
            }
        }

        if (r.NextDouble() < 0.15)
        {
            // The output written whole by a helper (FE's own output passed on; what the caller put
            // there is read first now and then, a constant), its elements past a's from the scalar.
            nearMiss = true;
            leaves = new List<string> { "v[i]", "s" };
            program.Helpers.Add(new HelperMethod
            {
                Signature = $"public static void FW_(ReadOnlySpan<{T}> v, {T} s, Span<{T}> o)",
                Body = new List<Node> { new("for (int i = 0; i < o.Length; i++)", "vector.span-output-by-whole-helper", new List<Node> { new($"o[i] = i < v.Length ? {Expr(3)} : s;", "vector.span-output-by-whole-helper") }) },
                ReturnTerms = new List<string>(),
            });
            var scalars = program.Params.Where(p => p.IsRealScalar).Select(p => p.Name).ToList();
            string scalar = scalars.Count > 0 && r.NextDouble() < 0.7 ? scalars[r.Next(scalars.Count)] : Lit(0.75);
            var body = new StringBuilder();
            if (r.NextDouble() < 0.4)
            {
                body.Append($"        {T} p_ = o_.Length > 0 ? o_[0] * {Lit(0.5)} : {Lit(1.5)};\n");
                scalar = $"{scalar} + p_";
            }

            if (r.NextDouble() < 0.3)
            {
                // One call on either side of a branch: each path writes the output once.
                body.Append($"        if ({a}.Length > 1 && {a}[1] > {Lit(0.25)}) FW_({a}, {scalar}, o_);\n        else FW_({a}, {Lit(1.5)}, o_);\n");
            }
            else
            {
                body.Append($"        FW_({a}, {scalar}, o_);\n");
            }

            return body.ToString();
        }

        var sb = new StringBuilder();
        if (carried) sb.Append($"        {T} c_ = {Lit(1.5)};\n");
        string condition = $"e_ < o_.Length && e_ < {a}.Length" + (b is null ? "" : $" && e_ < {b}.Length");
        sb.Append($"        for (int e_ = 0; {condition}; e_++)\n        {{\n");
        sb.Append($"            {T} u_ = {a}[e_];\n");
        if (b is not null) sb.Append($"            {T} v_ = {b}[e_];\n");
        if (neighbour) sb.Append($"            {T} q_ = {a}[(e_ + 1) % {a}.Length];\n");
        // Sometimes the caller's value of the element is read first (o_ starts non-zero in the harness).
        sb.Append(r.NextDouble() < 0.25 ? $"            o_[e_] = o_[e_] * {Expr(2)} + {Expr(2)};\n" : $"            o_[e_] = {Expr(3)};\n");
        if (r.NextDouble() < 0.4) sb.Append($"            o_[e_] {(r.Next(2) == 0 ? "+" : "*")}= {Expr(2)} + o_[e_];\n");
        if (r.NextDouble() < 0.3) sb.Append($"            if (u_ > {Lit(0.5)}) o_[e_] = {Expr(2)};\n");
        if (carried) sb.Append("            c_ = u_;\n");
        sb.Append("        }\n");
        if (after) sb.Append($"        if (o_.Length > 1 && {a}.Length > 1) o_[0] = {a}[1] * o_[1];\n");
        return sb.ToString();
    }

    private void Build(int size)
    {
        if (areas.Contains("Calls"))
        {
            int count = r.Next(1, 3);
            for (int i = 0; i < count; i++)
            {
                MakeHelper(i);
            }

            MakeRecursiveHelpers();

            if (Chance(0.5))
            {
                MakeVectorHelper();
            }

            if (Chance(0.5) && program.Params.Any(p => p.IsActive && p.IsRealArray))
            {
                MakeSpanHelper();
                if (Chance(0.5))
                {
                    MakeSpanOutputHelper();
                    if (wholeOutputHelpers.Count > 0 && Chance(0.5))
                    {
                        // A second one, now and then a wrapper of the first.
                        MakeSpanOutputHelper();
                    }
                }
            }
        }

        scopes.Add(new Scope());
        foreach (var p in program.Params)
        {
            if (p.IsRealScalar)
            {
                scopes[0].Reals.Add(new RealVar(p.Name, false));
            }
            else if (p.IsRealArray)
            {
                scopes[0].Bufs.Add(new Buf(p.Name, new Len("L", 0), false, p.IsSpanType, p.IsActive));
                parameterBuffers.Add(p.Name);
            }
        }

        budget = size;
        var body = new List<Node>();
        while (budget > 0)
        {
            body.AddRange(Statement());
        }

        // Sometimes the method ends in a while (true) loop left only by return.
        if (areas.Contains("Loops") && Chance(0.15))
        {
            body.AddRange(WhileTrue(terminal: true));
            program.ReturnTerms = null;
        }
        else
        {
            program.ReturnTerms = ReturnTerms();
        }

        program.Body = body;
    }

    private List<string> ReturnTerms()
    {
        var terms = new List<string>();
        foreach (var v in scopes[0].Reals.Where(v => v.Writable).Reverse().Take(7))
        {
            terms.Add(v.Name);
        }

        foreach (var b in scopes[0].Bufs.Where(b => b.Length.ConstMin >= 1).Take(2))
        {
            terms.Add($"{b.Name}[{r.Next(b.Length.ConstMin)}]");
        }

        if (terms.Count == 0 || Chance(0.5))
        {
            terms.Add(Expr(2));
        }

        return terms;
    }

    private void MakeHelper(int index)
    {
        string name = "G" + index;
        int shape = r.Next(3);
        var ps = new List<Param> { new("a", ParamKind.Scalar), new("b", ParamKind.Scalar) };
        if (shape == 2)
        {
            ps.Insert(1, new Param("c", ParamKind.DataScalar));
        }

        var sub = new FuzzProgram { Seed = 0, IsFloat = F, Params = ps, Body = new List<Node>() };
        var subAreas = new HashSet<string>(areas.Intersect(new[] { "Expressions", "Locals", "Branches", "Loops", "Switch", "Tuples" }));
        var g = new ProgramGenerator(r, sub, subAreas, isHelper: true);
        g.scopes.Add(new Scope());
        g.scopes[0].Reals.Add(new RealVar("a", false));
        g.scopes[0].Reals.Add(new RealVar("b", false));
        if (shape == 2)
        {
            g.scopes[0].Reals.Add(new RealVar("c", false));
        }

        string sig = shape switch
        {
            0 => $"public static {T} {name}({T} a, {T} b)",
            1 => $"public static {T} {name}({T} a, {T} b = {Lit(0.5)})",
            _ => $"public static {T} {name}({T} a, [NoDerivative] {T} c, {T} b = {Lit(1.5)})",
        };
        HelperMethod helper;
        if (Chance(0.5))
        {
            helper = new HelperMethod { Signature = sig, ExpressionBodied = true, ReturnTerms = new List<string> { g.Expr(3) } };
        }
        else
        {
            g.budget = 3;
            var body = new List<Node>();
            while (g.budget > 0)
            {
                body.AddRange(g.Statement());
            }

            helper = new HelperMethod { Signature = sig, Body = body, ReturnTerms = g.ReturnTerms() };
        }

        // A helper that reads state F's FuzzLog.Raise statements change (its pullback reads it again).
        bool readsState = Has("Calls") && Chance(0.2);
        if (readsState)
        {
            helper.ReturnTerms = helper.ReturnTerms.Append($"({T})FuzzLog.Level * a").ToList();
        }

        program.Helpers.Add(helper);
        MergeProductions(sub);

        helpers.Add(new Helper(name, shape >= 1, shape == 2, readsState));
    }

    /// <summary>A vector-valued helper <c>(T p, T q) H0(T a, T b)</c>, expression- or block-bodied.</summary>
    private void MakeVectorHelper()
    {
        string name = "H" + vectorHelpers.Count;
        var ps = new List<Param> { new("a", ParamKind.Scalar), new("b", ParamKind.Scalar) };
        var sub = new FuzzProgram { Seed = 0, IsFloat = F, Params = ps, Body = new List<Node>() };
        var subAreas = new HashSet<string>(areas.Intersect(new[] { "Expressions", "Locals", "Branches", "Loops", "Switch", "Tuples" }));
        var g = new ProgramGenerator(r, sub, subAreas, isHelper: true) { returnsTuple = true };
        g.scopes.Add(new Scope());
        g.scopes[0].Reals.Add(new RealVar("a", false));
        g.scopes[0].Reals.Add(new RealVar("b", false));
        string sig = $"public static ({T} p, {T} q) {name}({T} a, {T} b)";
        HelperMethod helper;
        if (Chance(0.5))
        {
            helper = new HelperMethod { Signature = sig, ExpressionBodied = true, ReturnTerms = new List<string> { g.Expr(3) }, SecondReturnTerms = new List<string> { g.Expr(2) } };
        }
        else
        {
            g.budget = 3;
            var body = new List<Node>();
            while (g.budget > 0)
            {
                body.AddRange(g.Statement());
            }

            helper = new HelperMethod { Signature = sig, Body = body, ReturnTerms = g.ReturnTerms(), SecondReturnTerms = new List<string> { g.Expr(2) } };
        }

        program.Helpers.Add(helper);
        MergeProductions(sub);

        vectorHelpers.Add(name);
    }

    /// <summary>
    /// A helper with a span parameter, <c>T S0(ReadOnlySpan&lt;T&gt; v, T a)</c>: a loop over v adding
    /// an expression of <c>v[i]</c> and <c>a</c> to <c>a</c>. F calls it with an active array or a
    /// slice of one (<see cref="SpanCall"/>).
    /// </summary>
    private void MakeSpanHelper()
    {
        string name = "S" + spanHelpers.Count;
        string M = F ? "MathF" : "Math";
        string[] terms =
        {
            "v[i] * v[i]", "a * v[i]", $"{M}.Sin(v[i] + a)", $"v[i] * {Lit(0.5)}", $"{M}.Tanh(v[i] * a)", $"(v[i] > a ? v[i] : a * {Lit(0.25)})",
        };
        string term = Pick(terms) + (Chance(0.5) ? " + " + Pick(terms) : "");
        // Now and then ReorderSums = true: its value may differ from the scalar sum's, but F (which
        // does not say it) must still return exactly its own value from every member.
        bool reorder = Chance(0.3);
        var helper = new HelperMethod
        {
            ReorderSums = reorder,
            Signature = $"public static {T} {name}(ReadOnlySpan<{T}> v, {T} a)",
            Body = new List<Node>
            {
                new($"{T} s = a;", "call.span"),
                new("for (int i = 0; i < v.Length; i++)", "call.span", new List<Node> { new($"s += {term};", "call.span") }),
            },
            ReturnTerms = new List<string> { "s" },
        };
        program.Helpers.Add(helper);
        spanHelpers.Add(name);
        if (reorder)
        {
            reorderedHelpers.Add(name);
        }
    }

    /// <summary>
    /// A helper with a span output, <c>void W0(ReadOnlySpan&lt;T&gt; v, T a, Span&lt;T&gt; o)</c>: writes
    /// an expression of <c>v[i]</c> and <c>a</c> into <c>o[i]</c> for the elements both have (the rest
    /// of o keeps what the caller passed). F calls it into a fresh local buffer (<see cref="SpanCall"/>).
    /// </summary>
    private void MakeSpanOutputHelper()
    {
        string name = "W" + spanOutputHelpers.Count;
        string M = F ? "MathF" : "Math";
        string[] terms = { "v[i] * a", $"{M}.Sin(v[i]) + a", "v[i] * v[i] - a", $"{M}.Tanh(a * v[i])" };
        bool readsOutput = Chance(0.3);
        if (readsOutput)
        {
            Use("call.span-output-reads-output");
        }

        if (!readsOutput && wholeOutputHelpers.Count > 0 && Chance(0.4))
        {
            // A wrapper passing its output on to a helper that writes it whole: whole too.
            Use("call.span-output-whole-wrapper");
            string inner = Pick(wholeOutputHelpers);
            program.Helpers.Add(new HelperMethod
            {
                Signature = $"public static void {name}(ReadOnlySpan<{T}> v, {T} a, Span<{T}> o)",
                Body = new List<Node> { new($"{inner}(v, a * {Lit(0.5)} + {Lit(1)}, o);", "call.span-output-whole-wrapper") },
                ReturnTerms = new List<string>(),
            });
            spanOutputHelpers.Add(name);
            wholeOutputHelpers.Add(name);
            return;
        }

        if (!readsOutput && Chance(0.4))
        {
            // Writes every element of o first (the rest from a), then now and then reads it back:
            // F may pass it a buffer holding values (a scratch buffer reused per iteration).
            Use("call.span-output-whole");
            var body = new List<Node>
            {
                new("for (int i = 0; i < o.Length; i++)", "call.span-output-whole", new List<Node> { new($"o[i] = i < v.Length ? {Pick(terms)} : a;", "call.span-output-whole") }),
            };
            if (Chance(0.35))
            {
                // Written whole by a Clear or a Fill, then accumulated into (call.span-output-cleared).
                Use("call.span-output-cleared");
                body = new List<Node>
                {
                    new(Chance(0.5) ? "o.Clear();" : "o.Fill(a);", "call.span-output-cleared"),
                    new("for (int i = 0; i < o.Length && i < v.Length; i++)", "call.span-output-cleared", new List<Node> { new($"o[i] += {Pick(terms)};", "call.span-output-cleared") }),
                };
            }
            else if (Chance(0.3))
            {
                // Written whole by a loop bounded by another span's length, which a guard checks
                // equal to the output's (call.span-output-guarded): v padded into t, then mapped.
                Use("call.span-output-guarded");
                body = new List<Node>
                {
                    new($"Span<{T}> t = stackalloc {T}[o.Length];", "call.span-output-guarded"),
                    new("for (int i = 0; i < t.Length && i < v.Length; i++)", "call.span-output-guarded", new List<Node> { new("t[i] = v[i];", "call.span-output-guarded") }),
                    new("if (t.Length != o.Length) throw new InvalidOperationException(\"lengths\");", "call.span-output-guarded"),
                    new("for (int i = 0; i < t.Length; i++)", "call.span-output-guarded", new List<Node> { new($"o[i] = t[i] * a + {Lit(0.5)};", "call.span-output-guarded") }),
                };
            }

            if (Chance(0.5))
            {
                body.Add(new("for (int i = 0; i < o.Length; i++)", "call.span-output-whole", new List<Node> { new($"o[i] = o[i] * {Lit(0.5)} + a;", "call.span-output-whole") }));
            }

            program.Helpers.Add(new HelperMethod { Signature = $"public static void {name}(ReadOnlySpan<{T}> v, {T} a, Span<{T}> o)", Body = body, ReturnTerms = new List<string>() });
            spanOutputHelpers.Add(name);
            wholeOutputHelpers.Add(name);
            return;
        }

        var helper = new HelperMethod
        {
            Signature = $"public static void {name}(ReadOnlySpan<{T}> v, {T} a, Span<{T}> o)",
            Body = new List<Node>
            {
                readsOutput
                    // Reads its output before writing it (an update in place, o = a·o + v): the
                    // zeros of F's fresh buffer, which its pullback must see again (stop 25).
                    ? new("for (int i = 0; i < v.Length && i < o.Length; i++)", "call.span-output-reads-output", new List<Node> { new($"o[i] = a * o[i] + {Pick(terms)};", "call.span-output-reads-output") })
                    : new("for (int i = 0; i < v.Length && i < o.Length; i++)", "call.span-output", new List<Node> { new($"o[i] = {Pick(terms)};", "call.span-output") }),
            },
            ReturnTerms = new List<string>(),
        };
        program.Helpers.Add(helper);
        spanOutputHelpers.Add(name);
    }

    /// <summary>
    /// A whole-writing span-output helper called into a buffer that holds values: in a loop of its
    /// own into one buffer allocated before it (read before the call, after it, and after the loop;
    /// now and then written by a call from data on one side of a branch), or, outside loops and now
    /// and then, a buffer written and read before the call.
    /// </summary>
    private List<Node> ReusedOutputCall(Param source)
    {
        string h = Fresh("h"), u = Fresh("v");
        string length = Chance(0.5) ? $"{source.Name}.Length" : $"{source.Name}.Length + 1";
        var nodes = new List<Node>();
        if (loopDepth == 0 && Chance(0.3))
        {
            // Written and read before the call overwrites it.
            Use("call.span-output-overwritten");
            nodes.Add(Line($"{T}[] {h} = new {T}[{length}];", "call.span-output-overwritten"));
            nodes.Add(new Node($"if ({h}.Length > 0)", "call.span-output-overwritten", new List<Node> { Line($"{h}[0] = {Expr(1)};", "call.span-output-overwritten") }));
            nodes.Add(Line($"{T} {u} = {h}.Length > 0 ? {h}[0] * {Lit(2)} : {Lit(1)};", "call.span-output-overwritten"));
            nodes.Add(Line($"{Pick(wholeOutputHelpers)}({source.Name}, {Expr(1)}, {h});", "call.span-output-overwritten"));
            nodes.Add(Line($"{u} += {h}.Length > 0 ? {h}[{h}.Length - 1] * {Expr(1)} + {h}[0] : {Lit(1)};", "call.span-output-overwritten"));
            Current.Reals.Add(new RealVar(u, true));
            return nodes;
        }

        Use("call.span-output-reused");
        nodes.Add(Line(loopDepth == 0 && Chance(0.3) ? $"Span<{T}> {h} = stackalloc {T}[{length}];" : $"{T}[] {h} = new {T}[{length}];", "call.span-output-reused"));
        nodes.Add(Line($"{T} {u} = {Lit(0)};", "call.span-output-reused"));
        string k = Fresh("k");
        var body = new List<Node>();
        if (Chance(0.4))
        {
            // The previous iteration's values (zeros at first): a recurrence through the buffer.
            body.Add(Line($"{u} += {h}.Length > 0 ? {h}[0] * {Lit(0.5)} : {Lit(0)};", "call.span-output-reused"));
        }

        string call = $"{Pick(wholeOutputHelpers)}({source.Name}, {InLoop(() => Expr(1))}, {h});";
        var data = program.Params.Where(p => !p.IsActive && p.IsRealArray).Select(p => p.Name).ToList();
        if (Chance(0.3))
        {
            // From data: a [NoDerivative] array of F, or (when F has none) a constant table.
            Use("call.span-output-reused-inactive");
            if (data.Count == 0)
            {
                string table = Fresh("tbl");
                nodes.Add(Line($"{T}[] {table} = {{ {Lit(0.5)}, {Lit(-1.25)}, {Lit(2)} }};", "call.span-output-reused-inactive"));
                data.Add(table);
            }

            body.Add(new Node($"if ({InLoop(() => Condition(1))})", "call.span-output-reused-inactive", new List<Node> { Line(call, "call.span-output-reused-inactive") }));
            body.Add(new Node("else", "call.span-output-reused-inactive", new List<Node> { Line($"{Pick(wholeOutputHelpers)}({Pick(data)}, {Lit(0.75)}, {h});", "call.span-output-reused-inactive") }));
        }
        else
        {
            body.Add(Line(call, "call.span-output-reused"));
        }

        string read = $"({h}.Length > 0 ? {h}[{h}.Length - 1] * {InLoop(() => Expr(1))} + {h}[0] : {Lit(1)})";
        body.Add(Line(Chance(0.5) ? $"{u} += {read};" : $"{u} = {u} * {Lit(0.5)} + {read};", "call.span-output-reused"));
        bool readByACall = spanHelpers.Count > 0 && Chance(0.4);
        if (readByACall)
        {
            // A span helper reads the buffer whole (its pullback reads it again in the reverse sweep).
            Use("call.span-output-reused-then-read");
            body.Add(Line($"{u} += {Pick(spanHelpers)}({h}, {InLoop(() => Expr(1))});", "call.span-output-reused-then-read"));
        }

        nodes.Add(new Node($"for (int {k} = 0; {k} < 3; {k}++)", "call.span-output-reused", body));
        if (readByACall && Chance(0.6))
        {
            // A second loop reuses the buffer after the first one's calls read it (a training sum,
            // then a validation sum): overwritten whole, or written by element.
            string k2 = Fresh("k");
            var again = new List<Node>
            {
                Chance(0.6)
                    ? Line($"{Pick(wholeOutputHelpers)}({source.Name}, {InLoop(() => Expr(1))}, {h});", "call.span-output-reused-then-read")
                    : new Node($"if ({h}.Length > 0)", "call.span-output-reused-then-read", new List<Node> { Line($"{h}[{k2} % {h}.Length] = {InLoop(() => Expr(1))};", "call.span-output-reused-then-read") }),
                Line($"{u} += {Pick(spanHelpers)}({h}, {InLoop(() => Expr(1))}) * {Lit(0.5)};", "call.span-output-reused-then-read"),
            };
            nodes.Add(new Node($"for (int {k2} = 0; {k2} < 2; {k2}++)", "call.span-output-reused-then-read", again));
        }
        else if (Chance(0.4))
        {
            nodes.Add(Line($"{u} += {h}.Length > 1 ? {h}[1] : {Lit(0)};", "call.span-output-reused"));
        }

        Current.Reals.Add(new RealVar(u, true));
        return nodes;
    }

    /// <summary>A call to a span helper with an active array of F or a slice of one (outside loops: a slice is made once).</summary>
    private List<Node>? SpanCall()
    {
        var arrays = program.Params.Where(p => p.IsActive && p.IsRealArray).ToList();
        if (arrays.Count == 0 || spanHelpers.Count == 0)
        {
            return null;
        }

        if (wholeOutputHelpers.Count > 0 && Chance(0.35))
        {
            return ReusedOutputCall(Pick(arrays));
        }

        if (spanOutputHelpers.Count > 0 && Chance(0.5))
        {
            // Into a fresh local buffer, then read: h holds the helper's outputs (and zeros past v).
            // In a loop, the buffer is allocated in the iteration (fresh at every call; no stackalloc).
            var source = Pick(arrays);
            string h = Fresh("h");
            string u = Fresh("v");
            string length = Chance(0.5) ? $"{source.Name}.Length" : $"{source.Name}.Length + 1";
            string outputProduction = loopDepth > 0 ? "call.span-output-in-loop" : "call.span-output";
            var call = new List<Node>
            {
                Line(loopDepth > 0 || Chance(0.5) ? $"{T}[] {h} = new {T}[{length}];" : $"Span<{T}> {h} = stackalloc {T}[{length}];", outputProduction),
                Line($"{Pick(spanOutputHelpers)}({source.Name}, {Expr(1)}, {h});", outputProduction),
                Line($"{T} {u} = {h}.Length > 0 ? {h}[{h}.Length - 1] * {Expr(1)} + {h}[0] : {Expr(1)};", outputProduction),
            };
            if (Chance(0.2))
            {
                // Written by a call on either side of a branch: fresh on each path.
                Use("call.span-output-either-side");
                call[1] = new Node($"if ({Condition(1)})", "call.span-output-either-side",
                    new List<Node> { Line($"{Pick(spanOutputHelpers)}({source.Name}, {Expr(1)}, {h});", "call.span-output-either-side") });
                call.Insert(2, new Node("else", "call.span-output-either-side",
                    new List<Node> { Line($"{Pick(spanOutputHelpers)}({source.Name}, {Expr(1)}, {h});", "call.span-output-either-side") }));
            }

            if (loopDepth > 0)
            {
                Use(outputProduction);
                if (Chance(0.3))
                {
                    // Sized by another buffer of the iteration, of a fixed length: the same length
                    // in every iteration, as reverse mode needs.
                    string sizer = Fresh("h");
                    call.Insert(0, Line($"{T}[] {sizer} = new {T}[{length}];", outputProduction));
                    call[1] = Line($"{T}[] {h} = new {T}[{sizer}.Length];", outputProduction);
                }
            }

            if (Chance(0.3))
            {
                // The buffer read (zeros) before the call fills it, by element and in a loop: the
                // call writes it for every pass that moves reads (finding 63).
                string before = Fresh("v"), k = Fresh("k");
                int afterAllocation = call.FindIndex(n => n.Text.Contains($" {h} = ", StringComparison.Ordinal)) + 1;
                call.Insert(afterAllocation, Line($"{T} {before} = {h}.Length > 0 ? {h}[0] + {Expr(1)} : {Lit(1)};", "call.span-output-read-before"));
                call.Insert(afterAllocation + 1, new Node($"for (int {k} = 0; {k} < {h}.Length; {k}++)", "call.span-output-read-before",
                    new List<Node> { Line($"{before} += {h}[{k}] * {Lit(0.5)};", "call.span-output-read-before") }));
                Current.Reals.Add(new RealVar(before, true));
            }

            Current.Reals.Add(new RealVar(u, true));
            return call;
        }

        if (loopDepth == 0 && Chance(0.3))
        {
            return LocalBufferSpanCall(arrays);
        }

        var data = program.Params.Where(p => p.Kind is ParamKind.DataArray or ParamKind.DataSpan).ToList();
        if (data.Count > 0 && Chance(0.25))
        {
            // Data for the parameter the helper differentiates: its tangent is zeros, its adjoint
            // dropped. Whole, or its second half (in a loop run backwards, a view the reverse
            // sweep makes again).
            Use("call.span-data");
            var d = Pick(data);
            string dataArgument = Chance(0.5)
                ? (d.Kind == ParamKind.DataSpan ? $"{d.Name}.Slice({d.Name}.Length / 2)" : $"{d.Name}.AsSpan({d.Name}.Length / 2)")
                : d.Name;
            string dv = Fresh("v");
            if (loopDepth == 0 && Chance(0.3))
            {
                // A view of the data made before a recurrence and sliced in it (a row per step): the
                // loop is run backwards, and the reverse sweep makes each row again.
                Use("call.span-data-view-in-loop");
                string view = Fresh("h"), k = Fresh("k");
                string whole = d.Kind == ParamKind.DataSpan ? $"{d.Name}.Slice({d.Name}.Length / 2)" : $"{d.Name}.AsSpan({d.Name}.Length / 2)";
                var recurrence = new List<Node>
                {
                    Line($"ReadOnlySpan<{T}> {view} = {whole};", "call.span-data-view-in-loop"),
                    Line($"{T} {dv} = {Lit(0)};", "call.span-data-view-in-loop"),
                    new Node($"for (int {k} = 0; {k} < 3; {k}++)", "call.span-data-view-in-loop", new List<Node>
                    {
                        Line($"{dv} = {dv} * {Lit(0.5)} + {Pick(spanHelpers)}({view}.Slice({k} * ({view}.Length / 4), {view}.Length / 4), {InLoop(() => Expr(1))} + {dv} * {Lit(0.25)});", "call.span-data-view-in-loop"),
                    }),
                };
                Current.Reals.Add(new RealVar(dv, true));
                return recurrence;
            }

            var dataCall = new List<Node> { Line($"{T} {dv} = {Pick(spanHelpers)}({dataArgument}, {Expr(2)});", "call.span-data") };
            Current.Reals.Add(new RealVar(dv, true));
            if (loopDepth > 0)
            {
                Use("call.in-loop");
            }

            return dataCall;
        }

        var array = Pick(arrays);
        // An array, or (outside loops, where a view is made once) its second half: Slice of a span,
        // AsSpan of an array; or one of two such chosen by a condition (c ? w0 : w1.Slice(…)).
        string Argument(Param p) => loopDepth == 0 && Chance(0.5)
            ? (p.IsSpanType ? $"{p.Name}.Slice({p.Name}.Length / 2)" : $"{p.Name}.AsSpan({p.Name}.Length / 2)")
            : p.Name;
        string argument = Argument(array);
        string production = "call.span";
        if (loopDepth == 0 && Chance(0.25))
        {
            argument = $"({Condition(1)} ? {argument} : {Argument(Pick(arrays))})";
            production = "call.span-chosen";
        }

        string v = Fresh("v");
        string callee = Pick(spanHelpers);
        var nodes = new List<Node> { Line($"{T} {v} = {callee}({argument}, {Expr(2)});", reorderedHelpers.Contains(callee) ? "call.span-reordered" : production) };
        if (production != "call.span")
        {
            Use(production);
        }

        Current.Reals.Add(new RealVar(v, true));
        if (loopDepth > 0)
        {
            Use("call.in-loop");
        }

        return nodes;
    }

    /// <summary>
    /// A local buffer (new or stackalloc, as long as an active array or one longer) filled by a loop
    /// with an expression of that array's elements, or with constants only (the rest stays zero), passed whole or as a view
    /// (its second half) to a span helper, now and then in a loop that does not write it or in one
    /// that does (before or after the call, each iteration), and read by element after the call.
    /// Nothing writes it after the call outside such a loop (that is ADG0005): the helper's pullback
    /// reads it again in the reverse sweep.
    /// </summary>
    private List<Node> LocalBufferSpanCall(List<Param> arrays)
    {
        Use("call.span-local");
        var source = Pick(arrays);
        string h = Fresh("h"), k = Fresh("k"), u = Fresh("v");
        string length = Chance(0.5) ? $"{source.Name}.Length" : $"{source.Name}.Length + 1";
        bool isArray = Chance(0.5);
        string M = F ? "MathF" : "Math";
        // Now and then constants only: the buffer holds no active value, yet the helper differentiates
        // its parameter (trial 29: its tangent and adjoint buffers were missing).
        string element = Chance(0.25)
            ? $"{Lit(0.5)} * {k}"
            : Pick(new[] { $"{source.Name}[{k}] * {source.Name}[{k}]", $"{M}.Sin({source.Name}[{k}])", $"{source.Name}[{k}] * {Lit(0.5)}" });
        string fill = element.Contains(source.Name, StringComparison.Ordinal) ? $"{element} + {InLoop(() => Expr(1))}" : element;
        string argument = Chance(0.5) ? h : isArray ? $"{h}.AsSpan({h}.Length / 2)" : $"{h}.Slice({h}.Length / 2)";
        var nodes = new List<Node>
        {
            Line(isArray ? $"{T}[] {h} = new {T}[{length}];" : $"Span<{T}> {h} = stackalloc {T}[{length}];", "call.span-local"),
            new($"for (int {k} = 0; {k} < {source.Name}.Length; {k}++)", "call.span-local",
                new List<Node> { Line($"{h}[{k}] = {fill};", "call.span-local") }),
        };
        if (Chance(0.3))
        {
            // Called in a loop that writes it, before the call, after it, or both: a sum or a
            // recurrence, the buffer's elements made from the running value (reverse mode saves the
            // buffer at the call).
            Use("call.span-local-written");
            string r2 = Fresh("k");
            string step = Chance(0.5) ? $"{u} += {{0}};" : $"{u} = {u} * {Lit(0.5)} + {{0}};";
            var body = new List<Node>();
            bool before = Chance(0.6), after = !before || Chance(0.5);
            if (before && Chance(0.5))
            {
                // Written whole before the call (a per-sample buffer: scratch of a sum's iterations
                // when nothing writes it after the call, recomputed instead of saved).
                Use("call.span-local-scratch");
                string j = Fresh("k");
                body.Add(new Node($"for (int {j} = 0; {j} < {h}.Length; {j}++)", "call.span-local-scratch",
                    new List<Node> { Line($"{h}[{j}] = {M}.Sin(({j} < {source.Name}.Length ? {source.Name}[{j}] : {Lit(0.5)}) * {Lit(0.5)} + {r2}) + {InLoop(() => Expr(1))};", "call.span-local-scratch") }));
            }
            else if (before)
            {
                body.Add(new Node($"if ({h}.Length > 0)", "call.span-local-written",
                    new List<Node> { Line($"{h}[{r2} % {h}.Length] = {M}.Sin({u}) + {InLoop(() => Expr(1))};", "call.span-local-written") }));
            }

            body.Add(Line(string.Format(step, $"{Pick(spanHelpers)}({h}, {InLoop(() => Expr(1))})"), "call.span-local-written"));
            if (spanOutputHelpers.Count > 0 && Chance(0.4))
            {
                // A span-output helper reading the buffer, into a buffer allocated in the iteration,
                // and now and then the buffer rewritten from its output: a recurrence through an
                // output, whose input reverse mode saves at the call.
                Use("call.span-output-in-loop");
                string o = Fresh("h"), j = Fresh("k");
                body.Add(Line($"{T}[] {o} = new {T}[{h}.Length];", "call.span-output-in-loop"));
                body.Add(Line($"{Pick(spanOutputHelpers)}({h}, {InLoop(() => Expr(1))}, {o});", "call.span-output-in-loop"));
                body.Add(Line($"{u} += {o}.Length > 0 ? {o}[{o}.Length - 1] * {Lit(0.5)} + {o}[0] : {Lit(1)};", "call.span-output-in-loop"));
                if (Chance(0.5))
                {
                    body.Add(new Node($"for (int {j} = 0; {j} < {h}.Length; {j}++)", "call.span-output-in-loop",
                        new List<Node> { Line($"{h}[{j}] = {o}[{j}] * {Lit(0.5)} + {h}[{j}] * {Lit(0.25)};", "call.span-output-in-loop") }));
                }
            }

            if (after)
            {
                body.Add(new Node($"if ({h}.Length > 1)", "call.span-local-written",
                    new List<Node> { Line($"{h}[({r2} + 1) % {h}.Length] = {u} * {Lit(0.5)};", "call.span-local-written") }));
            }

            nodes.Add(Line($"{T} {u} = {Lit(0)};", "call.span-local-written"));
            nodes.Add(new Node($"for (int {r2} = 0; {r2} < 3; {r2}++)", "call.span-local-written", body));
        }
        else if (Chance(0.3))
        {
            // Called in a loop that does not write it (the whole buffer: no view is made in a loop).
            string r2 = Fresh("k");
            nodes.Add(Line($"{T} {u} = {Lit(0)};", "call.span-local"));
            nodes.Add(new Node($"for (int {r2} = 0; {r2} < 2; {r2}++)", "call.span-local",
                new List<Node> { Line($"{u} += {Pick(spanHelpers)}({h}, {InLoop(() => Expr(1))});", "call.span-local") }));
        }
        else
        {
            nodes.Add(Line($"{T} {u} = {Pick(spanHelpers)}({argument}, {Expr(1)});", "call.span-local"));
        }

        if (Chance(0.5))
        {
            nodes.Add(Line($"{u} += {h}.Length > 0 ? {h}[{h}.Length - 1] * {Expr(1)} : {Lit(1)};", "call.span-local"));
        }

        Current.Reals.Add(new RealVar(u, true));
        return nodes;
    }

    /// <summary>
    /// A call to a vector-valued helper: deconstructed, held in a tuple local, one element read off
    /// the call, an inactive argument with an element discarded, the result dropped, or carried
    /// through a loop.
    /// </summary>
    private List<Node> VectorCall()
    {
        string h = Pick(vectorHelpers);
        string v = Fresh("v");
        var nodes = new List<Node>();
        switch (r.Next(6))
        {
            case 0:
            {
                string u = Fresh("v");
                nodes.Add(Line($"var ({u}, {v}) = {h}({Expr(2)}, {Expr(2)});", "call.vector"));
                Current.Reals.Add(new RealVar(u, true));
                break;
            }

            case 1:
            {
                string t = Fresh("t");
                nodes.Add(Line($"({T} p, {T} q) {t} = {h}({Expr(2)}, {Expr(1)});", "call.vector"));
                nodes.Add(Line($"{T} {v} = {t}.p * {SmallLit()} + {t}.Item2;", "call.vector"));
                break;
            }

            case 2:
                nodes.Add(Line($"{T} {v} = {h}({Expr(2)}, {Expr(2)}).{Pick(new[] { "Item1", "q", "p", "Item2" })};", "call.vector"));
                break;
            case 3:
                nodes.Add(Line($"var ({v}, _) = {h}({Expr(2)}, {SmallLit()});", "call.vector"));
                break;
            case 4 when Has("Loops") && blockDepth + loopDepth < 3:
                nodes.Add(Line($"{T} {v} = {Expr(1)};", "local.decl"));
                nodes.Add(LoopWith(new List<Node>
                {
                    Line($"({v}, _) = {h}({v} * {Lit(0.5)}, {InLoop(() => Expr(1))});", "call.vector"),
                }));
                break;
            default:
                nodes.Add(Line($"{h}({Expr(2)}, {Expr(1)});", "call.vector"));
                nodes.Add(Line($"{T} {v} = {Expr(1)};", "local.decl"));
                break;
        }

        Current.Reals.Add(new RealVar(v, true));
        if (loopDepth > 0)
        {
            Use("call.in-loop");
        }

        return nodes;
    }

    // ---------------------------------------------------------------- helpers

    private bool Chance(double p) => r.NextDouble() < p;

    private T1 Pick<T1>(IReadOnlyList<T1> items) => items[r.Next(items.Count)];

    private void Use(string production)
    {
        if (!Productions.ByName.ContainsKey(production))
        {
            throw new InvalidOperationException("unknown production " + production);
        }

        program.Productions[production] = program.Productions.TryGetValue(production, out int c) ? c + 1 : 1;
    }

    private string Fresh(string prefix) => prefix + (++names).ToString(CultureInfo.InvariantCulture);

    private string Lit(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        if (!s.Contains('.') && !s.Contains('E'))
        {
            s += ".0";
        }

        return F ? s + "f" : s;
    }

    private string SmallLit() => Lit(Pick(new[] { 0.5, 1.5, 2.0, 0.25, 3.0, 0.75, 1.25, 0.1 }));

    private IEnumerable<Scope> Visible => scopes;

    private List<RealVar> Reals => Visible.SelectMany(s => s.Reals).ToList();

    private List<RealVar> WritableReals => Reals.Where(v => v.Writable).ToList();

    private List<IntVar> Ints => Visible.SelectMany(s => s.Ints).ToList();

    private List<Counter> Counters => Visible.SelectMany(s => s.Counters).ToList();

    private List<Buf> Bufs => Visible.SelectMany(s => s.Bufs).ToList();

    private Scope Current => scopes[^1];

    private string? ArrayParam => program.Params.FirstOrDefault(p => p.IsRealArray)?.Name;

    private bool Has(string area) => areas.Contains(area);

    /// <summary>The C# expression of a symbolic length.</summary>
    private string LenExpr(Len len) => len.Sym switch
    {
        "L" => ArrayParam + ".Length" + Offset(len.Off),
        "n" => "n" + Offset(len.Off),
        _ => len.Off.ToString(CultureInfo.InvariantCulture),
    };

    private static string Offset(int off) => off == 0 ? "" : off > 0 ? " + " + off : " - " + (-off);

    /// <summary>A symbolic trip count for a loop: the arrays' length, n, or a constant.</summary>
    private Len TripCount()
    {
        if (ArrayParam is not null && Chance(0.6))
        {
            return new Len("L", 0);
        }

        return Chance(0.4) && !isHelper ? new Len("n", 0) : new Len("", r.Next(1, 5));
    }

    private static bool Fits(Len range, Len buffer)
        => range.Sym == buffer.Sym ? range.Off <= buffer.Off : range.Sym == "" && buffer.Sym == "" && range.Off <= buffer.Off;

    // ---------------------------------------------------------------- integer expressions

    /// <summary>A non-negative int expression (can be large; callers take it modulo a length).</summary>
    private string IntExpr(int depth = 1)
    {
        var atoms = new List<string> { r.Next(0, 6).ToString(CultureInfo.InvariantCulture) };
        if (!isHelper)
        {
            atoms.Add("n");
        }

        atoms.AddRange(Ints.Select(i => i.Name));
        atoms.AddRange(Counters.Select(c => c.Index));
        atoms.AddRange(Bufs.Select(b => b.Name + ".Length"));
        string a = Pick(atoms);
        if (depth <= 0 || Chance(0.5))
        {
            return a;
        }

        if (Has("Integers") && Chance(0.3))
        {
            if (Chance(0.5))
            {
                Use("int.checked");
                return $"checked({a} * {r.Next(2, 4)} + {IntExpr(depth - 1)})";
            }

            Use("int.unchecked");
            return $"(unchecked({a} * 1500000007 + 11) & 0x7FFF)";
        }

        return Chance(0.5) ? $"({a} + {IntExpr(depth - 1)})" : $"({a} * {r.Next(2, 4)} + 1)";
    }

    private string Index(Buf b)
    {
        var fitting = Counters.Where(c => Fits(c.Range, b.Length)).ToList();
        if (fitting.Count > 0 && Chance(0.6))
        {
            var c = Pick(fitting);
            // A counter over [0, L) also indexes a buffer of length L + 1 one further on.
            return Fits(new Len(c.Range.Sym, c.Range.Off + 1), b.Length) && Chance(0.3) ? c.Index + " + 1" : c.Index;
        }

        if (b.Length.ConstMin >= 1 && Chance(0.5))
        {
            return r.Next(b.Length.ConstMin).ToString(CultureInfo.InvariantCulture);
        }

        Use("buffer.read");
        return $"{IntExpr()} % {b.Name}.Length";
    }

    // ---------------------------------------------------------------- real expressions

    private string Atom()
    {
        int choice = r.Next(10);
        var bufs = Bufs;
        if (choice < 3 && bufs.Count > 0)
        {
            var b = Pick(bufs);
            if (!b.Writable)
            {
                Use("buffer.read");
            }

            return $"{b.Name}[{Index(b)}]";
        }

        if (choice == 3 && Counters.Count > 0)
        {
            Use("expr.int-literal");
            return $"({Pick(Counters).Index} * {SmallLit()})";
        }

        if (choice == 4)
        {
            return SmallLit();
        }

        var reals = Reals;
        return reals.Count > 0 ? Pick(reals).Name : SmallLit();
    }

    /// <summary>An expression of the program's real type.</summary>
    private string Expr(int depth)
    {
        if (depth <= 0 || Chance(0.2))
        {
            return Atom();
        }

        int d = depth - 1;
        switch (r.Next(22))
        {
            case 0:
            case 1:
            case 2:
                Use("expr.arith");
                return $"({Expr(d)} {Pick(new[] { "+", "-", "*", "+", "*" })} {Expr(d)})";
            case 3:
                Use("expr.arith");
                return $"({Expr(d)} / ({Lit(2)} + {M()}.Cos({Expr(d)})))";
            case 4:
                Use("expr.arith");
                return Chance(0.5) ? $"(-{Expr(d)})" : $"({Expr(d)} % {SmallLit()})";
            case 5:
            case 6:
            case 7:
            case 8:
                return Function(d);
            case 9:
                if (Has("Branches") || Has("Switch") || Chance(0.3))
                {
                    Use("expr.conditional");
                    return $"({Condition(d)} ? {Expr(d)} : {Expr(d)})";
                }

                return Function(d);
            case 10:
                Use("expr.cast");
                return F ? $"(float)Math.{Pick(new[] { "Sin", "Exp", "Tanh" })}((double){Expr(d)} * 0.5)" : $"(double)(float){Expr(d)}";
            case 11:
                Use("expr.zero-derivative");
                return ZeroDerivative(d);
            case 12:
                if (Has("Switch"))
                {
                    return SwitchExpression(d);
                }

                return Function(d);
            case 13:
                if (Has("Calls") && helpers.Count > 0)
                {
                    return Call(d);
                }

                return Function(d);
            case 14:
                if (Has("Calls") && !isHelper)
                {
                    if (Chance(0.3))
                    {
                        Use("call.random");
                        return $"({T})FuzzLog.Rng.NextDouble()";
                    }

                    if (Chance(0.1))
                    {
                        // A switch on a record's properties (FuzzLog.Options, which Raise changes),
                        // a property tested in several arms (stop 25).
                        Use("pattern.record-switch");
                        return $"(FuzzLog.Options switch {{ {{ Mode: 0 }} => {Expr(d + 1)}, {{ Mode: 1, Scale: > {Lit(0.6)} }} => {Expr(d + 1)}, {{ Scale: < {Lit(0.7)} }} => {Expr(d + 1)}, _ => {Expr(d + 1)} }})";
                    }

                    if (Chance(0.12))
                    {
                        // A number formatted in the current culture, which FuzzLog.SwapCulture()
                        // statements change ("1.5" and "1,5"): two equal strings around one differ.
                        Use("expr.culture-format");
                        string formatted = Chance(0.5) ? "$\"{1.5:F1}\"" : "(\"v\" + 1.5)";
                        return $"({formatted}.Contains('.') ? {Expr(d + 1)} : {Expr(d + 1)})";
                    }

                    if (Chance(0.25))
                    {
                        // A property whose getter ticks, or a static field that FuzzLog.Raise(k) statements
                        // change: read where the method reads them, once per read.
                        Use("expr.mutable-member");
                        return Chance(0.5) ? $"({T})FuzzLog.Counted" : $"({T})FuzzLog.Level";
                    }

                    Use("call.inactive-effect");
                    return $"({T})FuzzLog.Tick({r.Next(1, 9)})";
                }

                return Atom();
            case 15:
                if (WritableReals.Count > 0 && Chance(0.6))
                {
                    Use("local.incdec");
                    string v = Pick(WritableReals).Name;
                    return Pick(new[] { $"({v}++)", $"(++{v})", $"({v}--)", $"(--{v})" });
                }

                var wb = Bufs.Where(b => b.Writable).ToList();
                if (Has("Buffers") && wb.Count > 0)
                {
                    Use("buffer.incdec");
                    var b = Pick(wb);
                    string e = $"{b.Name}[{Index(b)}]";
                    return Pick(new[] { $"({e}++)", $"(++{e})", $"({e}--)", $"(--{e})" });
                }

                return Atom();
            case 16:
                Use("expr.int-literal");
                return $"({r.Next(2, 4)} * {Expr(d)})";
            case 17:
                if (Has("Spans") && !isHelper)
                {
                    string? s = DirectSlice();
                    if (s is not null)
                    {
                        return s;
                    }
                }

                return Atom();
            case 18:
                if (Has("Integers") && !isHelper)
                {
                    return ConstantConversion(d);
                }

                return Function(d);
            default:
                return Function(d);
        }
    }

    private string ConstantConversion(int d)
    {
        switch (r.Next(4))
        {
            case 0:
                Use("const.long");
                EnsureMember("const long Big = 9007199254740993L;");
                return Chance(0.5) ? $"(({T})(Big - 9007199254740992L) * {Expr(d)})" : $"({T})(Big % 1000L)";
            case 1:
                Use("const.long");
                EnsureMember("const ulong UBig = 18446744073709551615UL;");
                return Chance(0.5) ? $"({T})(UBig % 1000UL)" : $"(({T})(UBig >> 62) * {Expr(d)})";
            case 2:
                Use("const.decimal");
                EnsureMember("const decimal Dec = 0.1m;");
                return Chance(0.5) ? $"(({T})(Dec * 3m) * {Expr(d)})" : $"({T})(1m / 3m + Dec)";
            default:
                Use("const.float");
                EnsureMember("const float Fl = 0.1f;");
                return F ? $"({Expr(d)} * Fl)" : $"({Expr(d)} * Fl + (double)0.3f)";
        }
    }

    private void EnsureMember(string member)
    {
        if (!program.ClassMembers.Contains(member))
        {
            program.ClassMembers.Add(member);
        }
    }

    private string Bounded(int d)
    {
        string m = M();
        string f = Pick(new[] { "Sin", "Cos", "Tanh", "Atan" });
        return $"{m}.{f}({Expr(d)})";
    }

    private string Function(int d)
    {
        string m = M();
        string clamp = F ? (Chance(0.5) ? "Math" : "float") : m;
        switch (r.Next(29))
        {
            case 26:
            case 27:
            case 28:
                return Surface(d);
            case 0: return $"{m}.Sin({Expr(d)})";
            case 1: return $"{m}.Cos({Expr(d)})";
            case 2: return $"{m}.Tan({m}.Sin({Expr(d)}))";
            case 3: return Chance(0.5) ? $"{m}.Asin({m}.Tanh({Expr(d)}))" : $"{m}.Asin({Lit(0.9)} * {Bounded(d)})";
            case 4: return $"{m}.Acos({Lit(0.9)} * {m}.Tanh({Expr(d)}))";
            case 5: return $"{m}.Atan({Expr(d)})";
            case 6: return $"{m}.Atan2({Expr(d)}, {Expr(d)})";
            case 7: return $"{m}.Sinh({Bounded(d)})";
            case 8: return $"{m}.Cosh({Bounded(d)})";
            case 9: return $"{m}.Tanh({Expr(d)})";
            case 10: return $"{m}.Exp({Bounded(d)})";
            case 11: return $"{m}.Log({Lit(1.5)} + {m}.Cos({Expr(d)}))";
            case 12: return $"{m}.Log({Lit(2)} + {Bounded(d)}, {Lit(3)} + {m}.Sin({Expr(d)}))";
            case 13: return $"{m}.Log10({Lit(1.5)} + {Bounded(d)})";
            case 14: return $"{m}.Log2({Lit(1.25)} + {m}.Sin({Expr(d)}))";
            case 15: return $"{m}.Sqrt({Lit(1.5)} + {Bounded(d)})";
            case 16: return $"{m}.Cbrt({Expr(d)})";
            case 17:
                return r.Next(3) switch
                {
                    0 => $"{m}.Pow({Lit(1.5)} + {m}.Sin({Expr(d)}), {Bounded(d)})",
                    1 => $"{m}.Pow({Expr(d)}, {Lit(2)})",
                    _ => $"{m}.Pow({Expr(d)}, 3)",
                };
            case 18: return $"{m}.Abs({Expr(d)})";
            case 19: return $"{m}.Max({Expr(d)}, {Expr(d)})";
            case 20: return $"{m}.Min({Expr(d)}, {Expr(d)})";
            case 21:
                return r.Next(3) switch
                {
                    0 => $"{clamp}.Clamp({Expr(d)}, {Lit(-1)}, {Lit(1)})",
                    1 => $"{clamp}.Clamp({Expr(d)}, {Lit(-1.5)}, {Lit(0.5)} + {m}.Exp({Bounded(d)}))",
                    _ => $"{clamp}.Clamp({Expr(d)}, {Lit(-0.5)} - {m}.Exp({Bounded(d)}), {Lit(2)})",
                };
            case 22: return $"{m}.FusedMultiplyAdd({Expr(d)}, {Expr(d)}, {Expr(d)})";
            default:
                return $"{m}.{Pick(new[] { "Sin", "Cos", "Tanh", "Atan", "Exp" })}({(Chance(0.5) ? Expr(d) : Bounded(d))})";
        }
    }

    /// <summary>
    /// The rest of the function table (the generic-math surface), with domain guards like
    /// <see cref="Function"/>: Math/MathF where they have the function, double/float otherwise.
    /// Not drawn: the two estimates (ReciprocalEstimate, ReciprocalSqrtEstimate), a 14-bit
    /// hardware estimate is a staircase at the finite-difference step, so the oracle says nothing.
    /// </summary>
    private string Surface(int d)
    {
        Use("expr.math-surface");
        string m = F ? "MathF" : "Math";
        string t = T;
        string both = Chance(0.5) ? m : t;
        return r.Next(25) switch
        {
            0 => $"{both}.Asinh({Expr(d)})",
            1 => $"{both}.Acosh({Lit(1.25)} + {Expr(d)} * {Expr(d)})",
            2 => $"{both}.Atanh({Lit(0.9)} * {m}.Tanh({Expr(d)}))",
            3 => $"{t}.SinPi({Expr(d)})",
            4 => $"{t}.CosPi({Expr(d)})",
            5 => $"{t}.TanPi({Lit(0.4)} * {m}.Tanh({Expr(d)}))",
            6 => $"{t}.AsinPi({Lit(0.9)} * {m}.Tanh({Expr(d)}))",
            7 => $"{t}.AcosPi({Lit(0.9)} * {m}.Tanh({Expr(d)}))",
            8 => $"{t}.AtanPi({Expr(d)})",
            9 => $"{t}.Atan2Pi({Expr(d)}, {Expr(d)})",
            10 => Chance(0.5) ? $"{t}.DegreesToRadians({Expr(d)})" : $"{t}.RadiansToDegrees({Expr(d)})",
            11 => $"{t}.{Pick(new[] { "Exp2", "Exp10", "ExpM1", "Exp2M1", "Exp10M1" })}({Bounded(d)})",
            12 => $"{t}.{Pick(new[] { "LogP1", "Log2P1", "Log10P1" })}({Lit(0.5)} + {m}.Cos({Expr(d)}))",
            13 => $"{t}.Hypot({Expr(d)}, {Expr(d)})",
            14 => Chance(0.5) ? $"{t}.RootN({Expr(d)}, 3)" : $"{t}.RootN({Lit(2)} + {Bounded(d)}, {Pick(new[] { "2", "4", "-2" })})",
            15 => $"{both}.CopySign({Expr(d)}, {Expr(d)})",
            16 => Chance(0.5) ? $"{m}.IEEERemainder({Expr(d)}, {Lit(2)} + {m}.Sin({Expr(d)}))" : $"{t}.Ieee754Remainder({Expr(d)}, {Lit(2)} + {m}.Sin({Expr(d)}))",
            17 => $"{t}.Lerp({Expr(d)}, {Expr(d)}, {Expr(d)})",
            18 => $"{both}.{Pick(new[] { "MaxMagnitude", "MinMagnitude" })}({Expr(d)}, {Expr(d)})",
            19 => $"{t}.{Pick(new[] { "MaxMagnitudeNumber", "MinMagnitudeNumber", "MaxNumber", "MinNumber", "MaxNative", "MinNative" })}({Expr(d)}, {Expr(d)})",
            20 => $"{t}.ClampNative({Expr(d)}, {Lit(-1)}, {Lit(1)})",
            21 => $"{t}.MultiplyAddEstimate({Expr(d)}, {Expr(d)}, {Expr(d)})",
            22 => $"{both}.ScaleB({Expr(d)}, {Pick(new[] { "2", "-1" })})",
            23 => $"{both}.SinCos({Expr(d)}).{Pick(new[] { "Sin", "Cos", "Item1", "Item2" })}",
            _ => $"{t}.SinCosPi({Expr(d)}).{Pick(new[] { "SinPi", "CosPi" })}",
        };
    }

    private string ZeroDerivative(int d)
    {
        string m = F ? "MathF" : "Math";
        return r.Next(8) switch
        {
            // Kept off 0, where ILogB is int.MinValue: a term of 4e9 that cancels in the adjoint
            // leaves rounding noise of 1e-7, which the pullback identity rightly flags.
            7 => $"({T}){m}.ILogB({Lit(1.5)} + {m}.Abs({Expr(d)}))",
            0 => $"{m}.Floor({Expr(d)})",
            1 => $"{m}.Ceiling({Expr(d)})",
            2 => $"{m}.Round({Expr(d)})",
            3 => $"{m}.Truncate({Expr(d)})",
            4 => $"({T}){m}.Sign({Expr(d)})",
            5 => $"({T})(int){Expr(d)}",
            _ => $"({T})(long)({Expr(d)} * {Lit(3)})",
        };
    }

    private string Condition(int depth)
    {
        int d = Math.Max(0, depth - 1);
        switch (r.Next(12))
        {
            case 0:
            case 1:
            case 2:
                return $"{Expr(d)} {Pick(new[] { "<", ">", "<=", ">=" })} {Expr(d)}";
            case 3:
                return $"{Expr(d)} > {SmallLit()}";
            case 4:
                return depth > 0 ? $"!({Condition(d)})" : $"{Expr(d)} < {Lit(0)}";
            case 5:
                return depth > 0 ? $"({Condition(d)} {Pick(new[] { "&&", "||" })} {Condition(d)})" : $"{Expr(d)} != {Lit(1)}";
            case 6:
                return $"{T}.IsNaN({Expr(d)})";
            case 7:
                return $"{IntExpr()} % 2 == 0";
            case 8:
                if (Has("Switch"))
                {
                    return IsPattern(d);
                }

                return $"{Expr(d)} >= {Expr(d)}";
            case 9:
            case 10:
                if (Has("Conditions"))
                {
                    Use("cond.shortcircuit");
                    var wr = WritableReals;
                    var wi = Ints.Where(i => i.Writable).ToList();
                    string op = Pick(new[] { "&&", "||" });
                    if (wr.Count > 0 && (wi.Count == 0 || Chance(0.5)))
                    {
                        return $"({Expr(d)} > {Lit(0)} {op} ({Pick(wr).Name} = {Expr(d)}) > {SmallLit()})";
                    }

                    if (wi.Count > 0)
                    {
                        return $"({Expr(d)} < {Lit(1)} {op} {Pick(wi).Name}++ > 1)";
                    }
                }

                return $"{Expr(d)} < {Expr(d)}";
            default:
                return $"{Expr(d)} < {SmallLit()}";
        }
    }

    private string IsPattern(int d)
    {
        if (Chance(0.5) || isHelper)
        {
            Use("pattern.is-active");
            return r.Next(4) switch
            {
                0 => $"{Expr(d)} is > {Lit(0.5)} and < {Lit(2)}",
                1 => $"{Expr(d)} is {T}.NaN",
                2 => $"{Expr(d)} is not < {Lit(0)}",
                _ => $"{Expr(d)} is < {Lit(-1)} or > {Lit(1)}",
            };
        }

        var arrays = program.Params.Where(p => p.IsRealArray).ToList();
        if (arrays.Count > 0 && Chance(0.3))
        {
            // Property and list patterns on an array or span parameter, active or data: its length,
            // elements from the start and from the end, only where the length allows.
            Use("pattern.property-list");
            string a = Pick(arrays).Name;
            return r.Next(4) switch
            {
                0 => $"{a} is {{ Length: > {r.Next(0, 4)} }}",
                1 => $"{a} is [_, > {Lit(0.5)}, ..]",
                2 => $"{a} is [.., < {Lit(1)}]",
                _ => $"{a} is [> {Lit(-1)}, .., not {T}.NaN]",
            };
        }

        Use("pattern.is-inactive");
        var data = program.Params.FirstOrDefault(p => p.Kind == ParamKind.DataScalar);
        return r.Next(3) switch
        {
            0 => "n is 2 or 3",
            1 when data is not null => $"{data.Name} is > {Lit(0)}",
            _ => $"({IntExpr()}) is >= 1 and <= 4",
        };
    }

    /// <summary>The ordered pattern list of a switch on a real subject; no pattern is subsumed by the ones before it.</summary>
    private List<string> RealPatterns()
    {
        var all = new List<string>
        {
            $"{T}.NaN",
            $"< {Lit(0)}",
            $"{Lit(0.5)} or {Lit(1.5)}",
            $"> {Lit(1)} and < {Lit(2)}",
            $"not > {Lit(3)} when {Guard()}",
        };
        var chosen = all.Where(_ => Chance(0.6)).ToList();
        if (chosen.Contains(all[0]))
        {
            Use("switch.nan");
        }

        return chosen;
    }

    private List<string> IntPatterns()
    {
        var all = new List<string> { "0", "1 or 2", "> 2 and < 5", $"not 3 when {Guard()}" };
        return all.Where(_ => Chance(0.6)).ToList();
    }

    /// <summary>A when clause that is never a constant (a constant-true guard can make later arms unreachable: CS8510).</summary>
    private string Guard()
    {
        string p = program.Params.First(p => p.IsRealScalar).Name;
        return $"{Condition(0)} && {p} != {Lit(12345)}";
    }

    private string SwitchExpression(int d)
    {
        Use("switch.expression");
        var guardBuf = Bufs.Where(b => b.Length.ConstMin >= 1).ToList();
        if (guardBuf.Count > 0 && Chance(0.25) && !isHelper)
        {
            Use("switch.when-buffer");
            var b = Pick(guardBuf);
            // The index is only in range when the pattern matched.
            string q = Fresh("q");
            return $"(({IntExpr()} + n) switch {{ var {q} when {q} < {b.Length.ConstMin} && {b.Name}[{q}] > {Lit(0)} => {Expr(d)}, < {b.Length.ConstMin} when {b.Name}[0] < {Lit(1)} => {Expr(d)}, _ => {Expr(d)} }})";
        }

        bool real = Chance(0.6) || isHelper;
        var patterns = real ? RealPatterns() : IntPatterns();
        string subject = real ? RealSubject(d) : $"(({IntExpr()} + n) % 6)";
        var arms = patterns.Select(p => $"{p} => {Expr(d)}").ToList();
        if (patterns.Count > 0 && Chance(0.15))
        {
            // No discard arm: F throws SwitchExpressionException where no arm matches, and so must every member.
            Use("switch.no-discard");
        }
        else
        {
            arms.Add($"_ => {Expr(d)}");
        }

        return $"({subject} switch {{ {string.Join(", ", arms)} }})";
    }

    /// <summary>A subject that is never a compile-time constant (a constant subject makes arms unreachable: CS8510).</summary>
    private string RealSubject(int d)
    {
        var reals = Reals.Where(v => program.Params.Any(p => p.Name == v.Name) || v.Writable).ToList();
        string e = Expr(d);
        return reals.Count == 0 ? $"({e})" : $"({e} + {Pick(reals).Name})";
    }

    private string Call(int d)
    {
        if (recursiveHelpers.Count > 0 && Chance(0.5))
        {
            return RecursiveCall(d);
        }

        if (Chance(0.15))
        {
            return CrossAssemblyCall(d);
        }

        var h = Pick(helpers);
        Use("call.differentiable");
        if (loopDepth > 0)
        {
            Use("call.in-loop");
        }

        if (h.ReadsState)
        {
            // A FuzzLog.Raise statement after it (or in a loop around it) is reported at the call.
            Use("call.reads-state");
            return "/*may-diagnose*/ " + HelperCall(h, d);
        }

        return HelperCall(h, d);
    }

    private string HelperCall(Helper h, int d)
    {
        string a = Expr(d), b = Expr(d);
        if (h.HasData)
        {
            string c;
            if (Chance(0.25) && !isHelper)
            {
                Use("call.noderiv-active");
                c = "/*may-diagnose*/ " + Pick(Reals.Where(v => program.Params.Any(p => p.Name == v.Name && p.IsActive)).Select(v => v.Name).DefaultIfEmpty(Expr(d)).ToList());
            }
            else
            {
                c = program.Params.FirstOrDefault(p => p.Kind == ParamKind.DataScalar)?.Name ?? SmallLit();
            }

            if (Chance(0.3))
            {
                Use("call.optional");
                return $"{h.Name}({a}, {c})";
            }

            if (Chance(0.4) && Has("Calls"))
            {
                Use("call.named-args");
                return $"{h.Name}(b: {b} * ({T})FuzzLog.Tick(1), c: {c}, a: {a} + ({T})FuzzLog.Tick(2))";
            }

            return $"{h.Name}({a}, {c}, {b})";
        }

        if (h.HasOptional && Chance(0.4))
        {
            Use("call.optional");
            return $"{h.Name}({a})";
        }

        if (Chance(0.4))
        {
            Use("call.named-args");
            Use("call.inactive-effect");
            return $"{h.Name}(b: {b} + ({T})FuzzLog.Tick(3), a: {a} * ({T})FuzzLog.Tick(4))";
        }

        return $"{h.Name}({a}, {b})";
    }

    /// <summary>
    /// <c>w.Slice(1)[i]</c> on an active span, or <c>((ReadOnlySpan&lt;T&gt;)a)[i]</c> on an array (top level:
    /// a view of an active array made in a loop is reported).
    /// </summary>
    private string? DirectSlice()
    {
        var arrays = Bufs.Where(b => !b.IsSpanType && (!b.Active || blockDepth == 0 && loopDepth == 0)).ToList();
        if (arrays.Count > 0 && Chance(0.3))
        {
            // Finding 60: a cast to a span indexed in place.
            var a = Pick(arrays);
            Use("span.cast-index");
            string span = Chance(0.5) ? "ReadOnlySpan" : "Span";
            return $"(({span}<{T}>){a.Name})[{Index(a)}]";
        }

        var spans = Bufs.Where(b => b.IsSpanType && (!b.Active || blockDepth == 0 && loopDepth == 0)).ToList();
        if (spans.Count == 0)
        {
            return null;
        }

        var s = Pick(spans);
        Use("span.slice-direct");
        if (!s.Active && loopDepth > 0)
        {
            Use("span.inactive-slice-loop");
        }

        var sliced = new Buf(s.Name + ".Slice(1)", new Len(s.Length.Sym, s.Length.Off - 1), false, true, s.Active);
        return $"{s.Name}.Slice(1)[{Index(sliced).Replace(sliced.Name + ".Length", "(" + s.Name + ".Length - 1)")}]";
    }

    // ---------------------------------------------------------------- statements

    private Node Line(string text, string production)
    {
        Use(production);
        return new Node(text, production);
    }

    private List<Node> Block(int size)
    {
        scopes.Add(new Scope());
        blockDepth++;
        int saved = budget;
        budget = size;
        var list = new List<Node>();
        while (budget > 0)
        {
            list.AddRange(Statement());
        }

        budget = saved;
        blockDepth--;
        scopes.RemoveAt(scopes.Count - 1);
        return list;
    }

    private int SubSize() => Math.Max(1, Math.Min(budget, r.Next(1, blockDepth + loopDepth == 0 ? 4 : 3)));

    private List<Node> Statement()
    {
        budget--;
        bool nested = blockDepth + loopDepth < 3;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            List<Node>? result = r.Next(33) switch
            {
                30 when Has("Buffers") => ConstantTable(),
                31 when Has("Loops") && nested && !isHelper => ForEachData(),
                32 when Has("Branches") && !isHelper => ArgumentGuard(),
                0 or 1 or 2 => Declare(),
                3 or 4 => Reassign(),
                5 => IncDec(),
                6 or 7 when Has("Branches") && nested => If(),
                8 when Has("Branches") && nested && Chance(0.5) => EarlyReturn(),
                9 when Has("Branches") && !isHelper => Throw(),
                10 or 11 when Has("Switch") && nested => SwitchStatement(),
                12 or 13 when Has("Tuples") => Tuple(),
                14 or 15 when Has("Buffers") && !isHelper => BufferStatement(),
                16 when Has("Spans") && !isHelper => SpanStatement(),
                17 or 18 or 19 or 20 when Has("Loops") && nested => Loop(),
                21 when Has("Conditions") && nested => ConditionLoop(),
                22 when Has("Integers") && !isHelper => IntegerStatement(),
                23 when Has("Calls") && !isHelper => r.Next(10) switch
                {
                    < 3 => One(Chance(0.8) ? Line($"FuzzLog.Raise({r.Next(1, 5)});", "expr.mutable-member") : Line("FuzzLog.SwapCulture();", "expr.culture-format")),
                    < 5 => One(Line($"_ = ({IntExpr()}).ToString(System.Globalization.CultureInfo.InvariantCulture) + ({Expr(1)}).ToString(\"F2\", System.Globalization.CultureInfo.InvariantCulture) + string.Concat(\"a\", \"b\").Substring(1);", "call.log-plain")),
                    _ => One(Line($"FuzzLog.Tick({r.Next(1, 9)});", "branch.stmt-call")),
                },
                26 or 27 when Has("Calls") && !isHelper && vectorHelpers.Count > 0 => VectorCall(),
                28 or 29 when Has("Calls") && !isHelper && spanHelpers.Count > 0 => SpanCall(),
                24 when loopDepth > 0 && nested => LoopControl(),
                25 when Has("Expressions") => ConstDecl(),
                _ => null,
            };
            if (result is not null)
            {
                return result;
            }
        }

        return Declare();
    }

    private List<Node> One(Node n) => new() { n };

    /// <summary>Generates text that runs inside a loop (a loop header's condition or step) as loop code.</summary>
    private string InLoop(Func<string> make)
    {
        loopDepth++;
        try
        {
            return make();
        }
        finally
        {
            loopDepth--;
        }
    }

    private List<Node> Declare()
    {
        string v = Fresh("v");
        Node n;
        if (Chance(0.15))
        {
            string u = Fresh("v");
            n = Line($"{T} {v} = {Expr(3)}, {u} = {Expr(2)};", "local.decl");
            Current.Reals.Add(new RealVar(v, true));
            Current.Reals.Add(new RealVar(u, true));
            return One(n);
        }

        n = Line($"{(Chance(0.5) ? "var" : T)} {v} = {Expr(3)};", "local.decl");
        Current.Reals.Add(new RealVar(v, true));
        return One(n);
    }

    private List<Node> ConstDecl()
    {
        Use("expr.const");
        if (Chance(0.5) && !isHelper)
        {
            string k = "K" + program.ClassMembers.Count;
            program.ClassMembers.Add(Chance(0.5) ? $"const {T} {k} = {SmallLit()};" : $"static readonly {T} {k} = {SmallLit()};");
            string v = Fresh("v");
            var n = Line($"{T} {v} = {k} * {Expr(2)};", "local.decl");
            Current.Reals.Add(new RealVar(v, true));
            return One(n);
        }

        if (Chance(0.2))
        {
            // A plain local holding a constant out of int's range, converted to int at run time
            // (saturated): propagated into the conversion, it would be the constant expression
            // (int)3E+30, which C# rejects (CS0221; the stop 27 review).
            string big = Fresh("c");
            string scaled = Fresh("v");
            var declared = new List<Node>
            {
                Line($"{T} {big} = {Lit(1e30)};", "expr.const"),
                Line($"{T} {scaled} = ({T})(int)({big} * {Lit(3)}) * {Lit(1e-9)};", "expr.const"),
            };
            Current.Reals.Add(new RealVar(scaled, false));
            return declared;
        }

        string c = Fresh("c");
        var node = new Node($"const {T} {c} = {SmallLit()};", "expr.const");
        Current.Reals.Add(new RealVar(c, false));
        return One(node);
    }

    private List<Node> Reassign()
    {
        var w = WritableReals;
        if (w.Count == 0)
        {
            return Declare();
        }

        // In a loop, a reassignment that can grow (v = v·v, v += v·v) compounds with every
        // iteration until huge terms absorb small ones (1e19 + x == 1e19): F is then flat in x under
        // rounding while its real derivative is not, and no finite difference can judge it. Right
        // sides that stay in range keep loop values so; outside loops the whole grammar is used.
        string v = Pick(w).Name;
        if (Chance(0.4))
        {
            return One(Line($"{v} = {(loopDepth > 0 ? Bounded(3) : Expr(3))};", "local.reassign"));
        }

        string text = r.Next(5) switch
        {
            0 => $"{v} += {(loopDepth > 0 ? Bounded(2) : Expr(2))};",
            1 => $"{v} -= {(loopDepth > 0 ? Bounded(2) : Expr(2))};",
            2 => $"{v} *= {Bounded(1)};",
            3 => $"{v} /= {Lit(1.5)} + {M()}.Cos({Expr(1)});",
            _ => $"{v} %= {SmallLit()};",
        };
        return One(Line(text, "local.compound"));
    }

    private List<Node> IncDec()
    {
        var w = WritableReals;
        if (w.Count == 0)
        {
            return Declare();
        }

        string v = Pick(w).Name;
        if (Chance(0.5))
        {
            return One(Line(Pick(new[] { $"{v}++;", $"{v}--;", $"++{v};", $"--{v};" }), "local.incdec"));
        }

        string u = Fresh("v");
        var n = Line($"{T} {u} = {Pick(new[] { $"{v}++", $"--{v}", $"{v}--", $"++{v}" })} * {Expr(2)};", "local.incdec");
        Current.Reals.Add(new RealVar(u, true));
        return One(n);
    }

    private List<Node> If()
    {
        Use("branch.if");
        var nodes = new List<Node> { new($"if ({Condition(2)})", "branch.if", Block(SubSize())) };
        if (Chance(0.4))
        {
            nodes.Add(new Node($"else if ({Condition(1)})", "branch.if", Block(SubSize())));
        }

        if (Chance(0.5))
        {
            nodes.Add(new Node("else", "branch.if", Block(SubSize())));
        }

        return nodes;
    }

    private List<Node> EarlyReturn()
    {
        Use("branch.return");
        var body = Block(SubSize());
        body.Add(new Node($"return {Returned(Expr(2))};", "branch.return"));
        return One(new Node($"if ({Condition(2)})", "branch.return", body));
    }

    private List<Node> Throw()
    {
        if (Chance(0.5))
        {
            string cond = Chance(0.5) ? $"n == {r.Next(2, 8)}" : $"{Expr(1)} > {Lit(1e6)}";
            return One(Line($"if ({cond}) throw new InvalidOperationException(\"fuzz\");", "branch.throw"));
        }

        string v = Fresh("v");
        var n = Line($"{T} {v} = n != {r.Next(3, 8)} ? {Expr(2)} : throw new ArgumentException(\"n\");", "expr.throw");
        Current.Reals.Add(new RealVar(v, true));
        return One(n);
    }

    /// <summary>
    /// A local constant table read by a Horner loop: <c>ReadOnlySpan&lt;T&gt; c = [ … ]</c> (a
    /// collection expression) or <c>T[] c = { … }</c>, evaluated at an active value.
    /// </summary>
    private List<Node> ConstantTable()
    {
        Use("buffer.constant-table");
        string c = Fresh("c"), v = Fresh("v"), k = Fresh("k");
        var constants = Enumerable.Range(0, r.Next(1, 5)).Select(_ => (Chance(0.5) ? "-" : "") + SmallLit()).ToList();
        string declaration = Chance(0.5)
            ? $"ReadOnlySpan<{T}> {c} = [{string.Join(", ", constants)}];"
            : $"{T}[] {c} = {{ {string.Join(", ", constants)} }};";
        string at = InLoop(() => Bounded(2));
        var nodes = new List<Node>
        {
            new(declaration, "buffer.constant-table"),
            new($"{T} {v} = 0;", "buffer.constant-table"),
            new($"for (int {k} = {c}.Length - 1; {k} >= 0; {k}--) {v} = {v} * {at} + {c}[{k}];", "buffer.constant-table"),
        };
        Current.Reals.Add(new RealVar(v, true));
        return nodes;
    }

    /// <summary>
    /// A foreach over data that is not an array of reals: a List or IReadOnlyList of constants, or
    /// an array of tuples deconstructed in the foreach, each accumulated against an active value.
    /// </summary>
    private List<Node> ForEachData()
    {
        Use("loop.foreach-data");
        string v = Fresh("v"), d = Fresh("d"), e = Fresh("e"), list = Fresh("l");
        string Constants() => string.Join(", ", Enumerable.Range(0, r.Next(0, 4)).Select(_ => (Chance(0.5) ? "-" : "") + SmallLit()));
        string active = InLoop(() => Expr(2));
        var nodes = new List<Node> { new($"{T} {v} = 0;", "loop.foreach-data") };
        switch (r.Next(3))
        {
            case 0:
                // A collection expression, or a collection initializer (Use: loop.foreach-initializer).
                bool initializer = Chance(0.4);
                if (initializer)
                {
                    Use("loop.foreach-initializer");
                }

                nodes.Add(new(initializer
                    ? $"var {list} = new System.Collections.Generic.List<{T}> {{ {Constants()} }};"
                    : $"System.Collections.Generic.List<{T}> {list} = [{Constants()}];", "loop.foreach-data"));
                nodes.Add(new($"foreach (var {d} in {list}) {v} += {d} * {active};", "loop.foreach-data"));
                break;
            case 1:
                nodes.Add(new($"System.Collections.Generic.IReadOnlyList<{T}> {list} = new {T}[] {{ {Constants()} }};", "loop.foreach-data"));
                nodes.Add(new($"foreach ({T} {d} in {list}) {{ if ({d} < 0) continue; {v} += {active} * {d}; }}", "loop.foreach-data"));
                break;
            default:
                var pairs = Enumerable.Range(0, r.Next(1, 4)).Select(_ => $"({SmallLit()}, {(Chance(0.5) ? "-" : "")}{SmallLit()})");
                // An array of tuples, or a list of them made by a collection initializer (stop 25).
                bool tupleList = Chance(0.3);
                if (tupleList)
                {
                    Use("loop.foreach-initializer");
                }

                string source = tupleList ? $"new System.Collections.Generic.List<({T}, {T})> {{ {string.Join(", ", pairs)} }}" : $"new ({T}, {T})[] {{ {string.Join(", ", pairs)} }}";
                nodes.Add(new($"foreach (var ({d}, {e}) in {source}) {v} += {d} * {active} + {e};", "loop.foreach-data"));
                break;
        }

        Current.Reals.Add(new RealVar(v, true));
        return nodes;
    }

    /// <summary>
    /// A guard on an argument: a .NET throw helper with an active argument (throws rarely), one on
    /// n (throws for one n), or an exception that is handed the active value as its ActualValue.
    /// </summary>
    private List<Node> ArgumentGuard()
    {
        Use("guard.throw");
        return r.Next(4) switch
        {
            // Always true (an assert that fails ends the process): the check and its interpolated
            // message, bound to the assert's string handler, stay in every member.
            // Plain variables: an argument whose lowering may throw is reported (the compiler drops
            // an assert's arguments where DEBUG is not defined), and that report is not tested here.
            3 => One(Line($"System.Diagnostics.Debug.Assert(!{T}.IsNaN({(Reals.Count > 0 ? Pick(Reals).Name : "0")}) || n >= 0 || n < 0, $\"n = {{n}}, v = {{{(Reals.Count > 0 ? Pick(Reals).Name : "n")}:F2}}\");", "guard.throw")),
            0 => One(Line($"ArgumentOutOfRangeException.ThrowIfGreaterThan({Expr(1)}, {Lit(1e6)});", "guard.throw")),
            1 => One(Line($"ArgumentOutOfRangeException.ThrowIfEqual(n, {r.Next(2, 8)});", "guard.throw")),
            _ => One(Line($"if ({(Chance(0.5) ? $"n == {r.Next(2, 8)}" : $"{Expr(1)} > {Lit(1e6)}")}) throw new ArgumentOutOfRangeException(\"v\", {Expr(1)}, \"fuzz\");", "guard.throw")),
        };
    }

    private List<Node> LoopControl()
    {
        if (Chance(0.3))
        {
            return One(Line($"if ({Condition(1)}) return {Returned(Expr(2))};", "loop.return"));
        }

        if (breakAllowed && (Chance(0.5) || !continueAllowed))
        {
            return One(Line($"if ({Condition(1)}) break;", "loop.break-continue"));
        }

        if (!continueAllowed)
        {
            return One(Line($"if ({Condition(1)}) return {Returned(Expr(2))};", "loop.return"));
        }

        return One(Line($"if ({Condition(1)}) continue;", "loop.break-continue"));
    }

    private List<Node> SwitchStatement()
    {
        Use("switch.statement");
        var guardBuf = Bufs.Where(b => b.Length.ConstMin >= 1).ToList();
        bool real = Chance(0.5);
        string subject;
        List<string> patterns;
        if (!real && guardBuf.Count > 0 && Chance(0.3) && !isHelper)
        {
            Use("switch.when-buffer");
            var b = Pick(guardBuf);
            subject = $"({IntExpr()} + n)";
            string q = Fresh("q");
            patterns = new List<string> { $"< {b.Length.ConstMin} when {b.Name}[{subject}] > {Lit(0)}", $"var {q} when {q} >= {b.Length.ConstMin} || {b.Name}[{q}] < {Lit(0)}" };
        }
        else
        {
            real = real || isHelper;
            patterns = real ? RealPatterns() : IntPatterns();
            subject = real ? RealSubject(2) : $"({IntExpr()} + n) % 6";
        }

        var sections = new List<Node>();
        foreach (var p in patterns.Select(p => "case " + p + ":").Append("default:"))
        {
            var body = Block(SubSize());
            body.Add(Chance(0.2)
                ? new Node($"return {Returned(Expr(2))};", "branch.return")
                : new Node("break;", "switch.statement"));
            sections.Add(new Node(p, "switch.statement", body));
        }

        return One(new Node($"switch ({subject})", "switch.statement", sections));
    }

    private List<Node> Tuple()
    {
        var reals = Reals;
        string A() => reals.Count > 0 ? Pick(reals).Name : Expr(1);
        switch (r.Next(8))
        {
            case 7:
                return TupleElementWrites();

            case 0:
            {
                string a = Fresh("v"), b = Fresh("v");
                var n = Line($"var ({a}, {b}) = ({Expr(2)}, {Expr(2)});", "tuple.deconstruct");
                Current.Reals.Add(new RealVar(a, true));
                Current.Reals.Add(new RealVar(b, true));
                return One(n);
            }

            case 1:
            {
                var w = WritableReals;
                if (w.Count < 2)
                {
                    goto case 0;
                }

                var a = Pick(w);
                var b = Pick(w.Where(x => x != a).ToList());
                if (Chance(0.5))
                {
                    return One(Line($"({a.Name}, {b.Name}) = ({b.Name}, {a.Name});", "tuple.swap"));
                }

                return One(Line($"({a.Name}, {b.Name}) = ({Expr(2)}, {Expr(2)});", "tuple.deconstruct"));
            }

            case 2:
            {
                string t = Fresh("t"), v = Fresh("v");
                var n1 = Line($"var {t} = (p: {Expr(2)}, q: {Expr(2)});", "tuple.local");
                var n2 = Line($"{T} {v} = {t}.p * {SmallLit()} + {t}.Item2;", "tuple.local");
                Current.Reals.Add(new RealVar(v, true));
                return new List<Node> { n1, n2 };
            }

            case 3:
            {
                string lo = Fresh("lo"), hi = Fresh("hi");
                string a = A(), b = Expr(1);
                var n = Line($"var ({lo}, {hi}) = {a} < {b} ? ({a}, {b}) : ({b}, {a});", "tuple.conditional");
                Current.Reals.Add(new RealVar(lo, true));
                Current.Reals.Add(new RealVar(hi, true));
                return One(n);
            }

            case 4:
            {
                string u = Fresh("v"), w2 = Fresh("v");
                string a = A(), b = A();
                var n = Line($"var ({u}, {w2}) = (({IntExpr()}{(isHelper ? "" : " + n")}) % 3) switch {{ 0 => ({a}, {b}), 1 => ({b}, {Expr(1)}), _ => ({Expr(2)}, {a}) }};", "tuple.switch");
                Current.Reals.Add(new RealVar(u, true));
                Current.Reals.Add(new RealVar(w2, true));
                return One(n);
            }

            case 5:
            {
                var wb = Bufs.Where(b => b.Writable).ToList();
                if (wb.Count == 0 || isHelper)
                {
                    goto case 0;
                }

                var h = Pick(wb);
                string i = Index(h), j = Index(h);
                return One(Line($"({h.Name}[{i}], {h.Name}[{j}]) = ({h.Name}[{j}], {h.Name}[{i}]);", "tuple.buffer"));
            }

            default:
            {
                // A loop-carried rotation.
                if (!Has("Loops") || blockDepth + loopDepth >= 3)
                {
                    goto case 1;
                }

                string a = Fresh("v"), b = Fresh("v"), c = Fresh("v");
                var nodes = new List<Node>
                {
                    Line($"{T} {a} = {Expr(1)}, {b} = {Expr(1)}, {c} = {Expr(1)};", "local.decl"),
                };
                Current.Reals.Add(new RealVar(a, true));
                Current.Reals.Add(new RealVar(b, true));
                Current.Reals.Add(new RealVar(c, true));
                string swap = Chance(0.5) ? $"({a}, {b}, {c}) = ({b}, {c}, {a});" : $"({a}, {b}) = ({b}, {a});";
                nodes.Add(LoopWith(new List<Node>
                {
                    Line(swap, "tuple.swap"),
                    Line($"{a} = {a} * {Lit(0.5)} + {InLoop(() => Expr(1))};", "loop.recurrence"),
                }));
                return nodes;
            }
        }
    }

    /// <summary>
    /// A tuple local whose elements are written in place (<c>t.p = …</c>, <c>t.Item2 += …</c>), at the
    /// top level, in a branch or in a loop (also assigned as a whole there), then read into a real.
    /// </summary>
    private List<Node> TupleElementWrites()
    {
        string t = Fresh("t"), v = Fresh("v");
        var nodes = new List<Node> { Line($"var {t} = (p: {Expr(2)}, q: {Expr(1)});", "tuple.element-write") };
        switch (r.Next(4))
        {
            case 0:
                nodes.Add(Line($"{t}.p = {Expr(2)};", "tuple.element-write"));
                nodes.Add(Line($"{t}.Item2 {Pick(new[] { "+=", "-=", "*=" })} {t}.Item1 * {Lit(0.5)};", "tuple.element-write"));
                break;
            case 1 when Has("Branches"):
                nodes.Add(Line($"if ({Condition(1)}) {{ {t}.Item1 = {Expr(2)}; }} else {{ {t}.q -= {t}.p * {Lit(0.25)}; }}", "tuple.element-write"));
                break;
            case 2 when Has("Loops") && blockDepth + loopDepth < 3:
                nodes.Add(LoopWith(new List<Node>
                {
                    Line($"{t}.q = {t}.q * {Lit(0.5)} + {t}.p * {InLoop(() => Expr(1))};", "tuple.element-write"),
                    Line($"{t}.Item1 {Pick(new[] { "+=", "-=", "*=" })} {Lit(0.25)};", "tuple.element-write"),
                }));
                break;
            case 3 when Has("Loops") && blockDepth + loopDepth < 3:
                nodes.Add(LoopWith(new List<Node>
                {
                    Line($"{t} = ({t}.q, {t}.p * {Lit(0.5)} + {InLoop(() => Expr(1))});", "tuple.element-write"),
                }));
                break;
            default:
                nodes.Add(Line($"{t}.q++;", "tuple.element-write"));
                break;
        }

        nodes.Add(Line($"{T} {v} = {t}.p * {SmallLit()} + {t}.q;", "tuple.element-write"));
        Current.Reals.Add(new RealVar(v, true));
        return nodes;
    }

    /// <summary>A counted loop with a fixed body plus some random statements.</summary>
    private Node LoopWith(List<Node> fixedBody)
    {
        Use("loop.for");
        var trip = TripCount();
        string i = Fresh("i");
        scopes.Add(new Scope());
        Current.Counters.Add(new Counter(i, trip));
        loopDepth++;
        var body = fixedBody.ToList();
        if (Chance(0.5))
        {
            body.AddRange(Block(1));
        }

        loopDepth--;
        scopes.RemoveAt(scopes.Count - 1);
        return new Node($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", body);
    }

    private List<Node> BufferStatement()
    {
        var wb = Bufs.Where(b => b.Writable).ToList();
        int choice = r.Next(6);
        if (wb.Count == 0 || choice == 0)
        {
            return DeclareBuffer();
        }

        var h = Pick(wb);
        if (Chance(0.12))
        {
            return One(WholeBufferCall(h));
        }

        switch (choice)
        {
            case 1:
            case 2:
                return One(Line($"{h.Name}[{Index(h)}] {Pick(new[] { "=", "+=", "-=", "*=" })} {Expr(2)};", "buffer.write"));
            case 3:
            {
                // h[k++] += v over a trip count the buffer holds.
                var trip = h.Length.Sym == "" ? new Len("", Math.Min(h.Length.Off, 3)) : new Len(h.Length.Sym, Math.Min(h.Length.Off, 0));
                string k = Fresh("k"), i = Fresh("i");
                Use("loop.for");
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(i, trip));
                loopDepth++;
                var body = new List<Node> { Line($"{h.Name}[{k}++] += {Expr(2)};", "buffer.postinc-index") };
                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                return new List<Node>
                {
                    new($"int {k} = 0;", "buffer.postinc-index"),
                    new($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", body),
                };
            }

            case 4:
            {
                string v = Fresh("v");
                string e = $"{h.Name}[{Index(h)}]";
                var n = Line($"{T} {v} = {Pick(new[] { $"{e}++", $"--{e}", $"{e}--", $"++{e}" })} + {Expr(1)};", "buffer.incdec");
                Current.Reals.Add(new RealVar(v, true));
                return One(n);
            }

            default:
            {
                // Overwrite every element, then read back at computed indices later.
                string i = Fresh("i");
                Use("loop.for");
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(i, h.Length));
                loopDepth++;
                var body = new List<Node> { Line($"{h.Name}[{i}] = {Expr(2)};", "buffer.write") };
                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                return One(new Node($"for (int {i} = 0; {i} < {h.Name}.Length; {i}++)", "loop.for", body));
            }
        }
    }

    /// <summary>
    /// A call that writes the buffer whole (buffer.whole-call): Clear or Fill (the span's method,
    /// or Array's for an array), or a CopyTo or Array.Copy into it from a parameter no longer than it (a
    /// parameter shares no memory with a local buffer, so the copy is never refused as overlapping).
    /// </summary>
    private Node WholeBufferCall(Buf h)
    {
        Use("buffer.whole-call");
        var sources = Bufs.Where(b => parameterBuffers.Contains(b.Name) && b.Length.Sym == h.Length.Sym && b.Length.Off <= h.Length.Off).ToList();
        switch (r.Next(sources.Count > 0 ? 3 : 2))
        {
            case 0:
                return Line(h.IsSpanType ? $"{h.Name}.Clear();" : Chance(0.5) ? $"Array.Clear({h.Name});" : $"{h.Name}.AsSpan().Clear();", "buffer.whole-call");
            case 1:
                return Line(h.IsSpanType ? $"{h.Name}.Fill({Expr(2)});" : Chance(0.5) ? $"Array.Fill({h.Name}, {Expr(2)});" : $"{h.Name}.AsSpan().Fill({Expr(2)});", "buffer.whole-call");
            default:
                var source = Pick(sources);
                if (!h.IsSpanType && !source.IsSpanType)
                {
                    // Between arrays: an array's CopyTo(h, 0), or Array.Copy (to the end of h now and then).
                    switch (r.Next(4))
                    {
                        case 0:
                            return Line($"{source.Name}.CopyTo({h.Name}, 0);", "buffer.whole-call");
                        case 1:
                            return Line($"Array.Copy({source.Name}, {h.Name}, {source.Name}.Length);", "buffer.whole-call");
                        case 2:
                            return Line($"Array.Copy({source.Name}, 0, {h.Name}, {h.Name}.Length - {source.Name}.Length, {source.Name}.Length);", "buffer.whole-call");
                    }
                }

                return Line($"{source.Name}.CopyTo({h.Name});", "buffer.whole-call");
        }
    }

    private List<Node> DeclareBuffer()
    {
        string h = Fresh("h");
        var sizes = new List<Len> { new("", r.Next(1, 5)), new("n", 1) };
        if (ArrayParam is not null)
        {
            sizes.Add(new Len("L", 0));
            sizes.Add(new Len("L", 1));
        }

        var len = Pick(sizes);
        bool top = blockDepth == 0 && loopDepth == 0;
        var nodes = new List<Node>();
        if (Chance(0.25))
        {
            return DeclareInitializedBuffer(h, top);
        }

        if (top && Chance(0.4))
        {
            if (Has("Branches") && Chance(0.3))
            {
                // stackalloc after an early-return guard.
                Use("buffer.stackalloc-after-guard");
                nodes.Add(new Node($"if ({Condition(1)}) return {Returned(Expr(2))};", "branch.return"));
            }

            nodes.Add(Line($"Span<{T}> {h} = stackalloc {T}[{LenExpr(len)}];", "buffer.stackalloc"));
            Current.Bufs.Add(new Buf(h, len, true, true, true));
        }
        else
        {
            // An array, or (buffer.new-span) the array held as a span from the start.
            bool asSpan = Chance(0.25);
            nodes.Add(asSpan
                ? Line($"Span<{T}> {h} = new {T}[{LenExpr(len)}];", "buffer.new-span")
                : Line($"{T}[] {h} = new {T}[{LenExpr(len)}];", "buffer.new"));
            if (loopDepth > 0)
            {
                Use("buffer.in-loop");
            }

            Current.Bufs.Add(new Buf(h, len, true, asSpan, true));
        }

        if (len.ConstMin >= 1)
        {
            nodes.Add(Line($"{h}[0] = {Expr(2)};", "buffer.write"));
        }

        var declared = Current.Bufs[^1];
        if (top && declared.IsSpanType && Chance(0.2))
        {
            // A read-only slice of the new buffer, which later writes into it show through (finding 58).
            string v = Fresh("s");
            Current.Bufs.Add(new Buf(v, new Len(len.Sym, len.Off - 1), false, true, true));
            nodes.Add(Line($"ReadOnlySpan<{T}> {v} = {h}.Slice(1);", "span.slice-readonly"));
        }

        return nodes;
    }

    /// <summary>
    /// A buffer created with an initializer of active values: new[] { … }, new T[] { …, 2 },
    /// new T[k] { … }, a collection expression [ … ], or at the top level stackalloc T[] { … } and
    /// stackalloc[] { … }.
    /// </summary>
    private List<Node> DeclareInitializedBuffer(string h, bool top)
    {
        int count = r.Next(1, 4);
        var elements = Enumerable.Range(0, count).Select(_ => Expr(2)).ToList();
        var reals = Reals;
        string list = string.Join(", ", elements);
        var len = new Len("", count);
        switch (r.Next(top ? 7 : 4))
        {
            case 0 when reals.Count > 0:
                // new[] infers T from its elements: the first is a real local.
                Current.Bufs.Add(new Buf(h, new Len("", count + 1), true, false, true));
                return One(Line($"{T}[] {h} = new[] {{ {Pick(reals).Name}, {list} }};", "buffer.initializer"));
            case 1:
                Current.Bufs.Add(new Buf(h, new Len("", count + 1), true, false, true));
                return One(Line($"{T}[] {h} = new {T}[] {{ {list}, 2 }};", "buffer.initializer"));
            case 2:
                Current.Bufs.Add(new Buf(h, len, true, false, true));
                return One(Line($"{T}[] {h} = [{list}];", "buffer.initializer"));
            case 4:
                Current.Bufs.Add(new Buf(h, len, true, true, true));
                return One(Line($"Span<{T}> {h} = stackalloc {T}[] {{ {list} }};", "buffer.initializer"));
            case 5:
                Current.Bufs.Add(new Buf(h, len, true, true, true));
                return One(Line($"Span<{T}> {h} = stackalloc[] {{ ({T})({elements[0]}){string.Concat(elements.Skip(1).Select(e => ", " + e))} }};", "buffer.initializer"));
            case 6:
                Current.Bufs.Add(new Buf(h, len, true, true, true));
                return One(Line($"Span<{T}> {h} = [{list}];", "buffer.initializer"));
            default:
                Current.Bufs.Add(new Buf(h, len, true, false, true));
                return One(Line($"var {h} = new {T}[{count}] {{ {list} }};", "buffer.initializer"));
        }
    }

    /// <summary>
    /// A loop that writes a local buffer and reads it through another view of the same memory
    /// (finding 63): a recurrence written through h.Slice(1) while h is read
    /// (span.view-recurrence), or an accumulation into h that reads an alias of it
    /// (span.alias-read-loop). Top level only (views of active buffers are made outside loops).
    /// </summary>
    private List<Node>? ViewLoop()
    {
        var locals = Bufs.Where(b => b.Writable && b.Active && b.Length.ConstMin >= 1).ToList();
        if (locals.Count == 0)
        {
            return null;
        }

        var h = Pick(locals);
        string v = Fresh("s"), j = Fresh("j");
        bool recurrence = Chance(0.5);
        string production = recurrence ? "span.view-recurrence" : "span.alias-read-loop";
        string view = recurrence
            ? $"Span<{T}> {v} = {(h.IsSpanType ? $"{h.Name}.Slice(1)" : $"{h.Name}.AsSpan(1)")};"
            : (h.IsSpanType ? $"Span<{T}> {v} = {h.Name};" : $"{T}[] {v} = {h.Name};");
        scopes.Add(new Scope());
        Current.Counters.Add(new Counter(j, recurrence ? new Len(h.Length.Sym, h.Length.Off - 1) : h.Length));
        loopDepth++;
        var body = new List<Node>
        {
            Line(recurrence
                ? $"{v}[{j}] = {h.Name}[{j}] * {Lit(0.5)} + {Expr(1)};"
                : $"{h.Name}[{j}] += {v}[0] * {Expr(1)};", production),
        };
        loopDepth--;
        scopes.RemoveAt(scopes.Count - 1);
        Current.Bufs.Add(recurrence ? new Buf(v, new Len(h.Length.Sym, h.Length.Off - 1), true, true, true) : h with { Name = v });
        Use("loop.for");
        return new List<Node>
        {
            Line(view, production),
            new($"for (int {j} = 0; {j} < {(recurrence ? v : h.Name)}.Length; {j}++)", "loop.for", body),
        };
    }

    private List<Node> SpanStatement()
    {
        var bufs = Bufs;
        bool top = blockDepth == 0 && loopDepth == 0;
        if (top && Chance(0.7) && ViewLoop() is { } viewLoop)
        {
            return viewLoop;
        }

        switch (r.Next(4))
        {
            case 0:
            {
                // Views of active arrays are made at the top level (a view made inside a loop is
                // reported, ADG0005); views of inactive data anywhere.
                var sources = bufs.Where(b => top || !b.Active).ToList();
                if (sources.Count == 0)
                {
                    return Declare();
                }

                var src = Pick(sources);
                string v = Fresh("s");
                if (src.Writable && Chance(0.5))
                {
                    Current.Bufs.Add(new Buf(v, src.Length, true, true, src.Active));
                    return One(Line($"Span<{T}> {v} = {src.Name};", "span.alias"));
                }

                bool asVar = !src.IsSpanType && Chance(0.5);
                Current.Bufs.Add(new Buf(v, src.Length, false, !asVar, src.Active));
                return One(Line(asVar ? $"var {v} = {src.Name};" : $"ReadOnlySpan<{T}> {v} = {src.Name};", "span.alias"));
            }

            case 1:
            {
                var spans = bufs.Where(b => top || !b.Active).ToList();
                if (spans.Count == 0)
                {
                    return Declare();
                }

                // Writable sources (local buffers, at the top level) are few: favour them, so their
                // read-only slices (span.slice-readonly) occur in every sample.
                var writable = spans.Where(b => b.Writable).ToList();
                var src = writable.Count > 0 && Chance(0.6) ? Pick(writable) : Pick(spans);
                string v = Fresh("s");
                var len = new Len(src.Length.Sym, src.Length.Off - 1);
                if (!src.IsSpanType)
                {
                    // An array viewed as a span from its second element: w.AsSpan(1), w.AsSpan(1, n − 1),
                    // held as a Span (writable only where the array is) or as a ReadOnlySpan.
                    if (!src.Active && loopDepth > 0)
                    {
                        Use("span.inactive-slice-loop");
                    }

                    if (src.Writable && Chance(0.3))
                    {
                        // A slice of a Span held read-only (converted from Span to ReadOnlySpan): finding 58.
                        Current.Bufs.Add(new Buf(v, len, false, true, src.Active));
                        return One(Line($"ReadOnlySpan<{T}> {v} = {src.Name}.AsSpan().Slice(1);", "span.slice-readonly"));
                    }

                    string view = Chance(0.5) ? $"{src.Name}.AsSpan(1)" : $"{src.Name}.AsSpan(1, {src.Name}.Length - 1)";
                    bool readOnly = !src.Writable || Chance(0.5);
                    Current.Bufs.Add(new Buf(v, len, !readOnly, true, src.Active));
                    return One(Line($"{(readOnly ? "ReadOnlySpan" : "Span")}<{T}> {v} = {view};", "span.asspan"));
                }

                if (src.Writable && Chance(0.5))
                {
                    // A slice of a Span held read-only (converted from Span to ReadOnlySpan): finding 58.
                    Current.Bufs.Add(new Buf(v, len, false, true, src.Active));
                    return One(Line($"ReadOnlySpan<{T}> {v} = {src.Name}.Slice(1);", "span.slice-readonly"));
                }

                if (src.Writable)
                {
                    Current.Bufs.Add(new Buf(v, len, true, true, src.Active));
                    var nodes = new List<Node> { Line($"Span<{T}> {v} = {src.Name}.Slice(1);", "span.slice-local") };
                    if (Chance(0.5))
                    {
                        string ro = Fresh("s");
                        Current.Bufs.Add(new Buf(ro, len, false, true, src.Active));
                        nodes.Add(Line($"ReadOnlySpan<{T}> {ro} = {v};", "span.slice-local"));
                    }

                    return nodes;
                }

                if (!src.Active && loopDepth > 0)
                {
                    Use("span.inactive-slice-loop");
                }

                Current.Bufs.Add(new Buf(v, len, false, true, src.Active));
                return One(Line($"ReadOnlySpan<{T}> {v} = {src.Name}.Slice(1);", "span.slice-local"));
            }

            case 2:
            {
                var spans = bufs.Where(b => b.IsSpanType && (top || !b.Active)).ToList();
                if (spans.Count == 0 || blockDepth + loopDepth >= 3)
                {
                    return Declare();
                }

                var src = Pick(spans);
                string s = Fresh("v"), e = Fresh("e");
                Current.Reals.Add(new RealVar(s, true));
                Use("loop.foreach");
                Use("span.foreach-slice");
                scopes.Add(new Scope());
                Current.Reals.Add(new RealVar(e, false));
                loopDepth++;
                var body = new List<Node> { Line($"{s} += {Expr(2)};", "loop.reduction") };
                body.AddRange(Block(1));
                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                return new List<Node>
                {
                    new($"{T} {s} = {Lit(0)};", "local.decl"),
                    new($"foreach (var {e} in {src.Name}.Slice(1))", "span.foreach-slice", body),
                };
            }

            default:
            {
                // Inactive data slices inside a loop of any kind.
                var data = program.Params.FirstOrDefault(p => p.Kind is ParamKind.DataSpan);
                if (data is null || blockDepth + loopDepth >= 3)
                {
                    return Declare();
                }

                string s = Fresh("v"), i = Fresh("i");
                Current.Reals.Add(new RealVar(s, true));
                Use("span.inactive-slice-loop");
                scopes.Add(new Scope());
                int form = r.Next(3);
                // while and do loops step first (so a continue cannot skip the step) and read at i - 1.
                string at = form == 0 ? i : $"({i} - 1)";
                Current.Counters.Add(new Counter(at, new Len("L", 0)));
                loopDepth++;
                var body = new List<Node>();
                if (form != 0)
                {
                    body.Add(new Node($"{i}++;", form == 1 ? "loop.while" : "loop.do"));
                }

                body.Add(Line($"{s} = {s} * {Lit(0.5)} + {data.Name}.Slice({at})[0] * {Expr(1)};", "loop.recurrence"));
                body.AddRange(Block(1));
                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                var decl = new Node($"{T} {s} = {Lit(1)};", "local.decl");
                Use(form == 0 ? "loop.for" : form == 1 ? "loop.while" : "loop.do");
                return form switch
                {
                    0 => new List<Node> { decl, new($"for (int {i} = 0; {i} < {data.Name}.Length; {i}++)", "loop.for", body) },
                    1 => new List<Node>
                    {
                        decl, new($"int {i} = 0;", "loop.while"),
                        new($"while ({i} < {data.Name}.Length)", "loop.while", body),
                    },
                    _ => new List<Node>
                    {
                        decl, new($"int {i} = 0;", "loop.do"),
                        new($"if ({data.Name}.Length > 0) do", "loop.do", body, $" while ({i} < {data.Name}.Length);"),
                    },
                };
            }
        }
    }

    private List<Node> Loop()
    {
        int kind = r.Next(15);
        string i = Fresh("i");
        Node Build(string header, string production, Counter? counter, List<Node>? prefix = null, string? trailer = null, List<Node>? suffix = null, bool ownsBreak = true)
        {
            Use(production);
            scopes.Add(new Scope());
            if (counter is not null)
            {
                Current.Counters.Add(counter);
            }

            loopDepth++;
            bool savedBreak = breakAllowed, savedContinue = continueAllowed;
            continueAllowed = true;
            if (ownsBreak)
            {
                breakAllowed = true;
            }

            var body = new List<Node>();
            if (prefix is not null)
            {
                body.AddRange(prefix);
            }

            body.AddRange(Block(SubSize()));
            if (suffix is not null)
            {
                body.AddRange(suffix);
            }

            breakAllowed = savedBreak;
            continueAllowed = savedContinue;
            loopDepth--;
            scopes.RemoveAt(scopes.Count - 1);
            if (loopDepth > 0)
            {
                Use("loop.nested");
            }

            return new Node(header, production, body, trailer);
        }

        var trip = TripCount();
        switch (kind)
        {
            case 0:
            case 1:
                return One(Build($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", new Counter(i, trip)));
            case 2:
                return One(Build($"for (int {i} = {LenExpr(trip)} - 1; {i} >= 0; {i}--)", "loop.for", new Counter(i, trip)));
            case 3:
                return One(Build($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i} += 2)", "loop.for", new Counter(i, trip)));
            case 4:
            {
                var src = Bufs;
                if (src.Count == 0)
                {
                    goto case 0;
                }

                var b = Pick(src);
                string e = Fresh("e");
                Use("loop.foreach");
                scopes.Add(new Scope());
                Current.Reals.Add(new RealVar(e, false));
                // Over a span parameter, now and then by readonly reference (its elements' values).
                bool byReference = program.Params.Any(p => p.Name == b.Name && p.IsSpanType) && Chance(0.3);
                if (byReference)
                {
                    Use("loop.foreach-ref-readonly");
                }

                var node = Build($"foreach ({(byReference ? "ref readonly " + T : Chance(0.5) ? "var" : T)} {e} in {b.Name})", "loop.foreach", null);
                scopes.RemoveAt(scopes.Count - 1);
                return One(node);
            }

            case 5:
            {
                string g = Fresh("g");
                var pre = new List<Node> { new($"{g}++;", "loop.while") };
                return new List<Node>
                {
                    Line($"int {g} = 0;", "loop.while"),
                    Build($"while ({g} < {r.Next(1, 5)} && {InLoop(() => Condition(1))})", "loop.while", null, pre),
                };
            }

            case 6:
            {
                string g = Fresh("g");
                if (Chance(0.4))
                {
                    // The step in the condition, postfix: the test reads the counter before the step
                    // (trial 31: the generated code tested it after, one iteration short).
                    int n = r.Next(1, 4);
                    string test = Pick(new[] { $"{g}-- > 0", $"{g}++ < {n}", $"{g}-- != 0" });
                    return new List<Node>
                    {
                        Line($"int {g} = {(test.Contains("++", StringComparison.Ordinal) ? 0 : n)};", "loop.do-postfix"),
                        Build("do", "loop.do-postfix", null, new List<Node>(), $" while ({test} && {InLoop(() => Condition(1))});"),
                    };
                }

                var pre = new List<Node> { new($"{g}++;", "loop.do") };
                return new List<Node>
                {
                    Line($"int {g} = 0;", "loop.do"),
                    Build("do", "loop.do", null, pre, $" while ({g} < {r.Next(1, 4)} && {InLoop(() => Condition(1))});"),
                };
            }

            case 7:
            {
                // Recurrence: y = y - a * sin(y) + …, optionally through a [Differentiable] call.
                string y = Fresh("y");
                var decl = Line($"{T} {y} = {Expr(2)};", "local.decl");
                Current.Reals.Add(new RealVar(y, true));
                string step = InLoop(() => helpers.Count > 0 && Chance(0.4)
                    ? $"{y} = {Call(1)} * {Lit(0.9)};"
                    : $"{y} = {y} - {Lit(0.3)} * {M()}.Sin({y}) + {Lit(0.1)} * {Expr(1)};");

                var body = new List<Node> { Line(step, "loop.recurrence") };
                return new List<Node> { decl, Build($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", new Counter(i, trip), body) };
            }

            case 8:
            {
                string s = Fresh("s");
                var decl = Line($"{T} {s} = {Lit(0)};", "local.decl");
                Current.Reals.Add(new RealVar(s, true));
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(i, trip));
                string term = InLoop(() => Expr(3));
                scopes.RemoveAt(scopes.Count - 1);
                var body = new List<Node> { Line($"{s} += {term};", "loop.reduction") };
                return new List<Node> { decl, Build($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", new Counter(i, trip), body) };
            }

            case 9:
            {
                // A recurrence inside the body of a reduction.
                string s = Fresh("s"), p = Fresh("p"), j = Fresh("j");
                var decl = Line($"{T} {s} = {Lit(0)};", "local.decl");
                Current.Reals.Add(new RealVar(s, true));
                Use("loop.recurrence-in-reduction");
                Use("loop.nested");
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(i, trip));
                loopDepth++;
                var inner = TripCount();
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(j, inner));
                loopDepth++;
                // The factor stays in range (Tanh): it may read the outer accumulator, and p = Π(s/2 + 1)
                // over the inner loop fed back into s grows doubly exponentially (findings 29 and 37).
                string factor = Bufs.Count > 0 ? Atom() : Expr(1);
                var innerBody = new List<Node> { Line($"{p} *= {M()}.Tanh({factor}) * {Lit(0.5)} + {Lit(1)};", "loop.recurrence") };
                if (helpers.Count > 0 && Chance(0.3))
                {
                    innerBody.Add(Line($"{p} = {Call(0)} * {Lit(0.5)};", "call.in-loop"));
                }

                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                var body = new List<Node>
                {
                    Line($"{T} {p} = {Lit(1)};", "local.decl"),
                    new($"for (int {j} = 0; {j} < {LenExpr(inner)}; {j}++)", "loop.for", innerBody),
                    Line($"{s} += {p} * {Expr(1)};", "loop.reduction"),
                };
                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                return new List<Node> { decl, new($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", body) };
            }

            case 10:
                return WhileTrue(terminal: false);
            case 12:
            {
                // An inner reduction whose result the outer iteration uses (an MLP's hidden unit):
                // reverse mode keeps that result from the forward run instead of running it again.
                string s = Fresh("s"), q = Fresh("q"), j = Fresh("j");
                var decl = Line($"{T} {s} = {Lit(0)};", "local.decl");
                Current.Reals.Add(new RealVar(s, true));
                Use("loop.inner-reduction");
                Use("loop.nested");
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(i, trip));
                loopDepth++;
                var init = Line($"{T} {q} = {Expr(1)};", "local.decl");
                var inner = TripCount();
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(j, inner));
                loopDepth++;
                // Or a recurrence (run backwards with a tape) that advances a counter the outer loop carries.
                // Either may also advance a counter the outer loop carries (p++), and the sum may
                // be used non-linearly after the loop (so the outer loop is run again, not fused).
                string? p = Chance(0.5) ? Fresh("p") : null;
                bool recurrence = Chance(0.5);
                var innerBody = p is null
                    ? new List<Node> { Line($"{q} += {Expr(2)};", "loop.reduction") }
                    : recurrence
                        ? new List<Node>
                        {
                            Line($"{q} = {q} * ({M()}.Tanh({Expr(1)} + {p} * {Lit(0.25)}) * {Lit(0.5)} + {Lit(1)});", "loop.counter-through-inner"),
                            Line($"{p}++;", "loop.counter-through-inner"),
                        }
                        : new List<Node>
                        {
                            Line($"{q} += {Expr(1)} * ({p} * {Lit(0.125)} + {Lit(1)});", "loop.counter-through-inner"),
                            Line($"{p}++;", "loop.counter-through-inner"),
                        };
                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                Current.Reals.Add(new RealVar(q, true));
                var body = new List<Node>
                {
                    init,
                    new($"for (int {j} = 0; {j} < {LenExpr(inner)}; {j}++)", "loop.for", innerBody),
                    Line($"{s} += {(Chance(0.5) ? $"{M()}.Tanh({q})" : q)} * {Expr(1)};", "loop.reduction"),
                };
                body.AddRange(Block(1));
                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                var outer = new Node($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", body);
                var nodes = p is null
                    ? new List<Node> { decl, outer }
                    : new List<Node> { decl, Line($"int {p} = 0;", "loop.counter-through-inner"), outer };
                if (Chance(0.5))
                {
                    nodes.Add(Line($"{s} = {s} * {s} * {Lit(0.5)};", "loop.inner-reduction"));
                }

                return nodes;
            }

            case 13:
            {
                // Scratch buffers of each iteration (ADBench's GMM): h is written whole, then
                // accumulated into (h[l] += …), then read; or (a third of the time) read before it is
                // written, which makes it carry values from one iteration to the next.
                string s = Fresh("s"), h = Fresh("h"), q = Fresh("q"), j = Fresh("j"), l = Fresh("l");
                int width = r.Next(1, 4);
                bool carries = Chance(0.3);
                Use("loop.scratch-buffer");
                var decls = new List<Node>
                {
                    Line($"{T}[] {h} = new {T}[{width}];", "loop.scratch-buffer"),
                    Line($"{T} {s} = {Lit(0)};", "local.decl"),
                };
                Current.Reals.Add(new RealVar(s, true));
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(i, trip));
                loopDepth++;
                string write = $"{h}[{j}] = {(carries ? $"{h}[{width} - 1 - {j}] * {Lit(0.5)} + " : "")}{Expr(1)};";
                string add = $"{h}[{l}] += {Expr(1)} * {Lit(0.5)};";
                string read = $"{q} += {h}[{j}] * {h}[{j}];";
                bool cleared = !carries && Chance(0.3);
                if (cleared)
                {
                    // Cleared or filled whole first, then accumulated into (loop.scratch-cleared).
                    Use("loop.scratch-cleared");
                    write = $"{h}[{j}] += {Expr(1)};";
                }

                var body = new List<Node>
                {
                    new($"for (int {j} = 0; {j} < {width}; {j}++)", "loop.scratch-buffer", Chance(0.3)
                        ? new List<Node> { Line(write, "loop.scratch-buffer"), Line($"{s} += {Expr(1)} * {Lit(0.25)};", "loop.scratch-buffer") }
                        : new List<Node> { Line(write, "loop.scratch-buffer") }),
                    new($"for (int {j} = 0; {j} < {width}; {j}++)", "loop.scratch-buffer", new List<Node>
                    {
                        new($"for (int {l} = {j} + 1; {l} < {width}; {l}++)", "loop.scratch-buffer", new List<Node> { Line(add, "loop.scratch-buffer") }),
                    }),
                    Line($"{T} {q} = {Lit(0)};", "local.decl"),
                    new($"for (int {j} = 0; {j} < {width}; {j}++)", "loop.scratch-buffer", new List<Node> { Line(read, "loop.scratch-buffer") }),
                    Line($"{s} += {M()}.Tanh({q}) * {Expr(1)};", "loop.reduction"),
                };
                if (cleared)
                {
                    body.Insert(0, Line(Chance(0.5) ? $"Array.Clear({h});" : $"Array.Fill({h}, {Expr(1)});", "loop.scratch-cleared"));
                }

                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                Use("loop.nested");
                decls.Add(new Node($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", body));
                return decls;
            }

            case 14:
            {
                // ADBench GMM's Qtimesx in each iteration: local scratch buffers c and q, c written
                // whole, q = e·c, then q[l] += e·c[j] over the strict triangle with a counter p stepped
                // with l (and q read between the two writes, now and then); then Σ q². Vectorized over
                // the local buffers (a store adding into q, c[j] read at an index the inner loop does
                // not change, p as l + offset, c̄[j] summed per lane), with only the last contents of q
                // kept for the reverse pass, and the reverse pass's replay of p collapsed; before it, a
                // loop that only counts.
                string s = Fresh("s"), c = Fresh("c"), q = Fresh("q"), j = Fresh("j"), l = Fresh("l"), p = Fresh("p"), mid = Fresh("mid"), qq = Fresh("q"), count = Fresh("count");
                int width = r.Next(1, 13);
                bool between = Chance(0.3);
                bool onStack = loopDepth == 0 && Chance(0.5);
                Use("loop.triangular-scratch");
                var decls = new List<Node>
                {
                    Line(onStack ? $"Span<{T}> {c} = stackalloc {T}[{width}];" : $"{T}[] {c} = new {T}[{width}];", "loop.triangular-scratch"),
                    Line(onStack ? $"Span<{T}> {q} = stackalloc {T}[{width}];" : $"{T}[] {q} = new {T}[{width}];", "loop.triangular-scratch"),
                    Line($"{T} {s} = {Lit(0)};", "local.decl"),
                    Line($"int {count} = {r.Next(-3, 4)};", "loop.triangular-scratch"),
                    new($"for (int {j} = 0; {j} < {LenExpr(trip)}; {j}++)", "loop.triangular-scratch", new List<Node> { Line($"{count} += {r.Next(1, 4)};", "loop.triangular-scratch") }),
                };
                Current.Reals.Add(new RealVar(s, true));
                scopes.Add(new Scope());
                Current.Counters.Add(new Counter(i, trip));
                loopDepth++;
                string factor = Chance(0.5) ? Lit(0.25 + r.Next(4) * 0.25) : $"({Expr(1)})";
                var body = new List<Node>
                {
                    new($"for (int {j} = 0; {j} < {width}; {j}++)", "loop.triangular-scratch", new List<Node> { Line($"{c}[{j}] = {Expr(1)};", "loop.triangular-scratch") }),
                };
                if (Chance(0.3))
                {
                    // A recurrence through the buffer (a store at another index than a read): scalar.
                    body.Add(new($"for (int {j} = 0; {j} < {width} - 1; {j}++)", "loop.triangular-scratch", new List<Node> { Line($"{c}[{j} + 1] {(Chance(0.5) ? "+" : "")}= {c}[{j}] * {Lit(0.5)};", "loop.triangular-scratch") }));
                }

                body.AddRange(new List<Node>
                {
                    new($"for (int {j} = 0; {j} < {width}; {j}++)", "loop.triangular-scratch", new List<Node> { Line($"{q}[{j}] = {Expr(1)} * {c}[{j}];", "loop.triangular-scratch") }),
                    Line(between ? $"{T} {mid} = {q}[{width - 1}] * {Lit(0.5)};" : $"{T} {mid} = {Lit(0)};", "loop.triangular-scratch"),
                    Line($"int {p} = 0;", "loop.triangular-scratch"),
                    new($"for (int {j} = 0; {j} < {width}; {j}++)", "loop.triangular-scratch", new List<Node>
                    {
                        new($"for (int {l} = {j} + 1; {l} < {width}; {l}++)", "loop.triangular-scratch", new List<Node>
                        {
                            Line($"{q}[{l}] += {factor} * {c}[{j}];", "loop.triangular-scratch"),
                            Line($"{p}++;", "loop.triangular-scratch"),
                        }),
                    }),
                    Line($"{T} {qq} = {Lit(0)};", "local.decl"),
                    new($"for (int {j} = 0; {j} < {width}; {j}++)", "loop.triangular-scratch", new List<Node> { Line($"{qq} += {q}[{j}] * {q}[{j}];", "loop.triangular-scratch") }),
                    Line($"{s} += {M()}.Tanh({qq}) * {Expr(1)} + {mid} + {Lit(0.01)} * {p} + {Lit(0.001)} * {count};", "loop.reduction"),
                });
                if (Chance(0.4))
                {
                    // Products of neighbours through a local buffer, summed: the reverse of the store
                    // reads n̄b[j], zeroes it and scatters into c̄[j] and c̄[j + 1] (a second index
                    // stream, which must not reread n̄b after the first pass zeroed it).
                    string nb = Fresh("nb");
                    decls.Add(Line($"{T}[] {nb} = new {T}[{width}];", "loop.neighbour-products"));
                    body.InsertRange(body.Count - 1, new List<Node>
                    {
                        new($"for (int {j} = 0; {j} < {width} - 1; {j}++)", "loop.neighbour-products", new List<Node> { Line($"{nb}[{j}] = {c}[{j}] * {c}[{j} + 1];", "loop.neighbour-products") }),
                        new($"for (int {j} = 0; {j} < {width} - 1; {j}++)", "loop.neighbour-products", new List<Node> { Line($"{qq} += {nb}[{j}];", "loop.neighbour-products") }),
                    });
                }

                loopDepth--;
                scopes.RemoveAt(scopes.Count - 1);
                Use("loop.nested");
                decls.Add(new Node($"for (int {i} = 0; {i} < {LenExpr(trip)}; {i}++)", "loop.for", body));
                return decls;
            }

            default:
            {
                if (!Has("Integers"))
                {
                    goto case 0;
                }

                return CounterTypeLoop(i, trip, Build);
            }
        }
    }

    private List<Node> CounterTypeLoop(string i, Len trip, Func<string, string, Counter?, List<Node>?, string?, List<Node>?, bool, Node> build)
    {
        string header;
        Counter counter;
        switch (r.Next(6))
        {
            case 0:
            {
                int k = r.Next(1, 5);
                header = $"for (byte {i} = 0; {i} < {k}; {i}++)";
                counter = new Counter(i, new Len("", k));
                Use("int.counter-types");
                break;
            }

            case 1:
                header = $"for (short {i} = 0; {i} < {LenExpr(trip)}; {i}++)";
                counter = new Counter(i, trip);
                Use("int.counter-types");
                break;
            case 2:
            {
                int k = r.Next(1, 5);
                header = $"for (char {i} = 'a'; {i} < 'a' + {k}; {i}++)";
                counter = new Counter($"({i} - 'a')", new Len("", k));
                Use("int.counter-types");
                break;
            }

            case 3:
                header = $"for (long {i} = 0; {i} < {LenExpr(trip)}; {i}++)";
                counter = new Counter($"(int){i}", trip);
                Use("int.counter-types");
                break;
            case 4:
                header = $"for (Phase {i} = Phase.A; {i} <= Phase.C; {i}++)";
                counter = new Counter($"(int){i}", new Len("", 3));
                Use("int.enum-counter");
                break;
            default:
                header = $"for (Phase {i} = Phase.D; {i} > Phase.A; {i}--)";
                counter = new Counter($"((int){i} - 1)", new Len("", 3));
                Use("int.enum-counter");
                break;
        }

        return One(build(header, "loop.for", counter, null, null, null, true));
    }

    private List<Node> WhileTrue(bool terminal)
    {
        Use("loop.while-true");
        string g = Fresh("g");
        loopDepth++;
        bool savedBreak = breakAllowed, savedContinue = continueAllowed;
        breakAllowed = !terminal;
        continueAllowed = false;
        scopes.Add(new Scope());
        var body = new List<Node> { new($"{g}++;", "loop.while-true") };
        int saved = budget;
        body.AddRange(Block(SubSize()));
        budget = saved;
        body.Add(Line($"if ({g} >= {r.Next(1, 5)} || {Condition(1)}) return {Returned(Expr(2))};", "loop.return"));
        if (!terminal)
        {
            body.Add(Line($"if ({Condition(1)}) break;", "loop.break-continue"));
        }

        scopes.RemoveAt(scopes.Count - 1);
        breakAllowed = savedBreak;
        continueAllowed = savedContinue;
        loopDepth--;
        return new List<Node> { new($"int {g} = 0;", "loop.while-true"), new("while (true)", "loop.while-true", body) };
    }

    private List<Node> ConditionLoop()
    {
        switch (r.Next(3))
        {
            case 0:
            {
                string y = Fresh("y"), g = Fresh("g");
                var decl = new List<Node>
                {
                    Line($"{T} {y} = {Expr(1)};", "local.decl"),
                    new($"int {g} = 0;", "cond.loop-assign"),
                };
                Current.Reals.Add(new RealVar(y, true));
                string step = InLoop(() => helpers.Count > 0 && Chance(0.3) ? Call(0) : $"{y} * {Lit(0.5)} + {Expr(1)}");
                decl.Add(LoopBody($"while (({y} = {step}) > {Lit(0.3)} && {g}++ < {r.Next(2, 7)})", "cond.loop-assign", "loop.while"));
                return decl;
            }

            case 1:
            {
                string k = Fresh("k");
                return new List<Node>
                {
                    Line($"int {k} = {Pick(new[] { "n", "3", ArrayParam is null ? "2" : ArrayParam + ".Length" })};", "cond.postdec"),
                    LoopBody($"while ({k}-- > 0)", "cond.postdec", "loop.while"),
                };
            }

            default:
            {
                string p = Fresh("p"), i = Fresh("i");
                var decl = Line($"{T} {p} = {Lit(1)};", "local.decl");
                Current.Reals.Add(new RealVar(p, true));
                return new List<Node>
                {
                    decl,
                    LoopBody($"for (int {i} = 0; ({p} = {p} * ({Lit(1.2)} + {InLoop(() => Bounded(1))})) < {Lit(3)} && {i} < {r.Next(2, 6)}; {i}++)", "cond.for-assign", "loop.for"),
                };
            }
        }
    }

    private Node LoopBody(string header, string production, string loopProduction)
    {
        Use(production);
        Use(loopProduction);
        scopes.Add(new Scope());
        loopDepth++;
        bool savedBreak = breakAllowed, savedContinue = continueAllowed;
        breakAllowed = true;
        continueAllowed = true;
        var body = Block(SubSize());
        breakAllowed = savedBreak;
        continueAllowed = savedContinue;
        loopDepth--;
        scopes.RemoveAt(scopes.Count - 1);
        return new Node(header, production, body);
    }

    private List<Node> IntegerStatement()
    {
        string m = Fresh("m");
        switch (r.Next(5))
        {
            case 4:
            {
                // A native integer compared with a negative constant (written ((nint)(-3)) by the
                // generator; ((nint)-3) was CS0075, a new user's trial, stop 24).
                var n = Line($"int {m} = (nint)n != -{r.Next(1, 5)} ? (int)((nint)n - {r.Next(1, 4)}) : -1;", "int.nint");
                Current.Ints.Add(new IntVar(m, true));
                return One(n);
            }

            case 0:
            {
                var n = Line($"int {m} = checked(n * {Pick(new[] { "300000000", "400000000", "1100000000" })} + 1) % 7;", "int.checked");
                Current.Ints.Add(new IntVar(m, true));
                return One(n);
            }

            case 1:
            {
                var n = Line($"int {m} = unchecked(n * 1500000000 + 7) & 0xFF;", "int.unchecked");
                Current.Ints.Add(new IntVar(m, true));
                return One(n);
            }

            case 2:
            {
                Use("int.checked");
                var body = new List<Node> { new($"{m} = n * {Pick(new[] { "300000000", "400000000" })} % 5 + {IntExpr()};", "int.checked") };
                Current.Ints.Add(new IntVar(m, true));
                return new List<Node> { new($"int {m} = 0;", "int.checked"), new("checked", "int.checked", body) };
            }

            default:
            {
                var n = Line($"int {m} = {IntExpr(2)};", "local.decl");
                Current.Ints.Add(new IntVar(m, true));
                return One(n);
            }
        }
    }
}
