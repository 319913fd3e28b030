using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(AutoDiffGen.Benchmarks.Functions).Assembly).Run(args);
