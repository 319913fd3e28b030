using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Simplification;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Reverse mode (VJP): a forward sweep runs the primal once, recording each branch decision; a
/// reverse sweep then walks the statements backwards, adding <c>ū · ∂v/∂u</c> into the adjoint of
/// every active operand u of each active assignment <c>v = f(u, …)</c>.
/// </summary>
/// <remarks>
/// Returns are in tail position (see <see cref="BodyLowerer"/>), so the reverse sweep of a path
/// starts where that path returned: it seeds the returned variable's adjoint. The same transform
/// makes the gradient (seed 1, adjoints written to <c>out</c> parameters) and the pullback (seed
/// given, adjoints added into <c>ref</c> parameters).
/// </remarks>
internal sealed class ReverseModeTransform
{
    private readonly NameAllocator names;
    private readonly HashSet<Var> active;
    private readonly Dictionary<Var, Var> adjoints = new();
    private readonly HashSet<Var> accumulatingParameters = new();
    private readonly HashSet<Var> initialized = new();
    private readonly HashSet<Var> touchedInBranches = new();
    private readonly Expr seed;
    private readonly Var value;
    private int branchDepth;

    private ReverseModeTransform(LoweredMethod method, NameAllocator names, Expr seed, Var value, IReadOnlyList<(Var Parameter, Var Adjoint)> parameterAdjoints, bool accumulate)
    {
        this.names = names;
        this.seed = seed;
        this.value = value;
        active = Activity.ActiveVariables(method.Body, parameterAdjoints.Select(p => p.Parameter));
        foreach (var (parameter, adjoint) in parameterAdjoints)
        {
            adjoints[parameter] = adjoint;
            if (accumulate)
            {
                accumulatingParameters.Add(adjoint);
            }
        }
    }

    /// <summary><c>MGradient</c>: the value, and ∂M/∂p written to an <c>out</c> parameter per active p.</summary>
    public static GeneratedMethod Gradient(LoweredMethod method)
    {
        var names = new NameAllocator(method.ReservedNames);
        var signature = OriginalParameters(method);
        var adjoints = new List<(Var, Var)>();
        foreach (var p in method.Parameters.Where(p => p.Role == ParameterRole.ActiveScalar))
        {
            var adjoint = new Var(names.Fresh("d" + p.Name.TrimStart('@')), p.Type);
            adjoints.Add((new Var(p.Name, p.Type), adjoint));
            signature.Add(new GeneratedParameter("out", p.Type, adjoint.Name, $"Receives ∂{method.Name}/∂{p.Name}."));
        }

        var body = Build(method, names, ExprFactory.Const(1, method.ReturnType), adjoints, accumulate: false);
        return new GeneratedMethod(
            Name: method.Name + "Gradient",
            Modifiers: method.Modifiers,
            ReturnType: method.ReturnType,
            Parameters: signature.ToEquatableArray(),
            Body: body.ToEquatableArray(),
            Summary: $"Computes <c>{method.Name}</c> and its gradient with respect to its active parameters (reverse mode: one forward sweep, one reverse sweep).",
            Returns: $"The value of {method.Name}.",
            Remarks: EquatableArray<string>.Empty);
    }

    /// <summary><c>MPullback</c>: the value, and seed·∂M/∂p added into a <c>ref</c> parameter per active p.</summary>
    public static GeneratedMethod Pullback(LoweredMethod method)
    {
        var names = new NameAllocator(method.ReservedNames);
        var signature = OriginalParameters(method);
        var seedVar = new Var(names.Fresh("resultAdjoint"), method.ReturnType);
        signature.Add(new GeneratedParameter("", method.ReturnType, seedVar.Name, $"The adjoint (cotangent) of the result of {method.Name}, the seed of the reverse sweep."));
        var adjoints = new List<(Var, Var)>();
        foreach (var p in method.Parameters.Where(p => p.Role == ParameterRole.ActiveScalar))
        {
            var adjoint = new Var(names.Fresh(p.Name.TrimStart('@') + "Adjoint"), p.Type);
            adjoints.Add((new Var(p.Name, p.Type), adjoint));
            signature.Add(new GeneratedParameter("ref", p.Type, adjoint.Name, $"Accumulates {seedVar.Name}·∂{method.Name}/∂{p.Name}: the value is added to, not overwritten."));
        }

        var body = Build(method, names, new VarExpr(seedVar), adjoints, accumulate: true);
        return new GeneratedMethod(
            Name: method.Name + "Pullback",
            Modifiers: method.Modifiers,
            ReturnType: method.ReturnType,
            Parameters: signature.ToEquatableArray(),
            Body: body.ToEquatableArray(),
            Summary: $"Reverse mode (VJP): computes <c>{method.Name}</c> and adds the seed times its gradient into the adjoints of its active parameters, so that calls compose.",
            Returns: $"The value of {method.Name}.",
            Remarks: EquatableArray<string>.Empty);
    }

