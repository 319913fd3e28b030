using System;

namespace AutoDiffGen.NumericTests.Functions;

/// <summary>An inactive enum parameter for switch tests.</summary>
public enum Shape
{
    Linear,
    Quadratic,
    Cubic,
}

/// <summary>Branches, conditions, early returns and switches, in double.</summary>
public static partial class ControlFlow
{
    [Differentiable]
    public static double IfElseChain(double x, double y)
    {
        double r;
        if (x > y)
        {
            r = x * x * y;
        }
        else if (x < -y)
        {
            r = Math.Sin(x) * y;
        }
        else
        {
            r = x + 3 * y;
        }

        return r;
    }

    [Differentiable]
    public static double IfWithoutElse(double x, double y)
    {
        double r = x * y;
        if (x > 1)
        {
            r = r * x;
        }

        return r + y;
    }

    [Differentiable]
    public static double Ternary(double x, double y) => x > 0 ? x * y : x - y * y;

    [Differentiable]
    public static double NestedTernary(double x, double y) => x > y ? (x > 0 ? x * x : -x) : (y > 0 ? y * y * x : x * y);

    [Differentiable]
    public static double Logical(double x, double y)
    {
        if ((x > 0 && y > 0) || !(x > -1))
        {
            return x * y;
        }

        return x + y;
    }

    [Differentiable]
    public static double Comparisons(double x, double y)
    {
        double r = 0;
        if (x >= 1)
        {
            r += x * x;
        }

        if (x <= -1)
        {
            r -= x * x * x;
        }

        if (y != 0)
        {
            r += y * x;
        }

        if (x == y)
        {
            r += 100;
        }

        bool flag = x < y;
        if (flag)
        {
            r *= 2;
        }

        return r;
    }

    [Differentiable]
    public static double BoolLocals(double x, double y)
    {
        bool big = x * x > y;
        bool positive = y > 0;
        bool both = big && positive;
        return both ? x * y : (big || !positive ? x - y : y * y);
    }

    /// <summary>
    /// Adjoints used in one side of a nested branch only (b's, and the inner sides'), beside one read
    /// after the branches (a's): the reverse sweep starts each where it is first written.
    /// </summary>
    [Differentiable]
    public static double NestedBranchesSharedAdjoint(double x, double y)
    {
        double a = x * y;
        double r;
        if (x > 0)
        {
            double b = a * a;
            if (y > 0)
            {
                r = b + a;
            }
            else
            {
                r = b - x;
            }
        }
        else
        {
            r = a * 3;
        }

        return r + a;
    }

    /// <summary>
    /// A branch in a loop whose sides alternate: an adjoint started inside one side must not carry a
    /// value from an earlier iteration into one that takes the other side.
    /// </summary>
    [Differentiable]
    public static double AlternatingBranchesInALoop(double x, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            if (i % 2 == 0)
            {
                double t = x * x;
                s += Math.Sin(t);
            }
            else
            {
                double u = 3 * x;
                s += u;
            }
        }

        return s;
    }

    [Differentiable]
    public static double EarlyReturns(double x, double y)
    {
        if (x > 0)
        {
            if (y > 0)
            {
                if (x > y)
                {
                    return x * x;
                }

                double t = x * y;
                if (t > 1)
                {
                    return t * t;
                }
            }
            else
            {
                return y * y * x;
            }
        }

        return x + y;
    }

    [Differentiable]
    public static double EarlyReturnThenContinue(double x)
    {
        double a = x * x;
        if (a > 4)
        {
            return a;
        }

        a = a * x;
        if (x < 0)
        {
            a = -a;
            if (a > 1)
            {
                return a * 2;
            }
        }

        return a + x;
    }

    [Differentiable]
    public static double SwitchOnInt(double x, int mode)
    {
        double r;
        switch (mode)
        {
            case 0:
                r = x * x;
                break;
            case 1:
            case 2:
                r = Math.Sin(x) * mode;
                break;
            case 3:
                return Math.Exp(x);
            default:
                r = -x;
                break;
        }

        return r * 2;
    }

    [Differentiable]
    public static double SwitchOnEnum(double x, Shape shape)
    {
        switch (shape)
        {
            case Shape.Linear:
                return 2 * x;
            case Shape.Quadratic:
                return x * x;
            default:
                return x * x * x;
        }
    }

    [Differentiable]
    public static double SwitchStatementOnBool(double x, bool flag)
    {
        switch (flag)
        {
            case true:
                return x * x;
            default:
                return 3 * x;
        }
    }

    [Differentiable]
    public static double SwitchStatementRelational(double x)
    {
        switch (x)
        {
            case < 0:
                return -x;
            case <= 2:
                return x * x;
            default:
                return 4 * x - 4;
        }
    }

    [Differentiable]
    public static double SwitchExpressionOnInt(double x, int mode) => mode switch
    {
        0 => x,
        1 => x * x,
        _ => Math.Sin(x),
    };

    [Differentiable]
    public static double SwitchExpressionOnEnum(double x, Shape shape) => shape switch
    {
        Shape.Linear => 2 * x,
        Shape.Quadratic => x * x,
        Shape.Cubic => x * x * x,
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    [Differentiable]
    public static double SwitchExpressionOnBool(double x, bool square) => square switch
    {
        true => x * x,
        false => -x,
    };

    [Differentiable]
    public static double SwitchExpressionRelational(double x) => x switch
    {
        < -1 => -x * x,
        < 1 => x * x * x,
        < 3 => 2 * x,
        _ => Math.Log(x),
    };

    [Differentiable]
    public static double SwitchExpressionOnActiveLocal(double x, double y)
    {
        double d = x - y;
        double r = d switch
        {
            < 0 => y * y,
            _ => x * d,
        };
        return r + d;
    }
}

/// <summary>Branches and switches in float.</summary>
public static partial class ControlFlowSingle
{
    [Differentiable]
    public static float IfElseChain(float x, float y)
    {
        float r;
        if (x > y)
        {
            r = x * x * y;
        }
        else if (x < -y)
        {
            r = MathF.Sin(x) * y;
        }
        else
        {
            r = x + 3 * y;
        }

        return r;
    }

    [Differentiable]
    public static float SwitchExpressionRelational(float x) => x switch
    {
        < -1 => -x * x,
        < 1 => x * x * x,
        < 3 => 2 * x,
        _ => MathF.Log(x),
    };

    [Differentiable]
    public static float EarlyReturns(float x, float y)
    {
        if (x > 0)
        {
            if (y > 0)
            {
                if (x > y)
                {
                    return x * x;
                }

                float t = x * y;
                if (t > 1)
                {
                    return t * t;
                }
            }
            else
            {
                return y * y * x;
            }
        }

        return x + y;
    }
}
