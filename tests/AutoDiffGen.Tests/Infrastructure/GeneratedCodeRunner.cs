using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace AutoDiffGen.Tests.Infrastructure;

/// <summary>
/// Compiles a source with the generator, loads the assembly, and calls a [Differentiable] method
/// and its generated gradient, pushforward and pullback through reflection, so their results can
/// be checked against central finite differences.
/// </summary>
internal sealed class GeneratedCodeRunner
{
    private readonly Assembly assembly;

    private GeneratedCodeRunner(Assembly assembly) => this.assembly = assembly;

    public static GeneratedCodeRunner Compile(string source)
    {
        var run = GeneratorRunner.Run(source).AssertCleanOutput();
        using var stream = new MemoryStream();
        var emit = run.OutputCompilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("AutoDiffGenTests" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return new GeneratedCodeRunner(context.LoadFromStream(stream));
    }

    /// <summary>The names of the methods a type declares (its own and the generated ones), sorted.</summary>
    public IReadOnlyList<string> MethodNames(string typeName)
        => (assembly.GetType(typeName) ?? throw new InvalidOperationException("no type " + typeName))
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    /// <summary>Calls a static method of a type with the given arguments (out parameters come back in <paramref name="arguments"/>).</summary>
    public object? Invoke(string typeName, string methodName, object?[] arguments)
        => (assembly.GetType(typeName) ?? throw new InvalidOperationException("no type " + typeName))
            .GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
            .Invoke(null, arguments);

    public Method Get(string typeName, string methodName, Action<object>? setup = null)
    {
        var type = assembly.GetType(typeName) ?? throw new InvalidOperationException("no type " + typeName);
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        MethodInfo Find(string name) => type.GetMethod(name, flags)
            ?? throw new InvalidOperationException($"{typeName}.{name} was not generated");
        var original = Find(methodName);
        object? instance = null;
        if (!original.IsStatic)
        {
            instance = Activator.CreateInstance(type)!;
            setup?.Invoke(instance);
        }

        return new Method(original, Find(methodName + "Gradient"), Find(methodName + "Pushforward"), Find(methodName + "Pullback"), instance);
    }

    public sealed class Method
    {
        private readonly MethodInfo original;
        private readonly MethodInfo gradient;
        private readonly MethodInfo pushforward;
        private readonly MethodInfo pullback;
        private readonly object? instance;
        private readonly int[] active;

        public Method(MethodInfo original, MethodInfo gradient, MethodInfo pushforward, MethodInfo pullback, object? instance)
        {
            this.original = original;
            this.gradient = gradient;
            this.pushforward = pushforward;
            this.pullback = pullback;
            this.instance = instance;
            var parameters = original.GetParameters();
            active = Enumerable.Range(0, parameters.Length)
                .Where(i => IsReal(parameters[i].ParameterType) && !parameters[i].GetCustomAttributes().Any(a => a.GetType().Name == "NoDerivativeAttribute"))
                .ToArray();
            ReturnType = original.ReturnType;
        }

        public Type ReturnType { get; }

        public IReadOnlyList<int> Active => active;

        private static bool IsReal(Type t) => t == typeof(double) || t == typeof(float);

        private object?[] Arguments(object[] point)
        {
            var parameters = original.GetParameters();
            Assert.Equal(parameters.Length, point.Length);
            return point.Select((v, i) => Convert.ChangeType(v, parameters[i].ParameterType, System.Globalization.CultureInfo.InvariantCulture)).ToArray<object?>();
        }

        private object Box(double value) => Convert.ChangeType(value, ReturnType, System.Globalization.CultureInfo.InvariantCulture);

        private static double Unbox(object? value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

        public double Value(object[] point) => Unbox(original.Invoke(instance, Arguments(point)));

        public (double Value, double[] Gradient) Gradient(object[] point)
        {
            var args = Arguments(point).Concat(new object?[active.Length]).ToArray();
            double value = Unbox(gradient.Invoke(instance, args));
            return (value, args.Skip(point.Length).Select(Unbox).ToArray());
        }

        public (double Value, double Tangent) Pushforward(object[] point, double[] direction)
        {
            var args = Arguments(point).Concat(direction.Select(Box)).Append(null).ToArray();
            double value = Unbox(pushforward.Invoke(instance, args));
            return (value, Unbox(args[^1]));
        }

        public (double Value, double[] Adjoints) Pullback(object[] point, double seed, double[] initialAdjoints)
        {
            var args = Arguments(point).Append(Box(seed)).Concat(initialAdjoints.Select(Box)).ToArray();
            double value = Unbox(pullback.Invoke(instance, args));
            return (value, args.Skip(point.Length + 1).Select(Unbox).ToArray());
        }

        /// <summary>Central finite differences in each active parameter.</summary>
        public double[] FiniteDifferences(object[] point)
        {
            bool single = ReturnType == typeof(float);
            var result = new double[active.Length];
            for (int k = 0; k < active.Length; k++)
            {
                int i = active[k];
                double x = Convert.ToDouble(point[i], System.Globalization.CultureInfo.InvariantCulture);
                double h = (single ? 4.9e-3 : 6.06e-6) * Math.Max(1, Math.Abs(x));
                var up = (object[])point.Clone();
                var down = (object[])point.Clone();
                up[i] = x + h;
                down[i] = x - h;
                result[k] = (Value(up) - Value(down)) / (2 * h);
            }

            return result;
        }

        /// <summary>
        /// Checks, at one point: all three generated methods return the value of the original; the
        /// gradient agrees with finite differences; the pushforward along each unit direction gives
        /// that partial derivative; the pullback adds seed·gradient into the adjoints it is given.
        /// </summary>
        public void Check(object[] point)
        {
            bool single = ReturnType == typeof(float);
            double tolerance = single ? 2e-3 : 1e-5;
            string at = "at (" + string.Join(", ", point) + ")";
            double value = Value(point);
            var (gradientValue, grad) = Gradient(point);
            Assert.Equal(value, gradientValue);
            var fd = FiniteDifferences(point);
            for (int k = 0; k < active.Length; k++)
            {
                Assert.True(
                    Math.Abs(grad[k] - fd[k]) <= tolerance * Math.Max(1, Math.Abs(fd[k])),
                    $"{original.Name}: gradient[{k}] = {grad[k]:R}, finite differences {fd[k]:R}, {at}");

                var direction = new double[active.Length];
                direction[k] = 1;
                var (pushValue, tangent) = Pushforward(point, direction);
                Assert.Equal(value, pushValue);
                Assert.True(
                    Math.Abs(tangent - grad[k]) <= 1e-9 * Math.Max(1, Math.Abs(grad[k])) + (single ? 1e-4 : 0),
                    $"{original.Name}: pushforward along parameter {k} = {tangent:R}, gradient {grad[k]:R}, {at}");
            }

            var initial = Enumerable.Range(0, active.Length).Select(k => 0.25 * (k + 1)).ToArray();
            var (pullValue, adjoints) = Pullback(point, 2.0, initial);
            Assert.Equal(value, pullValue);
            for (int k = 0; k < active.Length; k++)
            {
                double expected = initial[k] + 2.0 * grad[k];
                Assert.True(
                    Math.Abs(adjoints[k] - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)) + (single ? 1e-4 : 0),
                    $"{original.Name}: pullback adjoint[{k}] = {adjoints[k]:R}, expected {initial[k]} + 2·{grad[k]:R}, {at}");
            }
        }
    }
}