    private static List<GeneratedParameter> OriginalParameters(LoweredMethod method)
        => method.Parameters.Select(p => new GeneratedParameter("", p.Type, p.Name, $"The argument <c>{p.Name}</c> of <c>{method.Name}</c>.")).ToList();

    private static List<Stmt> Build(LoweredMethod method, NameAllocator names, Expr seed, IReadOnlyList<(Var Parameter, Var Adjoint)> adjoints, bool accumulate)
    {
        var value = new Var(names.Fresh("value"), method.ReturnType);
        var transform = new ReverseModeTransform(method, names, seed, value, adjoints, accumulate);
        var forward = transform.ForwardSweep(method.Body);
        var body = new List<Stmt>(forward.Statements);
        body.AddRange(transform.ReverseSweep(forward.Nodes));

        // An out parameter that received no contribution has derivative zero.
        foreach (var (_, adjoint) in adjoints)
        {
            if (!accumulate && !transform.initialized.Contains(adjoint))
            {
                body.Add(new AssignStmt(adjoint, ExprFactory.Const(0, adjoint.Type), null));
            }
        }

        body.Add(new ReturnStmt(new VarExpr(value), null));
        return Cleanup.Run(body, new HashSet<Var>(adjoints.Select(a => a.Adjoint)));
    }

    // ---------------------------------------------------------------- forward sweep

    /// <summary>A statement of the forward sweep with what the reverse sweep needs of it.</summary>
    private sealed class Node
    {
        public Node(Stmt statement, Expr? recordedCondition = null, List<Node>? then = null, List<Node>? @else = null)
        {
            Statement = statement;
            RecordedCondition = recordedCondition;
            Then = then ?? new List<Node>();
            Else = @else ?? new List<Node>();
        }

        public Stmt Statement { get; }

        public Expr? RecordedCondition { get; }

        public List<Node> Then { get; }

        public List<Node> Else { get; }
    }

