using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// How diagnostics name a construct the lowering cannot differentiate: one case per construct kind,
/// worded the way a C# developer would say it ("try/catch", "lambda expression", "goto").
/// </summary>
internal static class ConstructNames
{
    /// <summary>What an operation the compiler could not bind is called.</summary>
    public const string Invalid = "code that does not compile";

    public static string Of(IOperation operation) => operation switch
    {
        ITryOperation => "try/catch/finally",
        IUsingOperation or IUsingDeclarationOperation => "a using statement",
        ILockOperation => "a lock statement",
        IForLoopOperation => "this for loop",
        IForEachLoopOperation => "this foreach loop",
        IWhileLoopOperation { ConditionIsTop: false } => "this do loop",
        IWhileLoopOperation => "this while loop",
        IBranchOperation { BranchKind: BranchKind.GoTo } => "goto",
        IBranchOperation { BranchKind: BranchKind.Break } => "this break (break leaves a loop or ends a switch section; here it does neither)",
        IBranchOperation { BranchKind: BranchKind.Continue } => "this continue",
        ILabeledOperation => "a labeled statement",
        IReturnOperation { Kind: OperationKind.YieldReturn } => "yield return",
        IReturnOperation { Kind: OperationKind.YieldBreak } => "yield break",
        IReturnOperation => "return without a value",
        IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => $"a delegate made from the method '{reference.Method.Name}' (a method passed as a value; call it directly instead)",
        IAnonymousFunctionOperation or IDelegateCreationOperation => "a lambda expression",
        ILocalFunctionOperation => "a local function",
        IAwaitOperation => "await",
        IArrayCreationOperation => "an array creation",
        IObjectCreationOperation => "an object creation with an initializer",
        ICoalesceOperation => "the ?? operator",
        ICoalesceAssignmentOperation => "the ??= operator",
        IConditionalAccessOperation => "the ?. operator",
        IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation => "a dynamic operation",
        IAddressOfOperation => "taking an address",
        IWithOperation => "a with expression",
        IAnonymousObjectCreationOperation => "an anonymous object",
        ISizeOfOperation => "sizeof",
        IRangeOperation => "a range",
        IEventAssignmentOperation => "an event subscription",
        ICollectionExpressionOperation => "a collection expression",
        IListPatternOperation => "a list pattern",
        IRecursivePatternOperation => "a positional pattern (deconstruction)",
        IDeclarationPatternOperation or ITypePatternOperation => "a type pattern that tests the type",
        IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } => "indexing from the end (^)",
        IUnaryOperation => "this unary operator",
        IBinaryOperation => "this binary operator",
        ICompoundAssignmentOperation => "this compound assignment",
        IDeclarationExpressionOperation => "an out variable declaration",
        IInvalidOperation => Invalid,
        IImplicitIndexerReferenceOperation => "indexing from the end (^) or with a range",
        _ => "'" + Shorten(operation.Syntax.ToString()) + "' (" + SyntaxName(operation.Syntax) + ")",
    };

    /// <summary>The syntax kind in words, for the constructs without a case above: "an element access", "a checked expression".</summary>
    private static string SyntaxName(SyntaxNode syntax)
    {
        string kind = Microsoft.CodeAnalysis.CSharp.CSharpExtensions.Kind(syntax).ToString();
        foreach (var suffix in new[] { "Expression", "Statement", "Declaration", "Clause" })
        {
            if (kind.Length > suffix.Length && kind.EndsWith(suffix, System.StringComparison.Ordinal))
            {
                kind = kind.Substring(0, kind.Length - suffix.Length);
                break;
            }
        }

        var words = new System.Text.StringBuilder();
        foreach (char c in kind)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        string text = words.ToString();
        return (text.Length > 0 && "aeiou".IndexOf(text[0]) >= 0 ? "an " : "a ") + text;
    }

    private static string Shorten(string text)
    {
        text = string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
        return text.Length > 60 ? text.Substring(0, 59) + "…" : text;
    }
}
