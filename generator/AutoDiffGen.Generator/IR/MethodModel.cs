using System.Linq;
using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.IR;

/// <summary>The namespace and the chain of containing types of a method.</summary>
/// <param name="Namespace">Namespace, or empty for the global namespace.</param>
/// <param name="Types">Outermost first: e.g. <c>partial class Outer</c>, <c>partial struct Inner&lt;T&gt;</c>.</param>
internal sealed record HierarchyInfo(string Namespace, EquatableArray<TypeDeclarationInfo> Types)
{
    /// <summary>A file name that is unique per containing type.</summary>
    public string HintName
    {
        get
        {
            var name = Namespace.Length == 0 ? "" : Namespace + ".";
            for (int i = 0; i < Types.Count; i++)
            {
                name += (i == 0 ? "" : ".") + Types[i].MetadataName;
            }

            // Only characters every file system and Roslyn accept: a file-local type's metadata
            // name has '<' and '>', a type in a generic type '`'.
            var safe = new System.Text.StringBuilder(name.Length);
            foreach (char c in name)
            {
                safe.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '`' ? c : '_');
            }

            return safe + ".AutoDiff.g.cs";
        }
    }
}

/// <param name="Keyword">class, struct, record, record struct, interface.</param>
/// <param name="Name">Name with type parameters, e.g. <c>Inner&lt;T&gt;</c>.</param>
/// <param name="MetadataName">Name with arity, e.g. <c>Inner`1</c>.</param>
internal sealed record TypeDeclarationInfo(string Keyword, string Name, string MetadataName);

/// <summary>How a parameter takes part in differentiation.</summary>
internal enum ParameterRole
{
    /// <summary>Data: no tangent, no adjoint.</summary>
    Inactive,

    /// <summary>A <c>double</c> or <c>float</c> that is differentiated.</summary>
    ActiveScalar,

    /// <summary>A <c>double[]</c>, <c>float[]</c>, <c>ReadOnlySpan&lt;double&gt;</c> or <c>ReadOnlySpan&lt;float&gt;</c> that is differentiated.</summary>
    ActiveArray,

    /// <summary>
    /// A <c>Span&lt;double&gt;</c> or <c>Span&lt;float&gt;</c>: an output of a vector-valued method,
    /// which it writes. Its elements are rows of the Jacobian; its pushforward gets a tangent span
    /// and its pullback a seed span of the same length.
    /// </summary>
    Output,
}

/// <param name="Name">The parameter name.</param>
/// <param name="Type">Its C# type, fully qualified.</param>
/// <param name="Role">Active or not.</param>
/// <param name="ElementType">For an array or span: <c>double</c> or <c>float</c>; else empty.</param>
/// <param name="DeclaredType">
/// The type as the method declares it with its nullable annotations (<c>T?</c>, <c>string?</c>),
/// for the generated signatures; null where that is <paramref name="Type"/> (no annotation, or a
/// method whose context has none).
/// </param>
internal sealed record ParameterModel(string Name, string Type, ParameterRole Role, string ElementType = "", string? DeclaredType = null);

