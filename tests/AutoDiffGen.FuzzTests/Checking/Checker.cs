using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.FuzzTests.Grammar;
using AutoDiffGen.FuzzTests.Infrastructure;

namespace AutoDiffGen.FuzzTests.Checking;

/// <summary>The arguments of one call: real scalars, real arrays (all of one length), the int.</summary>
internal sealed record Point(double[] S, double[][] A, int N, string Label)
{
    public override string ToString()
        => $"{Label}: s=[{string.Join(", ", S.Select(F))}] a=[{string.Join("; ", A.Select(a => "[" + string.Join(", ", a.Select(F)) + "]"))}] n={N}";

    public static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public Point With(int scalar, int array, int element, double value)
    {
        var s = (double[])S.Clone();
        var a = A.Select(x => (double[])x.Clone()).ToArray();
        if (array < 0)
        {
            s[scalar] = value;
        }
        else
        {
            a[array][element] = value;
        }

        return this with { S = s, A = a };
    }
}

/// <summary>What one call of one member gave.</summary>
internal sealed record Outcome(double Value, string? Exception, string Log, double[] Ds, double[][] Da, double Extra)
{
    public bool SameResult(Outcome other)
        => Value.Equals(other.Value) && Exception == other.Exception;

    public bool Bitwise(Outcome other)
        => SameResult(other) && Log == other.Log && Extra.Equals(other.Extra)
           && Ds.SequenceEqual(other.Ds) && Da.Zip(other.Da).All(p => p.First.SequenceEqual(p.Second));

    public string Show() => Exception is null ? Point.F(Value) : "throws " + Exception;
}

/// <summary>
/// The checks DESIGN.md's soundness rules ask of every program, run on the compiled members:
/// same value (Equals, so NaN = NaN) and same exception type from every member; same call log
/// (inactive calls in the same order and number); gradient spans overwritten; gradient against
/// central finite differences away from kinks; Pushforward(v) = ∇·v and Pullback(s) adds s·∇
/// (exact up to rounding); the same results again after other sizes, zero trip counts and
/// exceptions, and from several threads at once.
/// </summary>
internal sealed class Checker
{
    private const double Sentinel = 777.25;

    private readonly CompiledProgram program;
    private readonly BatchCompiler.Batch batch;
    private readonly Random r;
    private readonly List<Failure> failures = new();
    private readonly bool single;
    private readonly int scalars;
    private readonly int arrays;
    private readonly int[] activeScalars;
    private readonly int[] activeArrays;

    public Checker(CompiledProgram program, BatchCompiler.Batch batch)
    {
        this.program = program;
        this.batch = batch;
        r = new Random(program.Program.Seed ^ 0x5eed);
        var ps = program.Program.Params;
        single = program.Program.IsFloat;
        var realScalars = ps.Where(p => p.IsRealScalar).ToList();
        var realArrays = ps.Where(p => p.IsRealArray).ToList();
        scalars = realScalars.Count;
        arrays = realArrays.Count;
        activeScalars = realScalars.Select((p, i) => (p, i)).Where(t => t.p.IsActive).Select(t => t.i).ToArray();
        activeArrays = realArrays.Select((p, i) => (p, i)).Where(t => t.p.IsActive).Select(t => t.i).ToArray();
    }

    /// <summary>Counters for the report: how many gradient coordinates FD could check, and how many were skipped at kinks.</summary>
    public int FdChecked { get; private set; }

    public int FdSkipped { get; private set; }

    public List<Failure> Run()
    {
        var regular = Enumerable.Range(0, 3).Select(i => RandomPoint(r.Next(1, 5), r.Next(0, 6), "point " + i)).ToList();
        var first = CheckPoint(regular[0], identities: true);
        foreach (var p in regular.Skip(1))
        {
            CheckPoint(p, identities: true);
        }

        // Other sizes, zero trip counts, large n (checked overflow), special values (NaN, ∞, huge).
        CheckPoint(RandomPoint(0, 0, "empty"), identities: true);
        CheckPoint(RandomPoint(r.Next(5, 8), 7, "long, n = 7"), identities: true);
        // Arrays long enough for whole Vector<T> blocks (4 or 8 lanes of double, 8 or 16 of float)
        // plus a tail, so that the vectorized part of generated loops runs.
        CheckPoint(RandomPoint(r.Next(17, 41), 9, "vector length"), identities: true);
        CheckPoint(SpecialPoint(), identities: false);

        // Reuse: the first point again gives bitwise the same results, also from several threads.
        if (first is not null && failures.Count == 0)
        {
            var again = CheckPoint(regular[0], identities: false);
            if (again is not null)
            {
                for (int m = 0; m < first.Length; m++)
                {
                    if (!first[m].Bitwise(again[m]))
                    {
                        Fail("reuse", MemberName(m), $"second call at {regular[0]} gave {Describe(again[m])}, first {Describe(first[m])}");
                    }
                }
            }

            Threads(regular[0], regular[1], first);
        }

        return failures;
    }

    private static string MemberName(int m) => m switch { 0 => "F", 1 => "FGradient", 2 => "FPushforward", _ => "FPullback" };

