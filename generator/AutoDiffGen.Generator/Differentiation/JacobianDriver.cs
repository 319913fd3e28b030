using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// <c>MJacobian</c> of a vector-valued method (a tuple of m reals returned): the m×n Jacobian
/// over the n active inputs (scalars, then array elements, in parameter order), filled by calling
/// the generated pullback once per output (reverse mode, when n &gt; m) or the generated
/// pushforward once per input (forward mode, when n ≤ m). Each call fills one row or one column
/// in place: its <c>ref</c>/<c>out</c> derivatives are elements of the Jacobian buffer and its
/// adjoint spans slices of it, so no copy is made, except for the one case where a slice cannot
/// be used (an array's column of a denominator-layout Jacobian, reverse mode: a pooled buffer).
/// </summary>
/// <remarks>
/// The mode is chosen by the same count JAX's <c>jacfwd</c>/<c>jacrev</c> advice uses: a sweep
/// costs about as much as a few evaluations of the method in either mode, so the fewer sweeps
/// win. When an array is active, n is known only at run time and the method chooses then.
/// </remarks>
internal static class JacobianDriver
{
    public static GeneratedMethod Generate(LoweredMethod method, bool denominatorLayout)
    {
        var names = new NameAllocator(method.ReservedNames);
        string T = method.Outputs[0].Type;
        int m = method.Outputs.Count;
        var active = method.Parameters.Where(p => p.Role != ParameterRole.Inactive).ToList();
        var scalars = active.Where(p => p.Role == ParameterRole.ActiveScalar).ToList();
        var arrays = active.Where(p => p.Role == ParameterRole.ActiveArray).ToList();
        string jacobian = names.Fresh("jacobian");
        string value = names.Fresh("value");
        string columns = names.Fresh("columns");
        string index = names.Fresh("i");
        string unit = names.Fresh("unit");
        string zero = names.Fresh("zero");
        string scratch = names.Fresh("scratch");
        var offsets = arrays.ToDictionary(p => p.Name, p => names.Fresh(p.Name.TrimStart('@') + "Column"));
        string arguments = string.Join(", ", method.Parameters.Select(p => p.Name));
        string one = T == "float" ? "1f" : "1.0";
        string nought = T == "float" ? "0f" : "0.0";

        var lines = new List<string>();
        string Int(int k) => k.ToString(CultureInfo.InvariantCulture);

        // Columns: the scalars and arrays in parameter order. An array's first column is known
        // only at run time (the lengths before it), so it gets a variable.
        var columnOf = new Dictionary<string, string>();
        string running = "0";
        int constant = 0;
        string Next() => running == "0" ? Int(constant) : constant == 0 ? running : running + " + " + Int(constant);
        foreach (var p in active)
        {
            string at = Next();
            if (p.Role == ParameterRole.ActiveScalar)
            {
                columnOf[p.Name] = at;
                constant++;
            }
            else
            {
                lines.Add($"int {offsets[p.Name]} = {at};");
                columnOf[p.Name] = offsets[p.Name];
                running = offsets[p.Name] + " + " + p.Name + ".Length";
                constant = 0;
            }
        }

        string n = arrays.Count == 0 ? Int(scalars.Count) : columns;
        string nText = arrays.Count == 0 ? Int(scalars.Count) : $"{Int(scalars.Count)} + " + string.Join(" + ", arrays.Select(a => a.Name.TrimStart('@') + ".Length"));
        if (arrays.Count > 0)
        {
            lines.Add($"int {columns} = {Next()};");
        }

        string size = arrays.Count == 0 ? Int(m * scalars.Count) : $"{Int(m)} * {columns}";
        string inputs = arrays.Count == 0 ? nText : "(" + nText + ")";
        string shape = denominatorLayout ? $"{inputs} inputs × {Int(m)} outputs" : $"{Int(m)} outputs × {inputs} inputs";
        lines.Add($"if ({jacobian}.Length != {size})");
        lines.Add("{");
        string expected = arrays.Count == 0 ? size : "{" + size + "}";
        lines.Add($"    throw new global::System.ArgumentException($\"{jacobian} must have length {expected} ({shape}), but has length {{{jacobian}.Length}}.\", nameof({jacobian}));");
        lines.Add("}");
        lines.Add("");

        // The Jacobian is written while the inputs are still read: it must not share their memory.
        var sameType = method.Parameters.Where(p => p.Type == T + "[]" || p.Type == ArrayPlumbing.SpanType(T, readOnly: true) || p.Type == ArrayPlumbing.SpanType(T, readOnly: false)).ToList();
        if (sameType.Count > 0)
        {
            string overlaps = string.Join(" || ", sameType.Select(p => $"global::System.MemoryExtensions.Overlaps<{T}>({jacobian}, {p.Name})"));
            lines.Add($"if ({overlaps})");
            lines.Add("{");
            lines.Add($"    throw new global::System.ArgumentException(\"{jacobian} shares memory with an input array ({string.Join(", ", sameType.Select(p => p.Name.TrimStart('@')))}); pass a separate buffer for the Jacobian.\", nameof({jacobian}));");
            lines.Add("}");
            lines.Add("");
        }

        // The element of row k (output) and column c (input) in the chosen layout.
        string At(int k, string c) => denominatorLayout
            ? Sum(Product(c, Int(m)), Int(k))
            : Sum(Product(Int(k), n), c);

        var reverse = new List<string>();
        var forward = new List<string>();

        // Reverse mode: a pullback per output k, seeded with the k-th unit vector, fills row k.
        bool scratchNeeded = denominatorLayout && arrays.Count > 0;
        string scratchLength = string.Join(" + ", arrays.Select(a => a.Name + ".Length"));
        reverse.Add($"// Reverse mode: one pullback per output, seeded with a unit vector, fills {(denominatorLayout ? "a column" : "a row")}.");
        if (!scratchNeeded)
        {
            reverse.Add($"{jacobian}.Clear();");
        }

        for (int k = 0; k < m; k++)
        {
            if (scratchNeeded)
            {
                reverse.Add($"global::System.MemoryExtensions.AsSpan({scratch}, 0, {scratchLength}).Clear();");
            }

            var args = new List<string> { arguments };
            args.AddRange(Enumerable.Range(0, m).Select(j => j == k ? one : nought));
            var scratchSlices = new List<(ParameterModel Array, string Start)>();
            foreach (var p in active)
            {
                if (p.Role == ParameterRole.ActiveScalar)
                {
                    if (scratchNeeded)
                    {
                        reverse.Add($"{jacobian}[{At(k, columnOf[p.Name])}] = {nought};");
                    }

                    args.Add($"ref {jacobian}[{At(k, columnOf[p.Name])}]");
                }
                else if (!denominatorLayout)
                {
                    args.Add($"{jacobian}.Slice({Sum(Product(Int(k), n), columnOf[p.Name])}, {p.Name}.Length)");
                }
                else
                {
                    string start = string.Join(" + ", arrays.TakeWhile(a => a != p).Select(a => a.Name + ".Length").DefaultIfEmpty("0"));
                    args.Add($"global::System.MemoryExtensions.AsSpan({scratch}, {start}, {p.Name}.Length)");
                    scratchSlices.Add((p, start));
                }
            }

            string call = $"{method.Name}Pullback({string.Join(", ", args.Where(a => a.Length > 0))});";
            reverse.Add((k < m - 1 ? "" : scratchNeeded ? value + " = " : "return ") + call);
            foreach (var (array, start) in scratchSlices)
            {
                reverse.Add($"for (int {index} = 0; {index} < {array.Name}.Length; {index}++)");
                reverse.Add("{");
                reverse.Add($"    {jacobian}[{At(k, columnOf[array.Name] + " + " + index)}] = {scratch}[{(start == "0" ? index : start + " + " + index)}];");
                reverse.Add("}");
            }
        }

        if (scratchNeeded)
        {
            reverse.Insert(1, $"{T}[] {scratch} = global::System.Buffers.ArrayPool<{T}>.Shared.Rent({scratchLength});");
            reverse.Insert(2, "try");
            reverse.Insert(3, "{");
            for (int i = 4; i < reverse.Count; i++)
            {
                reverse[i] = "    " + reverse[i];
            }

            reverse.Add($"    return {value};");
            reverse.Add("}");
            reverse.Add("finally");
            reverse.Add("{");
            reverse.Add($"    global::System.Buffers.ArrayPool<{T}>.Shared.Return({scratch});");
            reverse.Add("}");
        }

        // Forward mode: a pushforward per input column c, along the c-th unit vector, fills column c.
        forward.Add($"// Forward mode: one pushforward per input, along a unit vector, fills {(denominatorLayout ? "a row" : "a column")}.");
        if (arrays.Count > 0)
        {
            // n ≤ m here, so every array has at most m elements: unit and zero tangents fit on the stack.
            forward.Add($"global::System.Span<{T}> {unit} = stackalloc {T}[{Int(m)}];");
            forward.Add($"global::System.Span<{T}> {zero} = stackalloc {T}[{Int(m)}];");
        }

        string Tangents(ParameterModel? seeded, bool arrayElement)
        {
            var args = new List<string> { arguments };
            foreach (var p in active)
            {
                args.Add(p.Role == ParameterRole.ActiveScalar
                    ? (p == seeded ? one : nought)
                    : (p == seeded && arrayElement ? unit : zero) + $".Slice(0, {p.Name}.Length)");
            }

            return string.Join(", ", args.Where(a => a.Length > 0));
        }

        string Outs(string c) => string.Join(", ", Enumerable.Range(0, m).Select(k => $"out {jacobian}[{At(k, c)}]"));
        int calls = 0;
        foreach (var p in active)
        {
            bool last = arrays.Count == 0 && ++calls == scalars.Count;
            if (p.Role == ParameterRole.ActiveScalar)
            {
                string prefix = last ? "return " : arrays.Count == 0 ? "" : value + " = ";
                forward.Add($"{prefix}{method.Name}Pushforward({Tangents(p, false)}, {Outs(columnOf[p.Name])});");
            }
            else
            {
                forward.Add($"for (int {index} = 0; {index} < {p.Name}.Length; {index}++)");
                forward.Add("{");
                forward.Add($"    {unit}[{index}] = {one};");
                forward.Add($"    {value} = {method.Name}Pushforward({Tangents(p, true)}, {Outs(columnOf[p.Name] + " + " + index)});");
                forward.Add($"    {unit}[{index}] = {nought};");
                forward.Add("}");
            }
        }

        if (arrays.Count > 0)
        {
            forward.Add($"return {value};");
        }

        string strategy;
        if (arrays.Count == 0)
        {
            bool useForward = scalars.Count <= m;
            if (scalars.Count == 0)
            {
                lines.Add($"return {method.Name}({arguments});");
                strategy = "It has no active inputs: the Jacobian is empty.";
            }
            else
            {
                lines.AddRange(useForward ? forward : reverse);
                strategy = useForward
                    ? $"Forward mode: {Int(scalars.Count)} pushforwards, one per input, since there are no more inputs ({Int(scalars.Count)}) than outputs ({Int(m)})."
                    : $"Reverse mode: {Int(m)} pullbacks, one per output, since there are fewer outputs ({Int(m)}) than inputs ({Int(scalars.Count)}).";
            }
        }
        else
        {
            lines.Add($"{method.ReturnType} {value} = default;");
            if (scalars.Count == 0)
            {
                lines.Add($"if ({columns} == 0)");
                lines.Add("{");
                lines.Add($"    return {method.Name}({arguments});");
                lines.Add("}");
                lines.Add("");
            }

            lines.Add($"if ({columns} > {Int(m)})");
            lines.Add("{");
            lines.AddRange(reverse.Select(l => l.Length == 0 ? l : "    " + l));
            lines.Add("}");
            lines.Add("");
            lines.AddRange(forward);
            strategy = $"The number of inputs is known at run time: reverse mode ({Int(m)} pullbacks, one per output) when there are more than {Int(m)} inputs, else forward mode (one pushforward per input).";
        }

        var signature = method.Parameters.Select(p => new GeneratedParameter("", p.Type, p.Name, $"The argument <c>{p.Name}</c> of <c>{method.Name}</c>.")).ToList();
        string layoutText = denominatorLayout
            ? "denominator layout (n×m: row j holds the derivatives of every output with respect to input j)"
            : "numerator layout (m×n: row k is the gradient of output k)";
        signature.Add(new GeneratedParameter("", ArrayPlumbing.SpanType(T, readOnly: false), jacobian,
            $"Receives the Jacobian, row-major, in {layoutText}; overwritten. Its length must be {Int(m)} × {inputs}. Columns (inputs) are the active parameters in order, arrays flattened; rows (outputs) are the tuple elements in order."));
        return new GeneratedMethod(
            Name: method.Name + "Jacobian",
            Modifiers: method.Modifiers,
            ReturnType: method.ReturnType,
            Parameters: signature.ToEquatableArray(),
            Body: EquatableArray<Stmt>.Empty,
            Summary: $"Computes <c>{method.Name}</c> and its Jacobian: the derivative of each of its {Int(m)} outputs with respect to each active input.",
            Returns: $"The value of {method.Name}.",
            Remarks: EquatableArray.Create("Strategy: " + strategy),
            Text: lines.ToEquatableArray());
    }

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
