using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

internal sealed partial class BodyLowerer
{
    /// <summary>What the lowering knows about the loop it is inside.</summary>
    private sealed class LoopContext
    {
        public LoopContext(ILabelSymbol? exit, ILabelSymbol? @continue, List<(ISymbol Symbol, Expr LoopValue)> carried, Action<bool> endIteration)
        {
            Exit = exit;
            Continue = @continue;
            Carried = carried;
            EndIteration = endIteration;
        }

        public ILabelSymbol? Exit { get; }

        /// <summary>
        /// Local buffers passed to <c>[Differentiable]</c> callees in this loop (the outermost one
        /// around the call), frozen when the loop ends (see <see cref="EndFreezes"/>).
        /// </summary>
        public List<BufferFreeze> PendingFreezes { get; } = new();

        /// <summary>
        /// The roots of the buffers written anywhere in this loop (the outermost one): a buffer of a
        /// pending freeze that the loop writes is not frozen after it (see <see cref="EndFreezes"/>).
        /// </summary>
        public HashSet<Var> WrittenRoots { get; } = new();

        public ILabelSymbol? Continue { get; }

        /// <summary>
        /// Locals assigned in the loop and live across iterations, with their loop variables (a
        /// tuple local: a tuple of loop variables, one per element).
        /// </summary>
        public List<(ISymbol Symbol, Expr LoopValue)> Carried { get; }

        /// <summary>Runs the end of an iteration (increment, copies); true for a <c>continue</c>.</summary>
        public Action<bool> EndIteration { get; }

        /// <summary>Set when the body returns: the flag and the value, read after the loop.</summary>
        public (Var Flag, Expr Value)? Returned { get; set; }
    }

