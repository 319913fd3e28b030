using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowers a method body (<see cref="IOperation"/>, so overloads and conversions are resolved) to
/// the IR: SSA-style variables, three-address active arithmetic, structured two-way branches.
/// </summary>
/// <remarks>
/// <para>Every local assignment defines a new variable; where branches meet, a variable assigned
/// differently in each is merged into a new one assigned at the end of both branches.</para>
/// <para>Returns are kept in tail position (what reverse mode needs): when a branch contains a
/// <c>return</c>, the statements that follow the branch are lowered into each branch instead.</para>
/// <para>Whatever cannot be differentiated is reported at its syntax and lowered to a placeholder
/// so that lowering goes on and reports every problem at once; the method is then skipped.</para>
/// </remarks>
internal sealed partial class BodyLowerer
{
    /// <summary>Deeper nesting than this is reported (ADG0010) instead of risking the stack.</summary>
    private const int MaxDepth = 1000;

    /// <summary>Duplicating statements after early returns stops here (ADG0010).</summary>
    private const int MaxStatements = 100_000;

    private readonly IMethodSymbol method;
    private readonly List<Diagnostic> diagnostics;
    private readonly CancellationToken cancellationToken;
    private readonly NameAllocator names;
    private readonly HashSet<Var> active = new();
    private readonly HashSet<Var> dependent = new();

    /// <summary>Arrays and spans allocated by the method (and views of them): the only ones it may write.</summary>
    private readonly HashSet<Var> owned = new();

    /// <summary>Arrays merged from two branches inside a loop (one of two active arrays): not supported where read.</summary>
    private readonly HashSet<Var> ambiguousInLoop = new();

    /// <summary>Variables that hold an active array on one path and inactive data on another (see <see cref="Merge"/>).</summary>
    private readonly HashSet<Var> mixedChoices = new();

    /// <summary>The statement being lowered, where a problem found while binding is reported.</summary>
    private IOperation? currentStatement;

    /// <summary>The body being lowered: where a problem found outside any statement is reported.</summary>
    private IOperation? rootOperation;
    private int dependentControl;
    private readonly HashSet<SyntaxNode> reported = new();
    private readonly Stack<LoopContext> loops = new();
    private readonly Stack<ReturnScope> returnScopes = new();

    private Dictionary<ISymbol, Expr> env = new(SymbolEqualityComparer.Default);
    private List<Stmt> block = new();
    private bool terminated;
    private Origin? origin;
    private int depth;
    private int nesting;
    private int statementCount;
    private bool tooComplex;

