using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// <c>MJacobian</c> of a vector-valued method: the m×n Jacobian of its m outputs (the returned
/// tuple's elements or real, then each span output's elements) over its n active inputs
/// (scalars and array elements, in parameter order), filled by calling the generated pullback
/// once per output (reverse mode, when n &gt; m) or the generated pushforward once per input
/// (forward mode, when n ≤ m). Each call fills one row or one column in place where the layout
/// makes it contiguous (<c>ref</c>/<c>out</c> elements and slices of the Jacobian buffer), and
/// through a pooled scratch buffer where it is strided.
/// </summary>
/// <remarks>
/// The mode is chosen by the same count JAX's <c>jacfwd</c>/<c>jacrev</c> advice uses: a sweep
/// costs about as much as a few evaluations of the method in either mode, so the fewer sweeps
/// win. When a size depends on a span's length, the method chooses at run time.
/// </remarks>
internal static class JacobianDriver
{
    public static GeneratedMethod Generate(LoweredMethod method, bool denominatorLayout)
        => new Writer(method, denominatorLayout).Generate();

    /// <summary>One output of the Jacobian's rows: a scalar (a tuple element or the returned real) or a span output.</summary>
    private sealed record Row(ParameterModel Output, bool IsSpan, string Offset);

    private sealed class Writer
    {
        private readonly LoweredMethod method;
        private readonly bool denominator;
        private readonly NameAllocator names;
        private readonly string T;
        private readonly string jacobian;
        private readonly string value;
        private readonly string reverseScratch;
        private readonly string forwardScratch;
        private readonly string index;
        private readonly string arguments;
        private readonly string one;
        private readonly string nought;
        private readonly List<ParameterModel> active;
        private readonly List<ParameterModel> scalars;
        private readonly List<ParameterModel> arrays;
        private readonly List<ParameterModel> spanOutputs;
        private readonly List<Row> rows = new();
        private readonly Dictionary<string, string> columnOf = new();
        private readonly List<string> lines = new();
        private readonly bool isVoid;

        /// <summary>
        /// The method reads its span outputs (what the caller passed in, or what it wrote): every
        /// sweep runs it again, so each must start from the caller's values, saved in
        /// <see cref="initial"/> before the first and restored before each.
        /// </summary>
        private readonly bool restores;
        private readonly string initial;
        private readonly Dictionary<string, string> initialOffsets = new();

        /// <summary>The number of columns (n) and rows (m): a literal, or a variable when known only at run time.</summary>
        private string n = "0";
        private string m = "0";

        public Writer(LoweredMethod method, bool denominatorLayout)
        {
            this.method = method;
            denominator = denominatorLayout;
            names = new NameAllocator(method.ReservedNames);
            T = method.VectorElementType;
            isVoid = method.ReturnType == "void";
            jacobian = names.Fresh(DerivativeNames.Jacobian);
            value = names.Fresh("value");
            reverseScratch = names.Fresh("scratch");
            forwardScratch = names.Fresh("tangents");
            index = names.Fresh("i");
            arguments = string.Join(", ", method.Parameters.Select(p => p.Name));
            one = T == "float" ? "1f" : "1.0";
            nought = T == "float" ? "0f" : "0.0";
            active = method.Parameters.Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveArray).ToList();
            scalars = active.Where(p => p.Role == ParameterRole.ActiveScalar).ToList();
            arrays = active.Where(p => p.Role == ParameterRole.ActiveArray).ToList();
            spanOutputs = method.Parameters.Where(p => p.Role == ParameterRole.Output).ToList();
            restores = spanOutputs.Count > 0 && JacobianStructure.ReadsOutputs(method);
            initial = names.Fresh("initial");
        }

        private bool Static => arrays.Count == 0 && spanOutputs.Count == 0;

