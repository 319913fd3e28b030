using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AutoDiffGen.FuzzTests.Grammar;

/// <summary>The kinds of parameter a fuzzed method has. All real arrays of one call share one length.</summary>
internal enum ParamKind
{
    /// <summary><c>T x</c>: active scalar.</summary>
    Scalar,
    /// <summary><c>[NoDerivative] T d</c>: inactive scalar data.</summary>
    DataScalar,
    /// <summary><c>T[] w</c>: active array.</summary>
    Array,
    /// <summary><c>ReadOnlySpan&lt;T&gt; w</c>: active span.</summary>
    Span,
    /// <summary><c>[NoDerivative] T[] d</c>: inactive array data.</summary>
    DataArray,
    /// <summary><c>[NoDerivative] ReadOnlySpan&lt;T&gt; d</c>: inactive span data.</summary>
    DataSpan,
    /// <summary><c>int n</c>: small, inactive; trip counts and sizes.</summary>
    Int,
}

internal sealed record Param(string Name, ParamKind Kind)
{
    public bool IsActive => Kind is ParamKind.Scalar or ParamKind.Array or ParamKind.Span;

    public bool IsRealScalar => Kind is ParamKind.Scalar or ParamKind.DataScalar;

    public bool IsRealArray => Kind is ParamKind.Array or ParamKind.Span or ParamKind.DataArray or ParamKind.DataSpan;

    public bool IsSpanType => Kind is ParamKind.Span or ParamKind.DataSpan;

    public string Declaration(string t) => Kind switch
    {
        ParamKind.Scalar => $"{t} {Name}",
        ParamKind.DataScalar => $"[NoDerivative] {t} {Name}",
        ParamKind.Array => $"{t}[] {Name}",
        ParamKind.Span => $"ReadOnlySpan<{t}> {Name}",
        ParamKind.DataArray => $"[NoDerivative] {t}[] {Name}",
        ParamKind.DataSpan => $"[NoDerivative] ReadOnlySpan<{t}> {Name}",
        _ => $"int {Name}",
    };
}

/// <summary>
/// One statement of a generated body: a simple statement (<see cref="Body"/> is null), or a header
/// (<c>if (c)</c>, <c>for (…)</c>, <c>else</c>, <c>case 1:</c>, <c>do</c>, <c>checked</c>) with a block.
/// The tree is what the shrinker deletes from.
/// </summary>
internal sealed class Node
{
    public Node(string text, string production, List<Node>? body = null, string? trailer = null)
    {
        Text = text;
        Production = production;
        Body = body;
        Trailer = trailer;
    }

    public string Text { get; }

    public string Production { get; }

    public List<Node>? Body { get; set; }

    /// <summary>Text after the closing brace (<c> while (c);</c> of a do loop).</summary>
    public string? Trailer { get; }

    public Node Clone() => new(Text, Production, Body?.Select(n => n.Clone()).ToList(), Trailer);

    public void Render(StringBuilder sb, int indent)
    {
        string pad = new(' ', indent * 4);
        if (Body is null)
        {
            sb.Append(pad).Append(Text).Append('\n');
            return;
        }

        sb.Append(pad).Append(Text).Append('\n');
        sb.Append(pad).Append("{\n");
        foreach (var child in Body)
        {
            child.Render(sb, indent + 1);
        }

        sb.Append(pad).Append('}').Append(Trailer ?? "").Append('\n');
    }
}

/// <summary>A <c>[Differentiable]</c> helper of a program: its signature, statements and returned terms.</summary>
internal sealed class HelperMethod
{
    public required string Signature { get; init; }

    public List<Node> Body { get; set; } = new();

    public List<string> ReturnTerms { get; set; } = new();

    /// <summary>Rendered as <c>=> e</c> when it has no statements.</summary>
    public bool ExpressionBodied { get; init; }

    /// <summary><c>[Differentiable(ReorderSums = true)]</c>: its sums may be reordered, its callers' never.</summary>
    public bool ReorderSums { get; init; }

    /// <summary>For a vector-valued helper: the second element of the returned tuple (the first is <see cref="ReturnTerms"/>).</summary>
    public List<string>? SecondReturnTerms { get; set; }

