using AutoDiffGen.Tests.Infrastructure;
using Xunit;

namespace AutoDiffGen.Tests;

/// <summary>
/// The generated text of typical inputs, compared with reviewed files in Snapshots/. Each output
/// must also compile with no error and no warning. To accept an intended change, run the tests
/// with AUTODIFFGEN_ACCEPT_SNAPSHOTS=1 and review the diff of the verified files.
/// </summary>
public sealed class SnapshotTests
{
    private static void Check(string source, string testName)
    {
        var compilation = GeneratorRunner.CreateCompilation(source);
        var run = GeneratorRunner.Run(compilation).AssertCleanOutput();
        Snapshot.Verify(run.SingleGeneratedText, testName);
    }

    [Fact]
    public void ScalarProduct() => Check(SnapshotInputs.ScalarProduct, nameof(ScalarProduct));

    [Fact]
    public void LocalsAndIfElse() => Check(SnapshotInputs.LocalsAndIfElse, nameof(LocalsAndIfElse));

    [Fact]
    public void EarlyReturnFromNestedBlock() => Check(SnapshotInputs.EarlyReturnFromNestedBlock, nameof(EarlyReturnFromNestedBlock));

    [Fact]
    public void SwitchExpressionWithRelationalPatterns() => Check(SnapshotInputs.SwitchExpressionWithRelationalPatterns, nameof(SwitchExpressionWithRelationalPatterns));

    [Fact]
    public void FloatMethod() => Check(SnapshotInputs.FloatMethod, nameof(FloatMethod));

    [Fact]
    public void InstanceMethodInNestedStruct() => Check(SnapshotInputs.InstanceMethodInNestedStruct, nameof(InstanceMethodInNestedStruct));

    [Fact]
    public void IntAndNoDerivativeParameters() => Check(SnapshotInputs.IntAndNoDerivativeParameters, nameof(IntAndNoDerivativeParameters));

    [Fact]
    public void ReductionLoopReluLoss() => Check(SnapshotInputs.ReductionLoopReluLoss, nameof(ReductionLoopReluLoss));

    [Fact]
    public void LoopCarriedIteratedMap() => Check(SnapshotInputs.LoopCarriedIteratedMap, nameof(LoopCarriedIteratedMap));

    [Fact]
    public void WhileLoopNewton() => Check(SnapshotInputs.WhileLoopNewton, nameof(WhileLoopNewton));

    [Fact]
    public void LocalBufferMlp() => Check(SnapshotInputs.LocalBufferMlp, nameof(LocalBufferMlp));

    [Fact]
    public void TriangularLocalBuffers() => Check(SnapshotInputs.TriangularLocalBuffers, nameof(TriangularLocalBuffers));

    [Fact]
    public void VectorFG() => Check(SnapshotInputs.VectorFG, nameof(VectorFG));

    [Fact]
    public void VectorWithArrayDenominator() => Check(SnapshotInputs.VectorWithArrayDenominator, nameof(VectorWithArrayDenominator));

    [Fact]
    public void SpanOutputMul() => Check(SnapshotInputs.SpanOutputMul, nameof(SpanOutputMul));

    [Fact]
    public void SpanOutputBesideReal() => Check(SnapshotInputs.SpanOutputBesideReal, nameof(SpanOutputBesideReal));

    [Fact]
    public void CustomDerivativeCall() => Check(SnapshotInputs.CustomDerivativeCall, nameof(CustomDerivativeCall));
}
