using System.Collections.Generic;
using System.Linq;
using System.Text;
using AutoDiffGen.FuzzTests.Grammar;

namespace AutoDiffGen.FuzzTests.Infrastructure;

/// <summary>
/// Emits, next to each program, a class <c>H_P…</c> that calls <c>F</c> and its three generated
/// members with arrays instead of spans, so the fuzzer can call them through one delegate type
/// (<see cref="Member"/>): spans cannot go through reflection.
/// </summary>
internal static class Harness
{
    /// <summary>
    /// (s: real scalar arguments, a: real array arguments, n: int arguments, ds: per active scalar,
    /// da: per active array, ex: extra in/out: [0] the result tangent (pushforward) or the seed (pullback)).
    /// </summary>
    public delegate double Member(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex);

    /// <summary>Support code shared by all programs of a batch: the call log, a seeded Random, an enum.</summary>
    public const string SupportSource = """
        using System;
        using System.Text;

        /// <summary>A positional record a switch tests by its properties (auto-properties: read again without an effect).</summary>
        public sealed record FuzzOptions(int Mode, double Scale);

        /// <summary>Inactive calls with side effects; per thread, reset before every call the fuzzer makes.</summary>
        public static class FuzzLog
        {
            [ThreadStatic] private static StringBuilder? log;
            [ThreadStatic] private static int count;
            [ThreadStatic] private static Random? rng;

            public static void Reset() { log = new StringBuilder(); count = 0; rng = new Random(12345); Level = 0.5; System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture; }

            /// <summary>Options a switch tests by their properties: Mode and Scale follow <see cref="Level"/>.</summary>
            public static FuzzOptions Options => new FuzzOptions((int)(Level * 4) % 3, Level);

            /// <summary>Logs and swaps the current culture between the invariant one and German (1.5 is "1,5" there).</summary>
            public static void SwapCulture()
            {
                (log ??= new StringBuilder()).Append("C,");
                var current = System.Globalization.CultureInfo.CurrentCulture;
                System.Globalization.CultureInfo.CurrentCulture = current.Name == "de-DE" ? System.Globalization.CultureInfo.InvariantCulture : System.Globalization.CultureInfo.GetCultureInfo("de-DE");
            }

            /// <summary>A static field that <see cref="Raise"/> changes: read before and after such a call, two values.</summary>
            [ThreadStatic] public static double Level;

            /// <summary>Logs and raises <see cref="Level"/>.</summary>
            public static void Raise(int k)
            {
                (log ??= new StringBuilder()).Append('L').Append(k).Append(',');
                Level += 0.25 * k;
            }

            /// <summary>A property whose getter has an effect (it ticks): each read is a call, and a new value.</summary>
            public static double Counted => Tick(9);

            public static string Take() => log?.ToString() ?? "";

            /// <summary>Appends k to the log; the result depends on how often it was called.</summary>
            public static double Tick(int k)
            {
                (log ??= new StringBuilder()).Append(k).Append(',');
                count++;
                return 0.5 + 0.125 * (count % 5) + 0.01 * k;
            }

            /// <summary>A seeded generator: each read is logged, and its numbers depend on how often it was used.</summary>
            public static Random Rng
            {
                get
                {
                    (log ??= new StringBuilder()).Append("R,");
                    return rng ??= new Random(12345);
                }
            }
        }

        /// <summary>
        /// The reference FR of a program that uses Ad.StopGradient calls Frozen where F stops the
        /// gradient: recording at the point the gradient is taken, replaying those values at the
        /// points finite differences evaluate, so that the differences see the stopped values as the
        /// constants the gradient takes them for.
        /// </summary>
        public static class FuzzFrozen
        {
            [ThreadStatic] private static System.Collections.Generic.List<double>? values;
            [ThreadStatic] private static int next;
            [ThreadStatic] private static int mode;

            /// <summary>0: pass values through; 1: record them (anew); 2: replay from the first.</summary>
            public static void Mode(int m) { mode = m; next = 0; if (m == 1) values = new System.Collections.Generic.List<double>(); }

            public static double Frozen(double x)
            {
                if (mode == 1) { values!.Add(x); return x; }
                if (mode == 2 && values is not null && next < values.Count) return values[next++];
                return x;
            }

            public static float Frozen(float x) => (float)Frozen((double)x);
        }

        public enum Phase { A, B, C, D }

        public static class FuzzConv
        {
            public static float[] F(double[] a)
            {
                var f = new float[a.Length];
                for (int i = 0; i < a.Length; i++) f[i] = (float)a[i];
                return f;
            }

            public static void Back(float[] f, double[] a)
            {
                for (int i = 0; i < a.Length; i++) a[i] = f[i];
            }
        }
        """;

