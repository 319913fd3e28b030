using AutoDiffGen.NumericTests.Functions;
using AutoDiffGen.NumericTests.Support;
using Xunit;

namespace AutoDiffGen.NumericTests;

/// <summary>
/// Arrays and stack buffers created with initializers of active values (Functions/ArrayInitializers.cs):
/// new[] { … }, new double[] { … } with an int constant, new double[2] { … }, inside a loop,
/// stackalloc double[] { … }, stackalloc[] { … }, a collection expression into a double[], an
/// initializer indexed directly and iterated by foreach, a float version; closed forms and central
/// finite differences.
/// </summary>
public sealed class ArrayInitializerTests
{
    public static readonly CaseTable Cases = new()
    {
        // xy + y².
        { "ImplicitlyTyped", DiffFn.Of2(ArrayInitializers.ImplicitlyTyped, ArrayInitializers.ImplicitlyTypedGradient, ArrayInitializers.ImplicitlyTypedPushforward, ArrayInitializers.ImplicitlyTypedPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1], p[0] + 2 * p[1] } },
        // 2xy.
        { "TypedWithConstant", DiffFn.Of2(ArrayInitializers.TypedWithConstant, ArrayInitializers.TypedWithConstantGradient, ArrayInitializers.TypedWithConstantPushforward, ArrayInitializers.TypedWithConstantPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 2 * p[1], 2 * p[0] } },
        // y sin x.
        { "Sized", DiffFn.Of2(ArrayInitializers.Sized, ArrayInitializers.SizedGradient, ArrayInitializers.SizedPushforward, ArrayInitializers.SizedPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { System.Math.Cos(p[0]) * p[1], System.Math.Sin(p[0]) } },
        // Σᵢ i·xy over i < 3 = 3xy.
        { "InLoop", DiffFn.Of2(ArrayInitializers.InLoop, ArrayInitializers.InLoopGradient, ArrayInitializers.InLoopPushforward, ArrayInitializers.InLoopPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 3 * p[1], 3 * p[0] } },
        // (x + xy)·xy = x²y + x²y².
        { "StackAlloc", DiffFn.Of2(ArrayInitializers.StackAlloc, ArrayInitializers.StackAllocGradient, ArrayInitializers.StackAllocPushforward, ArrayInitializers.StackAllocPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { 2 * p[0] * p[1] + 2 * p[0] * p[1] * p[1], p[0] * p[0] + 2 * p[0] * p[0] * p[1] } },
        // 3xy.
        { "ImplicitStackAlloc", DiffFn.Of2(ArrayInitializers.ImplicitStackAlloc, ArrayInitializers.ImplicitStackAllocGradient, ArrayInitializers.ImplicitStackAllocPushforward, ArrayInitializers.ImplicitStackAllocPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 3 * p[1], 3 * p[0] } },
        // x² + xy.
        { "CollectionExpression", DiffFn.Of2(ArrayInitializers.CollectionExpression, ArrayInitializers.CollectionExpressionGradient, ArrayInitializers.CollectionExpressionPushforward, ArrayInitializers.CollectionExpressionPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { 2 * p[0] + p[1], p[0] } },
        // xy².
        { "IndexedDirectly", DiffFn.Of2(ArrayInitializers.IndexedDirectly, ArrayInitializers.IndexedDirectlyGradient, ArrayInitializers.IndexedDirectlyPushforward, ArrayInitializers.IndexedDirectlyPullback), Domain.Box((-5, 5), (-5, 5)), p => new[] { p[1] * p[1], 2 * p[0] * p[1] } },
        // x² + y² + x²y².
        { "ForEachOverInitializer", DiffFn.Of2(ArrayInitializers.ForEachOverInitializer, ArrayInitializers.ForEachOverInitializerGradient, ArrayInitializers.ForEachOverInitializerPushforward, ArrayInitializers.ForEachOverInitializerPullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { 2 * p[0] + 2 * p[0] * p[1] * p[1], 2 * p[1] + 2 * p[0] * p[0] * p[1] } },
        // xy + x² + 2y.
        { "Single", DiffFn.OfF2(ArrayInitializers.Single, ArrayInitializers.SingleGradient, ArrayInitializers.SinglePushforward, ArrayInitializers.SinglePullback), Domain.Box((-3, 3), (-3, 3)), p => new[] { p[1] + 2 * p[0], p[0] + 2 } },
    };

    public static TheoryData<string> Names => Cases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesClosedForm(string name) => Cases.RunClosedForm(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesFiniteDifferences(string name) => Cases.RunFiniteDifferences(name);
}
