using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Generator.Helpers;

/// <summary>Compares by identity: for records, where value equality would merge two equal statements.</summary>
internal sealed class ReferenceComparer : IEqualityComparer<object>
{
    public static readonly ReferenceComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
