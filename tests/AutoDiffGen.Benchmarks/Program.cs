using BenchmarkDotNet.Running;

// All benchmarks, BenchmarkDotNet's default job (tens of minutes):
//   dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --filter '*'
// A short job (3 warm-up and 3 measured iterations, one launch; a few minutes per class), enough
// for ratios within one run on a quiet machine:
//   dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --filter '*GmmBenchmark*' --job short
//   dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --filter '*LargeBenchmark*' --job short
// The README's "Benchmarks" section gives the command, date and machine of every table.
BenchmarkSwitcher.FromAssembly(typeof(AutoDiffGen.Benchmarks.Functions).Assembly).Run(args);