        public GeneratedMethod Generate()
        {
            // A null array argument has no length to lay the Jacobian out by: the exception the
            // method's own guard (ThrowIfNull) throws, before any length is read.
            foreach (var p in arrays.Where(p => p.Type.EndsWith("[]", System.StringComparison.Ordinal)))
            {
                lines.Add($"_ = {p.Name} ?? throw new global::System.ArgumentNullException(nameof({p.Name}));");
            }

            // Columns, then rows: a scalar's index is a literal; an array's (or span output's) first
            // one is known only at run time (the lengths before it), so it gets a variable.
            Layout(active.Select(p => (p, p.Role == ParameterRole.ActiveArray)), "Column", out n, (p, at) => columnOf[p.Name] = at, names.Fresh("columns"));
            var outputs = method.Outputs.Select(o => (o, false)).Concat(spanOutputs.Select(o => (o, true))).ToList();
            Layout(outputs, "Row", out m, (o, at) => rows.Add(new Row(o, spanOutputs.Contains(o), at)), names.Fresh("rows"));

            LengthCheck();
            OverlapCheck();
            OutputOverlapChecks();

            string strategy;
            if (active.Count == 0)
            {
                lines.Add(CallOriginal());
                strategy = "It has no active inputs: the Jacobian is empty.";
            }
            else if (Static)
            {
                int inputs = scalars.Count, outs = rows.Count;
                bool useForward = inputs <= outs;
                lines.AddRange(useForward ? Forward() : Reverse());
                strategy = useForward
                    ? $"Forward mode: {Int(inputs)} pushforward{(inputs == 1 ? "" : "s")}, one per input, since there are no more inputs ({Int(inputs)}) than outputs ({Int(outs)})."
                    : $"Reverse mode: {Int(outs)} pullback{(outs == 1 ? "" : "s")}, one per output, since there are fewer outputs ({Int(outs)}) than inputs ({Int(inputs)}).";
            }
            else
            {
                if (!isVoid)
                {
                    lines.Add($"{method.ReturnType} {value} = default;");
                }

                bool compressed = JacobianStructure.IsElementwise(method);
                int strategyStart = -1;

                // No sweep runs when either size is zero, but the method still must (its effects,
                // its outputs, its exceptions).
                var empty = new List<string>();
                if (scalars.Count == 0)
                {
                    empty.Add(n + " == 0");
                }

                if (method.Outputs.Count == 0)
                {
                    empty.Add(m + " == 0");
                }

                if (empty.Count > 0)
                {
                    lines.Add($"if ({string.Join(" || ", empty)})");
                    lines.Add("{");
                    lines.AddRange(Indent(CallOriginal().Split('\n')));
                    lines.Add("}");
                    lines.Add("");
                }

                strategyStart = lines.Count;
                if (compressed)
                {
                    lines.AddRange(Compressed());
                    int sweeps = active.Count;
                    strategy = $"Compressed forward mode (Curtis–Powell–Reid seeding): each output element depends only on the same element of each array input and on the scalar inputs (proved at compile time: one loop whose every read and write of an active array is at its counter), so each block between an output and an array input is diagonal, and one pushforward along all-ones fills it. {Int(sweeps)} pushforward{(sweeps == 1 ? "" : "s")} in all (one per active parameter), whatever the lengths, plus clearing the buffer.";
                }
                else
                {
                    lines.Add($"if ({n} > {m})");
                    lines.Add("{");
                    lines.AddRange(Indent(Reverse()));
                    lines.Add("}");
                    lines.Add("");
                    lines.AddRange(Forward());
                    strategy = "The numbers of inputs and outputs are known at run time: reverse mode (one pullback per output) when there are more inputs than outputs, else forward mode (one pushforward per input).";
                }

                if (restores)
                {
                    // Every sweep starts from the caller's values of the outputs, which the method reads.
                    var sweeps = lines.Skip(strategyStart).ToList();
                    lines.RemoveRange(strategyStart, lines.Count - strategyStart);
                    string running = "0";
                    foreach (var o in spanOutputs)
                    {
                        initialOffsets[o.Name] = running;
                        running = Sum(running, o.Name + ".Length");
                    }

                    lines.Add($"{T}[] {initial} = global::System.Buffers.ArrayPool<{T}>.Shared.Rent({running});");
                    lines.Add("try");
                    lines.Add("{");
                    lines.Add("    // The method reads its outputs: each sweep starts from the values the caller passed.");
                    lines.AddRange(spanOutputs.Select(o => $"    {o.Name}.CopyTo({Slice(initial, initialOffsets[o.Name], o.Name + ".Length")});"));
                    lines.AddRange(Indent(sweeps.SelectMany(Restore)));
                    lines.Add("}");
                    lines.Add("finally");
                    lines.Add("{");
                    lines.Add($"    global::System.Buffers.ArrayPool<{T}>.Shared.Return({initial});");
                    lines.Add("}");
                    strategy += " The method reads its span outputs, so each sweep starts from the values the caller passed (saved before the first sweep, restored before each).";
                }

            }

            // Where no restore was written, the markers go.
            lines.RemoveAll(l => l.TrimStart() == RestoreMarker);

            var signature = ReverseModeTransform.OriginalParameters(method);
            string layoutText = denominator
                ? "denominator layout (n×m: row j holds the derivatives of every output with respect to input j)"
                : "numerator layout (m×n: row k is the gradient of output k)";
            string rowsText = spanOutputs.Count == 0 ? "the tuple elements in order"
                : method.Outputs.Count == 0 ? "the elements of " + Join(spanOutputs) + " in order"
                : (method.Outputs.Count == 1 && method.Outputs[0].Name == "result" ? "the returned value, then " : "the tuple elements, then ") + "the elements of " + Join(spanOutputs) + " in order";
            signature.Add(new GeneratedParameter("", ArrayPlumbing.SpanType(T, readOnly: false), jacobian,
                $"Receives the Jacobian, row-major, in {layoutText}; overwritten. Its length must be {(IsLiteral(n) && IsLiteral(m) ? Int(int.Parse(n, CultureInfo.InvariantCulture) * int.Parse(m, CultureInfo.InvariantCulture)) + " (" + ShapeText() + ")" : ShapeText())}. {(denominator ? "Rows (inputs)" : "Columns (inputs)")} are the active parameters in order, arrays flattened; {(denominator ? "columns" : "rows")} (outputs) are {rowsText}."));
            return new GeneratedMethod(
                Name: method.Name + "Jacobian",
                Modifiers: method.Modifiers,
                ReturnType: method.ReturnType,
                Parameters: signature.ToEquatableArray(),
                Body: EquatableArray<Stmt>.Empty,
                Summary: $"{(isVoid ? "Computes" : "Returns")} <c>{method.Name}</c> and writes its Jacobian: the derivative of each of its {(IsLiteral(m) ? m + " " : "")}outputs with respect to each active input.",
                Returns: "",
                Remarks: EquatableArray.Create("Strategy: " + strategy),
                Text: lines.ToEquatableArray());
        }