/// <summary>
/// A differentiable method lowered to the IR: what the lowering stage hands to differentiation.
/// Holds only strings, numbers, enums and equatable arrays, so it caches.
/// </summary>
/// <param name="Outputs">
/// The scalar outputs of a vector-valued method, the first rows of its Jacobian. For a tuple of
/// reals returned: one entry per tuple element, in order, with the name its derivatives are called
/// by (the element's name, or <c>item1</c>, <c>item2</c>, …) and its type; its returns are
/// <see cref="TupleExpr"/>s of as many elements. For a real returned by a method with span outputs:
/// one entry, <c>result</c>. Empty for a scalar-valued method, and for a <c>void</c> one (whose
/// returns are empty tuples). The span outputs are the parameters of role
/// <see cref="ParameterRole.Output"/>, rows after these.
/// </param>
/// <param name="ReorderSums">
/// <c>[Differentiable(ReorderSums = true)]</c>: vectorized loops keep the method's own sums (its value)
/// as partial sums per lane too, so generated members may return a value that differs from the
/// method's in summation order (an opt-out of soundness rule 2 that the user asks for).
/// </param>
/// <param name="Vectorize">
/// <c>[Differentiable(Vectorize = false)]</c> turns it off: every generated loop stays scalar
/// (see <see cref="Simplification.Vectorizer"/>).
/// </param>
/// <param name="Generate">
/// <c>[Differentiable(Generate = …)]</c>: the members asked for (see <see cref="MemberKinds"/>);
/// <see cref="Members"/> is what is generated.
/// </param>
/// <param name="VarIsKeyword">
/// Whether <c>var</c> means an implicitly typed local where the method is (no type named <c>var</c>
/// is in scope there), so generated code may declare locals with it.
/// </param>
/// <param name="Hidden">
/// The derivative members that methods of the same name in base types generate: ours of those kinds
/// hide them (<c>new</c> in <see cref="Modifiers"/>); the others hide nothing and drop it.
/// </param>
/// <param name="CopiedAttributes">
/// The method's <c>[Obsolete]</c> and <c>[Experimental]</c>, written on each of its generated members:
/// they are derivatives of an obsolete or experimental method, and inside them calls of the method
/// (a recursion) are as allowed as inside it.
/// </param>
/// <param name="Suppressions">
/// The diagnostic IDs of the <c>[Experimental]</c> members the method uses, disabled in the generated
/// file: the generated code repeats the method's calls of them (the method itself reports them, or
/// the user disabled them there).
/// </param>
/// <param name="Location">
/// The method's name in its file, where the generator reports a failure of its later steps. Like
/// <paramref name="SourceLine"/>, taken out of the model that is differentiated (so that a method
/// that only moved is not differentiated again) and put back after.
/// </param>
/// <param name="NamesLikeTemporaries">
/// Identifiers of the method's own code spelled like the generator's temporaries (<c>t1</c>,
/// <c>t2Dot</c>): its locals of those names keep them in the generated code
/// (<see cref="Simplification.SingleUseTemporaries"/> writes only the generator's own into their reads).
/// </param>
/// <param name="DenominatorLayout">
/// <c>[Differentiable(Layout = JacobianLayout.Denominator)]</c>: the Jacobian is n×m (inputs by
/// outputs) instead of m×n.
/// </param>
internal sealed record LoweredMethod(
    HierarchyInfo Hierarchy,
    string Name,
    string Modifiers,
    string ReturnType,
    EquatableArray<ParameterModel> Outputs,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<Stmt> Body,
    EquatableArray<string> ReservedNames,
    string SourceFile,
    EquatableArray<string> NamesLikeTemporaries,
    int SourceLine,
    bool DenominatorLayout = false,
    bool Vectorize = true,
    bool ReorderSums = false,
    MemberKinds Generate = MemberKinds.All,
    bool VarIsKeyword = false,
    MemberKinds Hidden = MemberKinds.None,
    LocationInfo? Location = null,
    string DocumentationId = "",
    string? RepeatedEffect = null,
    string? ReadsState = null,
    string? WritesWhole = null,
    EquatableArray<string> CopiedAttributes = default,
    EquatableArray<string> Suppressions = default)
{
    /// <summary>The members generated: those asked for, and a vector-valued method's sweeps with its Jacobian.</summary>
    public MemberKinds Members => MemberKindsOf.Generated(Generate, IsVector);

    /// <summary>Whether the method returns a tuple of reals or writes span outputs (it gets a Jacobian instead of a gradient).</summary>
    public bool IsVector => Outputs.Count > 0 || HasSpanOutputs;

    /// <summary>Whether the method has <c>Span&lt;T&gt;</c> output parameters.</summary>
    public bool HasSpanOutputs => Parameters.Any(p => p.Role == ParameterRole.Output);

    /// <summary>The real type of a vector-valued method's outputs and Jacobian (<c>double</c> or <c>float</c>).</summary>
    public string VectorElementType => Outputs.Count > 0 ? Outputs[0].Type : Parameters.FirstOrDefault(p => p.Role == ParameterRole.Output)?.ElementType ?? "";
}

/// <summary>
/// The generator's copy of the runtime's <c>DerivativeMembers</c> flags (same values): which
/// derivative members a <c>[Differentiable]</c> method gets.
/// </summary>
[System.Flags]
internal enum MemberKinds
{
    None = 0,

    /// <summary><c>MGradient</c>, or <c>MJacobian</c> for a vector-valued method.</summary>
    Gradient = 1,
    Pushforward = 2,
    Pullback = 4,
    All = Gradient | Pushforward | Pullback,
}

internal static class MemberKindsOf
{
    /// <summary>
    /// What is generated for what is asked: a vector-valued method's Jacobian runs its pushforward
    /// and its pullback (the cheaper per column or per row, chosen at run time when a size is a
    /// span's length), so they come with it.
    /// </summary>
    public static MemberKinds Generated(MemberKinds asked, bool vector)
        => vector && (asked & MemberKinds.Gradient) != 0 ? MemberKinds.All : asked;

    /// <summary>What calls from a method with these members need of a callee: its pullback for reverse mode, its pushforward for forward mode.</summary>
    public static MemberKinds NeededOfCallees(MemberKinds generated)
        => ((generated & (MemberKinds.Gradient | MemberKinds.Pullback)) != 0 ? MemberKinds.Pullback : MemberKinds.None)
            | ((generated & MemberKinds.Pushforward) != 0 ? MemberKinds.Pushforward : MemberKinds.None);

    /// <summary>The names of the members in <paramref name="kinds"/> ('MPushforward' and 'MPullback').</summary>
    public static string Describe(MemberKinds kinds, string method, bool vector)
    {
        var names = new[] { (MemberKinds.Gradient, vector ? "Jacobian" : "Gradient"), (MemberKinds.Pushforward, "Pushforward"), (MemberKinds.Pullback, "Pullback") }
            .Where(k => (kinds & k.Item1) != 0)
            .Select(k => "'" + method + k.Item2 + "'")
            .ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
    }
}
