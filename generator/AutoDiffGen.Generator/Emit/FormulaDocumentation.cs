using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// For a straight-line method (no branches), writes each partial derivative as a formula into the
/// documentation of the generated members, e.g. <c>∂F/∂x = 6·x·y</c>. The formulas come from the
/// same derivative table as the code, expanded symbolically into sums of products of powers (so
/// like terms combine); functions the expansion cannot multiply out stay as opaque factors such as
/// <c>cos(x)</c>. A formula longer than a line is left out rather than shown unreadable.
/// </summary>
internal static class FormulaDocumentation
{
    private const int MaxFormulaLength = 160;

    public static IEnumerable<GeneratedMethod> Annotate(LoweredMethod method, IEnumerable<GeneratedMethod> members)
    {
        var formulas = Formulas(method);
        if (formulas.Count == 0)
        {
            return members;
        }

        // On the first member (the gradient or the Jacobian) only: the pushforward and pullback
        // have the same partials, and repeating them would triple the documentation's size.
        var remarks = new List<string> { "The partial derivatives, symbolically:" };
        remarks.AddRange(formulas.Select(f => "<br/>" + Escape(f)));
        return members.Select((m, i) => i == 0 ? m with { Remarks = m.Remarks.Concat(remarks).ToEquatableArray() } : m);
    }

    private static List<string> Formulas(LoweredMethod method)
    {
        var result = new List<string>();
        var active = method.Parameters.Where(p => p.Role == ParameterRole.ActiveScalar).ToList();
        if (active.Count == 0 || method.Parameters.Any(p => p.Role == ParameterRole.ActiveArray) || method.Body.Any(s => s is not (AssignStmt or ReturnStmt)))
        {
            return result;
        }

        var parameterVars = active.Select(p => new Var(p.Name, p.Type)).ToList();
        var activeVars = Activity.ActiveVariables(method.Body, parameterVars);
        var values = new Dictionary<Var, Polynomial>();
        foreach (var p in method.Parameters)
        {
            values[new Var(p.Name, p.Type)] = Polynomial.Atom(p.Name.TrimStart('@'));
        }

        // The values once, for every parameter's derivatives (the body is straight-line SSA code: a
        // value only reads what is assigned before it).
        foreach (var statement in method.Body)
        {
            if (statement is AssignStmt assign)
            {
                // An integer (or bool) local stays a name in the formulas: C# wraps and truncates it,
                // which a polynomial does not.
                if (!ExprFactory.IsReal(assign.Target.Type))
                {
                    values[assign.Target] = Polynomial.Atom(assign.Target.Name.TrimStart('@'));
                    continue;
                }

                var value = ToPolynomial(assign.Value, values);
                if (value is null)
                {
                    return result;
                }

                values[assign.Target] = value;
            }
        }

        foreach (var parameter in parameterVars)
        {
            var derivatives = new Dictionary<Var, Polynomial> { [parameter] = Polynomial.Constant(1) };
            List<Polynomial>? answers = null;
            foreach (var statement in method.Body)
            {
                switch (statement)
                {
                    case AssignStmt assign:
                        if (activeVars.Contains(assign.Target))
                        {
                            var derivative = Derivative(assign.Value, new VarExpr(assign.Target), values, derivatives, activeVars);
                            if (derivative is null)
                            {
                                return new List<string>();
                            }

                            derivatives[assign.Target] = derivative;
                        }

                        break;
                    case ReturnStmt ret:
                        // One answer per output: the result, or each element of a returned tuple.
                        var outputs = ret.Value is TupleExpr tuple ? tuple.Elements : EquatableArray.Create(ret.Value);
                        answers = outputs.Select(o => o is VarExpr v && derivatives.TryGetValue(v.Var, out var d) ? d : Polynomial.Constant(0)).ToList();
                        break;
                }
            }

            for (int k = 0; k < (method.IsVector ? method.Outputs.Count : 1); k++)
            {
                string output = method.IsVector ? method.Outputs[k].Name.TrimStart('@') : method.Name;
                string text = $"∂{output}/∂{parameter.Name.TrimStart('@')} = {(answers is null ? Polynomial.Constant(0) : answers[k])}";
                if (text.Length > MaxFormulaLength)
                {
                    return new List<string>();
                }

                result.Add(text);
            }
        }

        return result;
    }

    private static Polynomial? Derivative(Expr e, Expr result, Dictionary<Var, Polynomial> values, Dictionary<Var, Polynomial> derivatives, HashSet<Var> activeVars)
    {
        var sum = Polynomial.Constant(0);
        foreach (var partial in DerivativeRules.Partials(e, result))
        {
            if (!Activity.IsActive(partial.Operand, activeVars))
            {
                continue;
            }

            if (partial.Operand is not VarExpr operand)
            {
                return null;
            }

            if (!derivatives.TryGetValue(operand.Var, out var inner))
            {
                // Active, but through another parameter: zero with respect to this one.
                continue;
            }

            var factor = ToPolynomial(partial.Derivative, values);
            if (factor is null)
            {
                return null;
            }

            sum = sum.Add(factor.Multiply(inner));
            if (sum.TooLarge)
            {
                return null;
            }
        }

        return sum;
    }