    /// <summary>
    /// Lowers <c>for</c>, <c>foreach</c>, <c>while</c> and <c>do</c> to a <see cref="LoopStmt"/>. Each
    /// local assigned in the loop gets a loop variable, assigned before the loop and at the end of
    /// each path through the body; inside, every assignment still defines a new variable.
    /// </summary>
    /// <returns>The flag and value of a <c>return</c> inside the loop, if it has one.</returns>
    private (Var Flag, Expr Value)? LowerLoop(ILoopOperation loop)
    {
        var loopOrigin = origin;
        IOperation? condition = null;
        bool conditionAtTop = true;
        IReadOnlyList<IOperation> increments = Array.Empty<IOperation>();
        IOperation body = loop.Body;
        ForEachParts? forEach = null;

        switch (loop)
        {
            case IForLoopOperation forLoop:
                foreach (var before in forLoop.Before)
                {
                    LowerStatement(before);
                }

                SetOriginTo(loopOrigin);
                condition = forLoop.Condition;
                increments = forLoop.AtLoopBottom;
                break;
            case IWhileLoopOperation whileLoop:
                condition = whileLoop.Condition;
                conditionAtTop = whileLoop.ConditionIsTop;
                break;
            case IForEachLoopOperation forEachLoop:
                forEach = PrepareForEach(forEachLoop);
                if (forEach is null)
                {
                    return null;
                }

                break;
            default:
                Unsupported(loop, ConstructNames.Of(loop));
                return null;
        }

        if (terminated || tooComplex)
        {
            return null;
        }

        // Loop variables for the locals the loop assigns that live outside one iteration.
        var carried = new List<(ISymbol, Expr)>();
        foreach (var symbol in AssignedInLoop(loop))
        {
            var symbolType = symbol switch
            {
                ILocalSymbol l => l.Type,
                IParameterSymbol p => p.Type,
                _ => null,
            };
            if (IsRealBuffer(TypeOf(symbol)) || (symbolType is INamedTypeSymbol { IsTupleType: true } && HoldsRealBuffer(symbolType)))
            {
                // Which array it holds would change from one iteration to the next, and with it
                // where derivatives go: not supported (a buffer declared inside the body is fine).
                Unsupported(loop, $"assigning the array or span variable '{symbol.Name}' inside a loop (declare it inside the loop body, or assign it before the loop)");
                return null;
            }

            env.TryGetValue(symbol, out var initial);
            var loopValue = LoopValue(symbol.Name, symbolType, TypeOf(symbol), initial);
            env[symbol] = loopValue;
            carried.Add((symbol, loopValue));
        }

        // Activity of a loop variable can come from a later iteration: iterate the body's
        // activity to a fixed point by treating every real loop variable that is assigned an
        // active value anywhere as active from the start (checked again by the transforms).
        foreach (var (symbol, loopValue) in carried)
        {
            if (LoopMayMakeActive(loop, symbol))
            {
                foreach (var loopVar in LoopVars(loopValue).Where(v => ExprFactory.IsReal(v.Type)))
                {
                    active.Add(loopVar);
                }
            }
        }

        Var? index = null;
        if (forEach is not null)
        {
            index = new Var(names.Numbered("index"), "int");
            Assign(index, new ConstExpr(0, "int"));
        }

        void EndIteration(bool isContinue)
        {
            if (forEach is null && !conditionAtTop && condition is not null)
            {
                // do { … } while (c): test at the bottom, break out when it fails. The copies
                // below give the loop variables their values for the next iteration, so a test that
                // reads one (k in do … while (k-- > 0), which reads k before the decrement) is held
                // in a local first (a new user's trial, stop 29: the test read the value after it).
                var test = LowerExpression(condition);
                var loopVars = new HashSet<Var>(carried.SelectMany(c => LoopVars(c.Item2)));
                if (Cleanup.Reads(test).Any(loopVars.Contains))
                {
                    var held = new Var(names.Numbered("condition"), "bool");
                    Assign(held, test);
                    test = new VarExpr(held);
                }

                EmitCopies(carried);
                Branch(new UnaryExpr(UnaryOp.Not, test, "bool"), () => { Emit(new BreakStmt(origin)); terminated = true; }, () => { });
                if (isContinue)
                {
                    Emit(new ContinueStmt(origin));
                    terminated = true;
                }

                return;
            }

            foreach (var increment in increments)
            {
                LowerStatement(increment);
            }

            EmitCopies(carried);
            if (index is not null)
            {
                Assign(index, new BinaryExpr(BinaryOp.Add, new VarExpr(index), new ConstExpr(1, "int"), "int"));
            }

            if (isContinue)
            {
                Emit(new ContinueStmt(origin));
                terminated = true;
            }
        }

        var context = new LoopContext(loop.ExitLabel, loop.ContinueLabel, carried, EndIteration);
        loops.Push(context);
        nesting++;
        var savedBlock = block;
        var savedEnv = env;
        block = new List<Stmt>();
        env = new Dictionary<ISymbol, Expr>(savedEnv, SymbolEqualityComparer.Default);

        // The condition: inline when it needs no statements of its own, else tested in the body.
        Expr loopCondition = True;
        if (forEach is not null)
        {
            loopCondition = new BinaryExpr(BinaryOp.Less, new VarExpr(index!), forEach.Length, "bool");
            var element = forEach.IsList
                ? new TemplateExpr(EquatableArray.Create("", "[", "]"), EquatableArray.Create(forEach.Collection, new VarExpr(index!)), forEach.ElementType, HasSideEffects: false)
                : ReadElement(forEach.Collection, new VarExpr(index!), forEach.ElementType);
            if (forEach.Control is IVariableDeclaratorOperation declarator)
            {
                AssignLocal(declarator.Symbol, element);
            }
            else
            {
                AssignTuple(forEach.Control, element, new Dictionary<IOperation, Expr>());
            }
        }
        // The end of the iteration is the last step of every path through the body.
        void LowerBody() => LowerStatements(new[] { body }, 0, null, () => EndIteration(false));

        if (forEach is null && conditionAtTop && condition is not null)
        {
            var test = LowerExpression(condition);
            if (block.Count == 0)
            {
                loopCondition = test;
                LowerBody();
            }
            else
            {
                // The test needs statements of its own: test first, the body only when it holds
                // (so every path through the body ends in a break, a continue or its end).
                // Leaving, the loop variables take what the test assigned ((y = f(y)) > 1).
                Branch(new UnaryExpr(UnaryOp.Not, test, "bool"), () => { EmitCopies(carried); Emit(new BreakStmt(origin)); terminated = true; }, LowerBody);
            }
        }
        else
        {
            LowerBody();
        }

        var loopBody = block;
        block = savedBlock;
        env = savedEnv;
        nesting--;
        loops.Pop();
        terminated = false;
        if (loops.Count == 0)
        {
            EndFreezes(context);
        }

        Emit(new LoopStmt(loopCondition, loopBody.ToEquatableArray(), loopOrigin));
        foreach (var (symbol, loopValue) in carried)
        {
            env[symbol] = loopValue;
        }

        if (loopCondition.Equals(True) && !loopBody.Any(ContainsBreak))
        {
            terminated = true;
        }

        if (context.Returned is { } returned)
        {
            // The flag must be false before the loop; assign it there (the loop statement is last).
            block.Insert(block.Count - 1, new AssignStmt(returned.Flag, new LiteralExpr("false", "bool"), loopOrigin));
        }

        return context.Returned;
    }

