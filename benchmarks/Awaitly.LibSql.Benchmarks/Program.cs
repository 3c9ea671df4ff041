using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Awaitly.LibSql.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Awaitly.LibSql.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