        /// <summary>
        /// Gives each item its first index (a literal while everything before is a scalar, else a
        /// variable), and the total count.
        /// </summary>
        private void Layout(IEnumerable<(ParameterModel Item, bool IsSpan)> items, string suffix, out string total, System.Action<ParameterModel, string> at, string totalName)
        {
            string running = "0";
            int constant = 0;
            string Next() => running == "0" ? Int(constant) : constant == 0 ? running : running + " + " + Int(constant);
            bool anySpan = false;
            foreach (var (item, isSpan) in items)
            {
                string first = Next();
                if (!isSpan)
                {
                    at(item, first);
                    constant++;
                    continue;
                }

                string offset = names.Fresh(item.Name.TrimStart('@') + suffix);
                lines.Add($"int {offset} = {first};");
                at(item, offset);
                running = offset + " + " + item.Name + ".Length";
                constant = 0;
                anySpan = true;
            }

            if (anySpan)
            {
                lines.Add($"int {totalName} = {Next()};");
                total = totalName;
            }
            else
            {
                total = Next();
            }
        }

        /// <summary>The number of inputs as the message of a length check says it.</summary>
        private string InputsText() => IsLiteral(n) ? n : Count(scalars.Count, arrays);

        private string OutputsText() => IsLiteral(m) ? m : Count(method.Outputs.Count, spanOutputs);