    public HelperMethod Clone() => new()
    {
        Signature = Signature,
        Body = Body.Select(n => n.Clone()).ToList(),
        ReturnTerms = ReturnTerms.ToList(),
        ExpressionBodied = ExpressionBodied,
        ReorderSums = ReorderSums,
        SecondReturnTerms = SecondReturnTerms?.ToList(),
    };

    private string Returned()
        => SecondReturnTerms is null
            ? string.Join(" + ", ReturnTerms)
            : "(" + string.Join(" + ", ReturnTerms) + ", " + string.Join(" + ", SecondReturnTerms) + ")";

    public void Render(StringBuilder sb)
    {
        sb.Append(ReorderSums ? "    [Differentiable(ReorderSums = true)]\n    " : "    [Differentiable]\n    ").Append(Signature);
        if (ExpressionBodied && Body.Count == 0)
        {
            sb.Append(" => ").Append(Returned()).Append(";\n");
            return;
        }

        sb.Append("\n    {\n");
        foreach (var n in Body)
        {
            n.Render(sb, 2);
        }

        // A void helper (span outputs) returns nothing.
        sb.Append(ReturnTerms.Count == 0 ? "" : "        return " + Returned() + ";\n").Append("    }\n");
    }
}

/// <summary>
/// A generated program: one <c>public static partial class</c> holding the method under test
/// <c>F</c>, its <c>[Differentiable]</c> helpers and constants.
/// </summary>
internal sealed class FuzzProgram
{
    public required int Seed { get; init; }

    public required bool IsFloat { get; init; }

    public required List<Param> Params { get; init; }

    public required List<Node> Body { get; set; }

    /// <summary>Terms summed by the final <c>return</c> (null: the body ends every path itself).</summary>
    public List<string>? ReturnTerms { get; set; }

    public List<HelperMethod> Helpers { get; set; } = new();

    public List<string> ClassMembers { get; set; } = new();

    /// <summary>Every production the generator used, with how often.</summary>
    public Dictionary<string, int> Productions { get; init; } = new();

    /// <summary>
    /// Also emit <c>FT</c>, a vector-valued twin of F: the same parameters and body, with every
    /// <c>return X;</c> made <c>{ T r = X; return (r, r * r + r * 0.5); }</c>. Its Jacobian's
    /// first row is F's gradient and its second row (2X + 0.5) times it, exactly, so F's checked
    /// gradient is the oracle of the twin's Jacobian, pushforward and pullback.
    /// </summary>
    public bool VectorTwin { get; set; }

    /// <summary>The twin is <c>[Differentiable(Layout = JacobianLayout.Denominator)]</c>.</summary>
    public bool TwinDenominator { get; set; }

    /// <summary>How the twin gives its two outputs (the rows of its Jacobian, in order).</summary>
    public TwinShape TwinShape { get; set; }

    /// <summary>
    /// The body of <c>FE</c>, an element-wise map of F's parameters into a <c>Span&lt;T&gt; o_</c>
    /// (see <c>ProgramGenerator.MapBody</c>), or null. Its Jacobian (compressed when the generator
    /// proves the map element-wise, dense otherwise) is checked against its own pushforwards of
    /// unit tangents and pullbacks of unit seeds.
    /// </summary>
    public string? Map { get; set; }

    /// <summary>FE is <c>[Differentiable(Layout = JacobianLayout.Denominator)]</c>.</summary>
    public bool MapDenominator { get; set; }

    /// <summary>F is <c>[Differentiable(Vectorize = false)]</c>: every generated loop stays scalar.</summary>
    public bool ScalarOnly { get; set; }

    /// <summary>F is <c>[Differentiable(Generate = DerivativeMembers.Gradient)]</c>: it has FGradient only.</summary>
    public bool GradientOnly { get; set; }

    public string T => IsFloat ? "float" : "double";

    /// <summary>
    /// F calls <c>Ad.StopGradient</c>: finite differences then evaluate <c>FR</c>, F's body with each
    /// stopped value frozen at the point the gradient is taken (the harness's <c>FuzzFrozen</c>).
    /// </summary>
    public bool StopsGradients
    {
        get
        {
            var body = new StringBuilder();
            foreach (var n in Body)
            {
                n.Render(body, 2);
            }

            return body.ToString().Contains(StopGradientCall, System.StringComparison.Ordinal);
        }
    }

    private const string StopGradientCall = "Ad.StopGradient(";

