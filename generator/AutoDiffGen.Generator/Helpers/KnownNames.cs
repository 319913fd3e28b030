namespace AutoDiffGen.Generator.Helpers;

/// <summary>Metadata names the generator and analyzers look for, kept in one place.</summary>
internal static class KnownNames
{
    public const string DifferentiableAttribute = "AutoDiffGen.DifferentiableAttribute";
    public const string NoDerivativeAttribute = "AutoDiffGen.NoDerivativeAttribute";
    public const string DerivativeOfAttribute = "AutoDiffGen.DerivativeOfAttribute";

    /// <summary>The runtime's class of functions with chosen derivatives (<c>Ad.StopGradient</c>, <c>Ad.Relu</c>).</summary>
    public const string AdClass = "AutoDiffGen.Ad";
    public const string DerivativeMemberAttribute = "AutoDiffGen.DerivativeMemberAttribute";
    public const string GeneratorName = "AutoDiffGen";
    public const string GeneratorVersion = "0.1.0";
}

/// <summary>Tracking names of the pipeline steps, so tests can assert what was cached.</summary>
internal static class StepNames
{
    public const string Lowering = nameof(Lowering);
    public const string Differentiation = nameof(Differentiation);
    public const string Emission = nameof(Emission);
}