        /// <summary><c>(2 + w.Length)</c>, <c>w.Length</c>, <c>(w.Length + x.Length)</c>: a count of scalars and lengths, as a message says it.</summary>
        private static string Count(int scalarCount, List<ParameterModel> spans)
        {
            var terms = spans.Select(a => a.Name.TrimStart('@') + ".Length").ToList();
            if (scalarCount > 0)
            {
                terms.Insert(0, Int(scalarCount));
            }

            return terms.Count == 1 ? terms[0] : "(" + string.Join(" + ", terms) + ")";
        }

        private string ShapeText() => denominator ? $"{InputsText()} inputs × {OutputsText()} outputs" : $"{OutputsText()} outputs × {InputsText()} inputs";

        private void LengthCheck()
        {
            string size;
            string expected;
            if (IsLiteral(n) && IsLiteral(m))
            {
                size = Int(int.Parse(n, CultureInfo.InvariantCulture) * int.Parse(m, CultureInfo.InvariantCulture));
                expected = size;
            }
            else
            {
                // In long: a product of two lengths may not fit an int.
                size = (IsLiteral(m) ? m + "L" : "(long)" + m) + " * " + n;
                expected = "{" + size + "}";
            }

            lines.Add($"if ({jacobian}.Length != {size})");
            lines.Add("{");
            lines.Add($"    throw new global::System.ArgumentException($\"{jacobian} must have length {expected} ({ShapeText()}), but has length {{{jacobian}.Length}}.\", nameof({jacobian}));");
            lines.Add("}");
            lines.Add("");
        }

        /// <summary>The Jacobian is written while the inputs are read and the outputs written: it must share memory with none.</summary>
        private void OverlapCheck()
        {
            var sameType = method.Parameters.Where(p => ArrayPlumbing.MemoryElementTypeOf(p.Type) == T).ToList();
            if (sameType.Count == 0)
            {
                return;
            }

            string overlaps = string.Join(" || ", sameType.Select(p => $"global::System.MemoryExtensions.Overlaps<{T}>({jacobian}, {ArrayPlumbing.AsSpan(p.Name, p.Type)})"));
            string outputs = spanOutputs.Count == 0 ? "false" : "true";
            lines.Add($"if ({overlaps})");
            lines.Add("{");
            lines.Add($"    throw global::AutoDiffGen.ArgumentChecks.JacobianSharesMemory(nameof({jacobian}), \"{string.Join(", ", sameType.Select(p => p.Name.TrimStart('@')))}\", {outputs});");
            lines.Add("}");
            lines.Add("");
        }

        /// <summary>
        /// A span output that shares memory with an input or an earlier output: refused here, before
        /// the Jacobian is cleared (the sweeps' own checks come after that; a new user's trial, stop 25).
        /// </summary>
        private void OutputOverlapChecks()
        {
            foreach (var output in spanOutputs)
            {
                var others = ArrayPlumbing.OverlapCandidates(method, output).ToList();
                if (others.Count == 0)
                {
                    continue;
                }

                lines.Add($"if ({string.Join(" || ", others.Select(p => $"global::System.MemoryExtensions.Overlaps<{output.ElementType}>({output.Name}, {ArrayPlumbing.AsSpan(p.Name, p.Type)})"))})");
                lines.Add("{");
                lines.Add($"    throw global::AutoDiffGen.ArgumentChecks.OutputSharesMemory(nameof({output.Name}), \"{string.Join(", ", others.Select(p => p.Name.TrimStart('@')))}\", false);");
                lines.Add("}");
                lines.Add("");
            }
        }

