using Digits.Classifiers;
using Digits.Data;
using Digits.Files;
using Digits.Images;
using Digits.Models;
using Digits.Photos;

namespace Digits.Benchmarks;

/// <summary>
/// The README's 28x28 refusal rows, on whole test sets read as drawings by the default model: how many of the
/// 10,000 Fashion-MNIST test images (clothes) are refused, and how many MNIST test digits are refused, with the
/// errors among those answered:
///   dotnet run --project bench/Digits.Benchmarks -c Release -- refusals
/// Needs: apt-get install dataset-fashion-mnist.
/// </summary>
internal static class Refusals
{
    private const string FashionTest = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

    public static void Run()
    {
        MnistData data = new MnistLocator().Load();
        var reader = new DigitReader(DefaultModel.Fit(data.Train));
        ImageSet clothes = IdxFile.ReadImages(FashionTest);
        int clothesRefused = Read(clothes, reader).Count(digit => digit is null);
        Console.WriteLine($"Fashion-MNIST test images refused: {clothesRefused:N0} / {clothes.Count:N0} ({clothesRefused / (double)clothes.Count:P1})");
        int?[] digits = Read(data.Test.Images, reader);
        int refused = digits.Count(digit => digit is null);
        int wrong = digits.Where((digit, i) => digit is { } d && d != data.Test.Labels[i]).Count();
        Console.WriteLine($"MNIST test digits refused: {refused:N0} / {digits.Length:N0} ({refused / (double)digits.Length:P2}); the {digits.Length - refused:N0} answered have {wrong} errors");
    }

    // The digit read from each image as a drawing, null when refused or when nothing is found.
    private static int?[] Read(ImageSet images, DigitReader reader)
    {
        var digits = new int?[images.Count];
        Parallel.For(0, images.Count, i =>
        {
            PhotoResult result = reader.ReadDrawing(images[i]);
            digits[i] = result.Digits.Count == 0 ? null : result.Digits[0].Digit;
        });
        return digits;
    }
}
