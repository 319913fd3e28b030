using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Simplification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

internal sealed partial class BodyLowerer
{
    private Expr LowerExpression(IOperation operation)
    {
        if (terminated || tooComplex)
        {
            return Placeholder(operation.Type);
        }

        if (++depth > MaxDepth)
        {
            depth--;
            tooComplex = true;
            Report(DiagnosticDescriptors.TooComplex, operation.Syntax.GetLocation(), method.Name, $"expressions nest more than {MaxDepth} levels deep");
            return Placeholder(operation.Type);
        }

        try
        {
            return LowerExpressionCore(operation);
        }
        finally
        {
            depth--;
        }
    }

    private Expr LowerExpressionCore(IOperation operation)
    {
        if (operation.Type is IErrorTypeSymbol || operation is IConversionOperation { Conversion.Exists: false })
        {
            // int k = "s", a name that is not defined: the compiler reports it, and the generated
            // members would repeat its errors (a new user's trial, stop 25).
            return Unsupported(operation, ConstructNames.Invalid);
        }

        aliased ??= operation.SemanticModel is { } model ? MethodLowerer.AliasedAssemblies(model.Compilation) : null;
        if (aliased is { Count: > 0 } && MethodLowerer.AliasOf(operation.Type, aliased) is { } alias)
        {
            // A value of a type the generated code cannot name (the method's names are checked
            // before; this catches types no name in it spells: a review of stop 25).
            return Unsupported(operation, $"a value of type '{operation.Type!.ToDisplayString()}', of an assembly this project references only through the extern alias '{alias}' (the generated code cannot name it; reach it through a method of this project that returns what you need)");
        }

        if (operation.ConstantValue.HasValue && operation is not IFieldReferenceOperation { Field.ContainingType.TypeKind: TypeKind.Enum })
        {
            return Constant(operation.ConstantValue.Value, operation.Type);
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                return Read(local.Local, operation);
            case IParameterReferenceOperation parameter:
                return Read(parameter.Parameter, operation);
            case IConversionOperation conversion:
                return LowerConversion(conversion);
            case IUnaryOperation unary:
                return LowerUnary(unary);
            case IBinaryOperation binary:
                return LowerBinary(binary);
            case IInvocationOperation invocation:
                return LowerInvocation(invocation);
            case IFieldReferenceOperation field:
                return LowerMemberRead(field, field.Field, field.Instance);
            case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                return LowerMemberRead(property, property.Property, property.Instance);
            case IInstanceReferenceOperation:
                return new LiteralExpr("this", TypeOf(operation.Type));
            case ISimpleAssignmentOperation assignment:
                return LowerAssignment(assignment.Target, () => LowerExpression(assignment.Value), assignment);
            case ICompoundAssignmentOperation compound:
                return LowerCompoundAssignment(compound);
            case IIncrementOrDecrementOperation increment:
                return LowerIncrement(increment);
            case IDeconstructionAssignmentOperation deconstruction:
                return LowerDeconstruction(deconstruction);
            case ITupleOperation tuple:
                return new TupleExpr(LowerInOrder(tuple.Elements).ToEquatableArray(), TypeOf(tuple.Type));
            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return LowerConditionalExpression(conditional);
            case ISwitchExpressionOperation switchExpression:
                return LowerSwitchExpression(switchExpression);
            case IIsPatternOperation isPattern:
                return LowerPattern(isPattern.Pattern, Materialize(LowerExpression(isPattern.Value)));
            case IThrowOperation throwOperation:
                LowerThrow(throwOperation);
                return Placeholder(operation.Type);
            case IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation initializer, Arguments.Length: 0 } creation
                when creation.Type is INamedTypeSymbol { ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } collectionType
                    && collectionType.TypeArguments.All(KnownFunctions.FormatsWithoutUserCode)
                    && initializer.Initializers.All(i => i is IInvocationOperation { Arguments.Length: > 0, TargetMethod: { Name: "Add", IsExtensionMethod: false, IsStatic: false } add } && SymbolEqualityComparer.Default.Equals(add.ContainingType.OriginalDefinition, collectionType.OriginalDefinition)):
                // new List<double> { 0.5, 1.5 }: data, as the collection expression [0.5, 1.5] is (a
                // runtime collection of plain values: its Add runs no user code; a new user's trial);
                // a dictionary's { { 1, 0.5 } } too, each Add's arguments in braces.
                return LowerDataCollection(creation, initializer.Initializers.Select(i => ((IInvocationOperation)i).Arguments.Select(a => a.Value).ToList()).ToList(), "new " + TypeOf(creation.Type) + " { ", " }");
            case IObjectCreationOperation creation when creation.Initializer is null && creation.Constructor is not null:
                return LowerObjectCreation(creation);
            case IInterpolatedStringOperation interpolated:
                return LowerInterpolatedString(interpolated);
            case IInterpolatedStringHandlerCreationOperation { Content: IInterpolatedStringOperation content } handler:
                return LowerHandlerString(handler, content);
            case IDefaultValueOperation:
                return new LiteralExpr("default(" + TypeOf(operation.Type) + ")", TypeOf(operation.Type));
            case ITypeOfOperation typeOf:
                return new LiteralExpr("typeof(" + TypeOf(typeOf.TypeOperand) + ")", TypeOf(operation.Type));
            case IArrayElementReferenceOperation element:
                return LowerElementRead(element.ArrayReference, element.Indices, element);
            case IPropertyReferenceOperation indexer:
                return LowerElementRead(indexer.Instance!, indexer.Arguments.Select(a => a.Value).ToList(), indexer);
            case IParenthesizedOperation parenthesized:
                return LowerExpression(parenthesized.Operand);
            case IArrayCreationOperation creation when creation.Initializer is null && creation.DimensionSizes.Length == 1 && creation.Type is IArrayTypeSymbol { ElementType: var element } && MethodLowerer.IsReal(element):
                return LowerBufferCreation(creation, creation.DimensionSizes[0], TypeOf(element), onStack: false);
            case IArrayCreationOperation { Initializer: { } initializer } creation when creation.DimensionSizes.Length == 1 && creation.Type is IArrayTypeSymbol { ElementType: var element } && MethodLowerer.IsReal(element):
                return LowerInitializedBuffer(creation, initializer.ElementValues, TypeOf(element), onStack: false);
            case ICollectionExpressionOperation collection when collection.Type is IArrayTypeSymbol { Rank: 1, ElementType: var element } && MethodLowerer.IsReal(element) && !collection.Elements.Any(e => e is ISpreadOperation):
                return LowerInitializedBuffer(collection, collection.Elements, TypeOf(element), onStack: false);
            case ICollectionExpressionOperation collection when MethodLowerer.BufferElementType(collection.Type) is { } element && !collection.Elements.Any(e => e is ISpreadOperation):
                return LowerSpanCollection(collection, element);
            case ICollectionExpressionOperation collection when MethodLowerer.BufferElementType(collection.Type) is not null:
                return Unsupported(collection, "a collection expression with a spread (..) into an array or span of reals (write the elements out, or copy in a loop)");
            case ICollectionExpressionOperation collection when !collection.Elements.Any(e => e is ISpreadOperation):
                return LowerDataCollection(collection, collection.Elements, "[", "]");
            case IArrayCreationOperation { Initializer: { } initializer } creation when creation.DimensionSizes.Length == 1 && creation.Type is IArrayTypeSymbol { ElementType: var element } && !MethodLowerer.IsReal(element):
                return LowerDataCollection(creation, initializer.ElementValues, "new " + TypeOf(creation.Type) + " { ", " }");
            case IArrayCreationOperation creation when creation.DimensionSizes.Length > 1 && creation.Type is IArrayTypeSymbol { ElementType: var element } && MethodLowerer.IsReal(element):
                // Reported once: the element reads and writes that follow say nothing more (see AssignableLocal).
                reportedMultiDimensional = true;
                return Unsupported(creation, $"a {creation.DimensionSizes.Length}-dimensional array (use a one-dimensional array in row-major order instead, "
                    + "new double[rows * columns] with element [i * columns + j], which is differentiated as a local buffer)");
            case IArrayCreationOperation { Initializer: null } creation when creation.DimensionSizes.Length == 1 && creation.Type is IArrayTypeSymbol { ElementType: var element } && !MethodLowerer.IsReal(element):
                // Reported once: the element writes that follow say nothing more (see AssignableLocal).
                if ((creation.Parent as IVariableInitializerOperation)?.Parent is IVariableDeclaratorOperation { Symbol: var declared })
                {
                    reportedDataArrays.Add(declared);
                }
                else if (creation.Parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: var assigned } })
                {
                    reportedDataArrays.Add(assigned);
                }

                return Unsupported(creation, $"an array of '{element.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' made here (a local buffer holds double or float values; "
                    + "compute each value where it is used, write the values in an initializer (new[] { … }), or fill the array before the method and pass it in as a [NoDerivative] argument)");
            case var _ when operation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitStackAllocArrayCreationExpressionSyntax implicitStackAlloc:
                return LowerImplicitStackAlloc(operation, implicitStackAlloc);
            case ICoalesceOperation coalesce:
                return LowerCoalesce(coalesce);
            case IIsTypeOperation isType:
                var tested = Materialize(LowerExpression(isType.ValueOperand));
                if (IsActive(tested) || IsActiveBuffer(tested))
                {
                    return Unsupported(operation, "testing the type of an active value");
                }

                return new TemplateExpr(EquatableArray.Create("(", " is " + TypeOf(isType.TypeOperand) + ")"), EquatableArray.Create(tested), "bool", HasSideEffects: false);
            case IInvalidOperation:
                // The compiler reports it; this keeps the method from being generated (the analyzer
                // leaves out diagnostics on spans with compiler errors).
                return Unsupported(operation, ConstructNames.Of(operation));
            case var _ when operation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax stackAlloc:
                return LowerStackAlloc(operation, stackAlloc);
            default:
                return Unsupported(operation, ConstructNames.Of(operation));
        }
    }

    private Expr Read(ISymbol symbol, IOperation operation)
    {
        symbol = ResolveRef(symbol);
        if (env.TryGetValue(symbol, out var value))
        {
            if (value is VarExpr { Var: var merged } && ambiguousInLoop.Contains(merged))
            {
                return Unsupported(operation, $"using '{symbol.Name}', which holds one of two active arrays or spans depending on a branch inside a loop (give each branch its own variable)");
            }

            if (value is VarExpr { Var: var mixed } && mixedChoices.Contains(mixed))
            {
                return Unsupported(operation, $"using '{symbol.Name}', which holds an active array or span on one path and inactive data ([NoDerivative], a field, a call's result) on another (give each its own variable)");
            }

            return value;
        }

        if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } primary)
        {
            // A primary-constructor parameter: state of the instance, read as a constant like an
            // instance field (it is in scope in every part of the type, the generated one too). Like a
            // field that is not readonly, a call can change it: read where the method reads it.
            return ReadWhereRead(MethodLowerer.EscapeIdentifier(primary.Name), TypeOf(primary.Type));
        }

        if (operation.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out } || AssignedInReportedCode(symbol))
        {
            // A follow-on of an error already reported: the construct that would have assigned the
            // local (a property pattern's designation, a Deconstruct, an out argument) was refused.
            return Placeholder(operation.Type);
        }

        return Unsupported(operation, $"reading '{symbol.Name}' before it is assigned");
    }

    /// <summary>
    /// Whether an argument reads a local that code this method already reported an error at
    /// assigns (a view refused inside a loop): a report about the argument would be a follow-on.
    /// </summary>
    private bool ReadsFollowOn(IOperation argument)
    {
        if (diagnostics.Count == 0)
        {
            return false;
        }

        // An error reported inside the argument itself (a slice refused in a loop): its value is a placeholder.
        if (ReportedWithin(argument.Syntax))
        {
            return true;
        }

        // The buffer the argument passes: through conversions and views (w.Slice(…), AsSpan) to the
        // local they start from (an index or a length that reads such a local is not the buffer).
        var buffer = argument is IArgumentOperation a ? a.Value : argument;
        while (buffer switch
        {
            IConversionOperation c => c.Operand,
            IInvocationOperation { Instance: { } instance } => instance,
            IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension => extension.Arguments[0].Value,
            _ => null,
        } is { } inner)
        {
            buffer = inner;
        }

        return buffer is ILocalReferenceOperation local && AssignedInReportedCode(local.Local);
    }

    /// <summary>Whether an error was reported at some part of this syntax (the argument of a call: its value is then a placeholder).</summary>
    private bool ReportedWithin(SyntaxNode syntax)
        => diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == syntax.SyntaxTree && syntax.Span.Contains(d.Location.SourceSpan));

    /// <summary>Whether a local is declared or written (a designation, an out or ref argument, an assignment) inside code this method already reported an error at.</summary>
    private bool AssignedInReportedCode(ISymbol symbol)
    {
        if (symbol is not ILocalSymbol)
        {
            return false;
        }

        // This local, not another of the same name in a disjoint scope (two loops' `seg`): declared
        // at its own declaration, and written where that declaration is in scope (the block or
        // switch section around it; C# allows no second local of the name inside).
        var declarations = symbol.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).ToList();
        var scopes = declarations.Select(d => d.Ancestors().FirstOrDefault(s => s is Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.SwitchSectionSyntax) ?? d.SyntaxTree.GetRoot(cancellationToken)).ToList();
        bool Declares(SyntaxNode n) => declarations.Count == 0 || declarations.Any(d => d.SyntaxTree == n.SyntaxTree && d.Span == n.Span);
        bool Sees(SyntaxNode n) => scopes.Count == 0 || scopes.Any(s => s.SyntaxTree == n.SyntaxTree && s.Span.Contains(n.Span));
        foreach (var d in diagnostics)
        {
            if (d.Severity != DiagnosticSeverity.Error || d.Location.SourceTree is not { } tree)
            {
                continue;
            }

            var node = tree.GetRoot(cancellationToken).FindNode(d.Location.SourceSpan);
            var scope = node is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax ? node : node.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax>() ?? node;
            if (scope is Microsoft.CodeAnalysis.CSharp.Syntax.BreakStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ContinueStatementSyntax
                or Microsoft.CodeAnalysis.CSharp.Syntax.GotoStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ReturnStatementSyntax)
            {
                // A jump refused where it is: the paths it would have joined assign in the switch
                // section (or the statement) around it (a new user's trial, stop 25).
                scope = (SyntaxNode?)scope.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.SwitchSectionSyntax>()
                    ?? scope.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax>().FirstOrDefault(a => a is not Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax) ?? scope;
            }

            bool writes = scope.DescendantNodesAndSelf().Any(n => n switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.SingleVariableDesignationSyntax v => v.Identifier.ValueText == symbol.Name && Declares(v),
                Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax v => v.Identifier.ValueText == symbol.Name && Declares(v),
                Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax a } => a.Identifier.ValueText == symbol.Name && Sees(a),
                Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax { Left: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax l } => l.Identifier.ValueText == symbol.Name && Sees(l),
                _ => false,
            });
            if (writes)
            {
                return true;
            }
        }

        return false;
    }

    private static Expr Constant(object? value, ITypeSymbol? type)
    {
        string typeName = TypeOf(type);
        switch (value)
        {
            case double d:
                return ExprFactory.Const(d, typeName == "float" ? "float" : "double");
            case float f:
                return ExprFactory.Const(f, "float");
            case int or short or sbyte or byte or ushort or uint when type?.TypeKind != TypeKind.Enum:
                return new ConstExpr(System.Convert.ToDouble(value, CultureInfo.InvariantCulture), typeName);
            case long l when type?.TypeKind != TypeKind.Enum && l >= -MaxExactInteger && l <= MaxExactInteger:
                // A double holds every integer up to 2^53 exactly; larger ones keep their own literal.
                return new ConstExpr(l, typeName);
            case decimal m:
                // A decimal literal keeps all 28-29 digits (a double in between would not).
                return new LiteralExpr(m.ToString(CultureInfo.InvariantCulture) + "m", typeName);
            case bool b:
                return new LiteralExpr(b ? "true" : "false", "bool");
            case string s:
                return new LiteralExpr(SymbolDisplay.FormatLiteral(s, quote: true), typeName);
            case char c:
                return new LiteralExpr(SymbolDisplay.FormatLiteral(c, quote: true), typeName);
            case null:
                return new LiteralExpr("default(" + typeName + ")", typeName);
            default:
                // Enums and the remaining integral types: a cast keeps the exact value and type.
                string literal = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "0";
                if (value is ulong)
                {
                    literal += "UL";
                }
                else if (value is long)
                {
                    literal += "L";
                }

                return new LiteralExpr(MethodLowerer.CastLiteral(typeName, literal), typeName);
        }
    }

    /// <summary>2^53: every integer of at most this magnitude is exactly a double.</summary>
    private const long MaxExactInteger = 1L << 53;

    private Expr LowerConversion(IConversionOperation conversion)
    {
        var operand = LowerExpression(conversion.Operand);
        string target = TypeOf(conversion.Type);
        if (operand is TupleExpr tuple && conversion.Type is INamedTypeSymbol { IsTupleType: true } tupleType && tupleType.TupleElements.Length == tuple.Elements.Count)
        {
            if (tuple.Elements.Where((e, i) => IsActiveBuffer(e) && !IsRealBuffer(TypeOf(tupleType.TupleElements[i].Type))).Any())
            {
                return Unsupported(conversion, $"converting a tuple that holds an active array or span to '{conversion.Type.ToDisplayString()}' (keep the element an array or span)");
            }

            // Element by element; a nested tuple converts inside itself.
            return new TupleExpr(
                tuple.Elements.Select((e, i) => e is TupleExpr ? e : ExprFactory.Convert(e, TypeOf(tupleType.TupleElements[i].Type))).ToEquatableArray(),
                target);
        }

        if (IsActiveBuffer(operand) && !IsRealBuffer(target) && !ReadsNoElements(conversion))
        {
            // object o = w; IReadOnlyList<double> l = w; Memory<double> m = w: elements read through
            // the result (((double[])o)[1], l[1], m.Span[1]) would carry no derivative.
            return Unsupported(conversion, $"converting an active array or span to '{conversion.Type!.ToDisplayString()}' (read its elements through the array itself, a Span or a ReadOnlySpan)");
        }

        if (conversion.Conversion.IsIdentity || operand.Type == target || (conversion.Conversion.IsImplicit && conversion.Conversion.IsReference))
        {
            // An implicit reference conversion (ArgumentException to Exception) needs no code.
            return operand;
        }

        if (operand is TupleExpr && HoldsActive(operand))
        {
            // Boxed or converted whole, its active elements would pass as constants.
            return Unsupported(conversion, $"converting a tuple that holds an active value to '{conversion.Type!.ToDisplayString()}'");
        }

        if (conversion.OperatorMethod is not null && IsActive(operand))
        {
            return Unsupported(conversion, "a user-defined conversion of an active value");
        }

        if (conversion.OperatorMethod is { } userConversion && !IsActiveBuffer(operand) && UserOperator(conversion, userConversion, new[] { operand }) is { } converted)
        {
            // A user-defined conversion of an inactive value runs the operator: a call (found in a
            // new user's trial: one reading a static was merged across a call that changed it).
            return converted;
        }

        if (IsActive(operand))
        {
            if (!ExprFactory.IsReal(target))
            {
                if (conversion.Conversion.IsNumeric && conversion.Type!.SpecialType != SpecialType.System_Decimal)
                {
                    Report(DiagnosticDescriptors.ZeroDerivative, conversion.Syntax.GetLocation(), $"The cast to {conversion.Type!.ToDisplayString()}");
                    return OverflowContext(conversion, new ConvertExpr(Materialize(operand), target), conversion.IsChecked);
                }

                if (IsInThrow(conversion) && (conversion.Type is { SpecialType: SpecialType.System_Object or SpecialType.System_ValueType } || conversion.Type?.TypeKind == TypeKind.Interface))
                {
                    // Boxed for an exception that is thrown (new ArgumentOutOfRangeException(nameof(x), x, "…")):
                    // the path ends in the throw, so the value needs no derivative.
                    return new TemplateExpr(EquatableArray.Create("(" + target + ")", ""), EquatableArray.Create(Materialize(operand)), target, HasSideEffects: false);
                }

                if (conversion.Type?.TypeKind == TypeKind.Error)
                {
                    // A type the compiler could not determine ('?', from an error elsewhere in the
                    // expression): reported at the whole expression of that type, so the error inside
                    // it hides ours (the analyzer leaves out diagnostics around compiler errors).
                    IOperation erroneous = conversion;
                    while (erroneous.Parent is { Type.TypeKind: TypeKind.Error } parent)
                    {
                        erroneous = parent;
                    }

                    while (erroneous.Parent is ISwitchExpressionArmOperation or ISwitchExpressionOperation)
                    {
                        erroneous = erroneous.Parent;
                    }

                    return Unsupported(erroneous, "an expression whose type has a compiler error");
                }

                return Unsupported(conversion, $"converting an active value to '{conversion.Type!.ToDisplayString()}'");
            }

            return new ConvertExpr(Materialize(operand), target);
        }

        return OverflowContext(conversion, ExprFactory.Convert(operand, target), conversion.IsChecked);
    }

    private Expr LowerUnary(IUnaryOperation unary)
    {
        var operand = LowerExpression(unary.Operand);
        string type = TypeOf(unary.Type);
        if (UserOperator(unary, unary.OperatorMethod, new[] { operand }) is { } user)
        {
            return user;
        }

        switch (unary.OperatorKind)
        {
            case UnaryOperatorKind.Plus:
                return operand;
            case UnaryOperatorKind.Minus:
                return IsActive(operand) ? new UnaryExpr(UnaryOp.Negate, Materialize(operand), type) : OverflowContext(unary, new UnaryExpr(UnaryOp.Negate, operand, type), unary.IsChecked);
            case UnaryOperatorKind.Not:
                return new UnaryExpr(UnaryOp.Not, operand, type);
            case UnaryOperatorKind.BitwiseNegation:
                return new UnaryExpr(UnaryOp.BitwiseNot, operand, type);
            default:
                return Unsupported(unary, ConstructNames.Of(unary));
        }
    }

    private Expr LowerBinary(IBinaryOperation binary)
    {
        // x == null, x != null: written as the original wrote it (the null literal, not a typed
        // default), which is the one form C# accepts for every type of x, a type parameter and a
        // struct's T? included (found by the fuzzer, stop 20: tag == default(object) was CS0019), and
        // which resolves to the operator the original's did.
        if (binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
            && (IsNullLiteral(binary.LeftOperand) ^ IsNullLiteral(binary.RightOperand)))
        {
            bool nullLeft = IsNullLiteral(binary.LeftOperand);
            var tested = LowerExpression(nullLeft ? binary.RightOperand : binary.LeftOperand);
            string test = binary.OperatorKind == BinaryOperatorKind.Equals ? " == null)" : " != null)";
            return new TemplateExpr(EquatableArray.Create("(", test), EquatableArray.Create(tested), "bool", HasSideEffects: false);
        }

        // Long chains (a sum of thousands of terms) nest to the left: walk the left spine with a
        // loop instead of recursion, so depth does not grow with the length of the chain.
        var spine = new Stack<IBinaryOperation>();
        IOperation leftmost = binary;
        while (leftmost is IBinaryOperation b && !b.ConstantValue.HasValue && !IsShortCircuit(b))
        {
            spine.Push(b);
            leftmost = b.LeftOperand;
        }

        if (spine.Count == 0)
        {
            return LowerShortCircuit(binary);
        }

        var left = LowerOperand(spine.Peek(), leftmost);
        while (spine.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = spine.Pop();
            int mark = block.Count;
            var right = LowerOperand(node, node.RightOperand);
            left = HoldIfOvertaken(left, mark);
            left = CombineBinary(node, left, right);
            if (spine.Count > 0)
            {
                left = IsActive(left) ? Materialize(left) : left;
            }
        }

        return left;
    }

    /// <summary>
    /// An operand of a binary operator. Of a string <c>+</c> (<c>"v" + x</c>), a value boxed to
    /// object is taken as itself, as an interpolated string's hole is: formatting an active one
    /// carries no derivative (ADG0008, as <c>$"{x}"</c>; it was ADG0005 for the boxing, a new user's
    /// trial, stop 25), outside a throw or a guard's message.
    /// </summary>
    private Expr LowerOperand(IBinaryOperation parent, IOperation operand)
        => parent.Type?.SpecialType == SpecialType.System_String ? LowerConcatenated(parent, operand) : LowerExpression(operand);

    /// <summary>An operand of a string <c>+</c> or <c>+=</c>: see <see cref="LowerOperand"/>.</summary>
    private Expr LowerConcatenated(IOperation parent, IOperation operand)
    {
        if (operand is not IConversionOperation { IsImplicit: true, Type.SpecialType: SpecialType.System_Object } boxed)
        {
            return LowerExpression(operand);
        }

        var value = LowerExpression(boxed.Operand);
        if (IsActive(value) && !IsInThrow(parent) && !IsGuardArgument(parent))
        {
            Report(DiagnosticDescriptors.ZeroDerivative, boxed.Operand.Syntax.GetLocation(), "The conversion to a string");
        }

        return value;
    }

    /// <summary>The literal <c>null</c> (possibly converted to the other operand's type).</summary>
    private static bool IsNullLiteral(IOperation operation)
        => operation.ConstantValue is { HasValue: true, Value: null } && (operation is ILiteralOperation || operation is IConversionOperation { Operand: ILiteralOperation });

    private static bool IsShortCircuit(IBinaryOperation b)
        => b.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr;

    private Expr CombineBinary(IBinaryOperation node, Expr left, Expr right)
    {
        if (UserOperator(node, node.OperatorMethod, new[] { left, right }) is { } user)
        {
            return user;
        }

        var op = MapBinary(node.OperatorKind);
        if (op is null)
        {
            return Unsupported(node, ConstructNames.Of(node));
        }

        if (node.Type?.SpecialType == SpecialType.System_String
            && (UserFormatting(node.LeftOperand, node) ?? UserFormatting(node.RightOperand, node)) is { } userFormatting)
        {
            // "v" + f: f's ToString, as in $"v{f}".
            return userFormatting;
        }

        string type = TypeOf(node.Type);
        bool activeOperation = ExprFactory.IsReal(type) && (IsActive(left) || IsActive(right));
        if (activeOperation || (ExprFactory.IsReal(left.Type) && (IsActive(left) || IsActive(right))))
        {
            // Operands of an active operation are variables, so derivatives can reuse them.
            left = Materialize(left);
            right = Materialize(right);
        }

        if (node.Type?.SpecialType == SpecialType.System_String)
        {
            return Concatenation(node, node.LeftOperand, node.RightOperand, left, right);
        }

        return OverflowContext(node, new BinaryExpr(op.Value, left, right, type), node.IsChecked);
    }

    /// <summary>
    /// <c>a + b</c> of strings (or <c>s += b</c>). With a number on either side it formats the
    /// number in the current culture, which a call may change: then written as the compiler's
    /// <c>string.Concat</c>, a call that reads that state (two equal ones around
    /// <c>CultureInfo.CurrentCulture = …</c> are not merged).
    /// </summary>
    private Expr Concatenation(IOperation concatenation, IOperation leftOperand, IOperation rightOperand, Expr left, Expr right)
        => KnownFunctions.FormatsWithCulture(leftOperand) || KnownFunctions.FormatsWithCulture(rightOperand)
            ? ReadsCulture(new TemplateExpr(new[] { "global::System.String.Concat(", ", ", ")" }.ToEquatableArray(), new[] { left, right }.ToEquatableArray(), "string", HasSideEffects: true, Repeatable: true), concatenation)
            : new BinaryExpr(BinaryOp.Add, left, right, "string");

    /// <summary>
    /// A user-defined operator (or conversion): a call like any other, written as the source wrote it
    /// so that it resolves to the same operator. With an active operand it has no known derivative
    /// (ADG0006; it was differentiated as the built-in operator, or taken as a constant: found in a
    /// new user's trial); otherwise a call that may have an effect. Null for a built-in operator, for
    /// decimal's (arithmetic of its own, see <see cref="OverflowContext"/>), for the runtime's types'
    /// (System, System.Numerics) and for compiler-made ones: lowered as before.
    /// </summary>
    private Expr? UserOperator(IOperation operation, IMethodSymbol? method, Expr[] operands)
    {
        if (method is null || method.ContainingType.SpecialType == SpecialType.System_Decimal
            || method.IsImplicitlyDeclared || method.ContainingType.ContainingNamespace?.ToDisplayString() is "System" or "System.Numerics")
        {
            // The runtime's value types (Span<T> from an array, DateTime, BigInteger, Vector<T>, …) and
            // compiler-made operators (a record's ==): as before, built-in-like and free of effects.
            return null;
        }

        string name = method.ContainingType.Name + (method.MethodKind == MethodKind.Conversion ? " conversion" : " operator " + (operation.Syntax switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.BinaryExpressionSyntax binaryToken => binaryToken.OperatorToken.Text,
            Microsoft.CodeAnalysis.CSharp.Syntax.PrefixUnaryExpressionSyntax prefixToken => prefixToken.OperatorToken.Text,
            _ => method.Name,
        }));
        if (operands.Any(o => IsActive(o) || IsActiveBuffer(o)))
        {
            Report(DiagnosticDescriptors.NoKnownDerivative, operation.Syntax.GetLocation(), name,
                "it is a user-defined operator, and an active value is one of its operands; it has no known derivative: write the arithmetic on the real values themselves, or supply a [Differentiable] method and call it");
            return Placeholder(operation.Type);
        }

        string type = TypeOf(operation.Type);
        var segments = operation switch
        {
            IBinaryOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.BinaryExpressionSyntax binary } => new[] { "(", " " + binary.OperatorToken.Text + " ", ")" },
            IUnaryOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.PrefixUnaryExpressionSyntax prefix } => new[] { "(" + prefix.OperatorToken.Text, ")" },
            IConversionOperation => new[] { "((" + type + ")", ")" },
            _ => null,
        };
        if (segments is null || segments.Length != operands.Length + 1)
        {
            return Unsupported(operation, "this user-defined operator");
        }

        var call = new TemplateExpr(segments.ToEquatableArray(), operands.ToEquatableArray(), type, HasSideEffects: true);
        effectSites[call] = operation.Syntax.GetLocation();
        return call;
    }

    /// <summary>The type C# does arithmetic in for a value of <paramref name="type"/>: int for the small integer types.</summary>
    private static string PromotedType(string type)
        => type is "byte" or "sbyte" or "short" or "ushort" or "char" ? "int" : type;

    /// <summary>
    /// Integer arithmetic and conversions keep the overflow context of the original: inside
    /// <c>checked</c> they throw <see cref="System.OverflowException"/> (and are then never
    /// removed, moved or shared, like any code with an effect); inside <c>unchecked</c> in a
    /// project that checks by default they wrap. Real arithmetic has no overflow context.
    /// </summary>
    private Expr OverflowContext(IOperation operation, Expr value, bool isChecked)
    {
        if (ExprFactory.IsReal(value.Type) || value.Type is "decimal" or "bool" || !IsIntegral(value.Type, operation.Type))
        {
            return value;
        }

        bool checkedByDefault = operation.SemanticModel?.Compilation.Options.CheckOverflow == true;
        if (isChecked)
        {
            return new TemplateExpr(EquatableArray.Create("checked(", ")"), EquatableArray.Create(value), value.Type, HasSideEffects: true);
        }

        // Unchecked inside a checked expression or block (checked(n + unchecked(k * m))): the
        // emitted checked(…) around the outer operation must not reach this one.
        bool insideChecked = operation.Syntax.Ancestors().Any(a => a.IsKind(SyntaxKind.CheckedExpression) || a.IsKind(SyntaxKind.CheckedStatement));
        return checkedByDefault || insideChecked
            ? new TemplateExpr(EquatableArray.Create("unchecked(", ")"), EquatableArray.Create(value), value.Type, HasSideEffects: false)
            : value;
    }

    private static bool IsIntegral(string type, ITypeSymbol? symbol)
        => type is "int" or "uint" or "long" or "ulong" or "byte" or "sbyte" or "short" or "ushort" or "char" or "nint" or "nuint"
           || symbol?.TypeKind == TypeKind.Enum;

    /// <summary>
    /// <c>&amp;&amp;</c> and <c>||</c> evaluate their right side only when needed: a right side that
    /// needs statements of its own becomes a branch, so it runs only when C# would run it.
    /// </summary>
    private Expr LowerShortCircuit(IBinaryOperation binary)
        => ShortCircuit(LowerExpression(binary.LeftOperand), () => LowerExpression(binary.RightOperand), binary.OperatorKind == BinaryOperatorKind.ConditionalAnd);

    /// <summary>
    /// <c>left &amp;&amp; right</c> (or <c>||</c>) with <paramref name="left"/> already evaluated: the
    /// right side runs only when C# runs it (also a pattern's <c>when</c> guard, which runs only
    /// when the pattern matched).
    /// </summary>
    private Expr ShortCircuit(Expr left, System.Func<Expr> lowerRight, bool isAnd)
    {
        if (left.Equals(True) && isAnd)
        {
            return lowerRight();
        }

        var savedBlock = block;
        var savedEnv = new Dictionary<ISymbol, Expr>(env, SymbolEqualityComparer.Default);
        block = new List<Stmt>();
        var right = lowerRight();
        var rightStatements = block;
        block = savedBlock;
        if (rightStatements.Count == 0 && isAnd && right.Equals(True))
        {
            // c && true (a pattern's part that always matches, [var first, ..]).
            return left;
        }

        if (rightStatements.Count == 0)
        {
            return new BinaryExpr(isAnd ? BinaryOp.ConditionalAnd : BinaryOp.ConditionalOr, left, right, "bool");
        }

        if (env.Count != savedEnv.Count || env.Any(pair => !savedEnv.TryGetValue(pair.Key, out var before) || !before.Equals(pair.Value)))
        {
            // The right side assigns locals (c && (y = f(x)) > 1): they change only on the path
            // where it runs, so lower it again inside a branch, whose end merges them.
            env = savedEnv;
            var merged = new Var(names.Numbered("c"), "bool");
            Branch(
                isAnd ? left : new UnaryExpr(UnaryOp.Not, left, "bool"),
                () =>
                {
                    var value = lowerRight();
                    if (!terminated)
                    {
                        Emit(new AssignStmt(merged, value, origin));
                    }
                },
                () => Emit(new AssignStmt(merged, new LiteralExpr(isAnd ? "false" : "true", "bool"), origin)));
            return new VarExpr(merged);
        }

        var result = new Var(names.Numbered("c"), "bool");
        var rightOrigin = origin;
        Branch(
            left,
            () =>
            {
                if (isAnd)
                {
                    block.AddRange(rightStatements);
                    Emit(new AssignStmt(result, right, rightOrigin));
                }
                else
                {
                    Emit(new AssignStmt(result, True, rightOrigin));
                }
            },
            () =>
            {
                if (isAnd)
                {
                    Emit(new AssignStmt(result, new LiteralExpr("false", "bool"), rightOrigin));
                }
                else
                {
                    block.AddRange(rightStatements);
                    Emit(new AssignStmt(result, right, rightOrigin));
                }
            });
        return new VarExpr(result);
    }

    private static BinaryOp? MapBinary(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOp.Add,
        BinaryOperatorKind.Subtract => BinaryOp.Subtract,
        BinaryOperatorKind.Multiply => BinaryOp.Multiply,
        BinaryOperatorKind.Divide => BinaryOp.Divide,
        BinaryOperatorKind.Remainder => BinaryOp.Remainder,
        BinaryOperatorKind.Equals => BinaryOp.Equal,
        BinaryOperatorKind.NotEquals => BinaryOp.NotEqual,
        BinaryOperatorKind.LessThan => BinaryOp.Less,
        BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOp.Greater,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterOrEqual,
        BinaryOperatorKind.ConditionalAnd => BinaryOp.ConditionalAnd,
        BinaryOperatorKind.ConditionalOr => BinaryOp.ConditionalOr,
        BinaryOperatorKind.And => BinaryOp.And,
        BinaryOperatorKind.Or => BinaryOp.Or,
        BinaryOperatorKind.ExclusiveOr => BinaryOp.ExclusiveOr,
        BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
        BinaryOperatorKind.RightShift => BinaryOp.RightShift,
        _ => null,
    };

    // ---------------------------------------------------------------- calls

    private Expr LowerInvocation(IInvocationOperation invocation)
    {
        var target = invocation.TargetMethod;
        int start = block.Count;

        // The receiver, then the arguments, each once, in the order C# evaluates them. The receiver
        // h.AsSpan() of a whole-buffer call (h.AsSpan().Clear()) is the array itself, also in a loop
        // (where a view of it is not made: see LowerWholeBufferCall).
        var instance = invocation.Instance is null or IInstanceReferenceOperation ? null
            : WholeArrayOfWholeBufferCall(invocation) is { } wholeArray ? new ConvertExpr(LowerExpression(wholeArray), TypeOf(invocation.Instance.Type))
            : LowerExpression(invocation.Instance);
        var argumentValues = LowerArguments(invocation.Arguments);
        var arguments = invocation.Arguments
            .Where(KeepArgument)
            .OrderBy(a => a.Parameter?.Ordinal ?? 0)
            .ToList();

        if (LowerCustomDerivativeCall(invocation, target, argumentValues) is { } custom)
        {
            // A [DerivativeOf] method wins over the function's own derivatives.
            return custom;
        }

        if (KnownFunctions.ResolvePair(target) is { } pair && arguments.Count == 1 && target.ReturnType is INamedTypeSymbol { IsTupleType: true } pairType)
        {
            // SinCos(x) is the tuple (Sin(x), Cos(x)): each element differentiates on its own.
            var argument = argumentValues[arguments[0]];
            if (IsActive(argument))
            {
                argument = Materialize(argument);
            }

            string elementType = TypeOf(pairType.TupleElements[0].Type);
            return new TupleExpr(
                new Expr[] { new MathExpr(pair.First, new[] { argument }.ToEquatableArray(), elementType), new MathExpr(pair.Second, new[] { argument }.ToEquatableArray(), elementType) }.ToEquatableArray(),
                TypeOf(pairType));
        }

        if (KnownFunctions.Resolve(target) is { } function && arguments.Count == target.Parameters.Length)
        {
            var values = arguments.Select(a => argumentValues[a]).ToList();
            bool anyActive = values.Any(IsActive);
            if (anyActive)
            {
                values = values.Select(Materialize).ToList();
                if (Differentiation.DerivativeRules.HasZeroDerivative(function) && function != MathFunction.StopGradient)
                {
                    Report(DiagnosticDescriptors.ZeroDerivative, invocation.Syntax.GetLocation(), DisplayName(target));
                }
            }

            return new MathExpr(function, values.ToEquatableArray(), TypeOf(invocation.Type));
        }

        if (LowerDifferentiableCall(invocation, target, argumentValues) is { } composed)
        {
            return composed;
        }

        if (target.Name == "Slice" && invocation.Instance is { } sliced && instance is not null && MethodLowerer.BufferElementType(sliced.Type) is not null
            && MethodLowerer.BufferElementType(invocation.Type) is not null)
        {
            var array = HoldView(instance);
            var bounds = arguments.Select(a => argumentValues[a]).ToList();
            if (IsActive(new IndexExpr(array, new ConstExpr(0, "int"), "double")))
            {
                if (loops.Count > 0)
                {
                    return Unsupported(invocation, "slicing an active span inside a loop (slice once, before the loop)");
                }

                return new SliceExpr(array, bounds.ToEquatableArray(), TypeOf(invocation.Type));
            }
        }

        // w.AsSpan(start[, length]) (and w.AsSpan()) on an active array: the same view as a Slice.
        if (target is { Name: "AsSpan", IsExtensionMethod: true, ContainingType: { Name: "MemoryExtensions", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
            && arguments.Count == target.Parameters.Length && arguments.Count is >= 1 and <= 3
            && arguments[0].Value.Type is IArrayTypeSymbol && target.Parameters.Skip(1).All(p => p.Type.SpecialType == SpecialType.System_Int32)
            && MethodLowerer.BufferElementType(invocation.Type) is not null)
        {
            var array = HoldView(argumentValues[arguments[0]]);
            if (IsActiveBuffer(array))
            {
                if (loops.Count > 0)
                {
                    return Unsupported(invocation, "viewing an active array or a local buffer as a span inside a loop (make the view once, before the loop)");
                }

                var bounds = arguments.Skip(1).Select(a => argumentValues[a]).ToList();
                return new SliceExpr(array, (bounds.Count == 0 ? new List<Expr> { new ConstExpr(0, "int") } : bounds).ToEquatableArray(), TypeOf(invocation.Type));
            }
        }

        if (target.MethodKind == MethodKind.LocalFunction)
        {
            // Its declaration is reported (ADG0005, a local function): the call says it again only
            // where that is not in this method (a new user's trial, stop 25: two errors for one).
            // (One declared after a return is never lowered, so never reported: the call is.)
            return target.DeclaringSyntaxReferences.Any(r => diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == r.SyntaxTree && r.Span.IntersectsWith(d.Location.SourceSpan)))
                ? Placeholder(invocation.Type)
                : Unsupported(invocation, "calling local function '" + target.Name + "'");
        }

        var lowered = arguments.Select(a => (Argument: a, Value: argumentValues[a])).ToList();
        if (LowerWholeBufferCall(invocation, target, instance, lowered) is { } whole)
        {
            return whole;
        }

        if ((instance is not null && IsActiveBuffer(instance)) || lowered.Any(a => IsActiveBuffer(a.Value) && !IsNullCheckArgument(a.Argument.Value)))
        {
            // An active array or span handed to code we cannot see into: whatever it computes from
            // the elements (or writes into them) would carry no derivative. Not reported again where
            // an argument was (w.AsSpan(1..3): the range; a new user's trial, stop 29).
            if (lowered.Any(a => ReportedWithin(a.Argument.Syntax)))
            {
                return Placeholder(invocation.Type);
            }

            var buffer = instance is not null && IsActiveBuffer(instance) ? invocation.Instance! : lowered.First(a => IsActiveBuffer(a.Value)).Argument.Value;
            var bufferValue = instance is not null && IsActiveBuffer(instance) ? instance : lowered.First(a => IsActiveBuffer(a.Value)).Value;
            string name = target.MethodKind == MethodKind.DelegateInvoke
                ? "delegate " + (invocation.Instance?.Syntax.ToString() ?? target.ContainingType.Name)
                : DisplayName(target);
            ReportWith(DiagnosticDescriptors.NoKnownDerivative, invocation.Syntax.GetLocation(), UnmarkedCalleeFix(target), name,
                MethodLowerer.IsDifferentiableMethod(target) && target.MethodKind != MethodKind.DelegateInvoke
                    ? UncomposableCallee(target)
                    : bufferValue is VarExpr { Var: var bufferVar } && outputs.Contains(bufferVar)
                        ? $"'{buffer.Syntax}' is a span output of this method, and of the calls that take a buffer whole only Clear, Fill, CopyTo into a local buffer or a span output, and [Differentiable] methods are differentiated; write or read its elements in a loop instead"
                        : bufferValue is VarExpr { Var: var localVar } && RootsOf(localVar).All(owned.Contains)
                            ? $"'{buffer.Syntax}' is a local buffer of this method, and of the calls that take a buffer whole only Clear, Fill, CopyTo into a local buffer or a span output, and [Differentiable] methods are differentiated; write or read its elements in a loop instead"
                            : $"'{buffer.Syntax}' is an active array or span, and no call can take one yet (apart from Slice and AsSpan, Length, which is fine, and a CopyTo into a local buffer or a span output); index its elements in this method instead, or mark the parameter it comes from [NoDerivative]");
            return Placeholder(invocation.Type);
        }

        if ((instance is not null && HoldsActive(instance)) || lowered.Any(a => HoldsActive(a.Value)))
        {
            if (KnownFunctions.IsRealPredicate(target))
            {
                // A bool carries no derivative: double.IsNaN(x) and friends are fine.
            }
            else if (KnownFunctions.IsThrowHelper(target))
            {
                // ArgumentOutOfRangeException.ThrowIfNegative(sigma): it returns nothing, and where
                // it throws the path ends, so the check stays in every member and needs no derivative.
            }
            else if (target is { Name: "ToString", IsStatic: false } && target.ReturnType.SpecialType == SpecialType.System_String
                && target.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single && !lowered.Any(a => HoldsActive(a.Value)))
            {
                // y.ToString("F3") of an active value: a string, as $"{y:F3}" makes (zero derivative,
                // ADG0008 outside a throw or a guard's message), not a call without a known derivative.
                if (!IsInThrow(invocation) && !IsGuardArgument(invocation))
                {
                    Report(DiagnosticDescriptors.ZeroDerivative, invocation.Syntax.GetLocation(), "The conversion to a string");
                }
            }
            else if (target.MethodKind == MethodKind.DelegateInvoke && invocation.Instance is ILocalReferenceOperation { Local: var delegateLocal } && AssignedInReportedCode(delegateLocal))
            {
                // f(x) of a local assigned a lambda, which is reported (ADG0005): not again.
                return Placeholder(invocation.Type);
            }
            else
            {
                string name = target.MethodKind == MethodKind.DelegateInvoke
                    ? "delegate " + (invocation.Instance?.Syntax.ToString() ?? target.ContainingType.Name)
                    : DisplayName(target);
                string why = target.MethodKind == MethodKind.DelegateInvoke
                    ? "a delegate has no known derivative; call a [Differentiable] method instead, or pass only inactive values"
                    : target.MethodKind == MethodKind.LocalFunction
                        ? "a local function has no known derivative; make it a [Differentiable] method of the type, or inline it"
                        : MethodLowerer.IsDifferentiableMethod(target)
                            ? UncomposableCallee(target)
                            : KnownFunctions.NotDifferentiableReason(target)
                              ?? "it has no known derivative; mark it [Differentiable], supply its derivative with [DerivativeOf], inline the computation, or pass only inactive values (Ad.StopGradient treats a value as a constant; see the list of known functions in the README)";
                ReportWith(DiagnosticDescriptors.NoKnownDerivative, invocation.Syntax.GetLocation(), WithConstantArguments(UnmarkedCalleeFix(target), target, instance, lowered), name, why);
                return Placeholder(invocation.Type);
            }
        }

        foreach (var (argument, _) in lowered)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                return Unsupported(argument, "a params argument");
            }

            if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out && argument.Value is not IInterpolatedStringHandlerCreationOperation)
            {
                return Unsupported(argument, "a ref or out argument (not supported in a [Differentiable] method, not even in a call on data only: make that call outside and pass its result in)");
            }
        }

        var segments = new List<string>();
        var holes = new List<Expr>();
        string head;
        if (target.IsStatic || target.MethodKind == MethodKind.ReducedExtension)
        {
            head = TypeOf(target.ContainingType) + "." + MethodNameWithTypeArguments(target) + "(";
        }
        else if (instance is null)
        {
            head = Self(invocation.Instance) + "." + MethodNameWithTypeArguments(target) + "(";
        }
        else
        {
            segments.Add("");
            holes.Add(instance);
            head = (target.MethodKind == MethodKind.DelegateInvoke ? "" : "." + MethodNameWithTypeArguments(target)) + "(";
        }

        string pending = head;
        for (int i = 0; i < lowered.Count; i++)
        {
            var parameterName = lowered[i].Argument.Parameter?.Name;
            pending += (i == 0 ? "" : ", ") + (parameterName is null ? "" : MethodLowerer.EscapeIdentifier(parameterName) + ": ");
            segments.Add(pending);
            holes.Add(lowered[i].Value);
            pending = "";
        }

        segments.Add(pending + ")");
        // A [Differentiable] method that could compose (its body repeats no effect) gives the same
        // result when run again, so a Jacobian's sweeps, and the pullback of a method that calls
        // this one (which runs this one's body again), may repeat it: a helper that calls another
        // with inactive arguments, or the other member of a recursive pair, is no effect. (In a
        // recursion the callee may be on the lowering stack: it is then taken to compose, and
        // checked for effects where it is lowered.) A function with a [DerivativeOf] is pure by
        // that attribute's contract.
        string? calleeReads = null;
        bool formats = KnownFunctions.FormatsPlainValues(target, invocation.Arguments);
        bool repeatable = KnownFunctions.RepeatsHarmlessly(target)
            || formats
            || CustomDerivativesOf(invocation)?.For(target).Count > 0
            || (MethodLowerer.IsDifferentiableMethod(target)
                && MethodLowerer.ComposeProblem(target, method, invocation.SemanticModel?.Compilation, cancellationToken, out calleeReads) is null);
        var call = new TemplateExpr(segments.ToEquatableArray(), holes.ToEquatableArray(), TypeOf(invocation.Type), HasSideEffects: !KnownFunctions.IsPure(target), Repeatable: repeatable);
        if (call.HasSideEffects && !repeatable)
        {
            effectSites[call] = invocation.Syntax.GetLocation();
        }

        if (calleeReads is not null)
        {
            // An inactive call to a [Differentiable] method that reads state: this method reads it too.
            stateReads[call] = calleeReads;
        }
        else if (formats && KnownFunctions.ReadsCurrentCulture(target, invocation.Arguments))
        {
            // double.Parse(s), x.ToString("F2"): harmless to run again, but they read the current
            // culture, which a call may change (a review of stop 24).
            ReadsCulture(call, invocation);
        }

        if (target.GetAttributes().Any(a => a.AttributeClass is { Name: "ConditionalAttribute", ContainingNamespace.Name: "Diagnostics" })
            && (EmittedEffectOrThrow(start) || invocation.Arguments.Any(Assigns)))
        {
            // Debug.Assert(x[k % n] > 0): where DEBUG is not defined the compiler drops the call with
            // its arguments, so what the lowering took out of them must not throw or have an effect.
            return Unsupported(invocation, "a call to a [Conditional] method (Debug.Assert, …) whose arguments may throw or have an effect (the compiler drops them with the call where the symbol is not defined); compute them beforehand");
        }
        return call;
    }

    /// <summary>
    /// Adds <see cref="DiagnosticProperties.ConstantArguments"/> to an ADG0006 at a call of an opaque
    /// callee, when wrapping its active arguments in <c>Ad.StopGradient</c> resolves it: each is a real
    /// written in the call's argument list and passed by value, and the receiver is not active.
    /// </summary>
    private ImmutableDictionary<string, string?>? WithConstantArguments(ImmutableDictionary<string, string?>? properties, IMethodSymbol target, Expr? instance, List<(IArgumentOperation Argument, Expr Value)> arguments)
    {
        var active = arguments.Where(a => HoldsActive(a.Value)).ToList();
        if (MethodLowerer.IsDifferentiableMethod(target) || (instance is not null && HoldsActive(instance)) || active.Count == 0
            || !active.All(a => a.Value is not TupleExpr && ExprFactory.IsReal(a.Value.Type)
                && a.Argument.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax }))
        {
            return properties;
        }

        string positions = string.Join(",", active.Select(a => ((Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax)a.Argument.Syntax.Parent!).Arguments.IndexOf((Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax)a.Argument.Syntax).ToString(CultureInfo.InvariantCulture)));
        return (properties ?? ImmutableDictionary<string, string?>.Empty).Add(DiagnosticProperties.ConstantArguments, positions);
    }

    /// <summary>Why a call to a <c>[Differentiable]</c> method cannot compose (the shapes <see cref="LowerDifferentiableCall"/> refuses).</summary>
    private static string UncomposableCallee(IMethodSymbol target)
        => HasSpanOutputs(target)
            ? "it writes span outputs (Span<T> parameters) and returns a value, and such calls do not compose yet (a void one does); inline the computation, or return the value through another output"
            : target.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple && !tuple.TupleElements.All(e => MethodLowerer.IsReal(e.Type))
            ? "it returns a tuple whose elements are not all reals, so it cannot be differentiated itself (ADG0002)"
            : "calls to it do not compose (a generic method, ref or out parameters, params arrays, or an instance method of another object); call a static or this-instance [Differentiable] method with scalar parameters, or inline the computation";

    /// <summary>An array argument without its conversion to a span (<c>double[]</c> passed for <c>ReadOnlySpan&lt;double&gt;</c>).</summary>
    private static Expr WithoutConversion(Expr argument)
        => argument is ConvertExpr { Operand: var converted } && IsRealBuffer(converted.Type) ? converted : argument;

    /// <summary>Whether another argument (of those <paramref name="considered"/>) is an array or span variable rooted at <paramref name="root"/>.</summary>
    private bool SharesRootWithAnother(List<Expr> values, int i, Var buffer, System.Func<Expr, int, bool> considered)
    {
        var roots = RootsOf(buffer);
        // An argument converted to the parameter's type (an array passed as a ReadOnlySpan) is the
        // same memory (a new user's trial, stop 30: Dense(a, p, p) in a loop was not reported).
        return values.Where((v, k) => k != i && considered(v, k)).Any(v => WithoutConversion(v) is VarExpr { Var: var other } && IsRealBuffer(other.Type) && RootsOf(other).Overlaps(roots));
    }

    /// <summary>
    /// Why the argument <paramref name="output"/> of a span output cannot be differentiated through,
    /// or null. A fresh local buffer always can. One that may hold values (allocated outside the
    /// call's iteration, or written before: <paramref name="notFresh"/>) or this method's own output
    /// itself (<paramref name="ownOutput"/>: outside loops, not written whole before) can when the
    /// callee writes it <paramref name="whole"/> first. Where the callee cannot be composed at all
    /// (<paramref name="composes"/> false), the caller reports that instead.
    /// </summary>
    private string? SpanOutputProblem(IMethodSymbol target, string parameter, Expr output, bool whole, bool dispatches, bool composes, List<Expr> values, int i, Compilation? compilation, out bool ownOutput, out bool notFresh)
    {
        ownOutput = notFresh = false;
        if (output is not VarExpr { Var: var buffer })
        {
            return "it is not a local buffer of this method (new or stackalloc, not a slice or other view)";
        }

        // This method's own output itself (not a view of one): its values before the call are the
        // caller's, constants here; a callee that writes it whole may write it, outside loops, when
        // nothing writes it after the call (this method's pullback runs the callee's, which writes it
        // again: it must end as the method left it).
        ownOutput = outputs.Contains(buffer) && !viewRoots.ContainsKey(buffer);
        if (outputs.Contains(buffer) && !ownOutput)
        {
            return "it is a view or an alias of a span output of this method (pass the output itself, outside loops, to a callee that writes it whole)";
        }

        if (!owned.Contains(buffer) || viewRoots.ContainsKey(buffer))
        {
            return "it is not a local buffer of this method (new or stackalloc, not a slice or other view)";
        }

        bool outsideIteration = loops.Count > 0 && !(allocationDepth.TryGetValue(buffer, out int depth) && depth == loops.Count);
        notFresh = outsideIteration || writtenRoots.Contains(buffer);
        bool refused = composes && (ownOutput ? !whole || loops.Count > 0 || frozenRoots.ContainsKey(buffer) : notFresh && !whole);
        if (!refused)
        {
            return SharesRootWithAnother(values, i, buffer, (v, k) => true) ? "the same buffer is another argument of the call" : null;
        }

        if (ownOutput && frozenRoots.TryGetValue(buffer, out var earlier))
        {
            return $"it is a span output of this method that the call to '{earlier.Callee}' (line {earlier.Location.GetLineSpan().StartLinePosition.Line + 1}) wrote or read before, and this method's pullback runs that call's pullback after this one's (writing the output again, or reading what this call wrote), so nothing may write the output after it; write all but the last into local buffers";
        }

        if (ownOutput && loops.Count > 0)
        {
            return "it is a span output of this method, and the call is in a loop (this method's pullback runs the call's pullback, which writes the output again, for each iteration backwards, so the output would end with the first iteration's values); call it outside loops, or pass a local buffer and copy that into the output";
        }

        // Not written whole, as far as can be seen.
        string callee = DisplayName(target);
        string why = dispatches
            ? $"the call dispatches to the overrides of '{callee}', which may not write every element of '{parameter}'"
            : $"'{callee}' is not seen to write every element of '{parameter}' first" + (MethodLowerer.NotWrittenWholeReason(target, parameter, compilation, cancellationToken) is { } reason ? ": " + reason : "");
        string fix = dispatches ? "call a method that is not virtual"
            : $"make '{callee}' write every element of '{parameter}' first ({parameter}.Clear(), {parameter}.Fill(…), or a loop for (int i = 0; i < {parameter}.Length; i++) {{ {parameter}[i] = …; }}) before any other use of '{parameter}' and before any return";
        if (ownOutput)
        {
            return $"it is a span output of this method, and {why} ({(dispatches ? "" : "pass a fresh local buffer and copy that into the output, or ")}{fix})";
        }

        string element = Differentiation.ArrayPlumbing.ElementTypeOf(buffer.Type) ?? "double";
        return (outsideIteration ? "the call is in a loop, the buffer was not allocated in the same iteration" : "the buffer was already written")
            + $", and {why} ("
            + (outsideIteration ? $"allocate the buffer in the loop's body, as a fresh buffer for each call: {element}[] h = new {element}[n];, or " : "allocate a fresh buffer for it, or ") + fix + ")";
    }

    /// <summary>A <c>[Differentiable]</c> method with <c>Span&lt;T&gt;</c> output parameters (it writes its caller's memory).</summary>
    private static bool HasSpanOutputs(IMethodSymbol target)
        => target.Parameters.Any(p => MethodLowerer.IsOutputSpan(p.Type) && !MethodLowerer.HasNoDerivative(p));

    /// <summary>
    /// A call with an active argument to another <c>[Differentiable]</c> method: it composes through
    /// the callee's generated pushforward and pullback. Null when this is not such a call.
    /// </summary>
    private Expr? LowerDifferentiableCall(IInvocationOperation invocation, IMethodSymbol target, IReadOnlyDictionary<IArgumentOperation, Expr> argumentValues)
    {
        if (!MethodLowerer.IsDifferentiableMethod(target))
        {
            return null;
        }

        // Every parameter, in order: an omitted optional argument is its default value.
        var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
        bool vectorValued = target.ReturnType is INamedTypeSymbol { IsTupleType: true } returned && returned.TupleElements.All(e => MethodLowerer.IsReal(e.Type));
        bool spanOutputs = HasSpanOutputs(target) && target.ReturnsVoid;
        if (target.IsGenericMethod || !(MethodLowerer.IsReal(target.ReturnType) || vectorValued || spanOutputs) || (HasSpanOutputs(target) && !spanOutputs)
            || arguments.Count != target.Parameters.Length || arguments.Any(a => a.ArgumentKind == ArgumentKind.ParamArray)
            || target.Parameters.Any(p => p.RefKind != RefKind.None)
            || !(target.IsStatic || invocation.Instance is null or IInstanceReferenceOperation))
        {
            return null;
        }

        var values = arguments.Select(a => argumentValues[a]).ToList();
        // What the callee's members differentiate is decided by its parameters as declared: one of a
        // type parameter (Box<T>.G(double x, T tag)) is data there even where T is double.
        var declared = target.OriginalDefinition.Parameters;
        var activeParameters = declared.Select(p => (MethodLowerer.IsReal(p.Type) || MethodLowerer.RealElementType(p.Type) is not null) && !MethodLowerer.HasNoDerivative(p)).ToList();
        for (int i = 0; i < values.Count; i++)
        {
            if (!activeParameters[i] && (HoldsActive(values[i]) || IsActiveBuffer(values[i])))
            {
                string parameter = declared[i].Name;
                if (MethodLowerer.HasNoDerivative(declared[i]))
                {
                    // A local buffer counts as active whatever it holds (its stores decide only later),
                    // and removing [NoDerivative] does not help there (a new user's trial, stop 25).
                    bool localBuffer = WithoutConversion(values[i]) is VarExpr { Var: var local } && (owned.Contains(local) || RootsOf(local).Any(owned.Contains));
                    if (!ReadsFollowOn(arguments[i]))
                    {
                        Report(DiagnosticDescriptors.NoKnownDerivative, arguments[i].Syntax.GetLocation(), DisplayName(target), localBuffer
                            ? $"its parameter '{parameter}' is [NoDerivative] in '{DisplayName(target)}', and this argument is a buffer this method writes, which counts as differentiated (and the callee's pullback, which runs it again, would see what is written after the call); leave '{parameter}' differentiated in the callee (a local buffer of data then has a zero tangent), pass data the method does not write (a [NoDerivative] parameter filled by the caller), or inline the computation"
                            : $"its parameter '{parameter}' is [NoDerivative] in '{DisplayName(target)}', so no derivative flows through this argument; pass an inactive value, or remove [NoDerivative] from '{parameter}'");
                    }

                    return Placeholder(invocation.Type);
                }

                if (!SymbolEqualityComparer.Default.Equals(declared[i].Type, target.Parameters[i].Type))
                {
                    Report(DiagnosticDescriptors.NoKnownDerivative, arguments[i].Syntax.GetLocation(), DisplayName(target),
                        $"its parameter '{parameter}' is of type '{declared[i].Type.ToDisplayString()}' where it is declared, which its derivatives do not differentiate (whatever it stands for here), so no derivative flows through this argument; pass an inactive value, or give the parameter the type {target.Parameters[i].Type.ToDisplayString()}");
                    return Placeholder(invocation.Type);
                }
            }
        }

        var outputParameters = declared.Select(p => MethodLowerer.IsOutputSpan(p.Type) && !MethodLowerer.HasNoDerivative(p)).ToList();
        if (!spanOutputs && !values.Where((v, i) => activeParameters[i]).Any(v => IsActive(v) || IsActiveBuffer(v)))
        {
            // Nothing to differentiate: an ordinary inactive call.
            return null;
        }

        // Whether the callee composes (reported below, after its arguments' own problems), what it
        // reads, and which of its span outputs it writes whole before reading them.
        bool wasRecursive = MethodLowerer.IsReentered(method);
        bool dispatches = false;
        var composeProblem = MethodLowerer.ComposeProblem(target, method, invocation.SemanticModel?.Compilation, cancellationToken, out string? stateRead, out var wholeOutputs);
        if (target is { IsSealed: false } && (target.IsVirtual || target.IsAbstract || target.IsOverride) && !(invocation.Instance is IInstanceReferenceOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax }))
        {
            // A call that dispatches runs an override's pullback, which may read state this one does
            // not (its own fields): assumed (found in a new user's trial). Nor is it known what an
            // override writes of its outputs.
            stateRead ??= $"what the overrides of '{target.Name}' may read";
            dispatches = true;
            wholeOutputs = ImmutableArray<string>.Empty;
        }
        if (!wasRecursive && RecursiveCall is null && MethodLowerer.IsReentered(method))
        {
            // The first call through which this method calls itself (directly or through others).
            RecursiveCall = invocation.Syntax.GetLocation();
            RecursiveCallee = DisplayName(target);
        }

        // Span outputs: local buffers of this method that hold nothing yet (no store or writing call
        // before, and not in a loop), so that what the callee does not write is a constant and its
        // pullback, which runs it again, rewrites only memory this method alone sees. Or, where the
        // callee writes the output whole before it reads it, any local buffer: the call overwrites
        // it (a buffer written before, or allocated before the loop around the call).
        var overwritten = new bool[values.Count];
        var freezes = new List<BufferFreeze>();
        for (int i = 0; i < values.Count; i++)
        {
            if (!outputParameters[i])
            {
                continue;
            }

            string parameter = target.Parameters[i].Name;
            var output = WithoutConversion(values[i]);
            bool whole = wholeOutputs.Contains(declared[i].Name);
            string? problem = SpanOutputProblem(target, parameter, output, whole, dispatches, composes: composeProblem is null, values, i, invocation.SemanticModel?.Compilation, out bool ownOutput, out bool notFresh);
            overwritten[i] = (notFresh || ownOutput) && whole;
            if (ownOutput && whole && problem is null)
            {
                // A result, where the call reads an active input.
                if (values.Where((v, k) => activeParameters[k] && !outputParameters[k]).Any(v => DependsOnActiveInputs(v) || IsActiveBuffer(v)))
                {
                    ResultDependsOnActiveInputs = true;
                }

                // Nothing may write the output after the call (see above).
                freezes.Add(new BufferFreeze(((VarExpr)output).Var, arguments[i].Syntax.ToString(), DisplayName(target), parameter, arguments[i].Syntax.GetLocation(), Overwritten: true));
            }

            if (problem is not null)
            {
                if (!ReadsFollowOn(arguments[i]))
                {
                    Report(DiagnosticDescriptors.NoKnownDerivative, arguments[i].Syntax.GetLocation(), DisplayName(target), $"the argument of its span output '{parameter}' cannot be differentiated through: {problem}");
                }

                return Placeholder(invocation.Type);
            }

            values[i] = output;
        }

        // Array and span arguments of parameters the callee differentiates: an active input of this
        // method or a view of one, which nothing writes, or a local buffer (or a view of one) that
        // nothing writes after the call, so the callee's pullback sees the elements its call saw.
        // Its tangent and adjoint are the same view of the argument's.
        for (int i = 0; i < values.Count; i++)
        {
            if (!activeParameters[i] || MethodLowerer.IsReal(target.Parameters[i].Type))
            {
                continue;
            }

            var buffer = HoldView(WithoutConversion(values[i]));
            string parameter = target.Parameters[i].Name;
            if (!IsActiveBuffer(buffer) && IsRealBuffer(buffer.Type))
            {
                // Data (a [NoDerivative] array, a slice of one, a field's array, a call's result) for
                // a parameter the callee differentiates: its tangent is zeros and its adjoint is
                // dropped (Dot(w, X.Slice(i * d, d)) with a Dot that differentiates both).
                values[i] = buffer;
                continue;
            }

            string? problem = !IsActiveBuffer(buffer) ? $"it holds no active values (data, a field, a call's result), while '{DisplayName(target)}' differentiates '{parameter}'; mark '{parameter}' [NoDerivative] there, or pass an active array"
                : buffer is not VarExpr { Var: var array } ? "it is not an array or span variable"
                : RootsOf(array).Any(outputs.Contains) ? "it is a span output of this method (or a view of one), and such arguments do not compose yet; pass a local buffer, an active input array or a slice of one, or inline the computation"
                : null;
            if (problem is null && SharesRootWithAnother(values, i, ((VarExpr)buffer).Var, (v, k) => k < i && activeParameters[k]))
            {
                // The callee's pullback would get two adjoint spans sharing memory (it refuses them).
                problem = "another of its array arguments is or may be (through a choice) the same array or a view of it, and such calls do not compose yet; pass a copy of one of them in a local buffer (allocated with new, filled with CopyTo), or inline the computation";
            }

            if (problem is not null)
            {
                if (!ReadsFollowOn(arguments[i]))
                {
                    Report(DiagnosticDescriptors.NoKnownDerivative, arguments[i].Syntax.GetLocation(), DisplayName(target), $"the argument of its array parameter '{parameter}' cannot be differentiated through: {problem}");
                }

                return Placeholder(invocation.Type);
            }

            values[i] = buffer;
            foreach (var root in RootsOf(((VarExpr)buffer).Var).Where(owned.Contains))
            {
                // A local buffer: nothing may write it after the call (see Emit), once the call composes.
                freezes.Add(new BufferFreeze(root, arguments[i].Syntax.ToString(), DisplayName(target), parameter, arguments[i].Syntax.GetLocation()));
            }
        }

        if (composeProblem is not null)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NoKnownDerivative, invocation.Syntax.GetLocation(),
                composeProblem.Inside.IsDefault ? null : composeProblem.Inside, DisplayName(target), composeProblem.Reason));
            return Placeholder(invocation.Type);
        }

        foreach (var freeze in freezes)
        {
            // In a loop, at the outermost loop's end (a write anywhere in it may follow the call);
            // this method's own output once the call has written it (see Emit).
            if (freeze.Overwritten)
            {
                frozenAfterWrite.Add(freeze);
            }
            else if (loops.Count > 0)
            {
                loops.Last().PendingFreezes.Add(freeze);
            }
            else
            {
                Freeze(freeze);
            }
        }

        values = values.Select(Materialize).ToList();
        string receiver = target.IsStatic ? TypeOf(target.ContainingType) : Self(invocation.Instance);
        var call = new DifferentiableCallExpr(receiver, MethodLowerer.EscapeIdentifier(target.Name), values.ToEquatableArray(), activeParameters.ToEquatableArray(), TypeOf(invocation.Type),
            spanOutputs ? outputParameters.ToEquatableArray() : default, MethodLowerer.ReordersSums(target), ReadsState: stateRead,
            OverwrittenOutputs: overwritten.Any(o => o) ? overwritten.ToEquatableArray() : default);
        // Where it is: a call after it that may change what it reads is reported there (MethodLowerer.StateChangedAfterRead).
        effectSites[call] = invocation.Syntax.GetLocation();
        return vectorValued ? LowerVectorCall(call, (INamedTypeSymbol)target.ReturnType, target.Name) : call;
    }

    /// <summary>
    /// A call to a vector-valued <c>[Differentiable]</c> method: one statement that runs it once and
    /// assigns each element of its result to a variable of its own (forward mode calls the callee's
    /// pushforward there, reverse mode its pullback with one seed per element); the value is the
    /// tuple of those variables, taken apart like any other tuple.
    /// </summary>
    private Expr LowerVectorCall(DifferentiableCallExpr call, INamedTypeSymbol tupleType, string calleeName)
    {
        if (terminated)
        {
            return Placeholder(tupleType);
        }

        var targets = tupleType.TupleElements.Select((element, i) => new Var(
            names.Fresh(calleeName + "_" + (element.IsExplicitlyNamedTupleElement ? element.Name : "item" + (i + 1).ToString(CultureInfo.InvariantCulture))),
            TypeOf(element.Type))).ToList();
        foreach (var target in targets)
        {
            active.Add(target);
            dependent.Add(target);
        }

        Emit(new DeconstructStmt(targets.ToEquatableArray(), call, origin));
        return new TupleExpr(targets.Select(t => (Expr)new VarExpr(t)).ToEquatableArray(), TypeOf(tupleType));
    }

    /// <summary>Lowers a call's arguments once each, in evaluation order (the order written, named or not): see <see cref="LowerInOrder"/>.</summary>
    /// <summary>
    /// Whether an argument is written in the emitted call: every argument the user wrote, and the
    /// defaults of caller-information parameters (<c>[CallerArgumentExpression]</c>,
    /// <c>[CallerMemberName]</c>, …) as the values the compiler gave them here: left out, the
    /// compiler would fill them in from the generated code (<c>ThrowIfNegative(sigma)</c> would
    /// name the parameter after a generated variable, and <c>[CallerMemberName]</c> would say
    /// <c>FGradient</c>).
    /// </summary>
    private static bool KeepArgument(IArgumentOperation argument)
        => argument.ArgumentKind != ArgumentKind.DefaultValue
           || argument.Parameter?.GetAttributes().Any(a => a.AttributeClass is { ContainingNamespace: { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace.Name: "System" } } } attribute
                                                       && attribute.Name.StartsWith("Caller", System.StringComparison.Ordinal)) == true;

    /// <summary>
    /// A conversion of an array whose result no element is read from: an operand of <c>==</c> or
    /// <c>!=</c> (<c>w == null</c>, a reference comparison), a value formatted into a string, or
    /// anything on the way to a throw.
    /// </summary>
    /// <remarks>
    /// Also left to the call: the argument of a method or constructor that is not
    /// <c>[Differentiable]</c> (<c>x.Max()</c>, <c>new List&lt;double&gt;(x)</c>), which the call
    /// reports itself (ADG0006, an active array handed to code we cannot see into); and an array of
    /// constants (<c>IReadOnlyList&lt;double&gt; l = new double[] { 1.0, 2.5 }</c>), data.
    /// </remarks>
    private static bool ReadsNoElements(IConversionOperation conversion)
        => conversion.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } or IInterpolationOperation
           || IsNullCheckArgument(conversion)
           || conversion.Parent is IArgumentOperation { Parent: IObjectCreationOperation }
           || (conversion.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: var callee } } && !MethodLowerer.IsDifferentiableMethod(callee))
           || conversion.Operand is IArrayCreationOperation { Initializer.ElementValues: var elements } && elements.All(e => e.ConstantValue.HasValue)
           || IsInThrow(conversion);

    /// <summary>The argument of <c>ArgumentNullException.ThrowIfNull(w)</c>: a reference test, no element read.</summary>
    private static bool IsNullCheckArgument(IOperation value)
        => value.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "ThrowIfNull" } guard } } && KnownFunctions.IsThrowHelper(guard);

    /// <summary>
    /// Whether the operation is part of a <c>throw</c>: the exception and its message carry no
    /// derivative, because the path ends in the throw.
    /// </summary>
    private static bool IsInThrow(IOperation operation)
        => operation.Syntax.AncestorsAndSelf().Any(a => a is Microsoft.CodeAnalysis.CSharp.Syntax.ThrowStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ThrowExpressionSyntax);

    /// <summary>
    /// An interpolated string bound to a handler (<c>Debug.Assert(c, $"…")</c>): written back as the
    /// same interpolated string, the generated call binds to it again. The handler evaluates the
    /// values only when it formats (an assert, only when it fails): values left inline keep that,
    /// but what the lowering took out of them runs before the call, so it must not throw or have an
    /// effect.
    /// </summary>
    private Expr LowerHandlerString(IOperation handler, IInterpolatedStringOperation content)
    {
        int start = block.Count;
        var text = LowerInterpolatedString(content);
        if (EmittedEffectOrThrow(start) || Assigns(content))
        {
            return Unsupported(handler, "an interpolated message whose values may throw or have an effect (the check formats them only when it fails; compute them beforehand, or write a plain string)");
        }

        return text;
    }

    /// <summary>
    /// Whether the statements emitted since <paramref name="start"/> (what lowering took out of an
    /// expression) may throw or have an effect. Code left inline runs where the original runs it; these
    /// statements run before, unconditionally.
    /// </summary>
    private bool EmittedEffectOrThrow(int start)
        => block.Skip(start).SelectMany(Cleanup.Expressions).Any(e => Cleanup.CanThrow(e) || !Cleanup.IsPure(e));

    /// <summary>Whether the operation assigns a variable (<c>--v</c>, <c>v = …</c>, <c>v += …</c>): lowered, that runs before, unconditionally.</summary>
    private static bool Assigns(IOperation operation)
        => operation.DescendantsAndSelf().Any(o => o is IAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation);

    /// <summary>Text of an interpolated string between holes, escaped for a <c>$"…"</c> literal.</summary>
    private static string InterpolatedText(string raw)
    {
        string escaped = SymbolDisplay.FormatLiteral(raw, quote: true);
        return escaped.Substring(1, escaped.Length - 2).Replace("{", "{{").Replace("}", "}}");
    }

    /// <summary>
    /// Whether the operation is (part of) an argument of a guard (<c>Debug.Assert(c, $"…")</c>, a
    /// throw helper): like an exception's message, it carries no derivative.
    /// </summary>
    private static bool IsGuardArgument(IOperation operation)
    {
        for (var o = operation.Parent; o is not null; o = o.Parent)
        {
            if (o is IInvocationOperation invocation)
            {
                return KnownFunctions.IsGuard(invocation.TargetMethod);
            }
        }

        return false;
    }

    private Dictionary<IArgumentOperation, Expr> LowerArguments(IEnumerable<IArgumentOperation> arguments)
    {
        var order = arguments.ToList();

        // An out argument is written, not read: it is reported, its target not lowered (nothing
        // more is said of the variable it would assign).
        bool IsOut(IArgumentOperation a) => a.Parameter?.RefKind == RefKind.Out && a.Value is not IInterpolatedStringHandlerCreationOperation;
        var read = LowerInOrder(order.Where(a => !IsOut(a)).Select(a => a.Value).ToList());
        int next = 0;
        var values = order.Select(a => IsOut(a) ? Unsupported(a, "a ref or out argument (not supported in a [Differentiable] method, not even in a call on data only: make that call outside and pass its result in)") : read[next++]).ToList();
        if (order.Select(a => a.Parameter?.Ordinal ?? 0).Zip(order.Skip(1).Select(a => a.Parameter?.Ordinal ?? 0), (x, y) => x > y).Any(outOfOrder => outOfOrder))
        {
            // Named arguments out of order: the call is written in parameter order, so what is
            // left inline is evaluated here, in the order written.
            int end = block.Count;
            for (int i = 0; i < values.Count; i++)
            {
                values[i] = HoldAt(end, values[i], ref end);
            }
        }

        var result = new Dictionary<IArgumentOperation, Expr>();
        for (int i = 0; i < order.Count; i++)
        {
            result[order[i]] = values[i];
        }

        return result;
    }

    /// <summary>
    /// Lowers operands left to right, as C# evaluates them. An operand left inline (a call, an
    /// element read) runs where the expression is finally used; if a later operand needed
    /// statements with an effect (a call, a store, something that may throw), the earlier operand
    /// is held in a variable before those statements, so effects, exceptions and reads of memory
    /// keep their order.
    /// </summary>
    private List<Expr> LowerInOrder(IReadOnlyList<IOperation> operations)
    {
        var values = new List<Expr>();
        foreach (var operation in operations)
        {
            int mark = block.Count;
            var value = LowerExpression(operation);
            if (Overtaken(mark))
            {
                for (int i = 0; i < values.Count; i++)
                {
                    values[i] = HoldAt(mark, values[i], ref mark);
                }
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary><paramref name="earlier"/>, held in a variable before the statements emitted since <paramref name="mark"/> if they overtake it.</summary>
    private Expr HoldIfOvertaken(Expr earlier, int mark)
        => Overtaken(mark) ? HoldAt(mark, earlier, ref mark) : earlier;

    /// <summary>Whether the statements emitted since <paramref name="mark"/> have an effect that an earlier inline operand must not be moved past.</summary>
    private bool Overtaken(int mark)
    {
        if (block.Count <= mark)
        {
            return false;
        }

        return StatementWalker.All(block.Skip(mark)).Any(statement => statement is not (AssignStmt or IfStmt)
            || Cleanup.Expressions(statement).Any(e => !Cleanup.IsPure(e) || Cleanup.CanThrow(e)));
    }

    /// <summary>Inserts <c>t = value</c> at <paramref name="at"/> (moving it on) unless the value is a variable or constant, or pure, safe and reads no memory.</summary>
    private Expr HoldAt(int at, Expr value, ref int mark)
    {
        if (value is VarExpr or ConstExpr or LiteralExpr || value is TupleExpr
            || (Cleanup.IsPure(value) && !Cleanup.CanThrow(value) && !ExprWalker.DescendantsAndSelf(value).Any(d => d is IndexExpr)))
        {
            return value;
        }

        var temp = new Var(names.Numbered("t"), value.Type);
        if (IsActive(value))
        {
            active.Add(temp);
        }

        if (dependentControl > 0 || DependsOnActiveInputs(value))
        {
            dependent.Add(temp);
        }

        block.Insert(at, new AssignStmt(temp, value, origin));
        mark++;
        if (IsRealBuffer(temp.Type))
        {
            // A slice held ahead of a later operand is a view like any other (active, owned and
            // rooted like the array it views).
            BindBuffer(temp, value);
        }

        return new VarExpr(temp);
    }

    /// <summary>
    /// An array or span whose elements may be active: an active array parameter, a local real
    /// buffer (conservatively, see <c>Bind</c>), or a slice of one.
    /// </summary>
    private bool IsActiveBuffer(Expr e)
        => e switch
        {
            VarExpr v => IsRealBuffer(v.Type) && active.Contains(v.Var),
            SliceExpr slice => IsActiveBuffer(slice.Array),
            ConvertExpr conversion => IsActiveBuffer(conversion.Operand),
            _ => false,
        };

    private static string MethodNameWithTypeArguments(IMethodSymbol method)
        => method.TypeArguments.Length == 0 || method.TypeArguments.Any(t => t.IsAnonymousType)
            ? MethodLowerer.EscapeIdentifier(method.Name)
            : MethodLowerer.EscapeIdentifier(method.Name) + "<" + string.Join(", ", method.TypeArguments.Select(t => TypeOf(t))) + ">";

    private static string DisplayName(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

    private Expr LowerObjectCreation(IObjectCreationOperation creation)
    {
        var loweredArguments = LowerArguments(creation.Arguments);
        var arguments = creation.Arguments.Where(KeepArgument).OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
        var values = arguments.Select(a => loweredArguments[a]).ToList();
        bool thrown = IsInThrow(creation) && KnownFunctions.IsException(creation.Type);
        if (values.Any(IsActiveBuffer) || (!thrown && values.Any(HoldsActive)))
        {
            // An exception that is thrown may take active values (new ArgumentOutOfRangeException(
            // nameof(x), x, "…")): the path ends there, so they need no derivative.
            Report(DiagnosticDescriptors.NoKnownDerivative, creation.Syntax.GetLocation(), "new " + creation.Type!.Name,
                "a constructor has no known derivative; pass only inactive values (an exception that is thrown may take active values)");
            return Placeholder(creation.Type);
        }

        var segments = new List<string>();
        string pending = "new " + TypeOf(creation.Type) + "(";
        for (int i = 0; i < values.Count; i++)
        {
            var parameterName = arguments[i].Parameter?.Name;
            pending += (i == 0 ? "" : ", ") + (parameterName is null ? "" : MethodLowerer.EscapeIdentifier(parameterName) + ": ");
            segments.Add(pending);
            pending = "";
        }

        segments.Add(pending + ")");
        var created = new TemplateExpr(segments.ToEquatableArray(), values.ToEquatableArray(), TypeOf(creation.Type), HasSideEffects: true);
        // A constructor may have an effect like any call: where it is, for diagnostics that point at it.
        effectSites[created] = creation.Syntax.GetLocation();
        return created;
    }

    /// <summary>
    /// ADG0005 for a hole of an interpolated string (or an operand of a string <c>+</c>) whose
    /// formatting may run the user's code (a <c>ToString</c> of a class, struct or record of the
    /// user's, or of <c>object</c> or an interface: an effect the string would hide, found in a review
    /// of stop 24), outside a throw or a guard's message (there the path ends); null otherwise.
    /// </summary>
    private Expr? UserFormatting(IOperation hole, IOperation interpolated)
    {
        hole = KnownFunctions.WithoutImplicitConversions(hole);
        if (hole.Type is not { } type || KnownFunctions.FormatsWithoutUserCode(type) || IsInThrow(interpolated) || IsGuardArgument(interpolated))
        {
            return null;
        }

        return Unsupported(hole, $"formatting a '{type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' into a string (its ToString may run code with an effect, which the derivatives could not keep in order); format it outside the method and pass the string in as a [NoDerivative] argument");
    }

    private Expr LowerInterpolatedString(IInterpolatedStringOperation interpolated)
    {
        var segments = new List<string>();
        var holes = new List<Expr>();
        // A number formatted in the current culture: a read of state a call may change (two equal
        // strings around CultureInfo.CurrentCulture = … differ), like d.ToString().
        bool readsCulture = false;
        string pending = "$\"";
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation text:
                    pending += InterpolatedText(text.Text.ConstantValue.Value as string ?? "");
                    break;
                case IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation { TargetMethod.Name: "AppendLiteral" } literal } when literal.Arguments.Length == 1:
                    pending += InterpolatedText(literal.Arguments[0].Value.ConstantValue.Value as string ?? "");
                    break;
                case IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation { TargetMethod.Name: "AppendFormatted" } formatted } when formatted.Arguments.Length >= 1:
                {
                    // The handler's AppendFormatted(value[, alignment][, format]).
                    segments.Add(pending + "{");
                    var value = formatted.Arguments.First(a => a.Parameter?.Ordinal == 0).Value;
                    value = value is IConversionOperation { IsImplicit: true } boxed ? boxed.Operand : value;
                    if (UserFormatting(value, interpolated) is { } refused)
                    {
                        return refused;
                    }

                    holes.Add(LowerExpression(value));
                    readsCulture |= KnownFunctions.FormatsWithCulture(value);
                    pending = "";
                    if (formatted.Arguments.FirstOrDefault(a => a.Parameter?.Name == "alignment" && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value.ConstantValue.Value is { } handlerAlignment)
                    {
                        pending += "," + System.Convert.ToString(handlerAlignment, CultureInfo.InvariantCulture);
                    }

                    if (formatted.Arguments.FirstOrDefault(a => a.Parameter?.Name == "format" && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value.ConstantValue.Value is string handlerFormat)
                    {
                        pending += ":" + handlerFormat;
                    }

                    pending += "}";
                    break;
                }
                case IInterpolationOperation interpolation:
                    if (UserFormatting(interpolation.Expression, interpolated) is { } userFormatting)
                    {
                        return userFormatting;
                    }

                    segments.Add(pending + "{");
                    holes.Add(LowerExpression(interpolation.Expression));
                    readsCulture |= KnownFunctions.FormatsWithCulture(interpolation.Expression);
                    pending = "";
                    if (interpolation.Alignment is { } alignment)
                    {
                        pending += "," + System.Convert.ToString(alignment.ConstantValue.Value, CultureInfo.InvariantCulture);
                    }

                    if (interpolation.FormatString?.ConstantValue.Value is string format)
                    {
                        pending += ":" + format;
                    }

                    pending += "}";
                    break;
                default:
                    return Unsupported(part, ConstructNames.Of(part));
            }
        }

        segments.Add(pending + "\"");

        // A string made from an active value carries no derivative: in an exception's message that
        // is all it is for, anywhere else (double.Parse($"{x}")) it is a step function of x.
        if (holes.Any(IsActive) && !IsInThrow(interpolated) && !IsGuardArgument(interpolated))
        {
            Report(DiagnosticDescriptors.ZeroDerivative, interpolated.Syntax.GetLocation(), "The conversion to a string");
        }

        var made = new TemplateExpr(segments.ToEquatableArray(), holes.ToEquatableArray(), "string", HasSideEffects: readsCulture, Repeatable: readsCulture);
        return readsCulture ? ReadsCulture(made, interpolated) : made;
    }

    /// <summary>
    /// A string made in the current culture: recorded as a read of that state (see <see
    /// cref="StateReads"/>), except in a throw's or a guard's message, where the path ends (a review
    /// of stop 25: a false ADG0006 at the caller of a method with $"x was {x}" in a throw).
    /// </summary>
    private TemplateExpr ReadsCulture(TemplateExpr text, IOperation source)
    {
        if (!IsInThrow(source) && !IsGuardArgument(source))
        {
            stateReads[text] = "the current culture";
        }

        return text;
    }

    // ---------------------------------------------------------------- members and elements

    /// <summary>
    /// How generated code names the receiver of a member of this instance: <c>base</c> where the
    /// source says so (a non-virtual call of the base's member, which <c>this.</c> would turn into
    /// a call of this type's override: another value, or the method calling itself), else <c>this</c>.
    /// A composed call through <c>base</c> calls the base's generated derivatives the same way.
    /// </summary>
    private static string Self(IOperation? instance)
        => instance is IInstanceReferenceOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax } ? "base" : "this";

    private Expr LowerMemberRead(IOperation operation, ISymbol member, IOperation? instance)
    {
        string type = TypeOf(operation.Type);
        if (instance is not null && !(instance is IInstanceReferenceOperation))
        {
            var receiver = LowerExpression(instance);
            if (receiver is TupleExpr tuple && member is IFieldSymbol field)
            {
                var tupleType = (INamedTypeSymbol)instance.Type!;
                var elements = tupleType.TupleElements;
                var key = field.CorrespondingTupleField ?? field;
                for (int i = 0; i < elements.Length && i < tuple.Elements.Count; i++)
                {
                    if (SymbolEqualityComparer.Default.Equals(elements[i].CorrespondingTupleField ?? elements[i], key))
                    {
                        return tuple.Elements[i];
                    }
                }

                return Unsupported(operation, "this tuple element");
            }

            return MemberOf(receiver, instance.Type, member, operation, instance.Syntax.ToString());
        }

        if (member.ContainingType?.TypeKind == TypeKind.Enum)
        {
            return new LiteralExpr(TypeOf(member.ContainingType) + "." + MethodLowerer.EscapeIdentifier(member.Name), type);
        }

        string prefix = member.IsStatic ? TypeOf(member.ContainingType) : Self(instance);
        string text = prefix + "." + MethodLowerer.EscapeIdentifier(member.Name);
        return IsFixed(member) ? new LiteralExpr(text, type) : ReadWhereRead(text, type);
    }

    /// <summary>
    /// <c>receiver.member</c>, the receiver already lowered (<paramref name="receiverText"/> names it
    /// in the diagnostic for an active one): of an active array or span only its length is known.
    /// </summary>
    private Expr MemberOf(Expr receiver, ITypeSymbol? receiverType, ISymbol member, IOperation operation, string receiverText)
    {
        if (IsActive(receiver) || (IsActiveBuffer(receiver) && !(member.Name is "Length" or "LongLength" or "IsEmpty" or "Rank")))
        {
            Report(DiagnosticDescriptors.NoKnownDerivative, operation.Syntax.GetLocation(), member.Name,
                $"'{receiverText}' is active, and reading '{member.Name}' of it has no known derivative; read the value itself, or pass only inactive values");
            return Placeholder(operation.Type);
        }

        // The length of an array or span is a plain read (an array's may throw: see Cleanup.CanThrow).
        bool length = member.Name is "Length" or "LongLength" or "IsEmpty"
            && (receiverType is IArrayTypeSymbol || receiverType is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace.Name: "System" });
        // A string's members read what cannot change (found in a new user's trial: label.Length
        // counted as state a call may change).
        bool immutable = receiverType?.SpecialType == SpecialType.System_String;
        return new TemplateExpr(EquatableArray.Create("", "." + MethodLowerer.EscapeIdentifier(member.Name)), EquatableArray.Create(receiver), TypeOf(operation.Type), HasSideEffects: !length && !immutable && !IsFixed(member));
    }

    /// <summary>
    /// A read of state a call can change (a property, a field that is not readonly, a primary-constructor
    /// parameter), as a call: evaluated where the method evaluates it, once, in order.
    /// </summary>
    private static Expr ReadWhereRead(string text, string type)
        => new TemplateExpr(EquatableArray.Create(text), EquatableArray<Expr>.Empty, type, HasSideEffects: true);

    /// <summary>
    /// Whether reading <paramref name="member"/> gives the same value wherever the method reads it: a
    /// const field, or a readonly one (only a constructor writes one; of a struct, only if the struct is
    /// readonly, as its other methods can assign <c>this</c>). A property runs its getter, a call
    /// with whatever effects it has (a counter, a clock); another field can change between two reads
    /// (a call the method makes may write it): both are read where the method reads them, once and
    /// in order, as a call is, and the derivatives use that value.
    /// </summary>
    private static bool IsFixed(ISymbol member) => member is IFieldSymbol { IsConst: true }
        or IFieldSymbol { IsReadOnly: true, IsStatic: true }
        // A struct's method can assign this = new S(…), readonly fields included, unless the struct is readonly.
        or IFieldSymbol { IsReadOnly: true, ContainingType: { TypeKind: not TypeKind.Struct } or { IsReadOnly: true } }
        // The runtime's invariant culture: one object, never changed.
        || (member is IPropertySymbol property && KnownFunctions.IsRuntimeCulture(property, invariantOnly: true));

    private Expr LowerElementRead(IOperation collection, IReadOnlyList<IOperation> indices, IOperation operation)
    {
        var receiver = HoldView(LowerExpression(collection));

        // An index with an effect (w[rng.Next(n)]) is evaluated once, into a variable: derivative
        // code reads the same element again and must not run the call a second time.
        var values = indices.Select(i => IntIndex(LowerExpression(i))).Select(v => Cleanup.IsPure(v) ? v : Materialize(v)).ToList();
        if (values.Count == 1 && MethodLowerer.BufferElementType(collection.Type) is { } elementType)
        {
            return ReadElement(receiver, values[0], elementType);
        }

        if (IsActive(receiver))
        {
            return Unsupported(operation, "indexing an active value this way");
        }

        var segments = new List<string> { "", "[" };
        for (int i = 1; i < values.Count; i++)
        {
            segments.Add(", ");
        }

        segments.Add("]");
        return new TemplateExpr(segments.ToEquatableArray(), new[] { receiver }.Concat(values).ToEquatableArray(), TypeOf(operation.Type), HasSideEffects: false);
    }

    private Expr LowerStackAlloc(IOperation operation, Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax syntax)
    {
        var elementType = (syntax.Type as Microsoft.CodeAnalysis.CSharp.Syntax.ArrayTypeSyntax)?.ElementType;
        var sizeSyntax = (syntax.Type as Microsoft.CodeAnalysis.CSharp.Syntax.ArrayTypeSyntax)?.RankSpecifiers.FirstOrDefault()?.Sizes.FirstOrDefault();
        var model = operation.SemanticModel;
        var elementSymbol = elementType is null || model is null ? null : model.GetTypeInfo(elementType, cancellationToken).Type;
        if (elementSymbol is null || !MethodLowerer.IsReal(elementSymbol) || (syntax.Initializer is null && sizeSyntax is null))
        {
            return Unsupported(operation, "this stackalloc (only stackalloc double[n] or float[n], or with an initializer of reals)");
        }

        if (syntax.Initializer is { } initializer)
        {
            return LowerStackAllocInitializer(operation, initializer, TypeOf(elementSymbol));
        }

        var size = model!.GetOperation(sizeSyntax!, cancellationToken);
        return LowerBufferCreation(operation, size, TypeOf(elementSymbol), onStack: true);
    }

    /// <summary><c>stackalloc[] { x, y }</c>: the element type is the span's (or pointer's).</summary>
    private Expr LowerImplicitStackAlloc(IOperation operation, Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitStackAllocArrayCreationExpressionSyntax syntax)
    {
        var type = operation.SemanticModel?.GetTypeInfo(syntax, cancellationToken).Type;
        var elementSymbol = type switch
        {
            INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span => span.TypeArguments[0],
            IPointerTypeSymbol pointer => pointer.PointedAtType,
            _ => null,
        };
        if (elementSymbol is null || !MethodLowerer.IsReal(elementSymbol))
        {
            return Unsupported(operation, "this stackalloc (only stackalloc double[n] or float[n], or with an initializer of reals)");
        }

        return LowerStackAllocInitializer(operation, syntax.Initializer, TypeOf(elementSymbol));
    }

    private Expr LowerStackAllocInitializer(IOperation operation, Microsoft.CodeAnalysis.CSharp.Syntax.InitializerExpressionSyntax initializer, string elementType)
    {
        var model = operation.SemanticModel!;
        var elements = new List<IOperation>();
        foreach (var expression in initializer.Expressions)
        {
            // C# has no operation for parentheses or checked(…): the element is the operation inside
            // (which knows whether its arithmetic is checked).
            var inner = expression;
            while (inner is Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.CheckedExpressionSyntax)
            {
                inner = inner is Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax parenthesized
                    ? parenthesized.Expression
                    : ((Microsoft.CodeAnalysis.CSharp.Syntax.CheckedExpressionSyntax)inner).Expression;
            }

            if (model.GetOperation(inner, cancellationToken) is not { } element)
            {
                return Unsupported(operation, "this stackalloc (an element without an operation of its own: hold it in a local first)");
            }

            elements.Add(element);
        }

        return LowerInitializedBuffer(operation, elements, elementType, onStack: true);
    }

    /// <summary>
    /// <c>new[] { x, y }</c>, <c>new double[2] { x * y, 2 }</c>, <c>stackalloc double[] { x, y }</c>,
    /// <c>[x, y]</c> into an array: a local buffer of that length, held in a variable of its own,
    /// then one store per element, evaluated left to right (as C# does after allocating it).
    /// </summary>
    private Expr LowerInitializedBuffer(IOperation operation, IReadOnlyList<IOperation> elements, string elementType, bool onStack)
    {
        var allocation = LowerBufferCreation(operation, null, elementType, onStack, new ConstExpr(elements.Count, "int"));
        if (terminated || allocation is not TemplateExpr)
        {
            return allocation;
        }

        var buffer = new Var(names.Numbered("array"), allocation.Type);
        Assign(buffer, allocation);
        BindBuffer(buffer, allocation);
        initializedBuffers.Add(buffer);
        for (int i = 0; i < elements.Count; i++)
        {
            var value = ExprFactory.Convert(LowerExpression(elements[i]), elementType);
            if (terminated)
            {
                return new VarExpr(buffer);
            }

            if (IsActive(value))
            {
                value = Materialize(value);
            }

            Emit(new StoreStmt(buffer, new ConstExpr(i, "int"), value, origin));
        }

        return new VarExpr(buffer);
    }

    /// <summary>
    /// Data made in the method from inactive values: a list or an array of tuples
    /// (<c>List&lt;double&gt; xs = [0.5, 1.5]</c>, <c>new (double, double)[] { (0, 1.1), (1, 2.9) }</c>),
    /// written as it is into a variable of its own. Active elements would carry no derivative in
    /// such a collection, so they are reported.
    /// </summary>
    private Expr LowerDataCollection(IOperation operation, IReadOnlyList<IOperation> elements, string open, string close)
        => LowerDataCollection(operation, elements.Select(e => (IReadOnlyList<IOperation>)new[] { e }).ToList(), open, close);

    /// <summary>As above, each element given by the arguments of its <c>Add</c> (written <c>{ a, b }</c> where there are several).</summary>
    private Expr LowerDataCollection(IOperation operation, IReadOnlyList<IReadOnlyList<IOperation>> elements, string open, string close)
    {
        var values = LowerInOrder(elements.SelectMany(e => e).ToList());
        if (terminated)
        {
            return Placeholder(operation.Type);
        }

        if (values.Any(v => HoldsActive(v) || IsActiveBuffer(v)))
        {
            return Unsupported(operation, $"a collection of active values of type '{operation.Type?.ToDisplayString()}' (its elements would carry no derivative; use an array or span of reals)");
        }

        // A new collection each time: held in a variable, never shared or dropped; made again (a
        // Jacobian's sweeps), it is an equal new collection.
        var data = new Var(names.Numbered("data"), TypeOf(operation.Type));
        Assign(data, new TemplateExpr(ListSegments(elements.Select(e => e.Count).ToList(), open, close), values.ToEquatableArray(), data.Type, HasSideEffects: true, Repeatable: true));
        return new VarExpr(data);
    }

    /// <summary>The text around <paramref name="count"/> holes separated by commas: <c>[a, b]</c>, <c>new T[] { a, b }</c>.</summary>
    private static EquatableArray<string> ListSegments(int count, string open, string close)
        => ListSegments(Enumerable.Repeat(1, count).ToList(), open, close);

    /// <summary>The same with elements of several values each (a dictionary's <c>{ { 1, 0.5 }, { 2, 1.5 } }</c>), in braces.</summary>
    private static EquatableArray<string> ListSegments(IReadOnlyList<int> sizes, string open, string close)
    {
        if (sizes.Count == 0)
        {
            return EquatableArray.Create(open + close);
        }

        var segments = new List<string>();
        string pending = open;
        for (int i = 0; i < sizes.Count; i++)
        {
            bool braced = sizes[i] > 1;
            pending += (i > 0 ? ", " : "") + (braced ? "{ " : "");
            for (int k = 0; k < sizes[i]; k++)
            {
                segments.Add(pending + (k > 0 ? ", " : ""));
                pending = "";
            }

            pending = braced ? " }" : "";
        }

        segments.Add(pending + close);
        return segments.ToEquatableArray();
    }

    /// <summary>Whether a multi-dimensional array's creation was reported in this method.</summary>
    private bool reportedMultiDimensional;

    /// <summary>The locals holding an array of data made in the method (<c>int[] idx = new int[n]</c>), reported there: writes into them add nothing.</summary>
    private readonly HashSet<ILocalSymbol> reportedDataArrays = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// A collection expression into a span of reals. Constants into a <c>ReadOnlySpan</c> are a
    /// constant table (<c>ReadOnlySpan&lt;double&gt; c = [2.5066, -18.615, …]</c>), written as it is
    /// (the compiler keeps them in the assembly's data); anything else is a local buffer on the
    /// stack, initialized element by element.
    /// </summary>
    private Expr LowerSpanCollection(ICollectionExpressionOperation collection, string elementType)
    {
        if (collection.Type is INamedTypeSymbol { Name: "ReadOnlySpan" } && collection.Elements.All(e => e.ConstantValue.HasValue))
        {
            var values = collection.Elements.Select(e => ExprFactory.Convert(LowerExpression(e), elementType)).ToList();

            // Held in a variable (a collection expression needs its target type), never shared.
            var table = new Var(names.Numbered("table"), TypeOf(collection.Type));
            Assign(table, new TemplateExpr(ListSegments(values.Count, "[", "]"), values.ToEquatableArray(), table.Type, HasSideEffects: true, Repeatable: true));
            return new VarExpr(table);
        }

        if (loops.Count > 0)
        {
            return Unsupported(collection, "a collection expression of reals into a span inside a loop (declare the span once, before the loop, or use new double[] { … })");
        }

        return LowerInitializedBuffer(collection, collection.Elements, elementType, onStack: true);
    }

    /// <summary>Buffers made by an initializer: a local they initialize is another name for them, not a view.</summary>
    private readonly HashSet<Var> initializedBuffers = new();

    /// <summary><c>new double[n]</c> or <c>stackalloc double[n]</c>: a local buffer (no initializer).</summary>
    private Expr LowerBufferCreation(IOperation operation, IOperation? size, string elementType, bool onStack, Expr? knownLength = null)
    {
        if (size is null && knownLength is null)
        {
            return Unsupported(operation, onStack ? "stackalloc with an initializer" : "an array creation with an initializer");
        }

        if (onStack && loops.Count > 0)
        {
            return Unsupported(operation, "stackalloc inside a loop (allocate the buffer once, before the loop, or use new double[n])");
        }


        var length = knownLength ?? LowerExpression(size!);
        string type = onStack ? "global::System.Span<" + elementType + ">" : elementType + "[]";
        var text = (onStack ? "stackalloc " : "new ") + elementType + "[";
        // An allocation: two of them are two buffers, so it is never shared or removed as pure.
        return new TemplateExpr(EquatableArray.Create(text, "]"), EquatableArray.Create(length), type, HasSideEffects: true);
    }

    // ---------------------------------------------------------------- assignments

    private Expr LowerAssignment(IOperation target, System.Func<Expr> lowerValue, IOperation assignment)
    {
        if (LocalBufferElement(target) is { } element)
        {
            return LowerStore(target, element.Buffer, element.Index, lowerValue);
        }

        if (TupleElementTarget(target) is { } tupleElement)
        {
            var elementValue = lowerValue();
            return AssignTupleElement(tupleElement.Local, tupleElement.Path, elementValue);
        }

        var symbol = AssignableLocal(target, assignment);
        var value = lowerValue();
        if (symbol is null)
        {
            if (target is IDiscardOperation && !terminated && (!Cleanup.IsPure(value) || Cleanup.CanThrow(value)))
            {
                // _ = G(x): the value is dropped, the evaluation is not (it may throw or have an effect).
                Emit(new EvaluateStmt(value, origin));
            }

            return value;
        }

        AssignLocal(symbol, value);
        return env.TryGetValue(symbol, out var bound) ? bound : value;
    }

    /// <summary>An element of a local real buffer (<c>h[k]</c> with <c>h</c> a local array or span) or of a span output, else null.</summary>
    private (ISymbol Buffer, IOperation Index)? LocalBufferElement(IOperation target)
    {
        var (collection, indices) = target switch
        {
            IArrayElementReferenceOperation a => (a.ArrayReference, (IReadOnlyList<IOperation>)a.Indices),
            IPropertyReferenceOperation { Property.IsIndexer: true } p when p.Instance is not null => (p.Instance, p.Arguments.Select(x => x.Value).ToList()),
            _ => ((IOperation?)null, (IReadOnlyList<IOperation>)System.Array.Empty<IOperation>()),
        };
        if (collection is ILocalReferenceOperation local && indices.Count == 1 && MethodLowerer.BufferElementType(local.Type) is not null)
        {
            // Through a ref local (ref Span<double> r = ref h), the buffer it names: a store through
            // r was dropped (the review of stop 28).
            return (ResolveRef(local.Local), indices[0]);
        }

        if (collection is IParameterReferenceOperation parameter && indices.Count == 1 && parameter.Type is { } parameterType && MethodLowerer.IsOutputSpan(parameterType))
        {
            // y[i] = … of a Span<T> parameter: an output, unless [NoDerivative] (then not owned: ADG0005).
            return (parameter.Parameter, indices[0]);
        }

        return null;
    }

    /// <summary>
    /// <c>buffer[index] = value</c>: the index is evaluated once, before the value (as C# does);
    /// a compound assignment or increment reads the element through <see cref="ReadTarget"/>
    /// at that same index instead of evaluating the index again.
    /// </summary>
    private Expr LowerStore(IOperation target, ISymbol buffer, IOperation indexOperation, System.Func<Expr> lowerValue)
        => StoreElement(target, buffer, LowerIndex(indexOperation), lowerValue);

    /// <summary>An index, evaluated now, held in a variable unless it is one already or a constant.</summary>
    private Expr LowerIndex(IOperation indexOperation)
    {
        var index = IntIndex(LowerExpression(indexOperation));
        return index is VarExpr or ConstExpr or LiteralExpr ? index : Materialize(index);
    }

    /// <summary>
    /// An element index as an <c>int</c>: derivative buffers are spans, whose indexer takes only
    /// <c>int</c>, while an array may be indexed by a <c>long</c>. The conversion is checked, so an
    /// index no <c>int</c> can hold throws instead of wrapping around to another element.
    /// </summary>
    private static Expr IntIndex(Expr index)
        => index.Type is "int" || index is ConstExpr { Type: "int" }
            ? index
            : index.Type is "long" or "ulong" or "uint" or "nint" or "nuint"
                ? new TemplateExpr(EquatableArray.Create("checked((int)", ")"), EquatableArray.Create(index), "int", HasSideEffects: true)
                : index;

    private Expr StoreElement(IOperation target, ISymbol buffer, Expr index, System.Func<Expr> lowerValue)
    {
        var bufferType = buffer switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, _ => null };
        var array = env.TryGetValue(buffer, out var bound) ? bound : null;
        if (array is VarExpr { Var: var written } && !owned.Contains(written))
        {
            Unsupported(target, buffer is IParameterSymbol { Type: var spanType } && MethodLowerer.IsOutputSpan(spanType)
                ? $"writing into '{buffer.Name}', a [NoDerivative] span (data); remove [NoDerivative] to make it an output of the method, or copy it into a local buffer made with new or stackalloc first"
                : RootsOf(written) is { Count: > 1 } roots && roots.All(owned.Contains)
                    ? $"writing through '{buffer.Name}', which holds one of several local buffers chosen by a condition (write into each buffer by its own name)"
                    : $"writing into '{buffer.Name}', an array or span this method did not allocate (copy it into a local buffer made with new or stackalloc first)");
        }

        var saved = pendingTargetRead;
        pendingTargetRead = array is null ? null : (target, ReadElement(array, index, MethodLowerer.BufferElementType(bufferType) ?? "double"));
        var value = lowerValue();
        pendingTargetRead = saved;
        if (terminated)
        {
            return value;
        }

        if (array is not VarExpr arrayVar)
        {
            // A buffer this lowering does not hold: never drop the store silently (one held as a
            // placeholder after an error is reported there already).
            if (array is null)
            {
                Unsupported(target, $"a write into '{buffer.Name}', whose array or span this lowering cannot follow");
            }

            return value;
        }

        return EmitElementStore(arrayVar.Var, index, value);
    }

    /// <summary><c>array[index] = value</c>, the value held in a variable if active (which makes the array active).</summary>
    private Expr EmitElementStore(Var array, Expr index, Expr value)
    {
        if (IsActive(value))
        {
            value = Materialize(value);
            active.Add(array);
        }

        if (outputs.Contains(array) && (dependentControl > 0 || DependsOnActiveInputs(value)))
        {
            ResultDependsOnActiveInputs = true;
        }

        Emit(new StoreStmt(array, index, value, origin));
        return value;
    }

    /// <summary>The element a store in progress writes, read at the index the store already evaluated.</summary>
    private (IOperation Target, Expr Read)? pendingTargetRead;

    /// <summary>The current value of an assignment's target (for <c>+=</c>, <c>++</c>), evaluating its index only once.</summary>
    private Expr ReadTarget(IOperation target)
        => pendingTargetRead is { } pending && ReferenceEquals(pending.Target, target) ? pending.Read : LowerExpression(target);

    /// <summary>The local or parameter an assignment writes, or null after reporting ADG0007.</summary>
    private ISymbol? AssignableLocal(IOperation target, IOperation assignment)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                return ResolveRef(local.Local);
            case IParameterReferenceOperation parameter:
                return parameter.Parameter;
            case IDiscardOperation:
                return null;
            case IFieldReferenceOperation field:
                ReportWrite(target, field.Field.IsStatic ? "static field" : "field", field.Field.Name);
                return null;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IInvocationOperation view } when MethodLowerer.BufferElementType(view.Type) is not null:
                // y.Slice(1)[0] = …: a view made in the write itself (a new user's trial, stop 30).
                Unsupported(target, $"writing through a view made in the same expression ('{target.Syntax}'): hold the view in a local first (var tail = {view.Syntax}; tail[0] = …)");
                return null;
            case IPropertyReferenceOperation property:
                ReportWrite(target, property.Property.IsIndexer ? "indexer" : "property", property.Property.IsIndexer ? property.Instance?.Syntax.ToString() ?? "this" : property.Property.Name);
                return null;
            case IImplicitIndexerReferenceOperation:
                // y[^1] = … (a span's index from the end): the construct, as for a read, with its code fix.
                Unsupported(target, ConstructNames.Of(target));
                return null;
            case IArrayElementReferenceOperation { ArrayReference.Type: IArrayTypeSymbol { Rank: > 1 } } when reportedMultiDimensional:
                // The array's creation was reported with the row-major advice; its writes add nothing.
                return null;
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var local } } when reportedDataArrays.Contains(local):
                return null;
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local.Type: IArrayTypeSymbol { ElementType: var elementType } } data } when MethodLowerer.BufferElementType(data.Type) is null:
                // A local array of data (int[] idx = { 0, 1, 2 }): not a local buffer, and not
                // "only locals may be assigned" either (a new user's trial, stop 29).
                Unsupported(target, $"writing into '{data.Local.Name}', a local array of '{elementType.ToDisplayString()}' (only arrays of double or float are local buffers a method may write; an array of data is read-only here: compute each value where it is used)");
                return null;
            case IArrayElementReferenceOperation { ArrayReference: IFieldReferenceOperation { Field.ContainingType.IsTupleType: true } held }:
                // t.Item1[k] = …: a buffer held in a tuple (a new user's trial, stop 31: "only locals
                // may be assigned" misled, the buffer being a local's).
                Unsupported(target, $"writing into an array through a tuple's element ('{held.Syntax}'): write through a local that holds the array (var h = {held.Syntax}; h[k] = …)");
                return null;
            case IArrayElementReferenceOperation element:
                ReportWrite(target, "array element", element.Syntax.ToString());
                return null;
            default:
                ReportWrite(target, "target", target.Syntax.ToString());
                return null;
        }
    }

    private void ReportWrite(IOperation target, string kind, string name)
    {
        if (reported.Add(target.Syntax))
        {
            Report(DiagnosticDescriptors.WriteToNonLocal, target.Syntax.GetLocation(), kind, name);
        }
    }

    private Expr LowerCompoundAssignment(ICompoundAssignmentOperation compound)
    {
        var op = MapBinary(compound.OperatorKind);
        if (op is null || compound.OperatorMethod is not null)
        {
            return Unsupported(compound, ConstructNames.Of(compound));
        }

        if (compound.Type?.SpecialType == SpecialType.System_String)
        {
            // s += v: the string + operator, whose parameters Roslyn gives as object (written as
            // such, (object)s + (object)v does not compile: found in stop 25).
            return UserFormatting(compound.Value, compound) ?? LowerAssignment(
                compound.Target,
                () =>
                {
                    var current = ReadTarget(compound.Target);
                    int mark = block.Count;
                    var right = LowerConcatenated(compound, compound.Value);
                    return Concatenation(compound, compound.Target, compound.Value, HoldIfOvertaken(current, mark), right);
                },
                compound);
        }

        return LowerAssignment(
            compound.Target,
            () =>
            {
                var current = ReadTarget(compound.Target);
                int mark = block.Count;
                var right = LowerExpression(compound.Value);
                current = HoldIfOvertaken(current, mark);
                string operationType = TypeOf(compound.Value.Type);
                if (ExprFactory.IsReal(current.Type) && !ExprFactory.IsReal(operationType))
                {
                    operationType = current.Type;
                }

                var left = ExprFactory.Convert(current, operationType);
                right = ExprFactory.Convert(right, operationType);
                bool activeOperation = IsActive(left) || IsActive(right);
                if (activeOperation)
                {
                    left = Materialize(left);
                    right = Materialize(right);
                }

                Expr result = OverflowContext(compound, new BinaryExpr(op.Value, left, right, operationType), compound.IsChecked);
                if (operationType != current.Type)
                {
                    result = OverflowContext(compound, new ConvertExpr(activeOperation ? Materialize(result) : result, current.Type), compound.IsChecked);
                }

                return result;
            },
            compound);
    }

    private Expr LowerIncrement(IIncrementOrDecrementOperation increment)
    {
        Expr? old = null;
        var result = LowerAssignment(
            increment.Target,
            () =>
            {
                // The old value, held in a variable: an element read would see the store.
                old = Materialize(ReadTarget(increment.Target));
                string type = old.Type;
                var op = increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;

                // byte, short, char, … are added in int, then converted back (as C# does).
                // An enum steps by an int: e + 1 is an enum again.
                string promoted = PromotedType(type);
                bool isEnum = increment.Target.Type?.TypeKind == TypeKind.Enum;
                Expr next = new BinaryExpr(op, old, new ConstExpr(1, isEnum ? "int" : promoted), promoted);
                return promoted == type ? OverflowContext(increment, next, increment.IsChecked) : OverflowContext(increment, new ConvertExpr(next, type), increment.IsChecked);
            },
            increment);
        return increment.IsPostfix && old is not null ? old : result;
    }

    /// <summary>
    /// <c>(a, h[i]) = (…, …)</c>: as C# does, the targets' indices are evaluated first, left to
    /// right, then the value's elements, and only then are they assigned, so that
    /// <c>(h[i], h[j]) = (h[j], h[i])</c> swaps.
    /// </summary>
    private Expr LowerDeconstruction(IDeconstructionAssignmentOperation deconstruction)
    {
        if (DeconstructsNonTuple(deconstruction.Value))
        {
            // var (lo, hi) = r with r's Deconstruct method: a call with out parameters, which the
            // tuple lowering would read as Item1, Item2 (CS1061; found in a new user's trial).
            return Unsupported(deconstruction, $"deconstructing a '{deconstruction.Value.Type?.ToDisplayString()}' through its Deconstruct method (read its members instead)");
        }

        var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
        var indices = new Dictionary<IOperation, Expr>();
        LowerElementTargetIndices(target, indices);
        var value = LowerExpression(deconstruction.Value);
        if (indices.Count > 0)
        {
            value = MaterializeElements(value);
        }

        AssignTuple(target, value, indices);
        return value;
    }

    /// <summary>Whether the value is deconstructed through a Deconstruct method: it is no tuple (a tuple literal, or a value of a tuple type).</summary>
    private static bool DeconstructsNonTuple(IOperation value)
        => value is not ITupleOperation && value.Type is not INamedTypeSymbol { IsTupleType: true };

    private void LowerElementTargetIndices(IOperation target, Dictionary<IOperation, Expr> indices)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        if (target is ITupleOperation tuple)
        {
            foreach (var element in tuple.Elements)
            {
                LowerElementTargetIndices(element, indices);
            }
        }
        else if (LocalBufferElement(target) is { } element)
        {
            indices[target] = LowerIndex(element.Index);
        }
    }

    /// <summary>Every element of a tuple value in a variable of its own (evaluated now, before any store).</summary>
    private Expr MaterializeElements(Expr value)
        => value is TupleExpr tuple ? tuple with { Elements = tuple.Elements.Select(MaterializeElements).ToEquatableArray() } : Materialize(value);

    private void AssignTuple(IOperation target, Expr value, Dictionary<IOperation, Expr> indices)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        if (target is ITupleOperation tupleTarget)
        {
            if (value is not TupleExpr && !IsActive(value) && tupleTarget.Type is INamedTypeSymbol { IsTupleType: true } targetType)
            {
                // A tuple from a call or a tuple-typed value: take its elements apart.
                var whole = Materialize(value);
                var items = targetType.TupleElements.Select((element, i) => (Expr)new TemplateExpr(
                    EquatableArray.Create("", ".Item" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    EquatableArray.Create(whole),
                    TypeOf(element.Type),
                    HasSideEffects: false));
                value = new TupleExpr(items.ToEquatableArray(), whole.Type);
            }

            if (value is not TupleExpr tuple || tuple.Elements.Count != tupleTarget.Elements.Length)
            {
                Unsupported(target, "deconstructing a value that is not a tuple");
                return;
            }

            for (int i = 0; i < tuple.Elements.Count; i++)
            {
                AssignTuple(tupleTarget.Elements[i], tuple.Elements[i], indices);
            }

            return;
        }

        if (indices.TryGetValue(target, out var index) && LocalBufferElement(target) is { } element)
        {
            StoreElement(target, element.Buffer, index, () => value);
            return;
        }

        if (TupleElementTarget(target) is { } tupleElement)
        {
            AssignTupleElement(tupleElement.Local, tupleElement.Path, value);
            return;
        }

        var symbol = AssignableLocal(target, target);
        if (symbol is not null)
        {
            AssignLocal(symbol, value);
        }
    }

    // ---------------------------------------------------------------- tuple elements written in place

    /// <summary>
    /// An element of a tuple local written in place (<c>t.Item1</c>, <c>p.a</c>, <c>t.Item2.Item1</c>):
    /// the local (or by-value parameter) and the element's position at each level, else null.
    /// </summary>
    private (ISymbol Local, IReadOnlyList<int> Path)? TupleElementTarget(IOperation target)
    {
        var path = new List<int>();
        while (target is IFieldReferenceOperation { Instance: { } instance } field && instance.Type is INamedTypeSymbol { IsTupleType: true } tupleType)
        {
            int position = TupleElementPosition(tupleType, field.Field);
            if (position < 0)
            {
                return null;
            }

            path.Insert(0, position);
            target = instance;
        }

        ISymbol? symbol = target switch
        {
            ILocalReferenceOperation local => ResolveRef(local.Local),
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        return path.Count == 0 || symbol is null ? null : (symbol, path);
    }

    /// <summary>The position of a tuple's element field (<c>Item2</c> or its name), or −1 (<c>Rest</c>).</summary>
    private static int TupleElementPosition(INamedTypeSymbol tupleType, IFieldSymbol field)
    {
        var elements = tupleType.TupleElements;
        var key = field.CorrespondingTupleField ?? field;
        for (int i = 0; i < elements.Length; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(elements[i].CorrespondingTupleField ?? elements[i], key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// <c>t.Item1 = value</c>: a tuple local is a tuple of its elements' values, so writing one
    /// element binds a new variable for it and leaves the others as they are; loops and branches
    /// then carry and merge the element like any other local.
    /// </summary>
    private Expr AssignTupleElement(ISymbol local, IReadOnlyList<int> path, Expr value)
    {
        if (terminated)
        {
            return value;
        }

        var type = local switch
        {
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            _ => null,
        };
        env.TryGetValue(local, out var current);
        var updated = WithElement(current, type, path, 0, value, local.Name, out var bound);
        env[local] = updated;
        return bound;
    }

    private Expr WithElement(Expr? whole, ITypeSymbol? type, IReadOnlyList<int> path, int level, Expr value, string name, out Expr bound)
    {
        var tuple = TakeApart(whole, type);
        var elementTypes = ((INamedTypeSymbol)type!).TupleElements;
        int position = path[level];
        var elements = tuple.Elements.ToList();
        string elementName = name + "_" + (position + 1).ToString(CultureInfo.InvariantCulture);
        elements[position] = level == path.Count - 1
            ? bound = Bind(elementName, TypeOf(elementTypes[position].Type), value)
            : WithElement(elements[position], elementTypes[position].Type, path, level + 1, value, elementName, out bound);
        return tuple with { Elements = elements.ToEquatableArray() };
    }

    /// <summary>
    /// A tuple-typed value as a tuple of its elements: itself if it is one; a variable's elements
    /// (<c>t.Item1</c>, …, the value held in a variable first); for a local not assigned yet (C#
    /// lets <c>(double, double) t; t.Item1 = …;</c> assign it element by element), placeholders
    /// that C#'s definite assignment guarantees are never read.
    /// </summary>
    private TupleExpr TakeApart(Expr? whole, ITypeSymbol? type)
    {
        if (whole is TupleExpr tuple)
        {
            return tuple;
        }

        var tupleType = (INamedTypeSymbol)type!;
        if (whole is null)
        {
            return new TupleExpr(tupleType.TupleElements.Select(e => e.Type is INamedTypeSymbol { IsTupleType: true } ? TakeApart(null, e.Type) : Placeholder(e.Type)).ToEquatableArray(), TypeOf(tupleType));
        }

        return TakeApartValue(whole, tupleType.TupleElements.Select(e => TypeOf(e.Type)).ToList(), TypeOf(tupleType));
    }

    /// <summary>The elements <c>v.Item1</c>, <c>v.Item2</c>, … of a tuple-typed value, held in a variable <c>v</c> first.</summary>
    private TupleExpr TakeApartValue(Expr whole, IReadOnlyList<string> elementTypes, string tupleType)
    {
        var held = whole as VarExpr;
        if (held is null)
        {
            var v = new Var(names.Numbered("t"), whole.Type);
            Assign(v, whole);
            held = new VarExpr(v);
        }

        return new TupleExpr(
            elementTypes.Select((type, i) => (Expr)new TemplateExpr(
                EquatableArray.Create("", ".Item" + (i + 1).ToString(CultureInfo.InvariantCulture)),
                EquatableArray.Create<Expr>(held),
                type,
                HasSideEffects: false)).ToEquatableArray(),
            tupleType);
    }

    // ---------------------------------------------------------------- conditional values

    private Expr LowerConditionalExpression(IConditionalOperation conditional)
    {
        var condition = LowerExpression(conditional.Condition);
        if (terminated)
        {
            return Placeholder(conditional.Type);
        }

        var result = ResultSlot(conditional.Type);
        Branch(
            condition,
            () => AssignResult(result, LowerExpression(conditional.WhenTrue)),
            () => AssignResult(result, LowerExpression(conditional.WhenFalse!)));
        return CheckedChoice(conditional, result);
    }

    /// <summary>
    /// Where a conditional value is put on each path: a new variable, or for a tuple type a tuple
    /// of new variables (one per element, nested tuples too), since tuples are taken apart.
    /// </summary>
    private Expr ResultSlot(ITypeSymbol? type, string name = "t")
    {
        if (type?.SpecialType == SpecialType.System_Void)
        {
            return new TupleExpr(EquatableArray<Expr>.Empty, "void");
        }

        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            return new TupleExpr(tuple.TupleElements.Select(e => ResultSlot(e.Type, name)).ToEquatableArray(), TypeOf(type));
        }

        return new VarExpr(new Var(names.Numbered(name), TypeOf(type)));
    }

    private void AssignResult(Expr slot, Expr value)
    {
        if (terminated)
        {
            return;
        }

        if (slot is TupleExpr slots)
        {
            if (value is not TupleExpr && !IsActive(value))
            {
                // A tuple-typed value (a call's result): take its elements apart.
                var whole = Materialize(value);
                value = new TupleExpr(
                    slots.Elements.Select((e, i) => (Expr)new TemplateExpr(EquatableArray.Create("", ".Item" + (i + 1).ToString(CultureInfo.InvariantCulture)), EquatableArray.Create(whole), e.Type, HasSideEffects: false)).ToEquatableArray(),
                    whole.Type);
            }

            if (value is TupleExpr values && values.Elements.Count == slots.Elements.Count)
            {
                for (int i = 0; i < slots.Elements.Count; i++)
                {
                    AssignResult(slots.Elements[i], values.Elements[i]);
                }
            }

            return;
        }

        AssignResult(((VarExpr)slot).Var, value);
    }

    /// <summary>
    /// <c>a ?? b</c> with <c>a</c> inactive (a reference or a nullable value): a branch on
    /// <c>a != null</c>, so <c>b</c> runs only when C# would run it, and may be active.
    /// </summary>
    private Expr LowerCoalesce(ICoalesceOperation coalesce)
    {
        var left = LowerExpression(coalesce.Value);
        if (IsActive(left) || IsActiveBuffer(left))
        {
            return Unsupported(coalesce, "the ?? operator on an active value");
        }

        left = Materialize(left);
        if (terminated)
        {
            return Placeholder(coalesce.Type);
        }

        var result = new Var(names.Numbered("t"), TypeOf(coalesce.Type));
        var isNotNull = new BinaryExpr(BinaryOp.NotEqual, left, new LiteralExpr("null", left.Type), "bool");
        Branch(
            isNotNull,
            () => AssignResult(result, left.Type == result.Type ? left : new ConvertExpr(left, result.Type)),
            () => AssignResult(result, LowerExpression(coalesce.WhenNull)));
        return new VarExpr(result);
    }

    private void AssignResult(Var result, Expr value)
    {
        if (!terminated)
        {
            value = ExprFactory.Convert(value, result.Type);
            Assign(result, value);
            if (IsRealBuffer(result.Type))
            {
                // One of several arrays or spans (c ? w : u, a switch expression): active if any of
                // them is (a callee then differentiates it), and never writable (it is not owned).
                AddChoice(result, value);
                if (IsActiveBuffer(value))
                {
                    active.Add(result);
                }
            }
        }
    }

    /// <summary>
    /// The result of a ?: or switch expression, unless it is one of several arrays or spans, one of
    /// them active, chosen where that cannot be differentiated: inside a loop (each iteration could
    /// choose another array, as a view made in a loop could), or beside data (a [NoDerivative] array,
    /// a field, a call's result), whose elements have no tangent or adjoint to share. Those are reported.
    /// </summary>
    private Expr CheckedChoice(IOperation operation, Expr result)
    {
        if (result is TupleExpr tuple)
        {
            // (c ? (w, x) : (Data, 1.0)): each element is a choice of its own (reported once each).
            foreach (var element in tuple.Elements)
            {
                CheckedChoice(operation, element);
            }

            return result;
        }

        return result is not VarExpr { Var: var slot } || !IsRealBuffer(slot.Type) || !active.Contains(slot) ? result
            : loops.Count > 0 ? Unsupported(operation, "choosing one of several active arrays or spans inside a loop (choose it before the loop, into a variable)")
            : MixesDataWithActive(slot) ? Unsupported(operation, "choosing between an active array or span and inactive data ([NoDerivative], a field, a call's result)")
            : result;
    }

    private Expr LowerSwitchExpression(ISwitchExpressionOperation switchExpression)
    {
        var value = Materialize(LowerExpression(switchExpression.Value));
        if (terminated)
        {
            return Placeholder(switchExpression.Type);
        }

        var result = ResultSlot(switchExpression.Type);
        LowerSwitchArms(switchExpression, value, result, 0);
        return CheckedChoice(switchExpression, result);
    }

    private void LowerSwitchArms(ISwitchExpressionOperation switchExpression, Expr value, Expr result, int index)
    {
        if (index == switchExpression.Arms.Length)
        {
            // No arm matched: C# throws SwitchExpressionException.
            Emit(new ThrowStmt(new TemplateExpr(EquatableArray.Create("new global::System.Runtime.CompilerServices.SwitchExpressionException()"), EquatableArray<Expr>.Empty, "global::System.Exception", HasSideEffects: true), origin));
            terminated = true;
            return;
        }

        var arm = switchExpression.Arms[index];
        var test = LowerPattern(arm.Pattern, value);
        if (arm.Guard is not null)
        {
            test = ShortCircuit(test, () => LowerExpression(arm.Guard), isAnd: true);
        }

        if (test.Equals(True))
        {
            AssignResult(result, LowerExpression(arm.Value));
            return;
        }

        Branch(
            test,
            () => AssignResult(result, LowerExpression(arm.Value)),
            () => LowerSwitchArms(switchExpression, value, result, index + 1));
    }

    private Expr LowerPattern(IPatternOperation pattern, Expr value)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant when constant.Value.ConstantValue is { HasValue: true, Value: null }:
                // x is null: a reference test, as the pattern is (no user-defined ==), written so that
                // it compiles for a type parameter too (T?, unconstrained, notnull or a struct; found in
                // a new user's trial: x == (T)null was CS0019); a Nullable<T> boxes to null when empty.
                return IsNull(value);
            case IConstantPatternOperation constant:
                return ConstantTest(value, ExprFactory.Convert(LowerExpression(constant.Value), value.Type));
            case IRelationalPatternOperation relational:
                return new BinaryExpr(MapBinary(relational.OperatorKind) ?? BinaryOp.Equal, value, ExprFactory.Convert(LowerExpression(relational.Value), value.Type), "bool");
            case IDiscardPatternOperation:
                return True;
            case INegatedPatternOperation negated:
                return new UnaryExpr(UnaryOp.Not, LowerPattern(negated.Pattern, value), "bool");
            case IBinaryPatternOperation binary:
            {
                // In `o is double d and > 0` the right side tests the value as the left narrowed it
                // (found in review: `tag > (T)0.0` for a T tag was CS0030, `o > 0.0` for an object CS0019);
                // the && runs it only where the left matched.
                var right = value;
                if (binary.OperatorKind == BinaryOperatorKind.And && binary.RightPattern.InputType is { } narrowed
                    && !SameType(narrowed, value) && !IsActive(value) && !IsActiveBuffer(value))
                {
                    right = As(value, binary.LeftPattern.InputType, narrowed);
                }

                // The right side runs only where C# runs it: a property or list pattern reads members
                // and elements (a review of stop 25: ((Opt)o).Scale read before o is Opt).
                return ShortCircuit(LowerPattern(binary.LeftPattern, value), () => LowerPattern(binary.RightPattern, right), binary.OperatorKind != BinaryOperatorKind.Or);
            }
            case IDeclarationPatternOperation declaration when SameType(declaration.NarrowedType, value):
                if (declaration.DeclaredSymbol is ILocalSymbol local)
                {
                    BindPatternLocal(local, value);
                }

                return True;
            case ITypePatternOperation typePattern when SameType(typePattern.NarrowedType, value):
                return True;
            case IDeclarationPatternOperation or ITypePatternOperation when !IsActive(value) && !IsActiveBuffer(value) && pattern.NarrowedType is { } narrowed:
                // A type test of inactive data (o is string s): the test, and the local bound to
                // the value as that type (read only where the test passed).
                if (pattern is IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared })
                {
                    BindPatternLocal(declared, As(value, pattern.InputType, narrowed));
                }

                return Is(value, narrowed);
            case IRecursivePatternOperation recursive when recursive.DeconstructionSubpatterns.IsEmpty:
                return PropertyPattern(recursive, value);
            case IListPatternOperation list:
                return ListPattern(list, value);
            default:
                return Unsupported(pattern, ConstructNames.Of(pattern));
        }
    }

    /// <summary>
    /// A property pattern (<c>s is { Length: &gt; 0 }</c>, <c>o is Options { Scale: &gt; 1 } options</c>,
    /// <c>p is { Inner.Count: 2 }</c>): the type test (or, for a reference or nullable value, the null
    /// test), then each member's pattern on a read of the member, left to right, each only where the
    /// tests before it passed; the member is read once. Of an active value only an array's or span's
    /// length may be read (<see cref="MemberOf"/>).
    /// </summary>
    private Expr PropertyPattern(IRecursivePatternOperation recursive, Expr value)
    {
        if (recursive.MatchedType is INamedTypeSymbol { IsTupleType: true } || recursive.InputType is INamedTypeSymbol { IsTupleType: true })
        {
            // t is { Item1: var a }: a tuple's elements are its values (a review of stop 25: read as
            // a constant, or (x, y).A that did not compile).
            return Unsupported(recursive, "a property pattern on a tuple (read its elements, or deconstruct it, instead)");
        }

        var (test, narrowed) = MatchedValue(value, recursive.InputType, recursive.MatchedType);
        if (recursive.DeclaredSymbol is ILocalSymbol declared)
        {
            BindPatternLocal(declared, narrowed);
        }

        foreach (var subpattern in recursive.PropertySubpatterns)
        {
            var path = new List<IOperation>();
            for (var member = subpattern.Member; member is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput }; member = MemberInstance(member)!)
            {
                if (member is not (IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.Length: 0 }) || MemberInstance(member) is null)
                {
                    return Unsupported(subpattern, ConstructNames.Of(subpattern.Member));
                }

                path.Insert(0, member);
            }

            test = ShortCircuit(test, () => MemberPathTest(path, 0, narrowed, subpattern.Pattern), isAnd: true);
        }

        return test;
    }

    /// <summary>
    /// The test of <c>{ A.B: p }</c> (an extended property pattern is <c>{ A: { B: p } }</c>): reads
    /// <c>A</c> once, tests it for null where it can be null, then goes on into <c>B</c>.
    /// </summary>
    private Expr MemberPathTest(List<IOperation> path, int step, Expr receiver, IPatternOperation pattern)
    {
        var member = path[step];
        var symbol = member is IFieldReferenceOperation field ? (ISymbol)field.Field : ((IPropertyReferenceOperation)member).Property;
        var read = MemberOf(receiver, MemberInstance(member)!.Type, symbol, member, pattern.Syntax.ToString());
        if (read is TemplateExpr { HasSideEffects: true } && !ReadsWithoutEffect(symbol, cancellationToken) && ReadAgainInPattern(member))
        {
            // C# reads a member once for a whole pattern or switch, whatever tests it: in `o is
            // { P: 1 } or { P: 2 }` P's getter runs once (a review of stop 25: twice, another value).
            // A field or an auto-property reads the same value again, without an effect.
            return Unsupported(member, $"a getter with code of its own ('{symbol.Name}') tested in more than one place of one pattern or switch (C# runs it once there; read it into a local first and test that)");
        }

        var held = HoldForPattern(read, pattern, readAgain: step < path.Count - 1);
        if (step == path.Count - 1)
        {
            return LowerPattern(pattern, held);
        }

        var (notNull, _) = MatchedValue(held, member.Type, member.Type);
        return ShortCircuit(notNull, () => MemberPathTest(path, step + 1, held, pattern), isAnd: true);
    }

    /// <summary>
    /// Binds a local a pattern declares (<c>o is double d</c>, <c>[.., var last]</c>). It may be
    /// bound on one path only (<c>c &amp;&amp; o is double d</c>, a list pattern's later parts): C#
    /// reads it only where the pattern matched, so where the paths merge it keeps that value
    /// (<see cref="patternLocals"/>).
    /// </summary>
    private void BindPatternLocal(ILocalSymbol local, Expr value)
    {
        patternLocals.Add(local);
        env[local] = value;
    }

    /// <summary>
    /// A member or element a pattern tests, held in a variable where reading it again would differ:
    /// a call (read once, where C# reads it), a read the next member of a path reads again
    /// (<paramref name="readAgain"/>), or one the pattern binds a local to (<c>[.., var last]</c>,
    /// <c>{ P: var p }</c>: the value at the test, not the element read again after a store).
    /// </summary>
    private Expr HoldForPattern(Expr read, IPatternOperation pattern, bool readAgain)
        => read is TemplateExpr { HasSideEffects: true } || (readAgain && read is TemplateExpr) || DeclaresLocals(pattern) ? Materialize(read) : read;

    /// <summary>Whether a pattern (or a part of it) declares a local (<c>var x</c>, <c>double d</c>, <c>{ } o</c>, <c>[..] l</c>).</summary>
    private static bool DeclaresLocals(IPatternOperation pattern)
        => pattern.DescendantsAndSelf().Any(p => p switch
        {
            IDeclarationPatternOperation { DeclaredSymbol: not null } => true,
            IRecursivePatternOperation { DeclaredSymbol: not null } => true,
            IListPatternOperation { DeclaredSymbol: not null } => true,
            _ => false,
        });

    /// <summary>
    /// Whether another part of the same pattern, or of the same switch, tests the member this
    /// subpattern's <paramref name="member"/> reads (the same member on the same path from the input).
    /// </summary>
    private static bool ReadAgainInPattern(IOperation member)
    {
        IOperation root = member;
        while (root.Parent is IPatternOperation or IPropertySubpatternOperation or ISwitchExpressionArmOperation or IPatternCaseClauseOperation or ISwitchCaseOperation)
        {
            root = root.Parent;
        }

        root = root.Parent is ISwitchOperation or ISwitchExpressionOperation ? root.Parent : root;
        string path = MemberPath(member);
        return root.DescendantsAndSelf().OfType<IPropertySubpatternOperation>().Select(p => p.Member)
            .SelectMany(m => m.DescendantsAndSelf())
            .Count(m => m is IPropertyReferenceOperation or IFieldReferenceOperation && MemberPath(m) == path) > 1;
    }

    /// <summary>
    /// Whether reading the member runs no code of the user's: a field, an auto-property of source
    /// (<c>{ get; init; }</c>), or a positional record's property (a trial of stop 25: a switch on a
    /// record's properties was refused).
    /// </summary>
    private static bool ReadsWithoutEffect(ISymbol member, System.Threading.CancellationToken cancellationToken) => member switch
    {
        IFieldSymbol => true,
        IPropertySymbol { GetMethod: { } getter } property => getter.IsImplicitlyDeclared
            || property.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).Any(syntax => syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax
                || syntax is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors }
                    && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null)),
        _ => false,
    };

    /// <summary><c>Inner.Name</c>: the members from the pattern's input to this one.</summary>
    private static string MemberPath(IOperation member)
        => member switch
        {
            IPropertyReferenceOperation property => MemberPath(property.Instance!) + "." + property.Property.Name,
            IFieldReferenceOperation field => MemberPath(field.Instance!) + "." + field.Field.Name,
            _ => "",
        };

    private static IOperation? MemberInstance(IOperation member) => member switch
    {
        IFieldReferenceOperation field => field.Instance,
        IPropertyReferenceOperation property => property.Instance,
        _ => null,
    };

    /// <summary>
    /// What a property or list pattern tests first: that the value has the matched type (and is then
    /// read as that type), or, of the input's own type, that it is not null where it can be.
    /// </summary>
    private (Expr Test, Expr Narrowed) MatchedValue(Expr value, ITypeSymbol? input, ITypeSymbol? matched)
    {
        if (matched is not null && !SameType(matched, value))
        {
            return (Is(value, matched), As(value, input, matched));
        }

        bool nullable = input is { IsReferenceType: true } or ITypeParameterSymbol { IsValueType: false }
            || input is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        return nullable ? (new UnaryExpr(UnaryOp.Not, IsNull(value), "bool"), value) : (True, value);
    }

    /// <summary><c>((object)value == null)</c>: a reference test, for a type parameter's value too.</summary>
    private static Expr IsNull(Expr value)
        => new TemplateExpr(EquatableArray.Create("((object)", " == null)"), EquatableArray.Create(value), "bool", HasSideEffects: false);

    /// <summary><c>(value is T)</c>.</summary>
    private static Expr Is(Expr value, ITypeSymbol type)
        => new TemplateExpr(EquatableArray.Create("(", " is " + TypeOf(type) + ")"), EquatableArray.Create(value), "bool", HasSideEffects: false);

    /// <summary>
    /// <c>((T)value)</c>, read where a test of the type passed; a value of a type parameter converts
    /// to a concrete type only through object (C# has no (double)tag for a T tag: CS0030; found by a
    /// new user's trial).
    /// </summary>
    private static Expr As(Expr value, ITypeSymbol? input, ITypeSymbol type)
        => new TemplateExpr(EquatableArray.Create("((" + TypeOf(type) + ")" + (MentionsTypeParameter(input) ? "(object)" : ""), ")"), EquatableArray.Create(value), TypeOf(type), HasSideEffects: false);

    /// <summary>
    /// A list pattern (<c>a is [_, &gt; 0.5, ..]</c>, <c>s is [.., 'x']</c>) on an array, a span or a
    /// string: the null test, the length (equal to the number of patterns, or at least the others
    /// with a <c>..</c>), then each element's pattern, left to right, elements after the <c>..</c>
    /// counted from the end. A slice with a pattern of its own (<c>.. var rest</c>) is not lowered.
    /// </summary>
    private Expr ListPattern(IListPatternOperation list, Expr value)
    {
        int slice = list.Patterns.IndexOf(list.Patterns.FirstOrDefault(p => p is ISlicePatternOperation)!);
        var elementType = list.InputType switch
        {
            IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
            { SpecialType: SpecialType.System_String } => list.InputType,
            _ => (list.IndexerSymbol as IPropertySymbol)?.Type,
        };
        if (slice >= 0 && list.Patterns[slice] is ISlicePatternOperation { Pattern: not (null or IDiscardPatternOperation) } captured)
        {
            return Unsupported(captured, "a slice pattern that captures or tests the elements it covers ('.. var rest'); match the elements you need, or slice the data outside the pattern");
        }

        if (list.LengthSymbol is not IPropertySymbol lengthProperty || elementType is null || list.IndexerSymbol is IMethodSymbol
            || !(list.NarrowedType is IArrayTypeSymbol || list.NarrowedType?.SpecialType == SpecialType.System_String
                || list.NarrowedType is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" or "List", ContainingNamespace: { Name: "System" or "Generic" } }))
        {
            // Another collection's Count and indexer are its own code, which C# runs once per
            // pattern or switch (a review of stop 25).
            return Unsupported(list, ConstructNames.Of(list) + " on a '" + list.InputType?.ToDisplayString() + "' (use an array, a span, a string or a List<T>)");
        }

        string element = list.InputType?.SpecialType == SpecialType.System_String ? "char" : TypeOf(elementType);
        var (test, narrowed) = MatchedValue(value, list.InputType, list.NarrowedType);
        if (list.DeclaredSymbol is ILocalSymbol declared)
        {
            BindPatternLocal(declared, narrowed);
        }

        // An array's, a span's or a string's length and elements are plain reads; another collection's
        // (a List<T>'s Count) is a call, read once.
        bool plain = MethodLowerer.BufferElementType(list.InputType) is not null || list.InputType?.SpecialType == SpecialType.System_String
            || list.InputType is IArrayTypeSymbol || list.InputType is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace.Name: "System" };
        int fixedCount = list.Patterns.Length - (slice >= 0 ? 1 : 0);
        Expr length = new TemplateExpr(EquatableArray.Create("", "." + lengthProperty.Name), EquatableArray.Create(narrowed), "int", HasSideEffects: !plain);
        test = ShortCircuit(test, () =>
        {
            length = plain ? length : Materialize(length);
            return new BinaryExpr(slice >= 0 ? BinaryOp.GreaterOrEqual : BinaryOp.Equal, length, new ConstExpr(fixedCount, "int"), "bool");
        }, isAnd: true);
        for (int i = 0; i < list.Patterns.Length; i++)
        {
            if (i == slice || list.Patterns[i] is IDiscardPatternOperation)
            {
                continue;
            }

            int position = i;
            test = ShortCircuit(test, () =>
            {
                Expr index = slice < 0 || position < slice
                    ? new ConstExpr(position, "int")
                    : new BinaryExpr(BinaryOp.Subtract, length, new ConstExpr(list.Patterns.Length - position, "int"), "int");
                var read = MethodLowerer.BufferElementType(list.InputType) is not null
                    ? ReadElement(narrowed, index, element)
                    : new TemplateExpr(EquatableArray.Create("", "[", "]"), EquatableArray.Create(narrowed, index), element, HasSideEffects: !plain);
                return LowerPattern(list.Patterns[position], HoldForPattern(read, list.Patterns[position], readAgain: false));
            }, isAnd: true);
        }

        return test;
    }

    /// <summary>Whether a type is or has a type parameter (<c>T</c>, <c>T?</c> of a struct-constrained T, <c>List&lt;T&gt;</c>).</summary>
    private static bool MentionsTypeParameter(ITypeSymbol? type) => type switch
    {
        ITypeParameterSymbol => true,
        IArrayTypeSymbol array => MentionsTypeParameter(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(MentionsTypeParameter),
        _ => false,
    };

    /// <summary>
    /// A constant pattern (<c>case 1.5:</c>, <c>double.NaN =&gt; …</c>): equality, except that the
    /// pattern <c>NaN</c> matches NaN (pattern matching uses <c>IsNaN</c> there, unlike <c>==</c>).
    /// </summary>
    private static Expr ConstantTest(Expr value, Expr constant)
        => constant is ConstExpr c && double.IsNaN(c.Value) && ExprFactory.IsReal(value.Type)
            ? new TemplateExpr(EquatableArray.Create((value.Type == "float" ? "float" : "double") + ".IsNaN(", ")"), EquatableArray.Create(value), "bool", HasSideEffects: false)
            : new BinaryExpr(BinaryOp.Equal, value, constant, "bool");

    private static bool SameType(ITypeSymbol? type, Expr value) => type is not null && TypeOf(type) == value.Type;
}
