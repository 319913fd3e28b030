using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Hands out identifiers that are unique in a generated method and collide with no parameter,
/// member of the containing types, or keyword. Allocation is in program order, so names are stable.
/// </summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> used;
    private readonly Dictionary<string, int> counters = new();

    public NameAllocator(IEnumerable<string> reserved) => used = new HashSet<string>(reserved);

    public IEnumerable<string> UsedNames => used;

    /// <summary>An allocator in the same state, to try a transformation that may be abandoned.</summary>
    public NameAllocator Clone()
    {
        var copy = new NameAllocator(used);
        foreach (var pair in counters)
        {
            copy.counters[pair.Key] = pair.Value;
        }

        return copy;
    }

    /// <summary>Reserves a name that is already taken (a parameter keeps its own name).</summary>
    public void Reserve(string name) => used.Add(name);

    /// <summary><paramref name="baseName"/> itself if free, else <c>baseName_1</c>, <c>baseName_2</c>, ….</summary>
    public string Fresh(string baseName)
    {
        baseName = Sanitize(baseName);
        if (used.Add(baseName))
        {
            return baseName;
        }

        return Numbered(baseName + "_");
    }

    /// <summary>Always numbered: <c>t1</c>, <c>t2</c>, … (temporaries).</summary>
    public string Numbered(string prefix)
    {
        counters.TryGetValue(prefix, out int n);
        string name;
        do
        {
            n++;
            name = prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (!used.Add(name));
        counters[prefix] = n;
        return name;
    }

    private static string Sanitize(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? name + "_" : name;
}