        /// <summary>The element of row <paramref name="r"/> (an output) and column <paramref name="c"/> (an input) in the chosen layout.</summary>
        private string At(string r, string c) => denominator ? Sum(Product(c, m), r) : Sum(Product(r, n), c);

        private string CallOriginal()
            => isVoid ? $"{method.Name}({arguments});\nreturn;" : $"return {method.Name}({arguments});";

        /// <summary>
        /// What a call's value goes to: nothing, unless it may be the last call to run (the last
        /// scalar row or column, or any call in a loop over an array's elements, which may run
        /// none); that one is returned (all sizes fixed) or kept for the return.
        /// </summary>
        private string Assign(bool last) => isVoid || !last ? "" : Static ? "return " : value + " = ";

        /// <summary>The pooled scratch buffer of <paramref name="length"/> around <paramref name="body"/>, returned in a <c>finally</c>.</summary>
        private List<string> WithScratch(string scratch, string length, List<string> body)
        {
            var result = new List<string>
            {
                $"{T}[] {scratch} = global::System.Buffers.ArrayPool<{T}>.Shared.Rent({length});",
                "try",
                "{",
            };
            result.AddRange(Indent(body));
            result.Add(isVoid ? "    return;" : $"    return {value};");
            result.Add("}");
            result.Add("finally");
            result.Add("{");
            result.Add($"    global::System.Buffers.ArrayPool<{T}>.Shared.Return({scratch});");
            result.Add("}");
            return result;
        }

        /// <summary>
        /// A line before each sweep's call: replaced by the statements that put the caller's values
        /// back into the outputs (<see cref="restores"/>), at the call's indentation, or removed.
        /// </summary>
        private const string RestoreMarker = "\u0001";

        private IEnumerable<string> Restore(string line)
        {
            if (line.TrimStart() != RestoreMarker)
            {
                yield return line;
                yield break;
            }

            string indentation = line.Substring(0, line.Length - RestoreMarker.Length);
            foreach (var o in spanOutputs)
            {
                yield return $"{indentation}{Slice(initial, initialOffsets[o.Name], o.Name + ".Length")}.CopyTo({o.Name});";
            }
        }

        private static string Slice(string buffer, string start, string length)
            => $"global::System.MemoryExtensions.AsSpan({buffer}, {start}, {length})";

        // ------------------------------------------------------------ reverse mode