    private void LowerJump(IBranchOperation jump)
    {
        var loop = loops.Peek();
        if (SymbolEqualityComparer.Default.Equals(jump.Target, loop.Exit))
        {
            EmitCopies(loop.Carried);
            Emit(new BreakStmt(origin));
            terminated = true;
        }
        else
        {
            loop.EndIteration(true);
        }
    }

    private void EmitCopies(List<(ISymbol Symbol, Expr LoopValue)> carried)
    {
        foreach (var (symbol, loopValue) in carried)
        {
            if (env.TryGetValue(symbol, out var current))
            {
                CopyInto(loopValue, current);
            }
        }
    }

    /// <summary>Assigns a value to a loop variable, or element by element to a tuple of them.</summary>
    private void CopyInto(Expr loopValue, Expr current)
    {
        if (current.Equals(loopValue))
        {
            return;
        }

        if (loopValue is TupleExpr loopTuple)
        {
            var parts = current is TupleExpr tuple ? tuple : TakeApartValue(current, loopTuple.Elements.Select(e => e.Type).ToList(), loopTuple.Type);
            for (int i = 0; i < loopTuple.Elements.Count && i < parts.Elements.Count; i++)
            {
                CopyInto(loopTuple.Elements[i], parts.Elements[i]);
            }

            return;
        }

        Assign(((VarExpr)loopValue).Var, current);
    }

    /// <summary>
    /// The loop variable of a local carried by a loop: a variable, or for a tuple local a tuple of
    /// them (one per element, nested tuples too), assigned the value the local has before the loop.
    /// </summary>
    private Expr LoopValue(string name, ITypeSymbol? type, string typeName, Expr? initial)
    {
        if (type is INamedTypeSymbol { IsTupleType: true } tupleType)
        {
            var parts = initial is null ? null : TakeApart(initial, tupleType);
            var elements = tupleType.TupleElements.Select((e, i) => LoopValue(
                name + "_" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                e.Type,
                TypeOf(e.Type),
                parts?.Elements[i]));
            return new TupleExpr(elements.ToEquatableArray(), typeName);
        }

        var loopVar = new Var(names.Fresh(name), typeName);
        if (initial is not null)
        {
            Assign(loopVar, initial);
        }

        return new VarExpr(loopVar);
    }

    private static IEnumerable<Var> LoopVars(Expr loopValue)
        => loopValue is TupleExpr tuple ? tuple.Elements.SelectMany(LoopVars) : new[] { ((VarExpr)loopValue).Var };

    private static bool HoldsRealBuffer(ITypeSymbol type)
        => type is INamedTypeSymbol { IsTupleType: true } tuple
            ? tuple.TupleElements.Any(e => HoldsRealBuffer(e.Type))
            : IsRealBuffer(TypeOf(type));

    /// <summary>The variable an assignment's target writes: <c>t</c> for an element <c>t.Item1</c> or <c>t.a.b</c>.</summary>
    private static IOperation WrittenVariable(IOperation target)
    {
        while (target is IFieldReferenceOperation { Instance: { } instance } && instance.Type is INamedTypeSymbol { IsTupleType: true })
        {
            target = instance;
        }

        return target;
    }

    private static bool ContainsBreak(Stmt statement) => statement switch
    {
        BreakStmt => true,
        IfStmt i => i.Then.Any(ContainsBreak) || i.Else.Any(ContainsBreak),
        _ => false,
    };

    private void SetOriginTo(Origin? value) => origin = value;

