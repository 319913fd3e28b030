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
    /// <summary>The calls that write a buffer as a whole which <see cref="LowerWholeBufferCall"/> lowers.</summary>
    private enum WholeBufferCall
    {
        /// <summary><c>y.Clear()</c>, <c>Array.Clear(h)</c>.</summary>
        Clear,

        /// <summary><c>y.Fill(v)</c>, <c>Array.Fill(h, v)</c>.</summary>
        Fill,

        /// <summary><c>x.CopyTo(h)</c> (a span's, or an array's into a span).</summary>
        CopyTo,

        /// <summary><c>Array.Copy(x, h, n)</c>, <c>Array.Copy(x, i, h, j, n)</c>.</summary>
        ArrayCopy,
    }

    /// <summary>
    /// <c>y.Clear()</c>, <c>y.Fill(v)</c>, <c>Array.Clear(h)</c>, <c>Array.Fill(h, v)</c>,
    /// <c>x.CopyTo(h)</c> and <c>Array.Copy</c> into a span output or a local buffer of this method:
    /// lowered as the loop the user would otherwise write (<c>for (int k = 0; k &lt; y.Length; k++) y[k] = v;</c>),
    /// so that every analysis and transform treats it as that loop: a <c>Clear</c> or <c>Fill</c> is
    /// a full write (a scratch buffer, an output a callee writes whole), and the element stores carry
    /// the derivatives (zero for a clear, the source's for a copy). A copy first runs the call's
    /// checks, throwing what it throws; a copy between buffers that may share memory is reported (the
    /// loop would not move elements as the call does), as is a write with derivatives at stake into
    /// memory this method did not allocate. Null when the call is none of these, or writes only
    /// inactive values into memory this method did not allocate (the caller then emits it as any
    /// other call).
    /// </summary>
    private Expr? LowerWholeBufferCall(IInvocationOperation invocation, IMethodSymbol target, Expr? instance, IReadOnlyList<(IArgumentOperation Argument, Expr Value)> lowered)
    {
        if (WholeBufferCallOf(target, instance is not null, lowered.Count) is not { } kind)
        {
            return null;
        }

        // The destination: the instance of a span's method, else the first argument (Array.Clear,
        // Array.Fill) or, for a copy, the argument after the source (x.CopyTo(h), an array's
        // extension CopyTo, an array's x.CopyTo(h, 0)).
        var destination = kind switch
        {
            WholeBufferCall.CopyTo => lowered[instance is null ? 1 : 0].Value,
            WholeBufferCall.ArrayCopy => lowered[lowered.Count == 5 ? 2 : 1].Value,
            _ => instance ?? lowered[0].Value,
        };
        if ((invocation.Instance is { } receiver && ReportedWithin(receiver.Syntax)) || lowered.Any(a => ReportedWithin(a.Argument.Syntax)))
        {
            // A part is reported already (a view made in a loop): not the call again.
            return Placeholder(invocation.Type);
        }

        var held = WholeView(destination);
        if (held is not VarExpr { Var: var buffer } destinationVar || !owned.Contains(buffer))
        {
            // Memory this method did not allocate (a parameter's array, data, a call's result):
            // written with derivatives at stake, reported as a store into it is (with inactive
            // values only, a call like any other).
            bool active = IsActiveBuffer(held) || lowered.Any(a => a.Value != destination && (HoldsActive(a.Value) || IsActiveBuffer(a.Value))) || (instance is not null && instance != destination && IsActiveBuffer(instance));
            return !active ? null
                : Unsupported(invocation, held is VarExpr { Var: var chosen } && RootsOf(chosen) is { Count: > 1 } roots && roots.All(owned.Contains)
                    ? $"writing through '{DestinationSyntax(invocation, kind, lowered)}', which holds one of several local buffers chosen by a condition (write into each buffer by its own name)"
                    : $"writing into '{DestinationSyntax(invocation, kind, lowered)}', an array or span this method did not allocate (copy it into a local buffer made with new or stackalloc first)");
        }

        if (Differentiation.ArrayPlumbing.ElementTypeOf(buffer.Type) is not { } elementType)
        {
            return null;
        }

        if (!IsActiveBuffer(destinationVar))
        {
            return null;
        }

        var done = new LiteralExpr("default", "void");
        switch (kind)
        {
            case WholeBufferCall.Clear:
                EachElement(buffer, null, LengthOf(destinationVar), _ => ExprFactory.Const(0, elementType));
                return done;
            case WholeBufferCall.Fill:
            {
                var value = ExprFactory.Convert(lowered[lowered.Count - 1].Value, elementType);
                if (!Cleanup.IsPure(value) || IsActive(value))
                {
                    // Evaluated once, as the call evaluates its argument once.
                    value = Materialize(value);
                }

                EachElement(buffer, null, LengthOf(destinationVar), _ => value);
                return done;
            }

            case WholeBufferCall.CopyTo:
            {
                if (lowered.Count == 2 && instance is not null && lowered[1].Value is not ConstExpr { Value: 0 })
                {
                    return Unsupported(invocation, "an array's CopyTo at an index other than 0 (copy into a view instead: x.CopyTo(h.AsSpan(index)), made before any loop)");
                }

                // MemoryExtensions.CopyTo(this T[] source, …) takes a null array as an empty span.
                var sourceOperation = instance is null ? lowered[0].Argument.Value : invocation.Instance!;
                bool nullIsEmpty = instance is null;
                if (HeldSource(instance ?? lowered[0].Value) is not { } source)
                {
                    return null;
                }

                if (RootsOf(source.Var).Overlaps(RootsOf(buffer)))
                {
                    return SharedMemory(invocation, sourceOperation, lowered[instance is null ? 1 : 0].Argument.Value);
                }

                // CopyTo throws when the destination is shorter, and then writes nothing (an array's
                // CopyTo(h, 0) as Array.Copy does, a span's as Span.CopyTo does).
                var sourceLength = nullIsEmpty ? NullableLength(source) : LengthOf(source);
                ThrowIf(new BinaryExpr(BinaryOp.Less, LengthOf(destinationVar), sourceLength, "bool"), "ArgumentException", lowered.Count == 2 && instance is not null ? DestinationTooShortForArrayCopy : "\"Destination is too short.\", \"destination\"");
                EachElement(buffer, null, sourceLength, k => ReadElement(source, k, elementType));
                return done;
            }

            default:
            {
                // Array.Copy(source, destination, length) or (source, sourceIndex, destination, destinationIndex, length).
                bool indexed = lowered.Count == 5;
                var sourceElement = (Unconverted(lowered[0].Argument.Value).Type as IArrayTypeSymbol)?.ElementType;
                var destinationElement = (Unconverted(lowered[indexed ? 2 : 1].Argument.Value).Type as IArrayTypeSymbol)?.ElementType;
                if (sourceElement is null || destinationElement is null || invocation.SemanticModel?.Compilation is not { } compilation
                    || !(SymbolEqualityComparer.Default.Equals(sourceElement, destinationElement) || compilation.ClassifyCommonConversion(sourceElement, destinationElement) is { IsImplicit: true, IsNumeric: true }))
                {
                    // Array.Copy converts only where the runtime widens a primitive; the element copies
                    // of the loop convert as C# does, so only such pairs (int or float into double).
                    return Unsupported(invocation, $"Array.Copy from an array of '{sourceElement?.ToDisplayString() ?? "?"}' into an array of '{destinationElement?.ToDisplayString() ?? "?"}' (copy between arrays of one element type, or of a number type that widens into the other, such as int into double)");
                }

                if (HeldSource(lowered[0].Value) is not { } source)
                {
                    return null;
                }

                if (RootsOf(source.Var).Overlaps(RootsOf(buffer)))
                {
                    return SharedMemory(invocation, lowered[0].Argument.Value, lowered[indexed ? 2 : 1].Argument.Value);
                }

                var length = Materialize(lowered[indexed ? 4 : 2].Value);
                // An index 0 is no index (the loop then has the shape of a full write, h[k] = …).
                var sourceIndex = indexed && !IsZero(lowered[1].Value) ? Materialize(lowered[1].Value) : null;
                var destinationIndex = indexed && !IsZero(lowered[3].Value) ? Materialize(lowered[3].Value) : null;

                // Its checks, with the exceptions Array.Copy throws (the messages are the runtime's).
                if (source.Type.EndsWith("[]", System.StringComparison.Ordinal))
                {
                    ThrowIf(new BinaryExpr(BinaryOp.Equal, source, new LiteralExpr("null", source.Type), "bool"), "ArgumentNullException", "\"sourceArray\"");
                }

                var zero = new ConstExpr(0, "int");
                foreach (var (value, name) in new[] { (length, "length"), (sourceIndex, "sourceIndex"), (destinationIndex, "destinationIndex") })
                {
                    if (value is not null && value is not ConstExpr { Value: >= 0 })
                    {
                        ThrowIf(new BinaryExpr(BinaryOp.Less, value, zero, "bool"), "ArgumentOutOfRangeException", $"\"{name}\", \"Non-negative number required.\"");
                    }
                }

                Expr Room(VarExpr array, Expr? index) => index is null ? LengthOf(array) : new BinaryExpr(BinaryOp.Subtract, LengthOf(array), index, "int");
                ThrowIf(new BinaryExpr(BinaryOp.Less, Room(source, sourceIndex), length, "bool"), "ArgumentException", "\"Source array was not long enough. Check the source index, length, and the array's lower bounds.\", \"sourceArray\"");
                ThrowIf(new BinaryExpr(BinaryOp.Less, Room(destinationVar, destinationIndex), length, "bool"), "ArgumentException", DestinationTooShortForArrayCopy);
                EachElement(buffer, destinationIndex, length, k => ReadElement(source, sourceIndex is null ? k : new BinaryExpr(BinaryOp.Add, sourceIndex, k, "int"), elementType));
                return done;
            }
        }
    }

    /// <summary>Whether an index is the constant 0.</summary>
    private static bool IsZero(Expr index) => index is ConstExpr { Value: 0 } || (index is ConvertExpr { Operand: ConstExpr { Value: 0 } });

    /// <summary>The arguments of Array.Copy's ArgumentException for a destination too short (an array's CopyTo(h, 0) throws it too).</summary>
    private const string DestinationTooShortForArrayCopy = "\"Destination array was not long enough. Check the destination index, length, and the array's lower bounds.\", \"destinationArray\"";

    /// <summary>The operation under any conversions (an array passed as <c>System.Array</c>).</summary>
    private static IOperation Unconverted(IOperation operation)
        => operation is IConversionOperation conversion ? Unconverted(conversion.Operand) : operation;

    /// <summary>The destination of a whole-buffer call, as written.</summary>
    private static SyntaxNode DestinationSyntax(IInvocationOperation invocation, WholeBufferCall kind, IReadOnlyList<(IArgumentOperation Argument, Expr Value)> lowered) => kind switch
    {
        WholeBufferCall.CopyTo => lowered[invocation.Instance is null ? 1 : 0].Argument.Value.Syntax,
        WholeBufferCall.ArrayCopy => lowered[lowered.Count == 5 ? 2 : 1].Argument.Value.Syntax,
        _ => (invocation.Instance ?? lowered[0].Argument.Value).Syntax,
    };

    /// <summary>The source of a copy as a variable (an inactive one, such as a slice of data, held in one).</summary>
    private VarExpr? HeldSource(Expr value)
    {
        var source = WholeView(value);
        return source as VarExpr ?? Materialize(source) as VarExpr;
    }

    /// <summary>A copy between buffers that may share memory: reported (ADG0005).</summary>
    private Expr SharedMemory(IInvocationOperation invocation, IOperation source, IOperation destination)
        => Unsupported(invocation, $"copying '{source.Syntax}' into '{destination.Syntax}', which may share its memory (a loop of element copies would not move the elements as a copy does; copy through a second local buffer)");

    /// <summary><c>if (condition) throw new System.{exception}({arguments});</c></summary>
    private void ThrowIf(Expr condition, string exception, string arguments)
        => Branch(
            condition,
            () =>
            {
                Emit(new ThrowStmt(new TemplateExpr(EquatableArray.Create($"new global::System.{exception}({arguments})"), EquatableArray<Expr>.Empty, "global::System." + exception, HasSideEffects: true), origin));
                terminated = true;
            },
            () => { });

    /// <summary><c>array?.Length ?? 0</c>: the length of the span a possibly null array converts to.</summary>
    private static Expr NullableLength(VarExpr array)
        => new TemplateExpr(EquatableArray.Create("(", "?.Length ?? 0)"), EquatableArray.Create<Expr>(array), "int", HasSideEffects: false);

    /// <summary>The array <c>h</c> of a receiver <c>h.AsSpan()</c> (the whole array) of a whole-buffer call on a span; null for any other call.</summary>
    private static IOperation? WholeArrayOfWholeBufferCall(IInvocationOperation invocation)
        => invocation.Instance is IInvocationOperation { TargetMethod: { Name: "AsSpan", IsExtensionMethod: true, ContainingType: { Name: "MemoryExtensions", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }, Arguments.Length: 1 } asSpan
            && asSpan.Arguments[0].Value.Type is IArrayTypeSymbol
            && WholeBufferCallOf(invocation.TargetMethod, hasInstance: true, invocation.Arguments.Length) is not null
                ? asSpan.Arguments[0].Value
                : null;

    /// <summary>Which whole-buffer call <paramref name="target"/> is, for the shape of its call (an instance, the number of arguments).</summary>
    private static WholeBufferCall? WholeBufferCallOf(IMethodSymbol target, bool hasInstance, int argumentCount)
    {
        var type = target.ContainingType;
        if (type?.ContainingNamespace is not { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
        {
            return null;
        }

        return (type.Name, target.Name, hasInstance, argumentCount) switch
        {
            ("Span", "Clear", true, 0) => WholeBufferCall.Clear,
            ("Span", "Fill", true, 1) => WholeBufferCall.Fill,
            ("Span" or "ReadOnlySpan", "CopyTo", true, 1) => WholeBufferCall.CopyTo,
            // x.CopyTo(h, 0) of an array (another index: reported, see LowerWholeBufferCall).
            ("Array", "CopyTo", true, 2) when target.Parameters[1].Type.SpecialType == SpecialType.System_Int32 => WholeBufferCall.CopyTo,
            ("Array", "Clear", false, 1) => WholeBufferCall.Clear,
            ("Array", "Fill", false, 2) when target.Parameters[0].Type is IArrayTypeSymbol => WholeBufferCall.Fill,
            ("Array", "Copy", false, 3 or 5) when target.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Int32 || p.Type.Name == "Array") => WholeBufferCall.ArrayCopy,
            // MemoryExtensions.CopyTo(this T[] source, Span<T> destination).
            ("MemoryExtensions", "CopyTo", false, 2) when target.Parameters[0].Type is IArrayTypeSymbol => WholeBufferCall.CopyTo,
            _ => null,
        };
    }

    /// <summary>A buffer as a variable: an array converted to a span (or to <c>Array</c>) is the array itself; a slice is held in a view.</summary>
    private Expr WholeView(Expr value)
        => value is ConvertExpr { Operand: VarExpr whole } && IsRealBuffer(whole.Type) && (IsRealBuffer(value.Type) || value.Type == "global::System.Array") ? whole : HoldView(value);

    private static Expr LengthOf(VarExpr buffer)
        => new TemplateExpr(EquatableArray.Create("", ".Length"), EquatableArray.Create<Expr>(buffer), "int", HasSideEffects: false);

    /// <summary>
    /// <c>k = 0; while (k &lt; count) { buffer[offset + k] = valueAt(k); k = k + 1; }</c>: the loop of
    /// a whole-buffer call, shaped as a <c>for</c> loop over the buffer lowers (which is what the
    /// analyses of full writes recognise when there is no offset and the count is its length).
    /// </summary>
    private void EachElement(Var buffer, Expr? offset, Expr count, System.Func<Expr, Expr> valueAt)
    {
        var counter = new Var(names.Numbered("k"), "int");
        Assign(counter, new ConstExpr(0, "int"));
        var savedBlock = block;
        block = new List<Stmt>();
        var index = new VarExpr(counter);
        EmitElementStore(buffer, offset is null ? index : new BinaryExpr(BinaryOp.Add, offset, index, "int"), valueAt(index));
        var next = new Var(names.Numbered("k"), "int");
        Assign(next, new BinaryExpr(BinaryOp.Add, index, new ConstExpr(1, "int"), "int"));
        Assign(counter, new VarExpr(next));
        var body = block;
        block = savedBlock;
        Emit(new LoopStmt(new BinaryExpr(BinaryOp.Less, index, count, "bool"), body.ToEquatableArray(), origin));
    }
}
