using System.Globalization;
using Digits.Classifiers;
using Digits.Data;
using Digits.Files;
using Digits.Images;
using Digits.Models;
using Digits.Photos;

namespace Digits.Benchmarks;

/// <summary>
/// Writes the signs <see cref="Novelty"/> is fitted on, one row per input, from training data only: MNIST
/// training digits (their own image left out of their neighbours), Fashion-MNIST training images, blank paper, and
/// letters and symbols in the handwriting fonts the line reader learns from (<see cref="FontGlyphs.TrainingFamilies"/>;
/// <see cref="FontGlyphs.HeldOutFamily"/> stays out, to measure with), each drawn a little differently every time.
/// Two files: one read as drawings (<see cref="DigitReader.ReadDrawing"/>), and one written as
/// photos (<see cref="SyntheticPhoto"/>) and read by the photo pipeline, each mark it finds a row.
/// Each row: kind (mnist, misread, fashion, blank, letters), answer, the signs, and the 28x28 input in hex. bench/fit_rejection.py fits both scores on them.
///   dotnet run --project bench/Digits.Benchmarks -c Release -- rejection-features /tmp/drawings.tsv /tmp/photos.tsv
/// </summary>
internal static class RejectionFeatures
{
    public static void Write(string drawingsPath, string photosPath, int perKind = 8000)
    {
        MnistData data = new MnistLocator().Load();
        IDigitClassifier model = DefaultModel.Fit(data.Train);
        var reader = new DigitReader(model);
        ImageSet fashion = IdxFile.ReadImages("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
        byte[][] letters = [.. FontGlyphs.Render(FontGlyphs.FontsOf(FontGlyphs.TrainingFamilies)).Select(FontGlyphs.AsDrawing)];
        if (letters.Length == 0)
        {
            throw new InvalidOperationException($"no handwriting fonts in {FontGlyphs.FontFolder}: apt-get install fonts-dkg-handwriting fonts-breip fonts-femkeklaver");
        }

        var drawings = new List<string>();
        var photos = new List<string>();
        var random = new Random(1);
        for (int i = 0; i < perKind; i++)
        {
            int index = random.Next(data.Train.Count);
            byte[] digit = data.Train.Images[index].ToArray();
            byte[] clothes = fashion[random.Next(fashion.Count)].ToArray();
            int label = data.Train.Labels[index];
            AddDrawing("mnist", digit, index, label);
            AddDrawing("fashion", clothes, null, null);
            AddPhoto("mnist", SyntheticPhoto.Write(digit, random), index, label);
            AddPhoto("fashion", SyntheticPhoto.Write(clothes, random), null, null);
            if (i < perKind / 4)
            {
                AddDrawing("blank", BlankCrop(random), null, null);
                AddPhoto("blank", SyntheticPhoto.Write(BlankCrop(random), random), null, null);
                AddDrawing("letters", Varied(letters[random.Next(letters.Length)], random), null, null);
                AddPhoto("letters", SyntheticPhoto.Write(Varied(letters[random.Next(letters.Length)], random), random), null, null);
            }
        }

        File.WriteAllLines(drawingsPath, drawings);
        File.WriteAllLines(photosPath, photos);
        Console.WriteLine($"wrote {drawings.Count} rows to {drawingsPath} and {photos.Count} to {photosPath}");

        // A digit misread (or found in pieces) is kind "misread": neither score needs to pass it, so it is left out of both the fit and the threshold.
        void AddDrawing(string kind, byte[] raw, int? self, int? label)
        {
            InkShape shape = InkShape.Measure(raw, 28, 28);
            byte[] input = DrawingNormalizer.Normalize(raw, 28, 28, out _);
            if (!shape.IsBlank && !Array.TrueForAll(input, p => p == 0))
            {
                DigitPrediction prediction = model.Classify(input);
                drawings.Add(Row(label is int l && prediction.Digit != l ? "misread" : kind, prediction, shape, input, self));
            }
        }

        void AddPhoto(string kind, byte[] photo, int? self, int? label)
        {
            IReadOnlyList<FoundDigit> found = reader.ReadPhoto(photo).Digits;
            foreach (FoundDigit digit in found)
            {
                bool misread = label is int l && (found.Count != 1 || digit.Prediction.Digit != l);
                photos.Add(Row(misread ? "misread" : kind, digit.Prediction, digit.Shape, digit.Input, self));
            }
        }
    }

    private static string Row(string kind, DigitPrediction prediction, InkShape shape, byte[] input, int? self)
    {
        if (self is int index)
        {
            prediction = prediction with { Neighbors = prediction.Neighbors.Where(n => n.Index != index).ToArray() };
        }

        double[] signs = Novelty.Signs(prediction, shape, input);
        return kind + "\t" + prediction.Digit + "\t" + string.Join('\t', signs.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\t" + Convert.ToHexString(input);
    }

    // A mark as another hand might write it: turned, slanted, wider or narrower, its stroke heavier or lighter.
    private static byte[] Varied(byte[] drawing, Random random)
    {
        using var image = new OpenCvSharp.Mat(28, 28, OpenCvSharp.MatType.CV_8UC1);
        image.SetArray(drawing);
        double turn = (random.NextDouble() - 0.5) * 0.35, slant = (random.NextDouble() - 0.5) * 0.5, wide = 0.8 + (0.4 * random.NextDouble());
        double a = wide * Math.Cos(turn), b = (wide * -Math.Sin(turn)) + slant, c = Math.Sin(turn), d = Math.Cos(turn);
        using var warp = new OpenCvSharp.Mat(2, 3, OpenCvSharp.MatType.CV_64FC1);
        warp.SetArray(new[] { a, b, 14 - (14 * a) - (14 * b), c, d, 14 - (14 * c) - (14 * d) });
        using var moved = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.WarpAffine(image, moved, warp, new OpenCvSharp.Size(28, 28));
        int pen = random.Next(3);
        if (pen != 1)
        {
            using var round = OpenCvSharp.Cv2.GetStructuringElement(OpenCvSharp.MorphShapes.Ellipse, new OpenCvSharp.Size(2, 2));
            if (pen == 0)
            {
                OpenCvSharp.Cv2.Erode(moved, moved, round);
            }
            else
            {
                OpenCvSharp.Cv2.Dilate(moved, moved, round);
            }
        }

        moved.GetArray(out byte[] pixels);
        return pixels;
    }

    // Paper without writing, as a crop sees it: grain, a lighting gradient, sometimes a ruled line or a speck,
    // inverted so that darker than the paper counts as ink.
    private static byte[] BlankCrop(Random random)
    {
        var pixels = new byte[784];
        double grain = 5 + (random.NextDouble() * 25), slope = random.NextDouble() * 30;
        int line = random.NextDouble() < 0.3 ? random.Next(28) : -1;
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                double v = (random.NextDouble() * grain) + (slope * x / 28) + (y == line ? 60 : 0);
                pixels[(y * 28) + x] = (byte)Math.Clamp(v, 0, 255);
            }
        }

        if (random.NextDouble() < 0.3)
        {
            int cx = random.Next(4, 24), cy = random.Next(4, 24);
            pixels[(cy * 28) + cx] = 200;
        }

        return pixels;
    }
}