        /// <summary>A pullback per output, seeded with a unit vector, fills a row (numerator) or a column (denominator).</summary>
        private List<string> Reverse()
        {
            string scratch = reverseScratch;
            var body = new List<string>
            {
                $"// Reverse mode: one pullback per output, seeded with a unit vector, fills {(denominator ? "a column" : "a row")}.",
                // The pullbacks add into the Jacobian's elements.
                $"{jacobian}.Clear();",
            };

            // The scratch: the unit and zero seeds of the span outputs (m each: no span output is
            // longer), then, in denominator layout, the arrays' adjoints (a column is strided).
            bool seedSpans = spanOutputs.Count > 0;
            bool adjointScratch = denominator && arrays.Count > 0;
            string seedLength = seedSpans ? m : "0";
            string unitSeed = names.Fresh("unitSeed");
            string zeroSeed = names.Fresh("zeroSeed");
            string adjointStart = seedSpans ? Product("2", m) : "0";
            string arrayLengths = string.Join(" + ", arrays.Select(a => a.Name + ".Length"));
            if (seedSpans)
            {
                body.Add($"global::System.Span<{T}> {unitSeed} = {Slice(scratch, "0", m)};");
                body.Add($"global::System.Span<{T}> {zeroSeed} = {Slice(scratch, m, m)};");
                body.Add($"{unitSeed}.Clear();");
                body.Add($"{zeroSeed}.Clear();");
            }

            var offsets = new Dictionary<string, string>();
            string running = adjointStart;
            foreach (var a in arrays)
            {
                offsets[a.Name] = running;
                running = Sum(running, a.Name + ".Length");
            }

            string Call(string row, Row? seeded, bool last)
            {
                var args = new List<string> { arguments };
                foreach (var r in rows.Where(r => !r.IsSpan))
                {
                    args.Add(seeded == r ? one : nought);
                }

                foreach (var r in rows.Where(r => r.IsSpan))
                {
                    args.Add((seeded == r ? unitSeed : zeroSeed) + $".Slice(0, {r.Output.Name}.Length)");
                }

                foreach (var p in active)
                {
                    args.Add(p.Role == ParameterRole.ActiveScalar ? $"ref {jacobian}[{At(row, columnOf[p.Name])}]"
                        : !denominator ? $"{jacobian}.Slice({At(row, columnOf[p.Name])}, {p.Name}.Length)"
                        : Slice(scratch, offsets[p.Name], p.Name + ".Length"));
                }

                return $"{Assign(last)}{method.Name}Pullback({string.Join(", ", args.Where(a => a.Length > 0))});";
            }

            List<string> Row(string row, Row? seeded, bool last)
            {
                var lines = new List<string>();
                if (adjointScratch)
                {
                    lines.Add($"{Slice(scratch, adjointStart, arrayLengths)}.Clear();");
                }

                lines.Add(RestoreMarker);
                lines.Add(Call(row, seeded, last));
                if (adjointScratch)
                {
                    foreach (var a in arrays)
                    {
                        string k = names.Fresh("k");
                        lines.Add($"for (int {k} = 0; {k} < {a.Name}.Length; {k}++)");
                        lines.Add("{");
                        lines.Add($"    {jacobian}[{At(row, columnOf[a.Name] + " + " + k)}] = {scratch}[{Sum(offsets[a.Name], k)}];");
                        lines.Add("}");
                    }
                }

                return lines;
            }

            var scalarRows = rows.Where(r => !r.IsSpan).ToList();
            for (int k = 0; k < scalarRows.Count; k++)
            {
                body.AddRange(Row(Int(k), scalarRows[k], last: k == scalarRows.Count - 1));
            }

            foreach (var r in rows.Where(r => r.IsSpan))
            {
                body.Add($"for (int {index} = 0; {index} < {r.Output.Name}.Length; {index}++)");
                body.Add("{");
                body.Add($"    {unitSeed}[{index}] = {one};");
                body.AddRange(Indent(Row(r.Offset + " + " + index, r, last: true)));
                body.Add($"    {unitSeed}[{index}] = {nought};");
                body.Add("}");
            }

            if (!seedSpans && !adjointScratch)
            {
                if (!Static && !isVoid)
                {
                    body.Add($"return {value};");
                }
                else if (!Static)
                {
                    body.Add("return;");
                }

                return body;
            }

            string length = seedSpans && adjointScratch ? Sum(Product("2", m), arrayLengths) : seedSpans ? Product("2", m) : arrayLengths;
            return WithScratch(scratch, length, body);
        }

        // ------------------------------------------------------------ forward mode

