using BenchmarkDotNet.Running;

// Micro-benchmarks of the hot loops, one method per vector width:
//   dotnet run -c Release --project bench/Digits.Benchmarks -- --filter '*'            (all)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- --filter '*Deformation*' --job short
//   dotnet run -c Release --project bench/Digits.Benchmarks -- rejection-features DRAWINGS.tsv PHOTOS.tsv   (signs for bench/fit_rejection.py)
if (args is ["rejection-features", var drawings, var photos])
{
    Digits.Benchmarks.RejectionFeatures.Write(drawings, photos);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