    public static string HarnessClassName(FuzzProgram p) => "H_" + p.ClassName;

    /// <summary>The class that calls the double twin (<see cref="FuzzProgram.DoubleTwin"/>), in the twin's own file.</summary>
    public static string DoubleHarnessClassName(FuzzProgram p) => "HD_" + p.ClassName;

    /// <summary>
    /// The double twin of a program and, in the same file, <c>HD_P….Value</c>: its F (or FR, when F
    /// stops gradients) called with the point's doubles as they are. Null when there is no twin.
    /// </summary>
    public static string? EmitDoubleTwin(FuzzProgram p)
    {
        string? twin = p.DoubleTwin();
        if (twin is null)
        {
            return null;
        }

        int si = 0, ai = 0;
        var args = p.Params.Select(param => param.IsRealScalar ? $"s[{si++}]" : param.IsRealArray ? $"a[{ai++}]" : "n[0]");
        return twin + "public static class " + DoubleHarnessClassName(p) + "\n{\n"
            + "    public static double Value(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n"
            + $"        return {p.DoubleTwinClassName}.{(p.StopsGradients ? "FR" : "F")}({string.Join(", ", args)});\n    }}\n}}\n";
    }

    public static string Emit(FuzzProgram p)
    {
        bool fl = p.IsFloat;
        var args = new List<string>();
        var prep = new StringBuilder();
        int si = 0, ai = 0;
        foreach (var param in p.Params)
        {
            if (param.IsRealScalar)
            {
                args.Add(fl ? $"(float)s[{si++}]" : $"s[{si++}]");
            }
            else if (param.IsRealArray)
            {
                if (fl)
                {
                    prep.Append($"        var fa{ai} = FuzzConv.F(a[{ai}]);\n");
                    args.Add($"fa{ai++}");
                }
                else
                {
                    args.Add($"a[{ai++}]");
                }
            }
            else
            {
                args.Add("n[0]");
            }
        }

        string call = string.Join(", ", args);
        var active = p.Params.Where(x => x.IsActive).ToList();
        var sb = new StringBuilder();
        sb.Append("public static class ").Append(HarnessClassName(p)).Append("\n{\n");

        // Value
        sb.Append("    public static double Value(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
          .Append(prep).Append($"        return {p.ClassName}.F({call});\n    }}\n");

        // Reference: F with its stopped gradients frozen (see FuzzFrozen), for finite differences.
        if (p.StopsGradients)
        {
            sb.Append("    public static double Reference(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep).Append($"        return {p.ClassName}.FR({call});\n    }}\n");
        }

        // Gradient: out per scalar, Span per array (overwritten).
        {
            var (extra, pre, post) = Adjoints(active, fl, outScalars: true);
            sb.Append("    public static double Gradient(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep).Append(pre)
              .Append($"        var r = {p.ClassName}.FGradient({Join(call, extra)});\n")
              .Append(post).Append("        return r;\n    }\n");
        }

        // Pushforward: tangent per active parameter, out result tangent.
        if (!p.GradientOnly)
        {
            var extra = Tangents(active, fl);
            extra.Add("out var rt");
            sb.Append("    public static double Pushforward(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep)
              .Append($"        var r = {p.ClassName}.FPushforward({Join(call, extra)});\n")
              .Append("        ex[0] = rt;\n        return r;\n    }\n");
        }

        // Pullback: seed, then ref per scalar / Span per array, added into.
        if (!p.GradientOnly)
        {
            var extra = new List<string> { fl ? "(float)ex[0]" : "ex[0]" };
            var (adjoints, pre, post) = Adjoints(active, fl);
            extra.AddRange(adjoints);
            sb.Append("    public static double Pullback(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep).Append(pre)
              .Append($"        var r = {p.ClassName}.FPullback({Join(call, extra)});\n")
              .Append(post).Append("        return r;\n    }\n");
        }

        if (p.VectorTwin)
        {
            EmitTwin(p, sb, prep.ToString(), call, active);
        }

        if (p.Map is not null)
        {
            EmitMap(p, sb, prep.ToString(), call, active);
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>
    /// The members of the vector twin FT (see <see cref="FuzzProgram.VectorTwin"/>), through the same
    /// delegate: each returns the first output; <c>ex</c> carries the second output (TValue), both
    /// outputs then the Jacobian as FTJacobian wrote it (TJacobian), the two output tangents
    /// (TPushforward) or, in, the two seeds (TPullback).
    /// </summary>
    private static void EmitTwin(FuzzProgram p, StringBuilder sb, string prep, string call, List<Param> active)
    {
        bool fl = p.IsFloat;
        string T = p.T;
        string cast = fl ? "(float)" : "";
        string columns = string.Join(" + ", active.Select((x, i) => x.IsRealScalar ? "1" : "a[" + p.Params.Where(q => q.IsRealArray).ToList().IndexOf(x) + "].Length").DefaultIfEmpty("0"));
        var shape = p.TwinShape;

        // The span output (o_) after F's arguments, and how each member's two outputs are read:
        // (first, second) from the tuple, from o_, or from the result and o_[0].
        string twinCall = shape == TwinShape.Tuple ? call : Join(call, new List<string> { "o" });
        string declare = shape switch
        {
            TwinShape.Tuple => "",
            TwinShape.SpanOutput => $"        var o = new {T}[2];\n",
            _ => $"        var o = new {T}[1];\n",
        };
        string result = shape == TwinShape.SpanOutput ? "" : "var r = ";
        string first = shape switch { TwinShape.Tuple => "r.first", TwinShape.SpanOutput => "o[0]", _ => "r" };
        string second = shape switch { TwinShape.Tuple => "r.second", TwinShape.SpanOutput => "o[1]", _ => "o[0]" };

        sb.Append("    public static double TValue(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
          .Append(prep).Append(declare).Append($"        {result}{p.ClassName}.FT({twinCall});\n        ex[0] = {second};\n        return {first};\n    }}\n");

        sb.Append("    public static double TJacobian(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
          .Append(prep).Append(declare)
          .Append($"        var j = new {T}[2 * ({columns})];\n")
          .Append($"        {result}{p.ClassName}.FTJacobian({Join(twinCall, new List<string> { "j" })});\n")
          .Append($"        ex[0] = {first};\n        ex[1] = {second};\n")
          .Append("        for (int i = 0; i < j.Length; i++) ex[2 + i] = j[i];\n")
          .Append($"        return {first};\n    }}\n");

        {
            var extra = Tangents(active, fl);
            string t0 = shape switch { TwinShape.Tuple => "t0", TwinShape.SpanOutput => "to[0]", _ => "t0" };
            string t1 = shape switch { TwinShape.Tuple => "t1", TwinShape.SpanOutput => "to[1]", _ => "to[0]" };
            string tangents = shape switch { TwinShape.Tuple => "", TwinShape.SpanOutput => $"        var to = new {T}[2];\n", _ => $"        var to = new {T}[1];\n" };
            if (shape != TwinShape.SpanOutput)
            {
                extra.Add("out var t0");
            }

            extra.Add(shape == TwinShape.Tuple ? "out var t1" : "to");
            sb.Append("    public static double TPushforward(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep).Append(declare).Append(tangents)
              .Append($"        {result}{p.ClassName}.FTPushforward({Join(twinCall, extra)});\n")
              .Append($"        ex[0] = {t0};\n        ex[1] = {t1};\n        return {first};\n    }}\n");
        }

        {
            var extra = shape switch
            {
                TwinShape.Tuple => new List<string> { $"{cast}ex[0]", $"{cast}ex[1]" },
                TwinShape.SpanOutput => new List<string> { $"new {T}[] {{ {cast}ex[0], {cast}ex[1] }}" },
                _ => new List<string> { $"{cast}ex[0]", $"new {T}[] {{ {cast}ex[1] }}" },
            };
            var (adjoints, pre, post) = Adjoints(active, fl);
            extra.AddRange(adjoints);

            sb.Append("    public static double TPullback(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep).Append(declare).Append(pre)
              .Append($"        {result}{p.ClassName}.FTPullback({Join(twinCall, extra)});\n")
              .Append(post).Append($"        return {first};\n    }}\n");
        }
    }

    /// <summary>
    /// The members of the element-wise map FE (see <see cref="FuzzProgram.Map"/>), whose output
    /// <c>o_</c> has the length of the first active array: EJacobian (ex: the outputs, then the
    /// Jacobian as written), EPushforward (ex: the output tangents), EPullback (in ex: the seeds).
    /// </summary>
    private static void EmitMap(FuzzProgram p, StringBuilder sb, string prep, string call, List<Param> active)
    {
        bool fl = p.IsFloat;
        string T = p.T;
        var arrays = p.Params.Where(q => q.IsRealArray).ToList();
        int first = arrays.IndexOf(active.First(x => x.IsRealArray));
        string columns = string.Join(" + ", active.Select(x => x.IsRealScalar ? "1" : "a[" + arrays.IndexOf(x) + "].Length"));
        // The outputs start non-zero: a map that reads them first depends on what the caller passed.
        string declare = $"        int m_ = a[{first}].Length;\n        var o = new {T}[m_];\n        for (int i = 0; i < m_; i++) o[i] = {(fl ? "0.5f + 0.25f * i" : "0.5 + 0.25 * i")};\n";
        string mapCall = Join(call, new List<string> { "o" });

        sb.Append("    public static double EJacobian(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
          .Append(prep).Append(declare)
          .Append($"        var j = new {T}[m_ * ({columns})];\n")
          .Append($"        {p.ClassName}.FEJacobian({Join(mapCall, new List<string> { "j" })});\n")
          .Append("        for (int i = 0; i < m_; i++) ex[i] = o[i];\n")
          .Append("        for (int i = 0; i < j.Length; i++) ex[m_ + i] = j[i];\n")
          .Append("        return 0;\n    }\n");

        var tangents = Tangents(active, fl);
        tangents.Add("to");
        sb.Append("    public static double EPushforward(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
          .Append(prep).Append(declare)
          .Append($"        var to = new {T}[m_];\n")
          .Append($"        {p.ClassName}.FEPushforward({Join(mapCall, tangents)});\n")
          .Append("        for (int i = 0; i < m_; i++) ex[i] = to[i];\n")
          .Append("        return 0;\n    }\n");

        var (adjoints, pre, post) = Adjoints(active, fl);
        var seeds = new List<string> { "seed" };
        seeds.AddRange(adjoints);
        sb.Append("    public static double EPullback(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
          .Append(prep).Append(declare)
          .Append($"        var seed = new {T}[m_];\n")
          .Append($"        for (int i = 0; i < m_; i++) seed[i] = {(fl ? "(float)" : "")}ex[i];\n")
          .Append(pre)
          .Append($"        {p.ClassName}.FEPullback({Join(mapCall, seeds)});\n")
          .Append(post).Append("        return 0;\n    }\n");
    }

    /// <summary>A pushforward's tangent arguments: <c>ds[k]</c> per active scalar, <c>da[k]</c> per active array.</summary>
    private static List<string> Tangents(List<Param> active, bool fl)
    {
        var extra = new List<string>();
        int dsi = 0, dai = 0;
        foreach (var x in active)
        {
            extra.Add(x.IsRealScalar ? (fl ? $"(float)ds[{dsi++}]" : $"ds[{dsi++}]") : (fl ? $"FuzzConv.F(da[{dai++}])" : $"da[{dai++}]"));
        }

        return extra;
    }

    /// <summary>
    /// A gradient's or pullback's adjoint arguments (a <c>ref</c> local per active scalar, started from and copied
    /// back to <c>ds[k]</c>; a span per active array, <c>da[k]</c> itself or a float copy of it),
    /// with the statements before and after the call.
    /// </summary>
    /// <param name="outScalars">A gradient's <c>out</c> per scalar instead of a pullback's <c>ref</c>.</param>
    private static (List<string> Arguments, string Before, string After) Adjoints(List<Param> active, bool fl, bool outScalars = false)
    {
        var extra = new List<string>();
        var pre = new StringBuilder();
        var post = new StringBuilder();
        int dsi = 0, dai = 0;
        foreach (var x in active)
        {
            if (x.IsRealScalar && outScalars)
            {
                extra.Add($"out var b{dsi}");
                post.Append($"        ds[{dsi}] = b{dsi};\n");
                dsi++;
            }
            else if (x.IsRealScalar)
            {
                pre.Append(fl ? $"        float b{dsi} = (float)ds[{dsi}];\n" : $"        double b{dsi} = ds[{dsi}];\n");
                extra.Add($"ref b{dsi}");
                post.Append($"        ds[{dsi}] = b{dsi};\n");
                dsi++;
            }
            else if (fl)
            {
                pre.Append($"        var ga{dai} = FuzzConv.F(da[{dai}]);\n");
                extra.Add($"ga{dai}");
                post.Append($"        FuzzConv.Back(ga{dai}, da[{dai}]);\n");
                dai++;
            }
            else
            {
                extra.Add($"da[{dai++}]");
            }
        }

        return (extra, pre.ToString(), post.ToString());
    }

    private static string Join(string call, List<string> extra)
        => call.Length == 0 ? string.Join(", ", extra) : call + ", " + string.Join(", ", extra);
}