    private static string Describe(Outcome o)
        => $"{o.Show()} log={o.Log} ds=[{string.Join(", ", o.Ds.Select(Point.F))}] da=[{string.Join("; ", o.Da.Select(a => string.Join(", ", a.Select(Point.F))))}] ex={Point.F(o.Extra)}";

    private void Fail(string check, string member, string message)
    {
        if (failures.Count < 6 && !failures.Any(f => f.Check == check && f.Member == member))
        {
            failures.Add(new Failure(check, member, message));
        }
    }

    private double Real(double v) => single ? (float)v : v;

    private Point RandomPoint(int length, int n, string label)
    {
        var s = Enumerable.Range(0, scalars).Select(_ => Real(r.NextDouble() * 4 - 2)).ToArray();
        var a = Enumerable.Range(0, arrays).Select(_ => Enumerable.Range(0, length).Select(_ => Real(r.NextDouble() * 4 - 2)).ToArray()).ToArray();
        return new Point(s, a, n, label);
    }

    private Point SpecialPoint()
    {
        var p = RandomPoint(r.Next(1, 4), r.Next(0, 8), "special");
        var specials = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e7, 0.0, -0.0, 1.5, 0.5 };
        for (int i = 0; i < p.S.Length; i++)
        {
            if (r.Next(2) == 0)
            {
                p.S[i] = specials[r.Next(specials.Length)];
            }
        }

