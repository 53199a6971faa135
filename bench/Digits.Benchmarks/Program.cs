using BenchmarkDotNet.Running;

// Micro-benchmarks of the hot loops, one method per vector width:
//   dotnet run -c Release --project bench/Digits.Benchmarks -- --filter '*'            (all)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- --filter '*Deformation*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