        /// <summary>A pushforward per input, along a unit vector, fills a column (numerator) or a row (denominator).</summary>
        private List<string> Forward()
        {
            string scratch = forwardScratch;
            var body = new List<string>
            {
                $"// Forward mode: one pushforward per input, along a unit vector, fills {(denominator ? "a row" : "a column")}.",
            };

            // The scratch: the unit and zero tangents of the arrays (n each: no array is longer),
            // then, in numerator layout, the span outputs' tangents (a column is strided).
            // With a fixed number of outputs m, n ≤ m here, so every array has at most m elements:
            // the unit and zero tangents fit on the stack.
            bool onStack = arrays.Count > 0 && IsLiteral(m);
            bool tangentSpans = arrays.Count > 0 && !onStack;
            bool outputScratch = !denominator && spanOutputs.Count > 0;
            string unit = names.Fresh("unit");
            string zero = names.Fresh("zero");
            string outputStart = tangentSpans ? Product("2", n) : "0";
            string outputLengths = string.Join(" + ", spanOutputs.Select(o => o.Name + ".Length"));
            if (onStack)
            {
                body.Add($"global::System.Span<{T}> {unit} = stackalloc {T}[{m}];");
                body.Add($"global::System.Span<{T}> {zero} = stackalloc {T}[{m}];");
            }
            else if (tangentSpans)
            {
                body.Add($"global::System.Span<{T}> {unit} = {Slice(scratch, "0", n)};");
                body.Add($"global::System.Span<{T}> {zero} = {Slice(scratch, n, n)};");
                body.Add($"{unit}.Clear();");
                body.Add($"{zero}.Clear();");
            }

            var offsets = new Dictionary<string, string>();
            string running = outputStart;
            foreach (var o in spanOutputs)
            {
                offsets[o.Name] = running;
                running = Sum(running, o.Name + ".Length");
            }

            List<string> Column(string column, ParameterModel seeded, bool arrayElement, bool last)
            {
                var args = new List<string> { arguments };
                foreach (var p in active)
                {
                    args.Add(p.Role == ParameterRole.ActiveScalar
                        ? (p == seeded ? one : nought)
                        : (p == seeded && arrayElement ? unit : zero) + $".Slice(0, {p.Name}.Length)");
                }

                foreach (var r in rows)
                {
                    args.Add(!r.IsSpan ? $"out {jacobian}[{At(r.Offset, column)}]"
                        : denominator ? $"{jacobian}.Slice({At(r.Offset, column)}, {r.Output.Name}.Length)"
                        : Slice(scratch, offsets[r.Output.Name], r.Output.Name + ".Length"));
                }

                var lines = new List<string> { RestoreMarker, $"{Assign(last)}{method.Name}Pushforward({string.Join(", ", args.Where(a => a.Length > 0))});" };
                if (outputScratch)
                {
                    foreach (var o in spanOutputs)
                    {
                        var row = rows.First(r => r.Output == o);
                        string k = names.Fresh("k");
                        lines.Add($"for (int {k} = 0; {k} < {o.Name}.Length; {k}++)");
                        lines.Add("{");
                        lines.Add($"    {jacobian}[{At(row.Offset + " + " + k, column)}] = {scratch}[{Sum(offsets[o.Name], k)}];");
                        lines.Add("}");
                    }
                }

                return lines;
            }

            for (int c = 0; c < active.Count; c++)
            {
                var p = active[c];
                if (p.Role == ParameterRole.ActiveScalar)
                {
                    body.AddRange(Column(columnOf[p.Name], p, arrayElement: false, last: p == scalars[scalars.Count - 1]));
                }
                else
                {
                    body.Add($"for (int {index} = 0; {index} < {p.Name}.Length; {index}++)");
                    body.Add("{");
                    body.Add($"    {unit}[{index}] = {one};");
                    body.AddRange(Indent(Column(columnOf[p.Name] + " + " + index, p, arrayElement: true, last: true)));
                    body.Add($"    {unit}[{index}] = {nought};");
                    body.Add("}");
                }
            }

            if (!tangentSpans && !outputScratch)
            {
                if (!Static)
                {
                    body.Add(isVoid ? "return;" : $"return {value};");
                }

                return body;
            }

            string length = tangentSpans && outputScratch ? Sum(Product("2", n), outputLengths) : tangentSpans ? Product("2", n) : outputLengths;
            return WithScratch(scratch, length, body);
        }

        // ------------------------------------------------------------ compressed forward mode