    /// <param name="describeOrigins">
    /// Whether each statement's origin says where it comes from (its line and text, for the comments
    /// of the generated code); without, every origin is <see cref="Unplaced"/> (diagnostics only).
    /// </param>
    public BodyLowerer(IMethodSymbol method, IReadOnlyList<ParameterModel> parameters, IEnumerable<string> reserved, int sourceLine, bool describeOrigins, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        this.method = method;
        this.sourceLine = sourceLine;
        this.describeOrigins = describeOrigins;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
        names = new NameAllocator(reserved);
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            var model = parameters[i];
            var v = new Var(model.Name, model.Type);
            env[method.Parameters[i]] = new VarExpr(v);
            if (model.Role != ParameterRole.Inactive)
            {
                active.Add(v);
                dependent.Add(v);
            }

            if (model.Role == ParameterRole.Output)
            {
                // The method writes its outputs, like a buffer it allocated.
                owned.Add(v);
                outputs.Add(v);
            }
        }
    }

    /// <summary>The array a view (alias or slice) was made of, through views of views.</summary>
    private readonly Dictionary<Var, Var> viewRoots = new();

    private Var RootOf(Var buffer) => viewRoots.TryGetValue(buffer, out var root) ? root : buffer;

    /// <summary>
    /// For a variable that holds one of several arrays or spans (a branch's merge, a ?: or switch
    /// expression's result), the roots of the arrays it may hold.
    /// </summary>
    private readonly Dictionary<Var, HashSet<Var>> choiceRoots = new();

    /// <summary>Every array <paramref name="buffer"/> may be a view of: its root, or each root of a choice.</summary>
    private HashSet<Var> RootsOf(Var buffer)
    {
        if (choiceRoots.Count == 0)
        {
            return new HashSet<Var> { RootOf(buffer) };
        }

        var roots = new HashSet<Var>();
        var seen = new HashSet<Var>();
        var pending = new Stack<Var>();
        pending.Push(RootOf(buffer));
        while (pending.Count > 0)
        {
            var root = pending.Pop();
            if (!seen.Add(root))
            {
                continue;
            }

            if (choiceRoots.TryGetValue(root, out var choices))
            {
                foreach (var choice in choices)
                {
                    pending.Push(RootOf(choice));
                }
            }
            else
            {
                roots.Add(root);
            }
        }

        return roots;
    }

    /// <summary>
    /// Records that the choice <paramref name="choice"/> may hold <paramref name="value"/>: a view of
    /// some array, or else data (a field, a call's result; not <c>default</c> or <c>null</c>, which hold no element).
    /// </summary>
    private void AddChoice(Var choice, Expr value)
    {
        if (Activity.ViewSource(value, choice.Type) is { } source)
        {
            if (!choiceRoots.TryGetValue(choice, out var set))
            {
                choiceRoots[choice] = set = new HashSet<Var>();
            }

            set.Add(source.Var);
        }
        else if (!(value is LiteralExpr { Text: var text } && (text == "null" || text.StartsWith("default", System.StringComparison.Ordinal))))
        {
            choicesOfData.Add(choice);
        }
    }

    /// <summary>Choices (see <see cref="AddChoice"/>) one of whose values is data rather than a view.</summary>
    private readonly HashSet<Var> choicesOfData = new();

    /// <summary>Whether a choice may hold data beside an active array: its roots include an inactive array, or a value is data.</summary>
    private bool MixesDataWithActive(Var choice)
        => choicesOfData.Contains(choice) || RootsOf(choice).Any(root => !active.Contains(root));

    /// <summary>The span outputs and the views of them: a store into one is a result.</summary>
    private readonly HashSet<Var> outputs = new();


    /// <summary>
    /// Whether some returned value depends on an active parameter at all, through data or through
    /// a branch decision (else ADG0009: even a step function of x depends on x).
    /// </summary>
    public bool ResultDependsOnActiveInputs { get; private set; }

    /// <summary>The first call with an active argument that leads back to this method (recursion, direct or mutual); null when none does.</summary>
    public Location? RecursiveCall { get; private set; }

    /// <summary>The callee of <see cref="RecursiveCall"/>, as ADG0006 names it.</summary>
    public string? RecursiveCallee { get; private set; }

    /// <summary>Where each call with a possible effect (a lowered <c>TemplateExpr</c>, by reference) and each composed <c>[Differentiable]</c> call is written, for diagnostics that point at it.</summary>
    public IReadOnlyDictionary<object, Location> EffectSites => effectSites;

    private readonly Dictionary<object, Location> effectSites = new(ReferenceComparer.Instance);

    /// <summary>The inactive calls (by reference) to <c>[Differentiable]</c> methods that read state, with what they read (see <c>MethodLowerer.StateRead</c>).</summary>
    public IReadOnlyDictionary<object, string> StateReads => stateReads;

    private readonly Dictionary<object, string> stateReads = new(ReferenceComparer.Instance);

    /// <summary>The assemblies the compilation reaches only through an extern alias (found at the first operation).</summary>
    private Dictionary<IAssemblySymbol, string>? aliased;

    /// <summary>The locals patterns declare (see <see cref="BindPatternLocal"/>).</summary>
    private readonly HashSet<ISymbol> patternLocals = new(SymbolEqualityComparer.Default);

    public IEnumerable<string> UsedNames => names.UsedNames;


    public List<Stmt> LowerBody(IOperation body)
    {
        rootOperation = body;
        var statements = body switch
        {
            IMethodBodyOperation m => new[] { (IOperation?)m.BlockBody ?? m.ExpressionBody! },
            _ => new[] { body },
        };
        FindRefAliases(body);

        // C# proved the end unreachable (the method compiled), but our lowering of, say,
        // while (true) { … return …; } cannot: each path that reaches the end throws instead of
        // falling off it, so that every path still ends where reverse mode expects (a return or
        // a throw).
        LowerStatements(statements, 0, null, () =>
        {
            if (method.ReturnsVoid)
            {
                // A void method (span outputs) returns at its end.
                EmitReturn(ResultSlot(method.ReturnType));
                return;
            }

            Emit(new ThrowStmt(new TemplateExpr(EquatableArray.Create("new global::System.InvalidOperationException(\"unreachable\")"), EquatableArray<Expr>.Empty, "global::System.Exception", HasSideEffects: true), origin));
            terminated = true;
        });
        return block;
    }

    // ---------------------------------------------------------------- statements

    /// <summary>
    /// The statements that run after the current list finishes, and what then ends the path (the
    /// end of a loop iteration), so that a branch that jumps gets the rest of the path lowered
    /// into it instead of after it.
    /// </summary>
    private sealed class Continuation
    {
        public Continuation(IReadOnlyList<IOperation> statements, int index, Continuation? next, Action? final = null)
        {
            Statements = statements;
            Index = index;
            Next = next;
            Final = final;
        }

        public IReadOnlyList<IOperation> Statements { get; }

        public int Index { get; }

        public Continuation? Next { get; }

        /// <summary>Runs once the statements are done, before <see cref="Next"/>.</summary>
        public Action? Final { get; }
    }

    private void LowerStatements(IReadOnlyList<IOperation> statements, int start, Continuation? next, Action? final = null)
    {
        while (true)
        {
            for (int i = start; i < statements.Count && !terminated && !tooComplex; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var statement = statements[i];
                switch (statement)
                {
                    case IBlockOperation nested:
                        // Blocks only scope names, and ours are unique: lower the rest after them.
                        LowerStatements(nested.Operations, 0, new Continuation(statements, i + 1, next, final));
                        return;
                    case IConditionalOperation conditional when ContainsReturn(conditional) && loops.Count == 0 && !OneSideAlwaysExits(conditional):
                        // Both sides may go on: lowering what follows into each would double it
                        // for every such branch. A flag records the return instead.
                        SetOrigin(statement);
                        LowerIfWithReturnFlag(conditional, new Continuation(statements, i + 1, next, final));
                        return;
                    case IConditionalOperation conditional when ContainsJump(conditional):
                        SetOrigin(statement);
                        LowerIf(conditional, new Continuation(statements, i + 1, next, final));
                        return;
                    case ISwitchOperation switchOperation when ContainsJump(switchOperation):
                        SetOrigin(statement);
                        LowerSwitchStatement(switchOperation, new Continuation(statements, i + 1, next, final));
                        return;
                    case ILoopOperation loop when ContainsReturn(loop):
                        // A return inside the loop sets a flag and breaks out; the flag then
                        // chooses between returning and the statements after the loop.
                        SetOrigin(statement);
                        var returned = LowerLoop(loop);
                        if (returned is not null && !terminated)
                        {
                            var rest = new Continuation(statements, i + 1, next, final);
                            Branch(
                                new VarExpr(returned.Value.Flag),
                                () => EmitReturn(returned.Value.Value),
                                () => LowerStatements(Array.Empty<IOperation>(), 0, rest));
                        }

                        return;
                    default:
                        LowerStatement(statement);
                        break;
                }
            }

            if (!terminated && !tooComplex && final is not null)
            {
                final();
            }

            if (next is null || terminated || tooComplex)
            {
                return;
            }

            statements = next.Statements;
            start = next.Index;
            final = next.Final;
            next = next.Next;
        }
    }

    private void LowerStatement(IOperation statement)
    {
        SetOrigin(statement);
        switch (statement)
        {
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                        if (declarator.Symbol.IsConst || initializer is null || declarator.Symbol.IsRef)
                        {
                            continue;
                        }

                        AssignLocal(declarator.Symbol, LowerExpression(initializer));
                    }
                }

                break;
            case IExpressionStatementOperation expressionStatement:
                LowerExpressionStatement(expressionStatement.Operation);
                break;
            case IReturnOperation { Kind: OperationKind.Return } ret when ret.ReturnedValue is not null:
                LowerReturn(ret.ReturnedValue);
                break;
            case IReturnOperation { Kind: OperationKind.Return, ReturnedValue: null } when method.ReturnsVoid:
                // return; of a method whose outputs are spans: an empty tuple of scalar outputs.
                EmitReturn(ResultSlot(method.ReturnType));
                break;
            case IThrowOperation throwOperation:
                LowerThrow(throwOperation);
                break;
            case IConditionalOperation conditional:
                LowerIf(conditional);
                break;
            case ISwitchOperation switchOperation:
                LowerSwitchStatement(switchOperation, null);
                break;
            case IEmptyOperation:
                break;
            case ILoopOperation loop:
                LowerLoop(loop);
                break;
            case IBranchOperation jump when loops.Count > 0 && (SymbolEqualityComparer.Default.Equals(jump.Target, loops.Peek().Exit) || SymbolEqualityComparer.Default.Equals(jump.Target, loops.Peek().Continue)):
                LowerJump(jump);
                break;
            case IBlockOperation nested:
                LowerStatements(nested.Operations, 0, null);
                break;
            default:
                Unsupported(statement, ConstructNames.Of(statement));
                break;
        }
    }

    private void LowerExpressionStatement(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation:
                LowerExpression(operation);
                break;
            case IThrowOperation throwOperation:
                LowerThrow(throwOperation);
                break;
            default:
                var value = LowerExpression(operation);
                if (!terminated && (!Cleanup.IsPure(value) || Cleanup.CanThrow(value)))
                {
                    Emit(new EvaluateStmt(value, origin));
                }

                break;
        }
    }

    private void LowerReturn(IOperation returned)
    {
        var value = LowerExpression(returned);
        if (terminated)
        {
            return;
        }

        if (method.ReturnType is INamedTypeSymbol { IsTupleType: true })
        {
            // A vector-valued method (MethodLowerer checked the tuple's elements are reals): each
            // output in a variable of its own, so the return is a tuple of variables.
            if (value is not TupleExpr && DependsOnActiveInputs(value))
            {
                Unsupported(returned, "returning a tuple that is not built from its elements");
                return;
            }

            var outputs = ResultSlot(method.ReturnType, "output");
            AssignResult(outputs, value);
            value = outputs;
        }
        else if (value is TupleExpr)
        {
            Unsupported(returned, "returning a tuple");
            return;
        }

        if (dependentControl > 0 || DependsOnActiveInputs(value))
        {
            ResultDependsOnActiveInputs = true;
        }

        if (IsActive(value))
        {
            value = Materialize(value);
        }

        EmitReturn(value);
    }

    /// <summary>
    /// A return: in a loop, set the loop's flag and value and break; in a branch lowered with a
    /// return flag, set that flag and value; else return.
    /// </summary>
    private void EmitReturn(Expr value)
    {
        if (returnScopes.Count > 0 && loops.Count == returnScopes.Peek().LoopCount)
        {
            var scope = returnScopes.Peek();
            AssignResult(scope.Value, value);
            Assign(scope.Flag, True);
        }
        else if (loops.Count > 0)
        {
            var loop = loops.Peek();
            loop.Returned ??= (new Var(names.Numbered("returned"), "bool"), ResultSlot(method.ReturnType, "result"));
            AssignResult(loop.Returned.Value.Value, value);
            Assign(loop.Returned.Value.Flag, True);
            Emit(new BreakStmt(origin));
        }
        else
        {
            Emit(new ReturnStmt(value, origin));
        }

        terminated = true;
    }

    private void LowerThrow(IThrowOperation throwOperation)
    {
        var exception = throwOperation.Exception is null
            ? Unsupported(throwOperation, "rethrow")
            : LowerExpression(throwOperation.Exception);
        if (!terminated)
        {
            Emit(new ThrowStmt(exception, origin));
            terminated = true;
        }
    }

    /// <summary>
    /// An <c>if</c>: each side in its own block; with <paramref name="next"/>, the statements after
    /// it are lowered into each side that goes on (see <see cref="ContainsJump"/>).
    /// </summary>
    private void LowerIf(IConditionalOperation conditional, Continuation? next = null)
    {
        var condition = LowerExpression(conditional.Condition);
        if (terminated)
        {
            return;
        }

        var whenTrue = conditional.WhenTrue;
        var whenFalse = conditional.WhenFalse;
        Branch(
            condition,
            () => LowerStatements(new[] { whenTrue }, 0, next),
            () => LowerStatements(whenFalse is null ? Array.Empty<IOperation>() : new[] { whenFalse }, 0, next));
    }

    /// <summary>Where a return inside a flag-lowered branch goes.</summary>
    private sealed class ReturnScope
    {
        public ReturnScope(Var flag, Expr value, int loopCount)
        {
            Flag = flag;
            Value = value;
            LoopCount = loopCount;
        }

        public Var Flag { get; }

        /// <summary>A variable, or for a vector-valued method a tuple of variables (see <c>ResultSlot</c>).</summary>
        public Expr Value { get; }

        /// <summary>How many loops enclose the branch (a return in a deeper loop breaks out first).</summary>
        public int LoopCount { get; }
    }

    /// <summary>
    /// <c>if</c> with a <c>return</c> inside where both sides may go on: a return sets a flag and a
    /// value; after the branch, the flag chooses between returning the value and going on.
    /// </summary>
    private void LowerIfWithReturnFlag(IConditionalOperation conditional, Continuation next)
    {
        var scope = new ReturnScope(new Var(names.Numbered("returned"), "bool"), ResultSlot(method.ReturnType, "result"), loops.Count);
        var ifOrigin = origin;
        Emit(new AssignStmt(scope.Flag, new LiteralExpr("false", "bool"), ifOrigin));
        returnScopes.Push(scope);
        LowerIf(conditional);
        returnScopes.Pop();
        origin = ifOrigin;
        if (terminated)
        {
            // Every path returned (or threw): return the value.
            terminated = false;
            EmitReturn(scope.Value);
            return;
        }

        Branch(
            new VarExpr(scope.Flag),
            () => EmitReturn(scope.Value),
            () => LowerStatements(Array.Empty<IOperation>(), 0, next));
    }

    /// <summary>Whether a statement never completes normally (it returns, throws or jumps on every path).</summary>
    private static bool AlwaysExits(IOperation? operation) => operation switch
    {
        IReturnOperation or IThrowOperation or IBranchOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation block => block.Operations.Any(AlwaysExits),
        IConditionalOperation { WhenFalse: not null } c => AlwaysExits(c.WhenTrue) && AlwaysExits(c.WhenFalse),
        _ => false,
    };

    private static bool OneSideAlwaysExits(IConditionalOperation conditional)
        => AlwaysExits(conditional.WhenTrue) || AlwaysExits(conditional.WhenFalse);

    /// <summary>
    /// A switch statement becomes a chain of two-way branches, one per section, in source order,
    /// with the default section last (where C# runs it: only when no other section matches).
    /// </summary>
    private void LowerSwitchStatement(ISwitchOperation switchOperation, Continuation? next)
    {
        var value = Materialize(LowerExpression(switchOperation.Value));
        if (terminated)
        {
            return;
        }

        var sections = new List<(ISwitchCaseOperation Section, IReadOnlyList<IOperation> Body)>();
        ISwitchCaseOperation? defaultSection = null;
        foreach (var section in switchOperation.Cases)
        {
            if (section.Clauses.Any(c => c.CaseKind == CaseKind.Default))
            {
                defaultSection = section;
            }
            else
            {
                sections.Add((section, SectionBody(section)));
            }
        }

        LowerSwitchChain(switchOperation, value, sections, 0, defaultSection, next);
    }

    private void LowerSwitchChain(
        ISwitchOperation switchOperation,
        Expr value,
        List<(ISwitchCaseOperation Section, IReadOnlyList<IOperation> Body)> sections,
        int index,
        ISwitchCaseOperation? defaultSection,
        Continuation? next)
    {
        if (index == sections.Count)
        {
            LowerStatements(defaultSection is null ? Array.Empty<IOperation>() : SectionBody(defaultSection), 0, next);
            return;
        }

        var (section, body) = sections[index];
        Expr? condition = null;
        foreach (var clause in section.Clauses)
        {
            // A later label (and its guard) is tried only when the earlier ones did not match.
            var label = clause;
            condition = condition is null ? LowerCaseClause(label, value) : ShortCircuit(condition, () => LowerCaseClause(label, value), isAnd: false);
        }

        if (terminated)
        {
            return;
        }

        Branch(
            condition ?? True,
            () => LowerStatements(body, 0, next),
            () => LowerSwitchChain(switchOperation, value, sections, index + 1, defaultSection, next));
    }

    private Expr LowerCaseClause(ICaseClauseOperation clause, Expr value)
    {
        switch (clause)
        {
            case ISingleValueCaseClauseOperation single:
                return ConstantTest(value, LowerExpression(single.Value));
            case IRelationalCaseClauseOperation relational:
                return new BinaryExpr(MapBinary(relational.Relation) ?? BinaryOp.Equal, value, LowerExpression(relational.Value), "bool");
            case IPatternCaseClauseOperation pattern:
                var test = LowerPattern(pattern.Pattern, value);
                return pattern.Guard is null ? test : ShortCircuit(test, () => LowerExpression(pattern.Guard), isAnd: true);
            default:
                return Unsupported(clause, "this case clause");
        }
    }

    /// <summary>
    /// A section's statements without the closing <c>break</c> (also one closing a trailing block);
    /// a closing <c>goto case</c>/<c>goto default</c> is replaced by the body of the section it
    /// jumps to (which then ends the path as that section does). <c>break</c>/<c>continue</c> of the
    /// enclosing loop, and jumps of loops and switches nested in the section, are lowered where they
    /// are; any other jump is reported.
    /// </summary>
    private IReadOnlyList<IOperation> SectionBody(ISwitchCaseOperation section, HashSet<ISwitchCaseOperation>? expanding = null)
    {
        var switchOperation = section.Parent as ISwitchOperation;
        var body = WithoutClosingBreak(section.Body, switchOperation);
        IOperation? gotoCase = body.Count > 0 && body[body.Count - 1] is IBranchOperation { BranchKind: BranchKind.GoTo } last && TargetSection(last, switchOperation) is not null ? last : null;
        if (gotoCase is not null)
        {
            body.RemoveAt(body.Count - 1);
        }

        var nestedLabels = new HashSet<ILabelSymbol>(SymbolEqualityComparer.Default);
        foreach (var statement in body)
        {
            foreach (var nested in statement.DescendantsAndSelf())
            {
                switch (nested)
                {
                    case ILoopOperation nestedLoop:
                        nestedLabels.Add(nestedLoop.ExitLabel);
                        nestedLabels.Add(nestedLoop.ContinueLabel);
                        break;
                    case ISwitchOperation inner:
                        nestedLabels.Add(inner.ExitLabel);
                        break;
                }
            }
        }

        var loop = loops.Count > 0 ? loops.Peek() : null;
        foreach (var statement in body)
        {
            foreach (var jump in statement.DescendantsAndSelf().OfType<IBranchOperation>())
            {
                bool handled = nestedLabels.Contains(jump.Target)
                    || (loop is not null && (SymbolEqualityComparer.Default.Equals(jump.Target, loop.Exit) || SymbolEqualityComparer.Default.Equals(jump.Target, loop.Continue)));
                if (!handled)
                {
                    Unsupported(jump, jump.BranchKind == BranchKind.Break ? "break before the end of a switch section"
                        : TargetSection(jump, switchOperation) is not null ? "goto case or goto default before the end of a switch section"
                        : ConstructNames.Of(jump));
                }
            }
        }

        if (gotoCase is not null)
        {
            var target = TargetSection((IBranchOperation)gotoCase, switchOperation)!;
            expanding ??= new HashSet<ISwitchCaseOperation>();
            if (!expanding.Add(section) || expanding.Contains(target))
            {
                Unsupported(gotoCase, "goto case or goto default that jumps back to a section it came from (a loop made of goto)");
            }
            else
            {
                body.AddRange(SectionBody(target, expanding));
            }
        }

        return body;
    }

    /// <summary>The statements of a section without the <c>break</c> that ends it, also inside a trailing block.</summary>
    private static List<IOperation> WithoutClosingBreak(IEnumerable<IOperation> statements, ISwitchOperation? switchOperation)
    {
        var body = statements.ToList();
        if (body.Count > 0 && body[body.Count - 1] is IBranchOperation { BranchKind: BranchKind.Break } closing
            && (switchOperation is null || SymbolEqualityComparer.Default.Equals(closing.Target, switchOperation.ExitLabel)))
        {
            body.RemoveAt(body.Count - 1);
        }
        else if (body.Count > 0 && body[body.Count - 1] is IBlockOperation block)
        {
            // case 1: { …; break; } — blocks only scope names, and ours are unique.
            body.RemoveAt(body.Count - 1);
            body.AddRange(WithoutClosingBreak(block.Operations, switchOperation));
        }

        return body;
    }

    /// <summary>The section a <c>goto case</c>/<c>goto default</c> jumps to, or null.</summary>
    private static ISwitchCaseOperation? TargetSection(IBranchOperation jump, ISwitchOperation? switchOperation)
        => jump.BranchKind != BranchKind.GoTo || switchOperation is null
            ? null
            : switchOperation.Cases.FirstOrDefault(c => c.Clauses.Any(clause => SymbolEqualityComparer.Default.Equals(clause.Label, jump.Target)));

    // ---------------------------------------------------------------- branches and merging

    private static readonly Expr True = new LiteralExpr("true", "bool");

    /// <summary>
    /// Lowers a two-way branch: each side in its own block and copy of the environment; where both
    /// sides go on, locals that differ are merged into a new variable assigned on both sides.
    /// </summary>
    private void Branch(Expr condition, Action lowerThen, Action lowerElse)
    {
        var ifOrigin = origin;
        nesting++;
        bool decidedByActive = DependsOnActiveInputs(condition);
        if (decidedByActive)
        {
            dependentControl++;
        }

        var savedEnv = env;
        var savedBlock = block;
        var savedFrozen = frozenRoots;

        // The buffers written so far, per path: what one side writes is not written on the other
        // (a fresh buffer written by a call on either side: a new user's trial, stop 30). Only
        // ever added to, so a change of count says the then-side wrote something.
        var writtenBefore = writtenRoots.Count == 0 ? null : new HashSet<Var>(writtenRoots);

        env = new Dictionary<ISymbol, Expr>(savedEnv, SymbolEqualityComparer.Default);
        block = new List<Stmt>();
        terminated = false;
        lowerThen();
        var (thenEnv, thenBlock, thenTerminated, thenFrozen) = (env, block, terminated, frozenRoots);
        HashSet<Var>? writtenInThen = null;
        if (writtenRoots.Count != (writtenBefore?.Count ?? 0))
        {
            writtenInThen = new HashSet<Var>(writtenRoots);
            writtenRoots.Clear();
            if (writtenBefore is not null)
            {
                writtenRoots.UnionWith(writtenBefore);
            }
        }

        env = new Dictionary<ISymbol, Expr>(savedEnv, SymbolEqualityComparer.Default);
        block = new List<Stmt>();
        frozenRoots = savedFrozen;
        terminated = false;
        lowerElse();
        var (elseEnv, elseBlock, elseTerminated) = (env, block, terminated);
        if (writtenInThen is not null)
        {
            // After the branch: written on either side (conservative where a side does not complete).
            writtenRoots.UnionWith(writtenInThen);
        }

        block = savedBlock;
        // What follows the branch follows a side that completes: the buffers frozen on either side
        // that completes (the maps are copied on write, so each side started from savedFrozen).
        frozenRoots = elseTerminated ? savedFrozen : frozenRoots;
        if (!thenTerminated && !ReferenceEquals(thenFrozen, savedFrozen))
        {
            foreach (var pair in thenFrozen)
            {
                if (!frozenRoots.ContainsKey(pair.Key))
                {
                    Freeze(pair.Value);
                }
            }
        }

        nesting--;
        terminated = thenTerminated && elseTerminated;
        if (thenTerminated)
        {
            env = elseEnv;
        }
        else if (elseTerminated)
        {
            env = thenEnv;
        }
        else
        {
            env = new Dictionary<ISymbol, Expr>(SymbolEqualityComparer.Default);
            // A pattern's local bound on one path only keeps that value (see BindPatternLocal).
            var boundInElseOnly = elseEnv.Where(p => !thenEnv.ContainsKey(p.Key) && patternLocals.Contains(p.Key));
            foreach (var pair in thenEnv.Concat(boundInElseOnly).OrderBy(p => p.Key.Name, StringComparer.Ordinal))
            {
                bool inThen = thenEnv.TryGetValue(pair.Key, out var thenValue);
                bool inElse = elseEnv.TryGetValue(pair.Key, out var elseValue);
                if ((inThen && inElse) || (patternLocals.Contains(pair.Key) && pair.Key is ILocalSymbol local))
                {
                    var unbound = Placeholder((pair.Key as ILocalSymbol)?.Type);
                    env[pair.Key] = Merge(pair.Key.Name, inThen ? thenValue! : unbound, inElse ? elseValue! : unbound, thenBlock, elseBlock, ifOrigin);
                }
            }
        }

        Emit(new IfStmt(condition, thenBlock.ToEquatableArray(), elseBlock.ToEquatableArray(), ifOrigin));
        if (decidedByActive)
        {
            dependentControl--;
        }
    }

    private Expr Merge(string name, Expr thenValue, Expr elseValue, List<Stmt> thenBlock, List<Stmt> elseBlock, Origin? mergeOrigin)
    {
        if (thenValue.Equals(elseValue))
        {
            return thenValue;
        }

        if (thenValue is TupleExpr thenTuple && elseValue is TupleExpr elseTuple && thenTuple.Elements.Count == elseTuple.Elements.Count)
        {
            var merged = new List<Expr>();
            for (int i = 0; i < thenTuple.Elements.Count; i++)
            {
                merged.Add(Merge(name + "_" + (i + 1), thenTuple.Elements[i], elseTuple.Elements[i], thenBlock, elseBlock, mergeOrigin));
            }

            return new TupleExpr(merged.ToEquatableArray(), thenValue.Type);
        }

        if (thenValue is TupleExpr ^ elseValue is TupleExpr && (thenValue as VarExpr ?? elseValue as VarExpr) is { } whole)
        {
            // A tuple parameter on one side, its elements written on the other: element by element.
            var elementTypes = ((TupleExpr)(thenValue is TupleExpr ? thenValue : elseValue)).Elements.Select(e => e.Type).ToList();
            var parts = TakeApartValue(whole, elementTypes, whole.Type);
            return thenValue is TupleExpr
                ? Merge(name, thenValue, parts, thenBlock, elseBlock, mergeOrigin)
                : Merge(name, parts, elseValue, thenBlock, elseBlock, mergeOrigin);
        }

        var phi = new Var(names.Fresh(name), thenValue.Type);
        thenBlock.Add(new AssignStmt(phi, thenValue, mergeOrigin));
        elseBlock.Add(new AssignStmt(phi, elseValue, mergeOrigin));
        if (IsRealBuffer(phi.Type))
        {
            AddChoice(phi, thenValue);
            AddChoice(phi, elseValue);

            // One of two arrays: active if either is, writable only if both were allocated here.
            var sides = new[] { thenValue, elseValue }.Select(e => Activity.ViewSource(e, phi.Type)?.Var).ToList();
            if (sides.All(side => side is not null && owned.Contains(side)))
            {
                owned.Add(phi);
            }

            if (sides.Any(side => side is not null && active.Contains(side)))
            {
                active.Add(phi);
                if (MixesDataWithActive(phi))
                {
                    // An active array on one side, data on the other: reported where it is used.
                    mixedChoices.Add(phi);
                }

                if (loops.Count > 0)
                {
                    // Reported where it is used, if it is (a buffer declared after an early return
                    // in a loop is merged this way, and mostly never read after the merge).
                    ambiguousInLoop.Add(phi);
                }
            }
        }

        if (IsActive(thenValue) || IsActive(elseValue))
        {
            active.Add(phi);
        }

        if (dependentControl > 0 || DependsOnActiveInputs(thenValue) || DependsOnActiveInputs(elseValue))
        {
            dependent.Add(phi);
        }

        return new VarExpr(phi);
    }

    // ---------------------------------------------------------------- assignment

    private void AssignLocal(ISymbol local, Expr value)
    {
        if (terminated)
        {
            return;
        }

        if (value is not TupleExpr && !IsActive(value) && local switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, _ => null } is INamedTypeSymbol { IsTupleType: true } tupleType)
        {
            // A tuple local is always a tuple of its elements' values (a call's result is taken
            // apart), so that an element written in place, a branch and a loop treat it alike.
            value = TakeApart(value, tupleType);
        }

        env[local] = Bind(local.Name, TypeOf(local), value);
    }

    private Expr Bind(string name, string type, Expr value)
    {
        if (value is TupleExpr tuple)
        {
            var elements = new List<Expr>();
            for (int i = 0; i < tuple.Elements.Count; i++)
            {
                elements.Add(Bind(name + "_" + (i + 1), tuple.Elements[i].Type, tuple.Elements[i]));
            }

            return new TupleExpr(elements.ToEquatableArray(), tuple.Type);
        }

        if (value is VarExpr { Var: var initialized } && initialized.Type == type && initializedBuffers.Remove(initialized))
        {
            // double[] h = new[] { x, y }: h is the buffer the initializer filled.
            return value;
        }

        if (value is TemplateExpr allocation && Differentiation.ArrayPlumbing.IsAllocation(allocation) && allocation.Segments[0].StartsWith("new ", System.StringComparison.Ordinal)
            && !type.EndsWith("[]", System.StringComparison.Ordinal) && Differentiation.ArrayPlumbing.ElementTypeOf(type) is { } element)
        {
            // Span<T> h = new T[n]: held as the array it is (C# converts it wherever a span is
            // needed), so that reverse mode keeps it on a tape like any array (a span cannot be).
            type = element + "[]";
            value = allocation with { Type = type };
        }

        var v = new Var(names.Fresh(name), type);
        value = ExprFactory.Convert(value, type);
        Assign(v, value);
        if (IsRealBuffer(type))
        {
            BindBuffer(v, value);
        }

        return new VarExpr(v);
    }

    /// <summary>
    /// What a real array or span local is: a buffer allocated here (written and read, conservatively
    /// active: whether it holds active values is known only after its stores, and its reads are
    /// then materialized, which reverse mode needs); a view (alias or slice) of another array, which
    /// shares its activity and, if that one was allocated here, may be written too; or data from
    /// elsewhere (a call, a field), inactive and read-only.
    /// </summary>
    private void BindBuffer(Var v, Expr value)
    {
        if (Differentiation.ArrayPlumbing.IsAllocation(value) || value is LiteralExpr { Text: "default" })
        {
            // (The second: the placeholder of an allocation already reported; no second report.)
            owned.Add(v);
            allocationDepth[v] = loops.Count;
            active.Add(v);
            dependent.Add(v);
        }
        else if (Activity.ViewSource(value, v.Type) is { } source)
        {
            viewRoots[v] = RootOf(source.Var);
            if (owned.Contains(source.Var))
            {
                owned.Add(v);
            }

            if (outputs.Contains(source.Var))
            {
                outputs.Add(v);
            }

            if (dependent.Contains(source.Var))
            {
                dependent.Add(v);
            }

            if (active.Contains(source.Var))
            {
                active.Add(v);
                if (loops.Count > 0 && currentStatement is not null)
                {
                    Unsupported(currentStatement, "a view (alias, slice or cast to a span) of an active array or span made inside a loop (make it once, before the loop)");
                }
            }
        }
        else if (HoldsActiveBuffer(value))
        {
            // Built from an active array, but not as an alias or a slice of it: its elements would be
            // read as data from elsewhere, constants, so no derivative would reach that array.
            Unsupported((currentStatement ?? rootOperation)!, "an array or span made from an active one other than as an alias, a Slice or an AsSpan of it");
        }
    }

    /// <summary>
    /// Whether the elements of <paramref name="value"/>, an array or span, may be those of an active
    /// array: an active buffer variable where the value's elements come from (a conversion's operand, a
    /// slice's array, either side of a choice, a hole of a call), not one only measured
    /// (<c>Lib.Ones(w.Length)</c>) or indexed for a row (<c>Rows[w.Length − 3]</c>).
    /// </summary>
    private bool HoldsActiveBuffer(Expr value) => IsActiveBuffer(value) || value switch
    {
        ConditionalExpr choice => HoldsActiveBuffer(choice.WhenTrue) || HoldsActiveBuffer(choice.WhenFalse),
        TemplateExpr call => Differentiation.ArrayPlumbing.LengthOf(call) is null && call.Holes.Any(HoldsActiveBuffer),
        _ => false,
    };

    private void Assign(Var target, Expr value)
    {
        if (IsActive(value))
        {
            active.Add(target);
        }

        if (dependentControl > 0 || DependsOnActiveInputs(value))
        {
            dependent.Add(target);
        }

        Emit(new AssignStmt(target, value, origin));
    }

    /// <summary>
    /// A slice used in place (<c>w.Slice(1)[i]</c>, <c>foreach (var v in w.Slice(1))</c>) held in a
    /// view variable, so that its elements are read through a variable that is active like the
    /// array it views (see <see cref="BindBuffer"/>). Anything else is returned as it is.
    /// </summary>
    private Expr HoldView(Expr value)
    {
        // A slice, or an array or span converted to a span (((ReadOnlySpan<double>)w)[3]).
        bool isView = value is SliceExpr || (value is ConvertExpr conversion && IsRealBuffer(conversion.Operand.Type) && IsRealBuffer(value.Type));
        if (!isView || terminated)
        {
            return value;
        }

        var view = new Var(names.Numbered("view"), value.Type);
        Assign(view, value);
        BindBuffer(view, value);
        return new VarExpr(view);
    }

    /// <summary>Puts a non-trivial expression into a temporary, so that operands are variables.</summary>
    private Expr Materialize(Expr value)
    {
        if (value is VarExpr or ConstExpr or LiteralExpr or TupleExpr or SliceExpr || terminated)
        {
            return value;
        }

        var temp = new Var(names.Numbered("t"), value.Type);
        Assign(temp, value);
        return new VarExpr(temp);
    }

    private void Emit(Stmt statement)
    {
        if (++statementCount > MaxStatements && !tooComplex)
        {
            tooComplex = true;
            Report(DiagnosticDescriptors.TooComplex, method.Locations.FirstOrDefault(), method.Name, $"it lowers to more than {MaxStatements} statements (early returns duplicate the statements after them)");
        }

        if (statement is StoreStmt store)
        {
            Written(RootsOf(store.Array));
        }
        else if (statement is EvaluateStmt { Value: DifferentiableCallExpr { HasOutputs: true } call })
        {
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                if (call.IsOutput(i) && call.Arguments[i] is VarExpr { Var: var written })
                {
                    Written(RootsOf(written));
                }
            }

            // This method's own outputs the call wrote whole: frozen from here on.
            foreach (var freeze in frozenAfterWrite)
            {
                Freeze(freeze);
            }

            frozenAfterWrite.Clear();
        }

        block.Add(statement);
    }

    /// <summary>Records a write to <paramref name="roots"/>; one after a call that reads the buffer (see <see cref="frozenRoots"/>) is reported.</summary>
    private void Written(HashSet<Var> roots)
    {
        writtenRoots.UnionWith(roots);
        if (loops.Count > 0)
        {
            loops.Last().WrittenRoots.UnionWith(roots);
        }

        foreach (var root in roots)
        {
            if (frozenRoots.TryGetValue(root, out var call) && currentStatement is not null)
            {
                int line = call.Location.GetLineSpan().StartLinePosition.Line + 1;
                Unsupported(currentStatement, call.Overwritten
                    ? $"a write to the output '{call.Argument}' (or memory it shares) after '{call.Callee}' wrote it (line {line}), whose pullback writes it again in the reverse sweep, so the output would not end as this method leaves it (let '{call.Callee}' write into a local buffer, and copy that into the output after writing it)"
                    : $"a write to '{call.Argument}' (or memory it shares) after it was passed to '{call.Callee}' (line {line}), whose pullback reads it again in the reverse sweep and must see what the call saw (finish writing it before the call, or write into another buffer)");
            }
        }
    }

    /// <summary>
    /// The number of loops around the allocation of each local buffer allocated here: one allocated
    /// in the loop around a call (its declaration is scoped to the iteration) is fresh at every call.
    /// </summary>
    private readonly Dictionary<Var, int> allocationDepth = new();

    /// <summary>The arrays (roots of views) something has been stored into so far, in lowering order.</summary>
    private readonly HashSet<Var> writtenRoots = new();

    /// <summary>
    /// Local buffers passed to a <c>[Differentiable]</c> callee's array parameter (by root), with the
    /// call: the callee's pullback runs in the reverse sweep and reads the buffer then, so no
    /// statement after the call may write it. Lowering order is program order for this: a call in a
    /// loop freezes its buffers only when the outermost loop around it ends, if nothing in that loop
    /// writes them (<see cref="EndFreezes"/>), and each side of a branch (with the code after an early
    /// return that it lowers) starts from what was frozen before the branch. Copied on write
    /// (<see cref="Freeze"/>), so a branch keeps the map it started from without a copy.
    /// </summary>
    private Dictionary<Var, BufferFreeze> frozenRoots = new();

    /// <summary>A local buffer (its root) passed to a callee: the argument's text, the callee, its parameter, where the argument is; <paramref name="Overwritten"/>: this method's own span output, which the callee writes whole (and its pullback writes again).</summary>
    private sealed record BufferFreeze(Var Root, string Argument, string Callee, string Parameter, Location Location, bool Overwritten = false);

    /// <summary>The freezes of this method's own outputs by the call being lowered, applied once its statement has written them (<see cref="Emit"/>).</summary>
    private readonly List<BufferFreeze> frozenAfterWrite = new();

    /// <summary>Freezes a buffer for the code that follows (see <see cref="frozenRoots"/>).</summary>
    private void Freeze(BufferFreeze freeze)
        => frozenRoots = new Dictionary<Var, BufferFreeze>(frozenRoots) { [freeze.Root] = freeze };

    /// <summary>
    /// At the end of the outermost loop around calls that took local buffers: they are frozen for the
    /// code after the loop. Inside the loop they may be written (before or after the call): reverse
    /// mode saves such an argument at the call (ReverseModeTransform.SaveCallArguments). A buffer the
    /// loop writes is not frozen after it either: reverse mode then either tapes the loop, saving the
    /// argument at each call, or runs its iterations again, each writing the buffer whole before the
    /// call reads it (a scratch buffer, which nothing after the loop reads); so a later write (a
    /// validation loop reusing a training loop's scratch) changes nothing the calls' pullbacks see.
    /// </summary>
    private void EndFreezes(LoopContext loop)
    {
        foreach (var pending in loop.PendingFreezes)
        {
            if (!loop.WrittenRoots.Contains(pending.Root))
            {
                Freeze(pending);
            }
        }
    }

    // ---------------------------------------------------------------- ref locals

    /// <summary>Each <c>ref</c> local with the local or parameter it refers to.</summary>
    private readonly Dictionary<ISymbol, ISymbol> refAliases = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// A <c>ref</c> local (<c>ref double r = ref y;</c>) is another name for <c>y</c>: reads and
    /// writes through it are reads and writes of <c>y</c>. One that refers to anything else (an
    /// element, a field), or that is made to refer elsewhere later, is reported.
    /// </summary>
    private void FindRefAliases(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Symbol: { IsRef: true, RefKind: RefKind.RefReadOnly } } readOnlyElement
                    when readOnlyElement.Parent is IForEachLoopOperation { Collection: var collection }
                        && KnownFunctions.WithoutImplicitConversions(collection) is IParameterReferenceOperation:
                    // foreach (ref readonly double v in w) over a parameter: nothing in the method can
                    // write its elements (that would be ADG0007), so v is the element's value, as with var.
                    break;
                case IVariableDeclaratorOperation { Symbol.IsRef: true } declarator:
                    var referenced = (declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer)?.Value switch
                    {
                        ILocalReferenceOperation l => (ISymbol)l.Local,
                        IParameterReferenceOperation p => p.Parameter,
                        _ => null,
                    };
                    if (referenced is null)
                    {
                        Unsupported(declarator, declarator.Parent is IForEachLoopOperation
                            ? "a foreach with a ref variable (other than ref readonly over a parameter); write foreach (var v in …)"
                            : "a ref local that refers to something other than a local or parameter");
                    }
                    else
                    {
                        refAliases[declarator.Symbol] = ResolveRef(referenced);
                    }

                    break;
                case ISimpleAssignmentOperation { IsRef: true } refAssignment:
                    Unsupported(refAssignment, "making a ref local refer to another variable");
                    break;
            }
        }
    }

    /// <summary>The variable a symbol stands for: itself, or what a ref local refers to.</summary>
    private ISymbol ResolveRef(ISymbol symbol)
    {
        for (int steps = 0; steps < 64 && refAliases.TryGetValue(symbol, out var target); steps++)
        {
            symbol = target;
        }

        return symbol;
    }

    // ---------------------------------------------------------------- helpers

    private bool DependsOnActiveInputs(Expr value)
        => value is TupleExpr tuple ? tuple.Elements.Any(DependsOnActiveInputs) : Cleanup.Reads(value).Any(dependent.Contains);

    internal static bool IsRealBuffer(string type)
        => type is "double[]" or "float[]" or "global::System.Span<double>" or "global::System.Span<float>"
            or "global::System.ReadOnlySpan<double>" or "global::System.ReadOnlySpan<float>";

    private bool IsActive(Expr e) => e is not TupleExpr && Activity.IsActive(e, active);

    /// <summary>An active value, or a tuple with an active element (nested tuples too): what code we cannot see into must not receive.</summary>
    private bool HoldsActive(Expr e) => e is TupleExpr tuple ? tuple.Elements.Any(HoldsActive) : IsActive(e);


    private static bool ContainsReturn(IOperation operation)
        => operation.Descendants().Any(d => d is IReturnOperation { Kind: OperationKind.Return });

    /// <summary>A return, or a break/continue of the innermost loop (not of a loop or switch inside).</summary>
    private bool ContainsJump(IOperation operation)
    {
        if (ContainsReturn(operation))
        {
            return true;
        }

        if (loops.Count == 0)
        {
            return false;
        }

        var loop = loops.Peek();
        return operation.Descendants().OfType<IBranchOperation>().Any(b =>
            SymbolEqualityComparer.Default.Equals(b.Target, loop.Exit) || SymbolEqualityComparer.Default.Equals(b.Target, loop.Continue));
    }

    private static string TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol l => l.Type.ToDisplayString(MethodLowerer.TypeFormat),
        IParameterSymbol p => p.Type.ToDisplayString(MethodLowerer.TypeFormat),
        _ => "object",
    };

    private static string TypeOf(ITypeSymbol? type) => type?.ToDisplayString(MethodLowerer.TypeFormat) ?? "object";

    /// <summary>The line of the method's name (1-based): origins count from it.</summary>
    private readonly int sourceLine;

    private readonly bool describeOrigins;

    /// <summary>The origin of every statement when origins are not described.</summary>
    private static readonly Origin Unplaced = new(0, "", OriginRole.Primal);

    private void SetOrigin(IOperation statement)
    {
        currentStatement = statement;
        if (!describeOrigins)
        {
            origin = Unplaced;
            return;
        }

        var syntax = statement.Syntax;
        string text = syntax switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.IfStatementSyntax s => "if (" + s.Condition + ")",
            Microsoft.CodeAnalysis.CSharp.Syntax.SwitchStatementSyntax s => "switch (" + s.Expression + ")",
            // A loop by its header: the statements of its body have comments of their own.
            Microsoft.CodeAnalysis.CSharp.Syntax.ForStatementSyntax s => Header(s, s.CloseParenToken),
            Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax s => Header(s, s.CloseParenToken),
            Microsoft.CodeAnalysis.CSharp.Syntax.WhileStatementSyntax s => Header(s, s.CloseParenToken),
            Microsoft.CodeAnalysis.CSharp.Syntax.DoStatementSyntax s => "do … while (" + s.Condition + ")",
            Microsoft.CodeAnalysis.CSharp.Syntax.ArrowExpressionClauseSyntax s => s.ToString(),
            Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax e when statement is IReturnOperation => "=> " + e,
            _ => syntax.ToString(),
        };
        // One line: every kind of line break C# knows (also U+0085, U+2028, U+2029) becomes a space.
        text = string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n', '\u0085', '\u2028', '\u2029', '\f', '\v' }, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > 100)
        {
            text = text.Substring(0, 99) + "…";
        }

        // Relative to the method's name, so that moving the method (a line added above it) leaves
        // its model, and so its differentiation, unchanged; the emitter adds the line back.
        int line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        origin = new Origin(line - sourceLine, text, OriginRole.Primal);
    }

    /// <summary>A statement's text up to and including <paramref name="end"/> (a loop's header).</summary>
    private static string Header(SyntaxNode statement, SyntaxToken end)
        => statement.SyntaxTree.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(statement.SpanStart, end.Span.End));

    /// <summary>Reports a construct that cannot be differentiated and returns a placeholder value.</summary>
    private Expr Unsupported(IOperation operation, string construct)
    {
        var syntax = operation.Syntax;
        if (reported.Add(syntax))
        {
            var location = syntax is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax statement && statement.GetFirstToken() is var first && first.Parent == statement
                ? first.GetLocation()
                : syntax.GetLocation();
            Report(DiagnosticDescriptors.UnsupportedConstruct, location, construct);
        }

        return Placeholder(operation.Type);
    }

    private void Report(DiagnosticDescriptor descriptor, Location? location, params object[] arguments)
        => diagnostics.Add(Diagnostic.Create(descriptor, location, arguments));

    /// <summary>Reports with properties for a code fix (<see cref="DiagnosticProperties"/>).</summary>
    private void ReportWith(DiagnosticDescriptor descriptor, Location? location, ImmutableDictionary<string, string?>? properties, params object[] arguments)
        => diagnostics.Add(Diagnostic.Create(descriptor, location, properties, arguments));

    /// <summary>
    /// An ADG0006 at a call of an ordinary method that is not <c>[Differentiable]</c> (and not a
    /// known function that cannot be differentiated): marking the callee would let the call compose.
    /// </summary>
    private static ImmutableDictionary<string, string?>? UnmarkedCalleeFix(IMethodSymbol target)
        => target.MethodKind == MethodKind.Ordinary && !MethodLowerer.IsDifferentiableMethod(target) && KnownFunctions.NotDifferentiableReason(target) is null
            ? DiagnosticProperties.For(DiagnosticProperties.MarkCalleeDifferentiable)
            : null;

    private static Expr Placeholder(ITypeSymbol? type)
    {
        string name = TypeOf(type);
        return ExprFactory.IsReal(name) ? ExprFactory.Const(0, name) : new LiteralExpr("default", name);
    }
}