    /// <summary>Locals and parameters assigned inside the loop and declared outside its body.</summary>
    private List<ISymbol> AssignedInLoop(ILoopOperation loop)
    {
        var inside = new List<SyntaxNode> { loop.Body.Syntax };
        if (loop is IForLoopOperation forLoop)
        {
            inside.AddRange(forLoop.AtLoopBottom.Select(o => o.Syntax));
        }

        var result = new List<ISymbol>();
        foreach (var operation in loop.Descendants())
        {
            IOperation? target = operation switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation a => a.Target,
                IIncrementOrDecrementOperation a => a.Target,
                _ => null,
            };
            var targets = operation is IDeconstructionAssignmentOperation d
                ? DeconstructionTargets(d.Target)
                : target is null ? Enumerable.Empty<IOperation>() : new[] { target };
            foreach (var t in targets.Select(WrittenVariable))
            {
                ISymbol? symbol = t switch
                {
                    ILocalReferenceOperation l => ResolveRef(l.Local),
                    IParameterReferenceOperation p => p.Parameter,
                    _ => null,
                };
                if (symbol is null || result.Contains(symbol, SymbolEqualityComparer.Default))
                {
                    continue;
                }

                bool declaredInside = symbol is ILocalSymbol && symbol.DeclaringSyntaxReferences.Any(r => inside.Any(n => n.SyntaxTree == r.SyntaxTree && n.Span.Contains(r.Span)));
                if (!declaredInside)
                {
                    result.Add(symbol);
                }
            }
        }

