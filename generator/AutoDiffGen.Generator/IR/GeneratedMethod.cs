using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.IR;

/// <summary>A parameter of a generated method.</summary>
/// <param name="Modifier">Empty, <c>out</c> or <c>ref</c>.</param>
internal sealed record GeneratedParameter(string Modifier, string Type, string Name, string Documentation);

/// <summary>A generated member: its signature, documentation and IR body, ready to emit.</summary>
/// <param name="Text">
/// For a member that only drives other generated members (a Jacobian calling pullbacks or
/// pushforwards): its body as lines of C#, emitted as they are instead of <paramref name="Body"/>.
/// </param>
internal sealed record GeneratedMethod(
    string Name,
    string Modifiers,
    string ReturnType,
    EquatableArray<GeneratedParameter> Parameters,
    EquatableArray<Stmt> Body,
    string Summary,
    string Returns,
    EquatableArray<string> Remarks,
    EquatableArray<string> Text = default,
    MemberKinds Kind = MemberKinds.None);

/// <summary>What differentiation produced for one <c>[Differentiable]</c> method.</summary>
/// <param name="Location">
/// The method's name in its file, where a failure to emit it is reported; null while it is
/// differentiated (put back with <paramref name="SourceLine"/>, like it).
/// </param>
internal sealed record DifferentiatedMethod(
    HierarchyInfo Hierarchy,
    string OriginalName,
    int SourceLine,
    EquatableArray<GeneratedMethod> Members,
    LocationInfo? Location = null,
    string DocumentationId = "",
    string? RepeatedEffect = null,
    string? ReadsState = null,
    EquatableArray<string> CopiedAttributes = default,
    EquatableArray<string> Suppressions = default,
    string? WritesWhole = null);
