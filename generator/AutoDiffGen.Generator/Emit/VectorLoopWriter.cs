using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Writes a <see cref="VectorPrologueStmt"/>: under <c>#if NET8_0_OR_GREATER</c> (it calls the
/// runtime's <c>VectorBlocks</c>, which the .NET 8 build of the runtime has), when vectors are
/// accelerated (folded into <c>VectorBlocks.End</c>), the trip count leaves at least one
/// iteration to the scalar loop after a block, and every element it touches is in range, it runs
/// blocks of <c>Vector&lt;T&gt;.Count</c> iterations and advances the loop variables; the scalar loop
/// that follows runs the rest. Loads and stores are unchecked because the range check ran first.
/// </summary>
internal static class VectorLoopWriter
{
    // C# 7.3 throughout (no nint/nuint), as the rest of the generated code: a .NET 8 project may
    // still set an older LangVersion.
    private const string Vector = "global::System.Numerics.Vector";

    /// <summary>The runtime's steps of a block (loads, scatters, ordered sums), inlined by the JIT.</summary>
    private const string Blocks = "global::AutoDiffGen.VectorBlocks";

    /// <summary>How many blocks a pass of scatters at a larger offset runs ahead of the next pass.</summary>
    private const int Lead = 4;

    public static void Write(IndentedWriter writer, VectorLoopPlan plan)
    {
        string t = plan.ElementType;
        string vectorT = Vector + "<" + t + ">";
        // How a vector local is declared: every one is initialized with a Vector<T>.
        string local = plan.VarDeclarations ? "var" : vectorT;
        var folding = FoldingOf(plan);
        string p = plan.Prefix;
        string counter = plan.Counter.Name;
        // The arrays a gradient writes here first (Fresh), with their gathered block's offset.
        var fresh = plan.Fresh.Select(a => (Array: plan.Arrays[a].Array.Name, plan.Ops.First(o => o.Kind == VectorOpKind.GatherLoad && o.Array == a).Offset)).ToList();
        writer.WriteLine("#if NET8_0_OR_GREATER");
        // End is long.MinValue where vectors are not accelerated: then no block runs.
        writer.WriteLine($"long {p}Bound = {ExpressionWriter.Write(plan.Bound)};");
        writer.WriteLine($"long {p}End = {Blocks}.End<{t}>({p}Bound{(plan.ThroughLast ? "" : " - 1")});");
        for (int b = 0; b < plan.Bases.Count; b++)
        {
            writer.WriteLine($"long {p}Base{b + 1} = {LongExpression(plan.Bases[b])};");
        }

        // Run blocks while the next block fits (j + Count <= bound) when the plan may run through
        // the last iteration; otherwise only while one iteration is left after them (j + Count <
        // bound), so that the scalar loop runs the last iteration, as in scalar code. The largest
        // counter value a block reaches is bound − 1 or bound − 2.
        int last = plan.ThroughLast ? 0 : 1;
        var conditions = new List<string> { $"{counter} >= 0", $"{counter} < {p}End" };
        for (int b = 0; b < plan.Bases.Count; b++)
        {
            conditions.Add($"{p}Base{b + 1} >= 0");
            conditions.Add($"{p}Base{b + 1} <= int.MaxValue");
        }

        foreach (var check in plan.Checks)
        {
            string array = plan.Arrays[check.Array].Array.Name;
            string @base = check.Base < 0 ? "" : $"{p}Base{check.Base + 1} + ";
            if (check.MinOffset < 0)
            {
                // x[i * d + j - 1]: scalar code computes i * d + j first, which must not overflow.
                conditions.Add($"{array}.Length <= int.MaxValue - 256");
            }

            if (check.Base >= 0)
            {
                // The stream's first element (j = 0) is in the array: no reference points before it.
                conditions.Add(check.MinOffset == 0 ? $"{p}Base{check.Base + 1} >= 0" : $"{p}Base{check.Base + 1} + {Int(check.MinOffset)} >= 0");
            }

            // Bound ≤ w.Length holds by itself where Bound is w.Length, read just above.
            if (check.Base >= 0 || check.MaxOffset - last != 0 || !plan.Arrays[check.Array].Array.Equals(Differentiation.ArrayPlumbing.LengthOf(plan.Bound)))
            {
                conditions.Add($"{@base}{p}Bound{Plus(check.MaxOffset - last)} <= {array}.Length");
            }
        }

        using (writer.WriteBlock($"if ({string.Join(" && ", Distinct(conditions))})"))
        {
            // The fresh arrays' elements the blocks will not store, before the first block and from
            // the end of the last one on (where the counter stops: the first block start at or past
            // End), cleared first. First, so that no vector local lives across these calls (the JIT
            // would keep it in memory through the loop).
            if (fresh.Count > 0)
            {
                writer.WriteLine($"int {p}Stored = (int)({counter} + ({p}End - {counter} + {vectorT}.Count - 1) / {vectorT}.Count * {vectorT}.Count);");
            }

            foreach (var (array, offset) in fresh)
            {
                writer.WriteLine($"{array}.Slice(0, {counter}{Plus(offset)}).Clear();");
                writer.WriteLine($"{array}.Slice({p}Stored{Plus(offset)}).Clear();");
            }

            // Per base and offset other than element 0: element j of a stream is at start + j
            // (int locals, where a ref local per stream costs the compiler much more).
            var starts = new Dictionary<(int Base, int Offset), string> { [(-1, 0)] = "" };
            foreach (var op in plan.Ops)
            {
                if (op.Kind is VectorOpKind.Load or VectorOpKind.Scatter or VectorOpKind.Store or VectorOpKind.GatherLoad && !starts.ContainsKey((op.Base, op.Offset)))
                {
                    string name = $"{p}Start{starts.Count}";
                    starts[(op.Base, op.Offset)] = name + " + ";
                    string start = op.Base < 0 ? Int(op.Offset) : op.Offset == 0 ? $"(int){p}Base{op.Base + 1}" : $"(int){p}Base{op.Base + 1} + {Int(op.Offset)}";
                    writer.WriteLine($"int {name} = {start};");
                }
            }

            foreach (var op in plan.Ops)
            {
                if (op.Kind == VectorOpKind.Splat)
                {
                    // The scalar is of the element type (the vectorizer broadcasts nothing else), which
                    // picks Broadcast's overload.
                    writer.WriteLine($"{local} {op.Target} = {Blocks}.Broadcast({ExpressionWriter.Write(op.Scalar!)});");
                }
            }

            foreach (var reduction in plan.Reductions)
            {
                writer.WriteLine($"{local} {reduction.Vector} = {vectorT}.Zero;");
            }

            // A gathered scatter's values of the previous block: −0 before the first, which adds nothing
            // (x + −0 is x, for +0 and −0 too).
            var carried = plan.Ops.Where(o => o.Kind == VectorOpKind.GatherAdd && o.Lanes > 0).ToList();
            foreach (var op in carried)
            {
                writer.WriteLine($"{local} {op.B} = {Blocks}.Broadcast({(t == "float" ? "-0.0f" : "-0.0")});");
            }

            // The scatters at the larger offsets of an array run ahead of the main pass, over the
            // same blocks, the larger offset the farther (Lead blocks per pass): each element then
            // gets its terms in the order of the iterations, and no block loads what a store a few
            // instructions before wrote in part (which stalls store-to-load forwarding).
            int passes = plan.Ops.Count == 0 ? 1 : plan.Ops.Max(o => o.Pass) + 1;
            for (int pass = passes - 1; pass > 0; pass--)
            {
                string block = $"{p}Block{pass}";
                using (writer.WriteBlock($"for (int {block} = {counter}; {block} < {p}End && {block} - {counter} < {pass * Lead} * {vectorT}.Count; {block} += {vectorT}.Count)"))
                {
                    WriteOps(writer, plan, pass, block, starts, local, folding);
                }
            }

            using (writer.WriteBlock("do"))
            {
                for (int pass = passes - 1; pass > 0; pass--)
                {
                    // Compared in long arithmetic (End is a long), so that no int wraps near int.MaxValue.
                    string ahead = $"{p}Ahead{pass}";
                    using (writer.WriteBlock($"if ({counter} < {p}End - {pass * Lead} * {vectorT}.Count)"))
                    {
                        writer.WriteLine($"int {ahead} = {counter} + {pass * Lead} * {vectorT}.Count;");
                        WriteOps(writer, plan, pass, ahead, starts, local, folding);
                    }
                }

                WriteOps(writer, plan, 0, counter, starts, local, folding);
                writer.WriteLine($"{counter} += {vectorT}.Count;");
            }

            writer.WriteLine($"while ({counter} < {p}End);");

            // The elements past the last block get the terms its last iterations add there (the last
            // lanes of its values), before the loop below adds the next iterations' terms: per
            // element in the order of the iterations, as the gathered adds are (largest offset first).
            for (int k = 0; k < carried.Count; k++)
            {
                var op = carried[k];
                if (k == 0 || carried[k - 1].Lanes != op.Lanes || carried[k - 1].Array != op.Array)
                {
                    string lanes = op.Lanes == 1 ? "lane" : Int(op.Lanes) + " lanes";
                    writer.WriteLine($"// {Element(plan, op, op.Lanes)} += … of the last block's last {lanes}, into the elements after it, before the loop below adds its own");
                }

                writer.WriteLine($"{Blocks}.AddLastLanes({Stream(plan, op, starts, counter)}, {op.B}, {Int(op.Lanes)});");
            }

            foreach (var reduction in plan.Reductions)
            {
                string sign = reduction.Subtract ? "-" : "+";
                writer.WriteLine(reduction.Carried
                    ? $"{reduction.Accumulator.Name} = {reduction.Accumulator.Name} {sign} {Blocks}.Sum({reduction.Vector});"
                    : $"{reduction.Accumulator.Name} += {Blocks}.Sum({reduction.Vector});");
            }
        }

        if (fresh.Count > 0)
        {
            // Where no block runs, the loop below adds into every element: clear them all.
            using (writer.WriteBlock("else"))
            {
                WriteClears(writer, fresh);
            }

            writer.WriteLine("#else");
            WriteClears(writer, fresh);
        }

        writer.WriteLine("#endif");
    }