        foreach (var a in p.A)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (r.Next(3) == 0)
                {
                    a[i] = specials[r.Next(specials.Length)];
                }
            }
        }

        return p;
    }

    private Outcome Call(Harness.Member member, Point p, double[] ds, double[][] da, double ex)
        => Call(member, p, ds, da, new[] { ex });

    /// <param name="exArr">In/out extras; <see cref="Outcome.Extra"/> is its first element.</param>
    private Outcome Call(Harness.Member member, Point p, double[] ds, double[][] da, double[] exArr)
    {
        batch.Reset!();
        double value = double.NaN;
        string? exception = null;
        try
        {
            value = member(p.S, p.A, new[] { p.N }, ds, da, exArr);
        }
        catch (Exception e)
        {
            exception = e.GetType().FullName;
        }

        return new Outcome(value, exception, batch.TakeLog!(), ds, da, exArr[0]);
    }

    private double[][] ArraysOf(Point p, double fill)
        => activeArrays.Select(i => Enumerable.Repeat(fill, p.A[i].Length).ToArray()).ToArray();

    /// <summary>Runs the four members at a point (two when F has its gradient only); returns their outcomes (F, gradient, pushforward, pullback).</summary>
    private Outcome[]? CheckPoint(Point p, bool identities)
    {
        var f = Call(program.Value!, p, Array.Empty<double>(), Array.Empty<double[]>(), 0);

        var g = Call(program.Gradient!, p, new double[activeScalars.Length], ArraysOf(p, Sentinel), 0);

        // Directions, seeds and pre-filled adjoints depend only on the point, so a second call at
        // the same point must give bitwise the same outcomes.
        var r = new Random(program.Program.Seed * 31 + p.Label.Aggregate(17, (h, c) => h * 31 + c));
        var vs = activeScalars.Select(_ => Real(r.NextDouble() * 2 - 1)).ToArray();
        var va = activeArrays.Select(i => p.A[i].Select(_ => Real(r.NextDouble() * 2 - 1)).ToArray()).ToArray();
        // F with its gradient only (attr.generate-gradient) has no pushforward or pullback to check.
        var pf = program.Pushforward is null ? null : Call(program.Pushforward, p, (double[])vs.Clone(), va.Select(x => (double[])x.Clone()).ToArray(), 0);

        double seed = Real(0.5 + r.NextDouble());
        var bs = activeScalars.Select(_ => Real(r.NextDouble() * 2 - 1)).ToArray();
        var ba = activeArrays.Select(i => p.A[i].Select(_ => Real(r.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var pb = program.Pullback is null ? null : Call(program.Pullback, p, (double[])bs.Clone(), ba.Select(x => (double[])x.Clone()).ToArray(), seed);

        if (program.Twin is not null)
        {
            CheckTwin(p, f, g, identities, vs.Concat(va.SelectMany(a => a)).ToArray(), bs.Concat(ba.SelectMany(a => a)).ToArray(), seed, r);
        }

        if (program.Map is not null)
        {
            CheckMap(p);
        }

        var outcomes = pf is null || pb is null ? new[] { f, g } : new[] { f, g, pf, pb };
        for (int m = 1; m < outcomes.Length; m++)
        {
            var o = outcomes[m];
            if (o.Exception != f.Exception)
            {
                Fail("exception", MemberName(m), $"at {p}: F {f.Show()}, {MemberName(m)} {o.Show()}");
            }
            else if (!o.Value.Equals(f.Value))
            {
                Fail("value", MemberName(m), $"at {p}: F returns {Point.F(f.Value)}, {MemberName(m)} returns {Point.F(o.Value)}");
            }

            if (o.Log != f.Log)
            {
                Fail("effects", MemberName(m), $"at {p}: F's inactive calls {Show(f.Log)}, {MemberName(m)}'s {Show(o.Log)}{(f.Exception is null ? "" : $" (F throws {f.Exception})")}");
            }
        }

        if (f.Exception is not null || g.Exception is not null)
        {
            return outcomes;
        }

        if (g.Da.Any(a => a.Any(v => v == Sentinel)))
        {
            Fail("overwrite", "FGradient", $"at {p}: a gradient span element was not written (still {Sentinel})");
        }

        if (!identities || !double.IsFinite(f.Value))
        {
            return outcomes;
        }

        // The gradient, flattened in parameter order.
        var grad = g.Ds.Concat(g.Da.SelectMany(a => a)).ToArray();
        if (grad.Any(v => !double.IsFinite(v)))
        {
            return outcomes;
        }

        if (pf is not null && pb is not null)
        {
            CheckIdentities(p, grad, vs.Concat(va.SelectMany(a => a)).ToArray(), pf, seed, bs.Concat(ba.SelectMany(a => a)).ToArray(), pb);
        }

        CheckFiniteDifferences(p, grad, f.Value);
        return outcomes;
    }

    private static string Show(string log) => log.Length == 0 ? "(none)" : log.Length > 120 ? log.Substring(0, 120) + "…" : log;

    /// <summary>
    /// Pushforward(v) = Σ ∇ₖvₖ and Pullback(s, b) = b + s∇ hold exactly in real arithmetic; the two
    /// sides differ only by rounding in a different order of the same operations. Relative to the
    /// magnitude of the summands that is a few ulps times the number of operations, so 1e-9 in
    /// double (about 10⁷ ulps) is tight and still never trips on rounding; in float the members
    /// compute in float (ulp 6e-8), so 2e-4. A double program that casts through float has float
    /// tangents and adjoints at that point (README: "A value held in a float has float tangents
    /// and adjoints"), so its identities hold to float precision only: 2e-4 there too.
    /// </summary>
    private void CheckIdentities(Point p, double[] grad, double[] v, Outcome pf, double seed, double[] b0, Outcome pb)
    {
        bool floatInside = !single && program.Program.Productions.ContainsKey("expr.cast");
        double tol = single || floatInside ? 2e-4 : 1e-9;
        double tiny = single ? 1e-30 : 1e-300;
        if (pf.Exception is null)
        {
            double dot = 0, mag = 0, vNorm = 0;
            for (int k = 0; k < grad.Length; k++)
            {
                dot += grad[k] * v[k];
                mag += Math.Abs(grad[k] * v[k]);
                vNorm += Math.Abs(v[k]);
            }

            // Through a cast to float, the tangent at the cast is rounded to float and the
            // gradient's adjoint there too, but not in the same way: F = v - (double)(float)v has
            // gradient 1 - 1 = 0 exactly and tangent t - (double)(float)t, about 1e-8·t (finding
            // 22). Those rounding errors are float-relative to the tangent at the cast point, which
            // can cancel out of the result and out of the gradient; scale by the tangent's size.
            // The same holds in a float program for any cancellation inside the derivative
            // (1 − sin u near u = π/2): the gradient's components are what is left after it, and
            // float rounding is relative to the terms that cancelled, of the tangent's size
            // (finding 39).
            // In double the floor is ε-sized: a derivative that is all cancellation (two paths of
            // size 1 that meet as 1 − 1 + 1e-8) keeps rounding of the size of those paths, about
            // 1e-16·|v|, which no tolerance relative to the result covers (finding 40).
            mag = Math.Max(mag, (floatInside || single ? 1 : 1e-7) * vNorm);

            if (double.IsFinite(pf.Extra) || double.IsFinite(dot))
            {
                if (!(Math.Abs(pf.Extra - dot) <= tol * Math.Max(mag, Math.Abs(pf.Extra)) + tiny))
                {
                    Fail("pushforward-identity", "FPushforward", $"at {p}: tangent {Point.F(pf.Extra)}, gradient·v = {Point.F(dot)} (gradient [{string.Join(", ", grad.Select(Point.F))}], v [{string.Join(", ", v.Select(Point.F))}])");
                }
            }
        }

        if (pb.Exception is null)
        {
            var got = pb.Ds.Concat(pb.Da.SelectMany(a => a)).ToArray();
            for (int k = 0; k < grad.Length; k++)
            {
                double expected = b0[k] + seed * grad[k];
                if (!(Math.Abs(got[k] - expected) <= tol * (Math.Abs(b0[k]) + Math.Abs(seed) * Math.Max(Math.Abs(grad[k]), floatInside || single ? 1 : 1e-7)) + tiny))
                {
                    Fail("pullback-identity", "FPullback", $"at {p}: adjoint[{k}] = {Point.F(got[k])}, expected {Point.F(b0[k])} + {Point.F(seed)}·{Point.F(grad[k])} = {Point.F(expected)} (gradient [{string.Join(", ", grad.Select(Point.F))}])");
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The vector twin FT (see <see cref="FuzzProgram.VectorTwin"/>): each of its members returns
    /// F's value as its first output (Equals), throws what F throws and makes F's inactive calls;
    /// its Jacobian (de-transposed for the denominator layout), pushforward and pullback match
    /// F's gradient ∇ and X = F's value exactly in real arithmetic — row 0 is ∇, row 1 is
    /// (2X + 0.5)∇, tangents J·v, adjoints b + Jᵀs — so the tolerance is
    /// <see cref="CheckIdentities"/>'s, relative to the summands' magnitude.
    /// </summary>
    private void CheckTwin(Point p, Outcome f, Outcome g, bool identities, double[] v, double[] b0, double seed0, Random random)
    {
        var twin = program.Twin!;
        int columns = activeScalars.Length + activeArrays.Sum(i => p.A[i].Length);
        double seed1 = Real(random.NextDouble() * 2 - 1);
        var valueEx = new double[1];
        var value = Call(twin[0], p, Array.Empty<double>(), Array.Empty<double[]>(), valueEx);
        var flat = FlatColumns(p);

        var all = new double[2 + 2 * columns];
        var jacobian = Call(twin[1], p, Array.Empty<double>(), Array.Empty<double[]>(), all);
        var va = new List<double[]>();
        int at = activeScalars.Length;
        foreach (int i in activeArrays)
        {
            va.Add(v.Skip(at).Take(p.A[i].Length).ToArray());
            at += p.A[i].Length;
        }

        var pushEx = new double[2];
        var push = Call(twin[2], p, v.Take(activeScalars.Length).ToArray(), va.ToArray(), pushEx);
        var ba = new List<double[]>();
        at = activeScalars.Length;
        foreach (int i in activeArrays)
        {
            ba.Add(b0.Skip(at).Take(p.A[i].Length).ToArray());
            at += p.A[i].Length;
        }

        var pull = Call(twin[3], p, b0.Take(activeScalars.Length).ToArray(), ba.ToArray(), new[] { seed0, seed1 });
        string[] names = { "FT", "FTJacobian", "FTPushforward", "FTPullback" };
        var outcomes = new[] { value, jacobian, push, pull };
        for (int m = 0; m < 4; m++)
        {
            var o = outcomes[m];
            if (o.Exception != f.Exception)
            {
                Fail("twin-exception", names[m], $"at {p}: F {f.Show()}, {names[m]} {o.Show()}");
            }
            else if (!o.Value.Equals(f.Value))
            {
                Fail("twin-value", names[m], $"at {p}: F returns {Point.F(f.Value)}, the first output of {names[m]} is {Point.F(o.Value)}");
            }

            if (o.Log != f.Log)
            {
                Fail("twin-effects", names[m], $"at {p}: F's inactive calls {Show(f.Log)}, {names[m]}'s {Show(o.Log)}");
            }
        }

        if (f.Exception is not null || value.Exception is not null || jacobian.Exception is not null)
        {
            return;
        }

        // The second output: FT's own, bitwise, from the Jacobian's value.
        double second = valueEx[0];
        double secondJ = all[1];
        if (!secondJ.Equals(second))
        {
            Fail("twin-value", "FTJacobian", $"at {p}: FT's second output {Point.F(second)}, FTJacobian's {Point.F(secondJ)}");
        }

        var grad = g.Ds.Concat(g.Da.SelectMany(a => a)).ToArray();
        if (!identities || !double.IsFinite(f.Value) || g.Exception is not null || grad.Any(x => !double.IsFinite(x)) || !double.IsFinite(second))
        {
            return;
        }

        bool floatInside = !single && program.Program.Productions.ContainsKey("expr.cast");
        double tol = single || floatInside ? 2e-4 : 1e-9;
        double tiny = single ? 1e-30 : 1e-300;
        double x = f.Value;
        double factor = 2 * x + 0.5;
        bool Close(double got, double expected, double magnitude) => Math.Abs(got - expected) <= tol * Math.Max(magnitude, Math.Abs(got)) + tiny;

        for (int c = 0; c < columns; c++)
        {
            for (int k = 0; k < 2; k++)
            {
                double got = all[2 + (program.Program.TwinDenominator ? c * 2 + k : k * columns + c)];
                double expected = k == 0 ? grad[flat[c]] : factor * grad[flat[c]];

                // Through a cast to float the sweep's adjoints are rounded to float, relative to
                // the seed, not to the result: terms that cancel exactly for seed 1 (F's gradient)
                // leave float-sized residues for seed 2F + 0.5 (finding 22's rule for tangents).
                // Otherwise rounding is relative to the row's scale (a coordinate where terms cancel
                // to almost 0 may be rounded differently for another seed).
                double scale = grad.Max(Math.Abs) * (k == 0 ? 1 : Math.Abs(factor));
                double magnitude = Math.Max(Math.Max(Math.Abs(expected), scale), (floatInside || single ? 1 : 1e-7) * (k == 0 ? 1 : Math.Abs(factor)));
                if (!Close(got, expected, magnitude))
                {
                    Fail("twin-jacobian", "FTJacobian", $"at {p}: J[{k}, {c}] (gradient coordinate {flat[c]}) = {Point.F(got)}, expected {(k == 0 ? "∂F" : "(2F + 0.5)·∂F")} = {Point.F(expected)} (F = {Point.F(x)}, gradient [{string.Join(", ", grad.Select(Point.F))}]{(program.Program.TwinDenominator ? ", denominator layout" : "")})");
                    k = 2;
                    c = columns;
                }
            }
        }

        if (push.Exception is null)
        {
            double dot = 0, mag = 0, vNorm = 0;
            for (int c = 0; c < columns; c++)
            {
                dot += grad[c] * v[c];
                mag += Math.Abs(grad[c] * v[c]);
                vNorm += Math.Abs(v[c]);
            }

            mag = Math.Max(mag, (floatInside || single ? 1 : 1e-7) * vNorm);

            if (!Close(pushEx[0], dot, mag) || !Close(pushEx[1], factor * dot, Math.Abs(factor) * mag))
            {
                Fail("twin-pushforward", "FTPushforward", $"at {p}: tangents ({Point.F(pushEx[0])}, {Point.F(pushEx[1])}), expected ∇·v = {Point.F(dot)} and (2F + 0.5)·∇·v = {Point.F(factor * dot)} (F = {Point.F(x)})");
            }
        }

        if (pull.Exception is null)
        {
            var got = pull.Ds.Concat(pull.Da.SelectMany(a => a)).ToArray();
            double s = seed0 + seed1 * factor;
            for (int c = 0; c < columns; c++)
            {
                double expected = b0[c] + s * grad[c];
                double seeds = Math.Abs(seed0) + Math.Abs(seed1 * factor);
                if (!Close(got[c], expected, Math.Abs(b0[c]) + seeds * Math.Max(floatInside || single ? 1 : 1e-7, Math.Abs(grad[c]))))
                {
                    Fail("twin-pullback", "FTPullback", $"at {p}: adjoint[{c}] = {Point.F(got[c])}, expected {Point.F(b0[c])} + ({Point.F(seed0)} + {Point.F(seed1)}·(2F + 0.5))·{Point.F(grad[c])} = {Point.F(expected)} (F = {Point.F(x)})");
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The element-wise map FE (see <see cref="FuzzProgram.Map"/>): its Jacobian (compressed when
    /// proved element-wise, else dense; de-transposed for the denominator layout) equals, column by
    /// column, its pushforwards along unit tangents and, row by row, its pullbacks of unit seeds
    /// onto zero adjoints. All three evaluate the same derivative formulas, so they agree to a few
    /// ulps; a wrongly proved structure (an entry off the diagonal dropped) is off by O(1).
    /// </summary>
    private void CheckMap(Point p)
    {
        var map = program.Map!;
        if (p.S.Any(v => !double.IsFinite(v)) || p.A.Any(a => a.Any(v => !double.IsFinite(v))))
        {
            // At NaN or ∞ inputs the modes may differ where a zero tangent meets a non-finite
            // value (0·NaN in a pushforward, never formed in a pullback): no identity to check.
            return;
        }

        int m = p.A[activeArrays[0]].Length;
        int columns = activeScalars.Length + activeArrays.Sum(i => p.A[i].Length);
        var flat = FlatColumns(p);

        var all = new double[m + m * columns + 1];
        var jacobian = Call(map[0], p, Array.Empty<double>(), Array.Empty<double[]>(), all);
        if (jacobian.Exception is not null)
        {
            return;
        }

        double At(int row, int column) => all[m + (program.Program.MapDenominator ? column * m + row : row * columns + column)];
        double tol = single ? 1e-4 : 1e-11;
        // A non-finite entry (an overflow inside the map) is not compared, for the same reason.
        bool Close(double got, double expected)
            => !double.IsFinite(got) || !double.IsFinite(expected) || Math.Abs(got - expected) <= tol * Math.Max(1, Math.Max(Math.Abs(got), Math.Abs(expected)));

        double[][] Split(double[] v)
        {
            var parts = new double[activeArrays.Length][];
            int at = activeScalars.Length;
            for (int k = 0; k < activeArrays.Length; k++)
            {
                parts[k] = v.Skip(at).Take(p.A[activeArrays[k]].Length).ToArray();
                at += parts[k].Length;
            }

            return parts;
        }

        for (int c = 0; c < columns; c++)
        {
            var unit = new double[columns];
            unit[flat[c]] = 1;
            var tangent = new double[m + 1]; // (Call reads element 0, also when m = 0)
            var push = Call(map[1], p, unit.Take(activeScalars.Length).ToArray(), Split(unit), tangent);
            if (push.Exception is not null)
            {
                Fail("map-exception", "FEPushforward", $"at {p}: FEJacobian ran, FEPushforward along column {c} threw {push.Exception}");
                return;
            }

            for (int row = 0; row < m; row++)
            {
                if (!Close(At(row, c), tangent[row]))
                {
                    Fail("map-jacobian", "FEJacobian", $"at {p}: J[{row}, {c}] = {Point.F(At(row, c))}, FEPushforward along column {c} gives {Point.F(tangent[row])}{(program.Program.MapDenominator ? " (denominator layout)" : "")}");
                    return;
                }
            }
        }

        for (int row = 0; row < m; row++)
        {
            var seeds = new double[m + 1];
            seeds[row] = 1;
            var pull = Call(map[2], p, new double[activeScalars.Length], activeArrays.Select(i => new double[p.A[i].Length]).ToArray(), seeds);
            if (pull.Exception is not null)
            {
                Fail("map-exception", "FEPullback", $"at {p}: FEJacobian ran, FEPullback of row {row} threw {pull.Exception}");
                return;
            }

            var got = pull.Ds.Concat(pull.Da.SelectMany(a => a)).ToArray();
            for (int c = 0; c < columns; c++)
            {
                if (!Close(At(row, c), got[flat[c]]))
                {
                    Fail("map-jacobian", "FEPullback", $"at {p}: J[{row}, {c}] = {Point.F(At(row, c))}, FEPullback of row {row} gives {Point.F(got[flat[c]])}{(program.Program.MapDenominator ? " (denominator layout)" : "")}");
                    return;
                }
            }
        }
    }

    /// <summary>
    /// A Jacobian's columns are the active parameters in parameter order; the checker's flat
    /// gradient has the scalars first, then the arrays: where each column is in it.
    /// </summary>
    private List<int> FlatColumns(Point p)
    {
        var flat = new List<int>();
        int scalarAt = 0, arrayAt = activeScalars.Length, arrayIndex = 0;
        foreach (var param in program.Program.Params.Where(q => q.IsActive))
        {
            if (param.IsRealScalar)
            {
                flat.Add(scalarAt++);
            }
            else
            {
                int length = p.A[activeArrays[arrayIndex++]].Length;
                flat.AddRange(Enumerable.Range(arrayAt, length));
                arrayAt += length;
            }
        }

        return flat;
    }

    private double? Eval(Point p)
    {
        batch.Reset!();
        try
        {
            // F with stopped gradients: its reference, replaying the values stopped at the point.
            batch.Freeze!(program.Reference is null ? 0 : 2);
            double v = (program.Reference ?? program.Value)!(p.S, p.A, new[] { p.N }, Array.Empty<double>(), Array.Empty<double[]>(), new double[1]);
            return double.IsFinite(v) ? v : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>F of the program's double twin at p (see <see cref="FuzzProgram.DoubleTwin"/>), with stopped gradients replayed as in <see cref="Eval"/>.</summary>
    private double? EvalDouble(Point p)
    {
        batch.Reset!();
        try
        {
            batch.Freeze!(program.Reference is null ? 0 : 2);
            double v = program.DoubleValue!(p.S, p.A, new[] { p.N }, Array.Empty<double>(), Array.Empty<double[]>(), new double[1]);
            return double.IsFinite(v) ? v : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// For a program in float or with float casts, whose differences failed: central differences of
    /// its double twin (no float rounding in F's values) at relative steps 1e-4 to 1e-11. Two
    /// successive steps that both agree with the gradient within the tolerance judge it right: a
    /// wrong gradient cannot agree with the true slope at two scales (finding 53's class, which
    /// float's rounding kept from the smaller steps of F itself: steep or fast-oscillating terms,
    /// wraps of a large sum).
    /// </summary>
    private bool DoubleTwinAgrees(Point p, int scalar, int array, int element, double x, double g, double tolerance)
    {
        if (program.DoubleValue is null)
        {
            return false;
        }

        bool agreedBefore = false;
        for (double rel = 1e-4; rel >= 1e-11; rel /= 10)
        {
            double h = rel * Math.Max(1, Math.Abs(x));
            double xp = x + h, xm = x - h;
            var fp = EvalDouble(p.With(scalar, array, element, xp));
            var fm = EvalDouble(p.With(scalar, array, element, xm));
            bool agrees = fp is not null && fm is not null && Math.Abs(g - (fp.Value - fm.Value) / (xp - xm)) <= tolerance;
            if (agrees && agreedBefore)
            {
                return true;
            }

            agreedBefore = agrees;
        }

        return false;
    }

    /// <summary>
    /// The fundamental theorem of calculus as a check: the gradient's component averaged over the
    /// difference's interval [<paramref name="low"/>, <paramref name="high"/>] (stratified samples)
    /// must equal the difference itself, (F(high) − F(low)) / (high − low), within
    /// <paramref name="tolerance"/> plus four standard errors of the samples' mean. A bounded term
    /// that oscillates far faster than any step the checker can take (cos of a value grown to 1e7
    /// or more: finding 89) moves the gradient by up to its amplitude at every point, but averages
    /// out of both sides alike; a wrong derivative (a missing term, a wrong factor) shifts the
    /// average and still fails, and where the gradient does not scatter, the standard error is
    /// about 0 and the tolerance the usual one. Not for F with stopped gradients, whose reference
    /// replays the values stopped at the point (the gradient elsewhere stops other values).
    /// </summary>
    private bool GradientIntegralAgrees(Point p, int scalar, int array, int element, int component, double low, double high, double difference, double tolerance)
    {
        if (program.Reference is not null || program.Gradient is null || !(high > low))
        {
            return false;
        }

        const int samples = 2048;
        var random = new Random(component + 89);
        double sum = 0, sumOfSquares = 0;
        for (int i = 0; i < samples; i++)
        {
            double xi = Real(low + (i + random.NextDouble()) / samples * (high - low));
            var q = p.With(scalar, array, element, xi);
            var o = Call(program.Gradient, q, new double[activeScalars.Length], ArraysOf(q, 0), 0);
            double gi = o.Exception is null ? o.Ds.Concat(o.Da.SelectMany(a => a)).ElementAt(component) : double.NaN;
            if (!double.IsFinite(gi))
            {
                return false;
            }

            sum += gi;
            sumOfSquares += gi * gi;
        }

        double mean = sum / samples;
        double deviation = Math.Sqrt(Math.Max(0, sumOfSquares / samples - mean * mean));
        return Math.Abs(mean - difference) <= tolerance + 4 * deviation / Math.Sqrt(samples);
    }

    /// <summary>
    /// Central differences at steps h and h/2, plus one-sided differences at h/2. Where they
    /// disagree the point is near a kink or a jump (a branch that switches, a Floor, a trip count
    /// that changes) and the coordinate is skipped. Otherwise the h/2 central difference has
    /// truncation error (h/2)²f'''/6 and rounding error ≲ 4ε·max|f|/(h/2); the tolerance is 1e-5
    /// relative (double; h = 1e-5·max(1,|x|)) or 5e-3 (float; h = 1e-2·max(1,|x|)) plus 8 times
    /// that rounding bound, far above FD error for smooth code and far below the size of the
    /// derivative bugs it is there to catch (a missing term, a wrong sign, a zero).
    /// </summary>
    private void CheckFiniteDifferences(Point p, double[] grad, double f0)
    {
        // A cast to float inside double code makes F a float-precision function: its values move in
        // steps of a float ulp, so FD there needs float's rounding bound and a larger step.
        bool floatInside = !single && program.Program.Productions.ContainsKey("expr.cast");
        double eps = single || floatInside ? 6e-8 : 2.2e-16;
        double rel = single ? 1e-2 : floatInside ? 1e-3 : 1e-5;

        // With a cast through float, F is a staircase of float steps (p − (float)p is pure rounding
        // error, derivative 0 by the documented rule); its differences carry float-sized noise
        // relative to the intermediates, which f's own magnitude does not bound: float tolerance.
        double tol = single || floatInside ? 5e-3 : 1e-5;
        if (program.Reference is not null)
        {
            // Record the values F stops the gradient of at p, for Eval to replay (see FuzzFrozen).
            batch.Reset!();
            batch.Freeze!(1);
            try
            {
                program.Reference(p.S, p.A, new[] { p.N }, Array.Empty<double>(), Array.Empty<double[]>(), new double[1]);
            }
            catch (Exception)
            {
                batch.Freeze!(0);
                return;
            }
        }

        int k = 0;
        var coords = activeScalars.Select(i => (scalar: i, array: -1, element: 0))
            .Concat(activeArrays.SelectMany(ai => Enumerable.Range(0, p.A[ai].Length).Select(e => (scalar: 0, array: ai, element: e))))
            .ToList();
        foreach (var (scalar, array, element) in coords)
        {
            double x = array < 0 ? p.S[scalar] : p.A[array][element];
            double h = rel * Math.Max(1, Math.Abs(x));
            double xp1 = Real(x + h), xm1 = Real(x - h), xp2 = Real(x + h / 2), xm2 = Real(x - h / 2);
            var fp1 = Eval(p.With(scalar, array, element, xp1));
            var fm1 = Eval(p.With(scalar, array, element, xm1));
            var fp2 = Eval(p.With(scalar, array, element, xp2));
            var fm2 = Eval(p.With(scalar, array, element, xm2));
            double g = grad[k++];
            if (fp1 is null || fm1 is null || fp2 is null || fm2 is null)
            {
                FdSkipped++;
                continue;
            }

            double c1 = (fp1.Value - fm1.Value) / (xp1 - xm1);
            double c2 = (fp2.Value - fm2.Value) / (xp2 - xm2);
            double fwd = (fp2.Value - f0) / (xp2 - x);
            double bwd = (f0 - fm2.Value) / (x - xm2);
            double fmax = new[] { Math.Abs(f0), Math.Abs(fp1.Value), Math.Abs(fm1.Value) }.Max();
            double noise = 4 * eps * fmax / (h / 2);
            double scale = Math.Max(1, Math.Max(Math.Abs(c2), Math.Abs(g)));

            // Smoothness is judged on the differences alone: a gradient that is huge (sin of an
            // argument ~1e7 in float) would otherwise make any two wildly different differences
            // look alike, and the check would compare it with meaningless differences.
            double fdScale = Math.Max(1, Math.Max(Math.Abs(c1), Math.Abs(c2)));
            bool smooth = Math.Abs(c1 - c2) <= tol * 0.1 * fdScale + 4 * noise
                          && Math.Abs(fwd - bwd) <= (single ? 0.1 : 1e-3) * fdScale + 4 * noise;
            if (!smooth)
            {
                FdSkipped++;
                continue;
            }

            // F bitwise constant around x while so large that a term up to 1e3 vanishes in its
            // rounding (|F|·ε > 1e3): a bounded term with a large derivative (sin of a huge
            // argument) is absorbed, F is flat under rounding, and no difference can judge its
            // derivative (findings 32 and 37). Only runaway growth reaches such magnitudes.
            if (fp1.Value == f0 && fm1.Value == f0 && fp2.Value == f0 && fm2.Value == f0 && Math.Abs(f0) * eps > 1e3)
            {
                FdSkipped++;
                continue;
            }

            if (!(Math.Abs(g - c2) <= tol * scale + 8 * noise))
            {
                // Jumps at a period close to the step (x·c % 0.5 with |c| ≈ 600 wraps every 8e-4)
                // cross both steps alike, so the two steps and the one-sided differences agree on a
                // wrong slope. A central difference at a step 64 times smaller sees no jump: if it
                // agrees with the gradient, the gradient is right here (finding 24).
                // The same at 64² and 64³ times smaller steps: an oscillation far faster than h
                // (the cosine of a huge argument) is averaged by every difference at h's scale and
                // only resolved below its period (finding 42), as long as rounding allows.
                // Or two successive smaller steps that both agree with the gradient within the
                // tolerance, whatever the rounding bound says: where a float cast sets that bound
                // (the whole of F taken as float-precise) it can exceed the jump itself, although
                // the differences at two scales agree to many digits (finding 53, a wrap of s % 0.1).
                bool resolved = false;
                bool agreedBefore = false;
                for (double h3 = h / 64; h3 >= h / (64 * 64 * 64) && !resolved; h3 /= 64)
                {
                    double xp3 = Real(x + h3), xm3 = Real(x - h3);
                    var fp3 = Eval(p.With(scalar, array, element, xp3));
                    var fm3 = Eval(p.With(scalar, array, element, xm3));
                    if (fp3 is not null && fm3 is not null && xp3 != xm3)
                    {
                        double c3 = (fp3.Value - fm3.Value) / (xp3 - xm3);
                        double noise3 = 4 * eps * fmax / h3;
                        bool agrees = Math.Abs(g - c3) <= tol * scale;
                        resolved = (Math.Abs(g - c3) <= tol * scale + 8 * noise3 && Math.Abs(c3 - c2) > tol * scale + 8 * noise3)
                            || (agrees && agreedBefore);
                        agreedBefore = agrees;
                    }
                    else
                    {
                        agreedBefore = false;
                    }
                }

                if (resolved)
                {
                    FdSkipped++;
                    continue;
                }
            }

            // A step function (Floor, a cast to long, …) of a fast-moving value is a staircase
            // with many steps inside one h: the differences see its average slope, which looks
            // smooth at h and h/2, while its derivative is 0 by convention. When the part of F's
            // change that the gradient does not explain is a step's worth or more, the
            // coordinate is not judged (finding 41).
            if (program.Program.Productions.ContainsKey("expr.zero-derivative") && Math.Abs(g - c2) * (h / 2) >= 0.1)
            {
                FdSkipped++;
                continue;
            }

            FdChecked++;
            if (!(Math.Abs(g - c2) <= tol * scale + 8 * noise) && DoubleTwinAgrees(p, scalar, array, element, x, g, tol * scale))
            {
                continue;
            }

            if (!(Math.Abs(g - c2) <= tol * scale + 8 * noise) && GradientIntegralAgrees(p, scalar, array, element, k - 1, xm2, xp2, c2, tol * scale + 8 * noise))
            {
                continue;
            }

            if (!(Math.Abs(g - c2) <= tol * scale + 8 * noise))
            {
                string which = array < 0 ? $"scalar argument {scalar}" : $"array {array}[{element}]";
                Fail("gradient-fd", "FGradient", $"∂F/∂({which}) = {Point.F(g)}, finite differences {Point.F(c2)} (h/2 = {Point.F(h / 2)}; at h: {Point.F(c1)}; F = {Point.F(f0)}) at {p}");
            }
        }
    }

    private void Threads(Point p0, Point p1, Outcome[] first)
    {
        // Serial reference results at p1.
        var second = new[]
        {
            Call(program.Value!, p1, Array.Empty<double>(), Array.Empty<double[]>(), 0),
            Call(program.Gradient!, p1, new double[activeScalars.Length], ArraysOf(p1, Sentinel), 0),
        };
        var bad = new List<string>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var p = i % 2 == 0 ? p0 : p1;
            var reference = i % 2 == 0 ? first[1] : second[1];
            var o = Call(program.Gradient!, p, new double[activeScalars.Length], ArraysOf(p, Sentinel), 0);
            if (!o.Bitwise(reference))
            {
                lock (bad)
                {
                    bad.Add($"at {p}: {Describe(o)}, serial {Describe(reference)}");
                }
            }
        });
        if (bad.Count > 0)
        {
            Fail("threads", "FGradient", bad[0]);
        }
    }

    /// <summary>Runs the checks on a thread of its own so that a member that never returns is reported, not waited for.</summary>
    public static List<Failure> RunWithTimeout(CompiledProgram program, BatchCompiler.Batch batch, TimeSpan timeout, out int fdChecked, out int fdSkipped)
    {
        List<Failure>? result = null;
        Exception? error = null;
        var checker = new Checker(program, batch);
        var thread = new Thread(() =>
        {
            try
            {
                result = checker.Run();
            }
            catch (Exception e)
            {
                error = e;
            }
        }, 16 * 1024 * 1024) { IsBackground = true };
        thread.Start();
        fdChecked = 0;
        fdSkipped = 0;
        if (!thread.Join(timeout))
        {
            return new List<Failure> { new("hang", "some member", $"did not finish within {timeout.TotalSeconds} s (F's loops are all bounded)") };
        }

        fdChecked = checker.FdChecked;
        fdSkipped = checker.FdSkipped;
        if (error is not null)
        {
            return new List<Failure> { new("checker", "fuzzer", error.ToString()) };
        }

        return result!;
    }
}
