using System;

namespace AutoDiffGen.Samples.Quickstart;

/// <summary>
/// The functions to differentiate. The type is <c>partial</c> because AutoDiffGen adds the
/// derivative methods to it at compile time: for each <c>[Differentiable]</c> method <c>M</c>
/// it generates <c>MGradient</c>, <c>MPushforward</c> and <c>MPullback</c>. To read what was
/// generated, look under obj/ for the "generated" folder (this project sets
/// <c>EmitCompilerGeneratedFiles</c>), or use "Go to definition" on a generated method.
/// </summary>
public static partial class Physics
{
    /// <summary>f(x, y) = 3x²y. Its gradient is [6xy, 3x²].</summary>
    [Differentiable]
    public static double F(double x, double y) => 3 * x * x * y;

    /// <summary>
    /// A damped wave plus a piecewise term: elementary functions, locals and a branch.
    /// The derivative follows the branch that is taken at the given point.
    /// </summary>
    [Differentiable]
    public static double G(double x, double y)
    {
        double wave = Math.Sin(x) * Math.Exp(-y);
        double piece;
        if (x > y)
        {
            piece = Math.Log(1 + x * x);
        }
        else
        {
            piece = x * y;
        }

        return wave + piece;
    }

    /// <summary>
    /// A smooth step in single precision: h(x) = x² / (1 + x²). A float method gets float
    /// derivative methods (float in, float out, float tangents and adjoints).
    /// </summary>
    [Differentiable]
    public static float H(float x) => x * x / (1f + x * x);
}