    /// <summary>
    /// The value as a polynomial, or null when it is not one or grows too large to show: every
    /// intermediate one is bounded (<see cref="Polynomial.TooLarge"/>), so a chain of products such as
    /// <c>x = x·y + 1; y = x·y + 1; …</c>, whose expansion doubles with each line, stops early instead
    /// of costing exponential time and memory in the compiler and the IDE.
    /// </summary>
    private static Polynomial? ToPolynomial(Expr e, Dictionary<Var, Polynomial> values)
        => Unbounded(e, values) is { TooLarge: false } p ? p : null;

    private static Polynomial? Unbounded(Expr e, Dictionary<Var, Polynomial> values)
    {
        switch (e)
        {
            case VarExpr v:
                return values.TryGetValue(v.Var, out var p) ? p : Polynomial.Atom(v.Var.Name);
            case ConstExpr c:
                return Polynomial.Constant(c.Value);
            case LiteralExpr l:
                return Polynomial.Atom(l.Text);
            case UnaryExpr { Op: UnaryOp.Negate } u:
                return ToPolynomial(u.Operand, values)?.Multiply(Polynomial.Constant(-1));
            case ConvertExpr c:
                // A conversion to an integer truncates (and saturates): no formula then.
                return ExprFactory.IsReal(c.Type) ? ToPolynomial(c.Operand, values) : null;
            case BinaryExpr b when !ExprFactory.IsReal(b.Type):
                // Integer arithmetic wraps: no formula.
                return null;
            case BinaryExpr b:
            {
                var left = ToPolynomial(b.Left, values);
                var right = ToPolynomial(b.Right, values);
                if (left is null || right is null)
                {
                    return null;
                }

                return b.Op switch
                {
                    BinaryOp.Add => left.Add(right),
                    BinaryOp.Subtract => left.Add(right.Multiply(Polynomial.Constant(-1))),
                    BinaryOp.Multiply => left.Multiply(right),
                    BinaryOp.Divide => left.Multiply(right.Reciprocal()),
                    _ => null,
                };
            }

            case MathExpr m:
            {
                var arguments = m.Arguments.Select(a => ToPolynomial(a, values)).ToList();
                if (arguments.Any(a => a is null))
                {
                    return null;
                }

                if (m.Function == MathFunction.Pow && arguments[1]!.AsConstant() is double exponent && exponent == System.Math.Floor(exponent) && System.Math.Abs(exponent) <= 4)
                {
                    var power = Polynomial.Constant(1);
                    for (int i = 0; i < System.Math.Abs(exponent); i++)
                    {
                        power = power.Multiply(arguments[0]!);
                    }

                    return exponent < 0 ? power.Reciprocal() : power;
                }

                if (m.Function == MathFunction.Abs && IsSqrtAtom(arguments[0]!.ToString()))
                {
                    // |√u| is √u but at u = −0 (Sqrt′'s partial, +∞ there: see DerivativeRules).
                    return arguments[0];
                }

                string name = m.Function == MathFunction.LogBase ? "log" : Lowering.KnownFunctions.MethodName(m.Function).ToLowerInvariant();
                return Polynomial.Atom(name + "(" + string.Join(", ", arguments) + ")");
            }

            default:
                return null;
        }
    }

