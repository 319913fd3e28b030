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

        /// <summary>Inactive calls with side effects; per thread, reset before every call the fuzzer makes.</summary>
        public static class FuzzLog
        {
            [ThreadStatic] private static StringBuilder? log;
            [ThreadStatic] private static int count;
            [ThreadStatic] private static Random? rng;

            public static void Reset() { log = new StringBuilder(); count = 0; rng = new Random(12345); }

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

        // Gradient: out per scalar, Span per array (overwritten).
        {
            var extra = new List<string>();
            var pre = new StringBuilder();
            var post = new StringBuilder();
            int dsi = 0, dai = 0;
            foreach (var x in active)
            {
                if (x.IsRealScalar)
                {
                    extra.Add($"out var g{dsi}");
                    post.Append($"        ds[{dsi}] = g{dsi};\n");
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

            sb.Append("    public static double Gradient(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep).Append(pre)
              .Append($"        var r = {p.ClassName}.FGradient({Join(call, extra)});\n")
              .Append(post).Append("        return r;\n    }\n");
        }

        // Pushforward: tangent per active parameter, out result tangent.
        {
            var extra = new List<string>();
            int dsi = 0, dai = 0;
            foreach (var x in active)
            {
                if (x.IsRealScalar)
                {
                    extra.Add(fl ? $"(float)ds[{dsi++}]" : $"ds[{dsi++}]");
                }
                else
                {
                    extra.Add(fl ? $"FuzzConv.F(da[{dai++}])" : $"da[{dai++}]");
                }
            }

            extra.Add("out var rt");
            sb.Append("    public static double Pushforward(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep)
              .Append($"        var r = {p.ClassName}.FPushforward({Join(call, extra)});\n")
              .Append("        ex[0] = rt;\n        return r;\n    }\n");
        }

        // Pullback: seed, then ref per scalar / Span per array, added into.
        {
            var extra = new List<string> { fl ? "(float)ex[0]" : "ex[0]" };
            var pre = new StringBuilder();
            var post = new StringBuilder();
            int dsi = 0, dai = 0;
            foreach (var x in active)
            {
                if (x.IsRealScalar)
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

            sb.Append("    public static double Pullback(double[] s, double[][] a, int[] n, double[] ds, double[][] da, double[] ex)\n    {\n")
              .Append(prep).Append(pre)
              .Append($"        var r = {p.ClassName}.FPullback({Join(call, extra)});\n")
              .Append(post).Append("        return r;\n    }\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Join(string call, List<string> extra)
        => call.Length == 0 ? string.Join(", ", extra) : call + ", " + string.Join(", ", extra);
}
