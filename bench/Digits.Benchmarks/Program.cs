using BenchmarkDotNet.Running;

// Micro-benchmarks of the hot loops, one method per vector width:
//   dotnet run -c Release --project bench/Digits.Benchmarks -- --filter '*'            (all)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- --filter '*Deformation*' --job short
//   dotnet run -c Release --project bench/Digits.Benchmarks -- rejection-features DRAWINGS.tsv PHOTOS.tsv   (signs for bench/fit_rejection.py)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- network-averages [--with-shipped] [--test FOLDER] B.nn [C.nn ...]   (ensembles on the test set and a labelled folder)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- average-weights HELD-OUT.nn   (the network's share in the default model, on the held-out split)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- refusals   (clothes and MNIST test digits refused, as drawings)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- reference-augmentation none rot6 thick   (distorted copies among the neighbours, on the held-out split)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- neighbour-variants   (re-ranking distances for the neighbours, on the held-out split)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- neighbour-candidates [--search-blur S] [--tangent] [--test]   (how many candidates IDM re-ranks, on the held-out split)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- augmentation-samples OUT.png   (what training distortions look like)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- phone-app [--drawings 200] [--throttle 4] [--photos DIR]   (the phone app's bytes per visit and time per drawing)
//   dotnet run -c Release --project bench/Digits.Benchmarks -- teaching /tmp/writers ../shared/photos docs/teaching.png   (what teaching buys)
if (args is ["rejection-features", var drawings, var photos])
{
    Digits.Benchmarks.RejectionFeatures.Write(drawings, photos);
    return;
}

if (args is ["teaching", var writerFolder, var photoFolder, var teachingPlot])
{
    Digits.Benchmarks.Teaching.Run(writerFolder, photoFolder, teachingPlot);
    return;
}

if (args is ["average-weights", var heldOutNetwork])
{
    Digits.Benchmarks.AverageWeights.Run(heldOutNetwork);
    return;
}

if (args is ["augmentation-samples", var samplesPlot])
{
    Digits.Benchmarks.AugmentationSamples.Run(samplesPlot);
    return;
}

if (args is ["refusals"])
{
    Digits.Benchmarks.Refusals.Run();
    return;
}

if (args is ["reference-augmentation", "--write", var recipe, var imageFile, var labelFile])
{
    Digits.Benchmarks.ReferenceAugmentation.Write(recipe, imageFile, labelFile);
    return;
}

if (args is ["reference-augmentation", .. var recipes])
{
    Digits.Benchmarks.ReferenceAugmentation.Run(recipes);
    return;
}

if (args is ["neighbour-candidates", .. var candidateArgs])
{
    Digits.Benchmarks.NeighbourCandidates.Run(
        candidateArgs.Contains("--test"),
        candidateArgs.Contains("--tangent"),
        candidateArgs.SkipWhile(a => a != "--search-blur").Skip(1).Select(a => double.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault());
    return;
}

if (args is ["neighbour-variants", .. var variantArgs])
{
    Digits.Benchmarks.NeighbourVariants.Run(variantArgs.Contains("--test"));
    return;
}

if (args is ["phone-app", .. var phoneArgs])
{
    string Option(string name, string fallback) => phoneArgs.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
    await Digits.Benchmarks.PhoneApp.Run(
        int.Parse(Option("--drawings", "200"), System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(Option("--throttle", "4"), System.Globalization.CultureInfo.InvariantCulture),
        phoneArgs.SkipWhile(a => a != "--photos").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("DIGITS_PHOTOS") ?? Path.GetFullPath("../shared/photos"));
    return;
}

if (args is ["network-averages", .. var files])
{
    Digits.Benchmarks.NetworkAverages.Run(files);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Digits.Benchmarks.PhoneApp).Assembly).Run(args);