    private static void WriteClears(IndentedWriter writer, List<(string Array, int Offset)> fresh)
    {
        foreach (var (array, _) in fresh)
        {
            writer.WriteLine($"{array}.Clear();");
        }
    }

    /// <param name="folding">What the plan's operations read and change (<see cref="FoldingOf"/>), made once for all of its passes.</param>
    private static void WriteOps(IndentedWriter writer, VectorLoopPlan plan, int pass, string at, Dictionary<(int Base, int Offset), string> starts, string local, Folding folding)
    {
        // The offset of the gathered scatters commented last.
        int group = -1;
        // An arithmetic result read once, by a later operation of this pass, is written into that
        // operation instead of a local (less for the compiler to bind; the same lane-wise operations
        // in the same order): its expression waits here until read, nested at most two deep.
        var folded = new Dictionary<string, (string Text, int Depth)>();
        string Operand(string name, out int depth)
        {
            if (folded.TryGetValue(name, out var f))
            {
                folded.Remove(name);
                depth = f.Depth;
                return f.Text;
            }

            depth = 0;
            return name;
        }

        string A(VectorOp op) => Operand(op.A, out _);

        foreach (var op in plan.Ops)
        {
            if (op.Pass != pass)
            {
                continue;
            }

            switch (op.Kind)
            {
                case VectorOpKind.Load:
                    writer.WriteLine($"{local} {op.Target} = {Blocks}.Load({Stream(plan, op, starts, at)});");
                    break;
                case VectorOpKind.Add:
                case VectorOpKind.Subtract:
                case VectorOpKind.Multiply:
                case VectorOpKind.Divide:
                case VectorOpKind.Negate:
                {
                    // VectorBlocks' methods are named as the kinds are; Negate is a sign flip, as
                    // scalar negation is (Vector<T>'s unary minus is 0 - v).
                    string a = Operand(op.A, out int depthA);
                    int depthB = 0;
                    string arguments = op.Kind == VectorOpKind.Negate ? a : a + ", " + Operand(op.B, out depthB);
                    string text = $"{Blocks}.{op.Kind}({arguments})";
                    int depth = System.Math.Max(depthA, depthB) + 1;
                    if (depth <= 2 && folding.Reads.TryGetValue(op.Target, out var read) && read.Count == 1 && read.Pass == pass
                        && !folding.Changed.Contains(op.A) && !folding.Changed.Contains(op.B))
                    {
                        folded[op.Target] = (text, depth);
                    }
                    else
                    {
                        writer.WriteLine($"{local} {op.Target} = {text};");
                    }

                    break;
                }

                case VectorOpKind.Scatter:
                    writer.WriteLine($"{Blocks}.AddTo({Stream(plan, op, starts, at)}, {A(op)});");
                    break;
                case VectorOpKind.Store:
                case VectorOpKind.GatherStore:
                    writer.WriteLine($"{Blocks}.Store({Stream(plan, op, starts, at)}, {A(op)});");
                    break;
                case VectorOpKind.GatherLoad when plan.Fresh.Contains(op.Array):
                    writer.WriteLine($"// {plan.Arrays[op.Array].Array.Name}: written first here (nothing cleared it), a block from zeros, stored once; each element gets the terms of the scatters into it in the order of the iterations, as in the loop below");
                    writer.WriteLine($"{local} {op.Target} = {Vector}<{plan.ElementType}>.Zero;");
                    group = -1;
                    break;
                case VectorOpKind.GatherLoad:
                    writer.WriteLine($"// {plan.Arrays[op.Array].Array.Name}: loaded once per block and stored once; each element gets the terms of the scatters into it in the order of the iterations, as in the loop below");
                    writer.WriteLine($"{local} {op.Target} = {Blocks}.Load({Stream(plan, op, starts, at)});");
                    group = -1;
                    break;
                case VectorOpKind.GatherAdd:
                    if (op.Lanes != group)
                    {
                        group = op.Lanes;
                        string lanes = op.Lanes == 1 ? "1 lane" : Int(op.Lanes) + " lanes";
                        writer.WriteLine(op.Lanes == 0
                            ? $"// {Element(plan, op, 0)} += …: this block's iterations"
                            : $"// {Element(plan, op, op.Lanes)} += …: the terms of the iterations {lanes} before, this block's values moved up {lanes}, the previous block's last first");
                    }

                    if (op.Lanes > 0)
                    {
                        // op.A is read twice here: never folded (see FoldingOf).
                        writer.WriteLine(AddInto(op.Target, $"{Blocks}.ShiftIn({op.B}, {op.A}, {Int(op.Lanes)})"));
                        writer.WriteLine($"{op.B} = {op.A};");
                    }
                    else
                    {
                        writer.WriteLine(AddInto(op.Target, A(op)));
                    }

                    break;
                case VectorOpKind.ReducePartial:
                    writer.WriteLine(AddInto(op.Target, A(op)));
                    break;
                case VectorOpKind.ReduceOrdered:
                    // The scalar summation order, lane after lane.
                    string s = op.Accumulator!.Name;
                    writer.WriteLine($"{s} = {Blocks}.{(op.Subtract ? "Subtract" : "Add")}InOrder({s}, {A(op)});");
                    break;
            }
        }
    }