    /// <summary>Whether <paramref name="text"/> is one <c>sqrt(…)</c> factor, its parentheses closing at the end.</summary>
    private static bool IsSqrtAtom(string text)
    {
        if (!text.StartsWith("sqrt(", System.StringComparison.Ordinal))
        {
            return false;
        }

        int open = 0;
        for (int i = 4; i < text.Length; i++)
        {
            open += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (open == 0)
            {
                return i == text.Length - 1;
            }
        }

        return false;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A sum of terms c·a₁^k₁·a₂^k₂…, with atoms that are names or opaque factors.</summary>
    private sealed class Polynomial
    {
        private readonly SortedDictionary<string, (double Coefficient, SortedDictionary<string, int> Powers)> terms;

        private Polynomial(SortedDictionary<string, (double, SortedDictionary<string, int>)> terms) => this.terms = terms;

        /// <summary>
        /// More terms, or a longer term, than a formula in the documentation shows (its text is at most
        /// <see cref="MaxFormulaLength"/> characters): nothing built from it would be shown.
        /// </summary>
        public bool TooLarge => terms.Count > MaxFormulaLength / 4 || terms.Keys.Any(k => k.Length > MaxFormulaLength);

        public static Polynomial Constant(double value)
        {
            var terms = new SortedDictionary<string, (double, SortedDictionary<string, int>)>(System.StringComparer.Ordinal);
            if (value != 0)
            {
                terms[""] = (value, new SortedDictionary<string, int>(System.StringComparer.Ordinal));
            }

            return new Polynomial(terms);
        }

        public static Polynomial Atom(string name)
        {
            var powers = new SortedDictionary<string, int>(System.StringComparer.Ordinal) { [name] = 1 };
            var terms = new SortedDictionary<string, (double, SortedDictionary<string, int>)>(System.StringComparer.Ordinal) { [Key(powers)] = (1, powers) };
            return new Polynomial(terms);
        }

        public double? AsConstant()
            => terms.Count == 0 ? 0 : terms.Count == 1 && terms.TryGetValue("", out var t) ? t.Coefficient : null;

        public Polynomial Add(Polynomial other)
        {
            var result = new SortedDictionary<string, (double, SortedDictionary<string, int>)>(terms, System.StringComparer.Ordinal);
            foreach (var pair in other.terms)
            {
                double c = pair.Value.Coefficient + (result.TryGetValue(pair.Key, out var existing) ? existing.Item1 : 0);
                if (c == 0)
                {
                    result.Remove(pair.Key);
                }
                else
                {
                    result[pair.Key] = (c, pair.Value.Powers);
                }
            }

            return new Polynomial(result);
        }

        public Polynomial Multiply(Polynomial other)
        {
            var sum = Constant(0);
            foreach (var a in terms.Values)
            {
                foreach (var b in other.terms.Values)
                {
                    var powers = new SortedDictionary<string, int>(a.Powers, System.StringComparer.Ordinal);
                    foreach (var p in b.Powers)
                    {
                        int k = p.Value + (powers.TryGetValue(p.Key, out int e) ? e : 0);
                        if (k == 0)
                        {
                            powers.Remove(p.Key);
                        }
                        else
                        {
                            powers[p.Key] = k;
                        }
                    }

                    var single = new SortedDictionary<string, (double, SortedDictionary<string, int>)>(System.StringComparer.Ordinal) { [Key(powers)] = (a.Coefficient * b.Coefficient, powers) };
                    sum = sum.Add(new Polynomial(single));
                }
            }

            return sum;
        }

        /// <summary>1/p: exact for a single term (negative powers), else an opaque factor.</summary>
        public Polynomial Reciprocal()
        {
            if (terms.Count == 1)
            {
                var term = terms.Values.First();
                var powers = new SortedDictionary<string, int>(System.StringComparer.Ordinal);
                foreach (var p in term.Powers)
                {
                    powers[p.Key] = -p.Value;
                }

                var single = new SortedDictionary<string, (double, SortedDictionary<string, int>)>(System.StringComparer.Ordinal) { [Key(powers)] = (1 / term.Coefficient, powers) };
                return new Polynomial(single);
            }

            var inverse = new SortedDictionary<string, int>(System.StringComparer.Ordinal) { ["(" + this + ")"] = -1 };
            return new Polynomial(new SortedDictionary<string, (double, SortedDictionary<string, int>)>(System.StringComparer.Ordinal) { [Key(inverse)] = (1, inverse) });
        }

        public override string ToString()
        {
            if (terms.Count == 0)
            {
                return "0";
            }

            var text = new StringBuilder();
            foreach (var (coefficient, powers) in terms.Values)
            {
                double c = coefficient;
                if (text.Length > 0)
                {
                    text.Append(c < 0 ? " − " : " + ");
                    c = System.Math.Abs(c);
                }
                else if (c < 0)
                {
                    text.Append('−');
                    c = -c;
                }

                var factors = new List<string>();
                if (c != 1 || powers.Count == 0)
                {
                    factors.Add(c.ToString("G10", CultureInfo.InvariantCulture));
                }

                factors.AddRange(powers.Where(p => p.Value > 0).Select(p => p.Key + Superscript(p.Value)));
                var denominator = powers.Where(p => p.Value < 0).Select(p => p.Key + Superscript(-p.Value)).ToList();
                text.Append(factors.Count == 0 ? "1" : string.Join("·", factors));
                if (denominator.Count > 0)
                {
                    text.Append('/').Append(denominator.Count == 1 ? denominator[0] : "(" + string.Join("·", denominator) + ")");
                }
            }

            return text.ToString();
        }

        private static string Key(SortedDictionary<string, int> powers)
            => string.Join("\u0001", powers.Select(p => p.Key + "^" + p.Value.ToString(CultureInfo.InvariantCulture)));

        private static string Superscript(int power)
        {
            if (power == 1)
            {
                return "";
            }

            const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
            return new string(power.ToString(CultureInfo.InvariantCulture).Select(ch => digits[ch - '0']).ToArray());
        }
    }
}
