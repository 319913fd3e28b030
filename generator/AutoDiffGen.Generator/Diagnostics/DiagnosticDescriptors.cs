using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic AutoDiffGen reports. IDs are tracked in AnalyzerReleases.*.md and documented in
/// the README's diagnostics table, which each help link points at.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AutoDiffGen";
    private const string HelpBase = "https://github.com/autodiffgen/autodiffgen/blob/main/README.md#";

    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        id: "ADG0001",
        title: "Containing type must be partial",
        messageFormat: "The type '{0}' that contains differentiable method '{1}' must be declared partial so that derivatives can be added to it",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        id: "ADG0002",
        title: "Unsupported return type",
        messageFormat: "Differentiable method '{0}' returns '{1}'; only double and float return values, and tuples of doubles or of floats (vector-valued methods), can be differentiated",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedParameter = Create(
        id: "ADG0003",
        title: "Unsupported parameter",
        messageFormat: "Parameter '{0}' of differentiable method '{1}' is not supported: {2}",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedMethodShape = Create(
        id: "ADG0004",
        title: "Unsupported method",
        messageFormat: "Method '{0}' cannot be differentiated: {1}",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Create(
        id: "ADG0005",
        title: "Construct is not differentiable",
        messageFormat: "{0} is not differentiable; rewrite it with supported constructs (see \"Supported C#\" in the README) or move it out of the differentiable method",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoKnownDerivative = Create(
        id: "ADG0006",
        title: "Call has no known derivative",
        messageFormat: "'{0}' is called with an active (differentiated) argument, but {1}",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WriteToNonLocal = Create(
        id: "ADG0007",
        title: "Write to a non-local",
        messageFormat: "Writing to {0} '{1}' is not supported in a differentiable method; only locals may be assigned",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ZeroDerivative = Create(
        id: "ADG0008",
        title: "Derivative is zero",
        messageFormat: "{0} of an active value has derivative zero almost everywhere; no gradient flows through it",
        severity: DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ResultDoesNotDependOnActiveInputs = Create(
        id: "ADG0009",
        title: "Result does not depend on any active parameter",
        messageFormat: "The result of '{0}' does not depend on any active parameter, so every derivative is zero",
        severity: DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TooComplex = Create(
        id: "ADG0010",
        title: "Method too complex to differentiate",
        messageFormat: "'{0}' cannot be differentiated: {1}",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GeneratedMemberConflict = Create(
        id: "ADG0011",
        title: "Generated derivative would conflict with an existing member",
        messageFormat: "The derivatives of '{0}' are not generated: {1}",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MisplacedAttribute = Create(
        id: "ADG0012",
        title: "[Differentiable] has no effect here",
        messageFormat: "[Differentiable] on {0} has no effect: {1}",
        severity: DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor OverrideNotDifferentiable = Create(
        id: "ADG0013",
        title: "Override of a differentiable method is not differentiable",
        messageFormat: "'{0}' overrides '{1}', which is [Differentiable], so this type inherits the generated {2}, which would differentiate '{1}' instead of '{0}'; mark '{0}' [Differentiable] too (with the same Generate), or make '{1}' non-virtual",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CustomDerivativeTarget = Create(
        id: "ADG0014",
        title: "Custom derivative names no function",
        messageFormat: "[DerivativeOf] on '{0}': {1}",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CustomDerivativeSignature = Create(
        id: "ADG0015",
        title: "Custom derivative has the wrong signature",
        messageFormat: "'{0}' is not a custom derivative of '{1}': {2}",
        severity: DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateCustomDerivative = Create(
        id: "ADG0016",
        title: "Two custom derivatives of the same kind for one function",
        messageFormat: "'{0}' and '{1}' are both custom {2}s of '{3}'; keep one",
        severity: DiagnosticSeverity.Error);

    /// <summary>Reported at the end of the compilation (it needs every method's calls), so in the IDE only with full solution analysis.</summary>
    public static readonly DiagnosticDescriptor UnusedCustomDerivative = Create(
        id: "ADG0017",
        title: "Custom derivative is not used",
        messageFormat: "The custom derivative '{0}' is not used: no [Differentiable] method of this project calls '{1}', and no other project can call it (custom derivatives serve the compilation that declares them and, when public, the projects that reference it)",
        severity: DiagnosticSeverity.Warning,
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, DiagnosticSeverity severity, params string[] customTags)
        => new(
            id: id,
            title: title,
            messageFormat: messageFormat,
            category: Category,
            defaultSeverity: severity,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + id.ToLowerInvariant(),
            customTags: customTags);
}