    /// <summary>
    /// What decides whether an arithmetic result is written into its reader: how often each vector
    /// local is read by the plan's operations (a GatherAdd with lanes reads its value twice) and in
    /// which pass the last read is (a result read once, in its own pass, is written into its reader);
    /// and the vector locals operations change after they are made (a gathered block, a carried
    /// block, a partial sum), whose readers are written where they are, never moved.
    /// </summary>
    private sealed record Folding(Dictionary<string, (int Count, int Pass)> Reads, HashSet<string> Changed);

    private static Folding FoldingOf(VectorLoopPlan plan)
    {
        var reads = new Dictionary<string, (int Count, int Pass)>();
        void Read(string name, int pass, int times = 1)
        {
            if (name.Length > 0)
            {
                reads[name] = (reads.TryGetValue(name, out var r) ? r.Count + times : times, pass);
            }
        }

        foreach (var op in plan.Ops)
        {
            Read(op.A, op.Pass, op.Kind == VectorOpKind.GatherAdd && op.Lanes > 0 ? 2 : 1);
            Read(op.B, op.Pass);
        }

        foreach (var reduction in plan.Reductions)
        {
            Read(reduction.Vector, -1);
        }

        var changed = new HashSet<string>(plan.Ops
            .Where(o => o.Kind is VectorOpKind.GatherLoad or VectorOpKind.GatherAdd or VectorOpKind.ReducePartial)
            .SelectMany(o => new[] { o.Target, o.B })
            .Concat(plan.Reductions.Select(r => r.Vector)));
        return new Folding(reads, changed);
    }

