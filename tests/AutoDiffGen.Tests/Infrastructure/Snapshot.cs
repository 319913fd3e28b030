using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace AutoDiffGen.Tests.Infrastructure;

/// <summary>
/// Compares text with a reviewed file <c>Snapshots/&lt;TestName&gt;.verified.cs</c>. On a mismatch
/// writes <c>&lt;TestName&gt;.received.cs</c> beside it (git-ignored) and fails with the first line
/// that differs. With <c>AUTODIFFGEN_ACCEPT_SNAPSHOTS=1</c> it overwrites the verified file instead
/// (review the diff before committing it).
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "AUTODIFFGEN_ACCEPT_SNAPSHOTS";

    /// <summary>
    /// The test project's folder, baked in at build time by an AssemblyMetadataAttribute in the
    /// project file ([CallerFilePath] would break under ContinuousIntegrationBuild's path mapping).
    /// </summary>
    public static string ProjectDirectory { get; } =
        typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value
        ?? throw new InvalidOperationException("the ProjectDirectory assembly metadata is missing");

    public static string Directory => Path.Combine(ProjectDirectory, "Snapshots");

    private static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    public static void Verify(string actual, [CallerMemberName] string testName = "")
    {
        Assert.False(string.IsNullOrEmpty(testName), "a snapshot needs a test name");
        string verifiedPath = Path.Combine(Directory, testName + ".verified.cs");
        string receivedPath = Path.Combine(Directory, testName + ".received.cs");
        actual = Normalize(actual);

        if (Accepting)
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"no reviewed snapshot {verifiedPath}; the output was written to {receivedPath}. "
                + $"Review it, then rename it to .verified.cs (or run with {AcceptVariable}=1).");
        }

        string expected = Normalize(File.ReadAllText(verifiedPath));
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        string Show(string[] lines) => line < lines.Length ? "\"" + lines[line] + "\"" : "<end of file>";
        Assert.Fail(
            $"generated text differs from {verifiedPath} at line {line + 1}:\n"
            + $"  expected: {Show(expectedLines)}\n"
            + $"  actual:   {Show(actualLines)}\n"
            + $"The full output was written to {receivedPath}. If the change is intended, review it and "
            + $"accept it by copying it over the verified file (or run with {AcceptVariable}=1).");
    }

    /// <summary>Line endings as \n, so a checkout with CRLF endings compares equal.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