    public string ClassName { get; set; } = "P0";

    public FuzzProgram Clone() => new()
    {
        Seed = Seed,
        IsFloat = IsFloat,
        Params = Params.ToList(),
        Body = Body.Select(n => n.Clone()).ToList(),
        ReturnTerms = ReturnTerms?.ToList(),
        Helpers = Helpers.Select(h => h.Clone()).ToList(),
        ClassMembers = ClassMembers.ToList(),
        Productions = new Dictionary<string, int>(Productions),
        ClassName = ClassName,
        VectorTwin = VectorTwin,
        TwinDenominator = TwinDenominator,
        TwinShape = TwinShape,
        Map = Map,
        MapDenominator = MapDenominator,
        ScalarOnly = ScalarOnly,
        GradientOnly = GradientOnly,
    };

    /// <summary>The productions still present in the (possibly shrunk) text.</summary>
    public HashSet<string> ProductionsInBody()
    {
        var set = new HashSet<string>();
        void Walk(IEnumerable<Node> nodes)
        {
            foreach (var n in nodes)
            {
                set.Add(n.Production);
                if (n.Body is not null)
                {
                    Walk(n.Body);
                }
            }
        }

        Walk(Body);
        foreach (var h in Helpers)
        {
            Walk(h.Body);
        }

        return set;
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("public static partial class ").Append(ClassName).Append('\n').Append("{\n");
        foreach (var m in ClassMembers)
        {
            sb.Append("    ").Append(m).Append('\n');
        }

        foreach (var h in Helpers)
        {
            h.Render(sb);
        }

        var options = new List<string>();
        if (ScalarOnly)
        {
            options.Add("Vectorize = false");
        }

        if (GradientOnly)
        {
            options.Add("Generate = DerivativeMembers.Gradient");
        }

        sb.Append(options.Count == 0 ? "    [Differentiable]\n" : "    [Differentiable(" + string.Join(", ", options) + ")]\n");
        sb.Append("    public static ").Append(T).Append(" F(")
          .Append(string.Join(", ", Params.Select(p => p.Declaration(T)))).Append(")\n    {\n");
        var body = new StringBuilder();
        foreach (var n in Body)
        {
            n.Render(body, 2);
        }

        if (ReturnTerms is not null)
        {
            body.Append("        return ").Append(ReturnTerms.Count == 0 ? Zero : string.Join(" + ", ReturnTerms)).Append(";\n");
        }

        sb.Append(body).Append("    }\n");
        if (body.ToString().Contains(StopGradientCall, System.StringComparison.Ordinal))
        {
            // The reference of finite differences (not differentiated): see StopsGradients.
            sb.Append("    public static ").Append(T).Append(" FR(")
              .Append(string.Join(", ", Params.Select(p => p.Declaration(T)))).Append(")\n    {\n")
              .Append(body.ToString().Replace(StopGradientCall, "FuzzFrozen.Frozen(", System.StringComparison.Ordinal)).Append("    }\n");
        }

        if (VectorTwin)
        {
            sb.Append(TwinDenominator ? "    [Differentiable(Layout = JacobianLayout.Denominator)]\n" : "    [Differentiable]\n");
            string returns = TwinShape switch
            {
                TwinShape.Tuple => "(" + T + " first, " + T + " second)",
                TwinShape.SpanOutput => "void",
                _ => T,
            };
            string outputs = TwinShape == TwinShape.Tuple ? "" : $", System.Span<{T}> o_";
            sb.Append("    public static ").Append(returns).Append(" FT(")
              .Append(string.Join(", ", Params.Select(p => p.Declaration(T)))).Append(outputs).Append(")\n    {\n")
              .Append(TwinReturns(body.ToString())).Append("    }\n");
        }

        if (Map is not null)
        {
            sb.Append(MapDenominator ? "    [Differentiable(Layout = JacobianLayout.Denominator)]\n" : "    [Differentiable]\n");
            sb.Append("    public static void FE(")
              .Append(string.Join(", ", Params.Select(p => p.Declaration(T)))).Append($", System.Span<{T}> o_)\n    {{\n")
              .Append(Map).Append("    }\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>
    /// Every <c>return X;</c> of F's body as <c>{ T rK = X; return (rK, rK * rK + rK * 0.5); }</c>
    /// (or, with span outputs, the same two values written into <c>o_</c>, read back, or beside
    /// the returned X; see <see cref="TwinShape"/>): X is evaluated once, so the twin's effects,
    /// exceptions and first output are F's. F's body has no lambdas or local functions, so every
    /// <c>return</c> is F's and ends at the next ';'.
    /// </summary>
    private string TwinReturns(string body)
    {
        var result = new StringBuilder();
        int k = 0, at = 0;
        while (true)
        {
            int i = body.IndexOf("return ", at, System.StringComparison.Ordinal);
            if (i < 0 || (i > 0 && (char.IsLetterOrDigit(body[i - 1]) || body[i - 1] == '_')))
            {
                if (i < 0)
                {
                    break;
                }

                result.Append(body, at, i + 7 - at);
                at = i + 7;
                continue;
            }

            int end = body.IndexOf(';', i);
            string x = body.Substring(i + 7, end - i - 7);
            string r = "r" + (++k).ToString(System.Globalization.CultureInfo.InvariantCulture) + "_";
            string half = IsFloat ? "0.5f" : "0.5";
            result.Append(body, at, i - at).Append(TwinShape switch
            {
                TwinShape.Tuple => $"{{ {T} {r} = {x}; return ({r}, {r} * {r} + {r} * {half}); }}",
                TwinShape.SpanOutput => $"{{ o_[0] = {x}; o_[1] = o_[0] * o_[0] + o_[0] * {half}; return; }}",
                _ => $"{{ {T} {r} = {x}; o_[0] = {r} * {r} + {r} * {half}; return {r}; }}",
            });
            at = end + 1;
        }

        result.Append(body, at, body.Length - at);
        return result.ToString();
    }

    private string Zero => IsFloat ? "0f" : "0.0";

    /// <summary>The file the program compiles in: usings plus the class.</summary>
    public string RenderFile() => FileHeader + Render();

    /// <summary>The class of <see cref="DoubleTwin"/>.</summary>
    public string DoubleTwinClassName => ClassName + "D";

    /// <summary>
    /// The program in double, class <see cref="DoubleTwinClassName"/>, for finite differences of a
    /// program computed in float or through float casts (finding 53's class): every <c>float</c>,
    /// <c>MathF</c> and float literal made its double counterpart, so that its differences see the
    /// function whose derivative the members compute, without float rounding in F's values. Null
    /// when the program has nothing of float. Compiled after the generator ran (its
    /// <c>[Differentiable]</c> attributes are inert there); dropped if it does not compile.
    /// </summary>
    public string? DoubleTwin()
    {
        string text = Render();
        string twin = FloatLiteral.Replace(text, "${digits}d");
        twin = FloatWord.Replace(twin, m => m.Value switch { "float" => "double", "MathF" => "Math", _ => "Double" });
        if (twin == text)
        {
            return null;
        }

        twin = new System.Text.RegularExpressions.Regex(@"\b" + ClassName + @"\b").Replace(twin, DoubleTwinClassName);
        return FileHeader + twin;
    }

    private static readonly System.Text.RegularExpressions.Regex FloatLiteral = new(@"(?<![\w.])(?<digits>\d+(\.\d+)?([eE][+-]?\d+)?)[fF]\b", System.Text.RegularExpressions.RegexOptions.Compiled);

    private static readonly System.Text.RegularExpressions.Regex FloatWord = new(@"\b(float|MathF|Single)\b", System.Text.RegularExpressions.RegexOptions.Compiled);

    public const string FileHeader = "using System;\nusing AutoDiffGen;\n#pragma warning disable CS0219, CS0162, CS8321, CS8509\n";
}

/// <summary>How the vector twin FT gives its two outputs, X and X·X + X/2.</summary>
public enum TwinShape
{
    /// <summary><c>(T first, T second) FT(…)</c>.</summary>
    Tuple,

    /// <summary><c>void FT(…, Span&lt;T&gt; o_)</c>: <c>o_[0] = X; o_[1] = o_[0] * o_[0] + o_[0] * 0.5;</c> (an output read back).</summary>
    SpanOutput,

    /// <summary><c>T FT(…, Span&lt;T&gt; o_)</c>: returns X and writes the second into <c>o_[0]</c>.</summary>
    RealAndSpan,
}