        return result.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The variables and elements a deconstruction assigns (not the locals its indices read).</summary>
    private static IEnumerable<IOperation> DeconstructionTargets(IOperation target)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        return target is ITupleOperation tuple ? tuple.Elements.SelectMany(DeconstructionTargets) : new[] { target };
    }

    /// <summary>Whether the loop assigns the symbol something that could be active (a conservative syntactic test).</summary>
    private bool LoopMayMakeActive(ILoopOperation loop, ISymbol symbol)
    {
        foreach (var operation in loop.Descendants())
        {
            var (target, value) = operation switch
            {
                ISimpleAssignmentOperation a => (a.Target, a.Value),
                ICompoundAssignmentOperation a => (a.Target, a.Value),
                _ => ((IOperation?)null, (IOperation?)null),
            };
            target = target is null ? null : WrittenVariable(target);
            if (operation is IDeconstructionAssignmentOperation deconstruction)
            {
                // (a, b) = (b, a * x): conservatively, any element may receive any part of the value.
                foreach (var element in DeconstructionTargets(deconstruction.Target).Select(WrittenVariable))
                {
                    if (element is ILocalReferenceOperation el && SymbolEqualityComparer.Default.Equals(ResolveRef(el.Local), symbol)
                        || element is IParameterReferenceOperation ep && SymbolEqualityComparer.Default.Equals(ep.Parameter, symbol))
                    {
                        if (MayBeActive(deconstruction.Value))
                        {
                            return true;
                        }
                    }
                }

                continue;
            }

            if (target is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(ResolveRef(l.Local), symbol)
                || target is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, symbol))
            {
                if (value is not null && MayBeActive(value))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True unless the value is plainly inactive (a constant or reads nothing real).</summary>
    private bool MayBeActive(IOperation value)
        => !value.ConstantValue.HasValue && value.DescendantsAndSelf().Any(o =>
            o is ILocalReferenceOperation or IParameterReferenceOperation or IArrayElementReferenceOperation or IPropertyReferenceOperation or IInvocationOperation);

    private sealed class ForEachParts
    {
        public ForEachParts(Expr collection, Expr length, IOperation control, string elementType, bool isList)
        {
            Collection = collection;
            Length = length;
            Control = control;
            ElementType = elementType;
            IsList = isList;
        }

        public Expr Collection { get; }

        public Expr Length { get; }

        /// <summary>The iteration variable: a declarator (<c>var v</c>) or a deconstruction (<c>var (a, b)</c>).</summary>
        public IOperation Control { get; }

        public string ElementType { get; }

        /// <summary>A list (<c>List&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c>, …): inactive data, read by its indexer.</summary>
        public bool IsList { get; }
    }

    /// <summary>
    /// The parts of a <c>foreach</c>, lowered as a loop over an index: over an array or span (the
    /// elements of an active one are differentiated), or over a list of data (<c>List&lt;T&gt;</c>,
    /// <c>IList&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c>, <c>ImmutableArray&lt;T&gt;</c>), which the body must
    /// not change (the original's enumerator would throw where an index loop goes on). The iteration
    /// variable may be deconstructed (<c>foreach (var (x, y) in points)</c>).
    /// </summary>
    private ForEachParts? PrepareForEach(IForEachLoopOperation loop)
    {
        var collectionOperation = loop.Collection is IConversionOperation conversion ? conversion.Operand : loop.Collection;
        var type = collectionOperation.Type;
        bool indexable = type is IArrayTypeSymbol { Rank: 1 } || type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace.Name: "System" };
        string? countName = indexable ? "Length" : ListCount(type);
        if (countName is null)
        {
            Unsupported(collectionOperation, $"foreach over '{type?.ToDisplayString() ?? "this collection"}', which has no indexer to read it by (pass an array, a span, a List<T> or an IReadOnlyList<T>, or copy it into an array before the method)");
            return null;
        }

        var control = loop.LoopControlVariable;
        if (control is not (IVariableDeclaratorOperation or IDeclarationExpressionOperation { Expression: ITupleOperation }))
        {
            Unsupported(loop, "this foreach variable (write foreach (var v in …) or foreach (var (a, b) in …))");
            return null;
        }

        if (!indexable && ChangedInLoop(loop, collectionOperation) is { } change)
        {
            Unsupported(change, "changing or passing on a list inside a foreach over it (the original's enumerator would throw); loop over an index instead");
            return null;
        }

        var collection = HoldView(Materialize(LowerExpression(collectionOperation)));
        var length = new TemplateExpr(EquatableArray.Create("", "." + countName), EquatableArray.Create(collection), "int", HasSideEffects: false);
        string elementType = TypeOf(ElementTypeOf(type!));
        return new ForEachParts(collection, length, control, elementType, isList: !indexable);
    }

    /// <summary>The element type of an array, span or list type.</summary>
    private static ITypeSymbol ElementTypeOf(ITypeSymbol type)
        => type is IArrayTypeSymbol array ? array.ElementType : ((INamedTypeSymbol)type).TypeArguments[0];

    /// <summary>
    /// <c>Count</c> or <c>Length</c> for the list types a foreach may index: <c>List&lt;T&gt;</c>,
    /// <c>IList&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c>, <c>ImmutableArray&lt;T&gt;</c>; null for anything else.
    /// </summary>
    private static string? ListCount(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            return null;
        }

        string ns = named.ContainingNamespace.ToDisplayString();
        return (named.Name, ns) switch
        {
            ("List" or "IList" or "IReadOnlyList", "System.Collections.Generic") => "Count",
            ("ImmutableArray", "System.Collections.Immutable") => "Length",
            _ => null,
        };
    }

    /// <summary>
    /// Where the loop may change the list it iterates: a call on it, an assignment to it, or the
    /// list passed to a call or stored (a callee could change it); null if nowhere.
    /// </summary>
    private static IOperation? ChangedInLoop(IForEachLoopOperation loop, IOperation collection)
    {
        ISymbol? Symbol(IOperation? o) => o switch
        {
            ILocalReferenceOperation l => l.Local,
            IParameterReferenceOperation p => p.Parameter,
            IFieldReferenceOperation f => f.Field,
            IPropertyReferenceOperation { Property.IsIndexer: false } p => p.Property,
            IConversionOperation c => Symbol(c.Operand),
            _ => null,
        };

        var list = Symbol(collection);
        if (list is null)
        {
            // A list made by an expression (a call): nothing else can name it.
            return null;
        }

        foreach (var operation in loop.Body.DescendantsAndSelf())
        {
            bool names = SymbolEqualityComparer.Default.Equals(Symbol(operation), list);
            if (!names)
            {
                continue;
            }

            var parent = operation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            bool readOnly = parent switch
            {
                IPropertyReferenceOperation p => p.Property.IsIndexer || p.Property.Name is "Count" or "Length",
                IForEachLoopOperation => true,
                _ => false,
            };
            bool written = parent is IAssignmentOperation a && a.Target == operation;
            if (!readOnly || written)
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>Reads an element: an <see cref="IndexExpr"/> for reals (so it can be differentiated), else code.</summary>
    private static Expr ReadElement(Expr collection, Expr index, string elementType)
        => ExprFactory.IsReal(elementType)
            ? new IndexExpr(collection, index, elementType)
            : new TemplateExpr(EquatableArray.Create("", "[", "]"), EquatableArray.Create(collection, index), elementType, HasSideEffects: false);
}
