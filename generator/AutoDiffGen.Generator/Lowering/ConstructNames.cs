using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// How diagnostics name a construct the lowering cannot differentiate: one case per construct kind,
/// worded the way a C# developer would say it ("try/catch", "lambda expression", "goto").
/// </summary>
internal static class ConstructNames
{
    public static string Of(IOperation operation) => operation switch
    {
        ITryOperation => "try/catch/finally",
        IUsingOperation or IUsingDeclarationOperation => "a using statement",
        ILockOperation => "a lock statement",
        IForLoopOperation => "a for loop (loops are not supported yet)",
        IForEachLoopOperation => "a foreach loop (loops are not supported yet)",
        IWhileLoopOperation { ConditionIsTop: false } => "a do loop (loops are not supported yet)",
        IWhileLoopOperation => "a while loop (loops are not supported yet)",
        IBranchOperation { BranchKind: BranchKind.GoTo } => "goto",
        IBranchOperation { BranchKind: BranchKind.Break } => "break",
        IBranchOperation { BranchKind: BranchKind.Continue } => "continue",
        ILabeledOperation => "a labeled statement",
        IReturnOperation { Kind: OperationKind.YieldReturn } => "yield return",
        IReturnOperation { Kind: OperationKind.YieldBreak } => "yield break",
        IReturnOperation => "return without a value",
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
        IRecursivePatternOperation => "a property or positional pattern",
        IDeclarationPatternOperation or ITypePatternOperation => "a type pattern that tests the type",
        IUnaryOperation => "this unary operator",
        IBinaryOperation => "this binary operator",
        ICompoundAssignmentOperation => "this compound assignment",
        IDeclarationExpressionOperation => "an out variable declaration",
        _ => "'" + operation.Syntax.ToString() + "' (" + operation.Kind + ")",
    };
}