    private (List<Stmt> Statements, List<Node> Nodes) ForwardSweep(IEnumerable<Stmt> statements)
    {
        var output = new List<Stmt>();
        var nodes = new List<Node>();
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case IfStmt branch:
                {
                    // Record the decision, so the reverse sweep takes the same branch.
                    var condition = branch.Condition;
                    if (condition is not (VarExpr or LiteralExpr))
                    {
                        var recorded = new Var(names.Numbered("branch"), "bool");
                        output.Add(new AssignStmt(recorded, condition, branch.Origin));
                        condition = new VarExpr(recorded);
                    }

                    var then = ForwardSweep(branch.Then);
                    var @else = ForwardSweep(branch.Else);
                    output.Add(new IfStmt(condition, then.Statements.ToEquatableArray(), @else.Statements.ToEquatableArray(), branch.Origin));
                    nodes.Add(new Node(branch, condition, then.Nodes, @else.Nodes));
                    break;
                }

                case ReturnStmt ret:
                    output.Add(new AssignStmt(value, ret.Value, ret.Origin));
                    nodes.Add(new Node(ret));
                    break;
                default:
                    output.Add(statement);
                    nodes.Add(new Node(statement));
                    break;
            }
        }

        return (output, nodes);
    }

    // ---------------------------------------------------------------- reverse sweep

    private List<Stmt> ReverseSweep(List<Node> nodes)
    {
        // Adjoints first written inside a branch start at zero before the reverse sweep.
        CollectTouchedInBranches(nodes, inBranch: false);
        var output = new List<Stmt>();
        foreach (var primal in touchedInBranches.OrderBy(v => v.Name, System.StringComparer.Ordinal))
        {
            var adjoint = AdjointVar(primal);
            if (!accumulatingParameters.Contains(adjoint))
            {
                output.Add(new AssignStmt(adjoint, ExprFactory.Const(0, adjoint.Type), null));
                initialized.Add(adjoint);
            }
        }

        output.AddRange(ReverseBlock(nodes));
        return output;
    }

    private void CollectTouchedInBranches(List<Node> nodes, bool inBranch)
    {
        foreach (var node in nodes)
        {
            switch (node.Statement)
            {
                case IfStmt:
                    CollectTouchedInBranches(node.Then, inBranch: true);
                    CollectTouchedInBranches(node.Else, inBranch: true);
                    break;
                case AssignStmt assign when inBranch && active.Contains(assign.Target):
                    touchedInBranches.Add(assign.Target);
                    CollectActiveVariables(assign.Value, touchedInBranches);
                    break;
                case ReturnStmt ret when inBranch:
                    CollectActiveVariables(ret.Value, touchedInBranches);
                    break;
            }
        }
    }

    private void CollectActiveVariables(Expr e, HashSet<Var> into)
    {
        foreach (var partial in DerivativeRules.Partials(e, e))
        {
            if (partial.Operand is VarExpr v && active.Contains(v.Var))
            {
                into.Add(v.Var);
            }
            else if (Activity.IsActive(partial.Operand, active))
            {
                CollectActiveVariables(partial.Operand, into);
            }
        }
    }

    private List<Stmt> ReverseBlock(List<Node> nodes)
    {
        var output = new List<Stmt>();
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            switch (node.Statement)
            {
                case AssignStmt assign when active.Contains(assign.Target):
                {
                    var adjoint = AdjointVar(assign.Target);
                    if (initialized.Contains(adjoint))
                    {
                        Backpropagate(assign.Value, new VarExpr(assign.Target), new VarExpr(adjoint), assign.Origin?.As(OriginRole.Adjoint), output);
                    }

                    break;
                }

                case ReturnStmt ret when Activity.IsActive(ret.Value, active):
                    Backpropagate(ret.Value, ret.Value, ExprFactory.Convert(seed, ret.Value.Type), ret.Origin?.As(OriginRole.Adjoint), output, isSeed: true);
                    break;
                case IfStmt branch:
                {
                    branchDepth++;
                    var then = ReverseBlock(node.Then);
                    var @else = ReverseBlock(node.Else);
                    branchDepth--;
                    if (then.Count > 0 || @else.Count > 0)
                    {
                        output.Add(new IfStmt(node.RecordedCondition!, then.ToEquatableArray(), @else.ToEquatableArray(), branch.Origin?.As(OriginRole.Adjoint)));
                    }

                    break;
                }
            }
        }

        return output;
    }

    /// <summary>Adds <paramref name="adjoint"/>·∂e/∂u into the adjoint of each active operand u of e.</summary>
    private void Backpropagate(Expr e, Expr result, Expr adjoint, Origin? origin, List<Stmt> output, bool isSeed = false)
    {
        if (isSeed && e is VarExpr returned)
        {
            AccumulateInto(returned.Var, adjoint, origin, output);
            return;
        }

        foreach (var partial in DerivativeRules.Partials(e, result))
        {
            if (!Activity.IsActive(partial.Operand, active))
            {
                continue;
            }

            var contribution = ExprFactory.Convert(ExprFactory.Multiply(adjoint, partial.Derivative), partial.Operand.Type);
            if (partial.Operand is VarExpr operand)
            {
                AccumulateInto(operand.Var, contribution, origin, output);
            }
            else
            {
                Backpropagate(partial.Operand, partial.Operand, contribution, origin, output);
            }
        }
    }

    private void AccumulateInto(Var primal, Expr contribution, Origin? origin, List<Stmt> output)
    {
        var adjoint = AdjointVar(primal);
        if (branchDepth == 0 && !initialized.Contains(adjoint) && !accumulatingParameters.Contains(adjoint))
        {
            output.Add(new AssignStmt(adjoint, contribution, origin));
            initialized.Add(adjoint);
            return;
        }

        output.Add(new AccumulateStmt(adjoint, contribution, origin));
    }

    private Var AdjointVar(Var primal)
    {
        if (!adjoints.TryGetValue(primal, out var adjoint))
        {
            adjoint = new Var(names.Fresh(primal.Name.TrimStart('@') + "Bar"), primal.Type);
            adjoints[primal] = adjoint;
        }

        return adjoint;
    }
}
