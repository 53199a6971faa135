using Digits.Classifiers.Network;
using Digits.Data;

namespace Digits.Benchmarks;

/// <summary>
/// Writes a sheet of training distortions to look at: each row is one MNIST training digit (two each of 0, 1, 4 and
/// 7), first as it is, then distorted as training distorts it (columns 2-3), redrawn in another writing style and
/// distorted (4-6), and distorted and coarsened as a low-resolution scan would show it (7-9):
///   dotnet run --project bench/Digits.Benchmarks -c Release -- augmentation-samples OUT.png
/// </summary>
internal static class AugmentationSamples
{
    public static void Run(string output)
    {
        MnistData data = new MnistLocator().Load();
        const int Rows = 8, Columns = 9, Side = 28;
        using var sheet = new OpenCvSharp.Mat(Rows * Side, Columns * Side, OpenCvSharp.MatType.CV_8UC1, OpenCvSharp.Scalar.All(255));
        var random = new Random(5);
        var plain = new AugmentationOptions { Coarse = 0, Styles = 0 };
        var styled = plain with { Styles = 1 };
        var coarse = plain with { Coarse = 1 };
        int[] rows = [0, 1, 4, 7, 0, 1, 4, 7];
        float[] image = new float[Side * Side];
        for (int row = 0; row < Rows; row++)
        {
            int index = Enumerable.Range(row * 500, 60_000 - (row * 500)).First(i => data.Train.Labels[i] == rows[row]);
            byte[] digit = data.Train.Images[index].ToArray();
            for (int column = 0; column < Columns; column++)
            {
                if (column == 0)
                {
                    Augmenter.Copy(digit, image);
                }
                else
                {
                    Augmenter.Distort(digit, Side, random, column <= 2 ? plain : column <= 5 ? styled : coarse, image, rows[row]);
                }

                for (int i = 0; i < image.Length; i++)
                {
                    sheet.Set((row * Side) + (i / Side), (column * Side) + (i % Side), (byte)(255 - Math.Clamp(image[i] * 255, 0, 255)));
                }
            }
        }

        using var large = sheet.Resize(new OpenCvSharp.Size(sheet.Width * 3, sheet.Height * 3), 0, 0, OpenCvSharp.InterpolationFlags.Nearest);
        large.ImWrite(output);
        Console.WriteLine($"wrote {output}: columns 2-3 distorted, 4-6 restyled, 7-9 coarsened");
    }
}