        /// <summary>
        /// An element-wise method (see <see cref="JacobianStructure"/>): one pushforward per array
        /// input along all-ones fills the diagonal of each of its blocks, one per scalar input a column.
        /// </summary>
        private List<string> Compressed()
        {
            string scratch = forwardScratch;
            string ones = names.Fresh("ones");
            string zero = names.Fresh("zero");
            var body = new List<string>
            {
                "// Compressed forward mode: one pushforward per active parameter; an array's, along all-ones, gives its diagonal blocks.",
                $"{jacobian}.Clear();",
                $"global::System.Span<{T}> {ones} = {Slice(scratch, "0", n)};",
                $"global::System.Span<{T}> {zero} = {Slice(scratch, n, n)};",
                $"{ones}.Fill({one});",
                $"{zero}.Clear();",
            };

            var offsets = new Dictionary<string, string>();
            string running = Product("2", n);
            foreach (var o in spanOutputs)
            {
                offsets[o.Name] = running;
                running = Sum(running, o.Name + ".Length");
            }

            foreach (var p in active)
            {
                var args = new List<string> { arguments };
                foreach (var q in active)
                {
                    args.Add(q.Role == ParameterRole.ActiveScalar ? (q == p ? one : nought) : (q == p ? ones : zero) + $".Slice(0, {q.Name}.Length)");
                }

                args.AddRange(spanOutputs.Select(o => Slice(scratch, offsets[o.Name], o.Name + ".Length")));
                body.Add(RestoreMarker);
                body.Add($"{method.Name}Pushforward({string.Join(", ", args.Where(a => a.Length > 0))});");
                foreach (var o in spanOutputs)
                {
                    var row = rows.First(r => r.Output == o);
                    string k = names.Fresh("k");
                    if (p.Role == ParameterRole.ActiveScalar)
                    {
                        // A scalar's column: dense.
                        body.Add($"for (int {k} = 0; {k} < {o.Name}.Length; {k}++)");
                        body.Add("{");
                        body.Add($"    {jacobian}[{At(row.Offset + " + " + k, columnOf[p.Name])}] = {scratch}[{Sum(offsets[o.Name], k)}];");
                    }
                    else
                    {
                        // An array's block: its diagonal (as long as both have elements).
                        body.Add($"for (int {k} = 0; {k} < global::System.Math.Min({o.Name}.Length, {p.Name}.Length); {k}++)");
                        body.Add("{");
                        body.Add($"    {jacobian}[{At(row.Offset + " + " + k, columnOf[p.Name] + " + " + k)}] = {scratch}[{Sum(offsets[o.Name], k)}];");
                    }

                    body.Add("}");
                }
            }

            return WithScratch(scratch, Sum(Product("2", n), string.Join(" + ", spanOutputs.Select(o => o.Name + ".Length"))), body);
        }

        private static IEnumerable<string> Indent(IEnumerable<string> lines) => lines.Select(l => l.Length == 0 ? l : "    " + l);

        private static string Join(List<ParameterModel> parameters) => string.Join(", ", parameters.Select(p => "<c>" + p.Name.TrimStart('@') + "</c>"));
    }

    private static string Int(int k) => k.ToString(CultureInfo.InvariantCulture);

    private static bool IsLiteral(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary><c>a + b</c>, folded when both are integer literals.</summary>
    private static string Sum(string a, string b)
        => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int x) && int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out int y) ? (x + y).ToString(CultureInfo.InvariantCulture)
            : a == "0" ? b : b == "0" ? a : a + " + " + b;

    /// <summary><c>a * b</c>, folded when both are integer literals.</summary>
    private static string Product(string a, string b)
        => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int x) && int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out int y) ? (x * y).ToString(CultureInfo.InvariantCulture)
            : a == "0" || b == "0" ? "0" : a == "1" ? b : b == "1" ? a : Parenthesize(a) + " * " + Parenthesize(b);

    private static string Parenthesize(string a) => a.Contains(' ') ? "(" + a + ")" : a;
}