    /// <summary><c>array, start + j</c>: the array and the index of the stream's element at counter value <paramref name="at"/>.</summary>
    private static string Stream(VectorLoopPlan plan, VectorOp op, Dictionary<(int Base, int Offset), string> starts, string at)
        => $"{plan.Arrays[op.Array].Array.Name}, {starts[(op.Base, op.Offset)]}{at}";

    /// <summary>The element a scatter adds into, as the scalar loop indexes it (<c>dx[i_1 + 1]</c>), for comments.</summary>
    private static string Element(VectorLoopPlan plan, VectorOp op, int lanes)
    {
        string @base = op.Base < 0 ? "" : ExpressionWriter.Write(plan.Bases[op.Base]) + " + ";
        return $"{plan.Arrays[op.Array].Array.Name}[{@base}{plan.Counter.Name}{Plus(op.Offset + lanes)}]";
    }

    private static IEnumerable<string> Distinct(List<string> items)
    {
        var seen = new HashSet<string>();
        foreach (var item in items)
        {
            if (seen.Add(item))
            {
                yield return item;
            }
        }
    }

    /// <summary><c>target = VectorBlocks.Add(target, value);</c>: a vector added into a vector local.</summary>
    private static string AddInto(string target, string value) => $"{target} = {Blocks}.Add({target}, {value});";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c> + k</c>, <c> - k</c>, or nothing for 0.</summary>
    private static string Plus(int value) => value == 0 ? "" : value > 0 ? " + " + Int(value) : " - " + Int(-value);

    /// <summary>An index base in <c>long</c> arithmetic, so its exact value is checked (no wrap).</summary>
    private static string LongExpression(Expr e) => e switch
    {
        BinaryExpr b => $"(long){ExpressionWriter.Write(b.Left)} {(b.Op switch { BinaryOp.Add => "+", BinaryOp.Subtract => "-", _ => "*" })} (long){ExpressionWriter.Write(b.Right)}",
        _ => "(long)" + ExpressionWriter.Write(e),
    };
}
