using System.IO.Compression;
using System.Text;
using Digits.Classifiers.Knn;
using Digits.Classifiers.Network;
using Digits.Files;
using Digits.Images;
using Digits.Profiles;
using OpenCvSharp;

namespace Digits.Fuzz;

/// <summary>
/// Writes the seed corpus the fuzzer starts from: for every target a few small valid files made here, and
/// broken versions of them (cut short, a header field changed). Committed under tests/Digits.Fuzz/corpus.
///   dotnet run --project tests/Digits.Fuzz -c Release -- seed tests/Digits.Fuzz/corpus
/// </summary>
internal static class SeedCorpus
{
    public static void Write(string folder)
    {
        var seeds = new Dictionary<string, Dictionary<string, byte[]>>
        {
            ["image-header"] = Images(),
            ["photo-decoder"] = Images(),
            ["heic"] = Heic(folder),
            ["pdf"] = Pdf(),
            ["tiff"] = Tiff(),
            ["idx"] = Idx(),
            ["model"] = Model(),
            ["network"] = Network(),
            ["pixel-json"] = PixelJson(),
            ["profile"] = Profile(),
        };
        foreach (var (target, files) in seeds)
        {
            string dir = Path.Combine(folder, target);
            Directory.CreateDirectory(dir);
            foreach (var (name, bytes) in files)
            {
                File.WriteAllBytes(Path.Combine(dir, name), bytes);
            }

            Console.WriteLine($"{target}: {files.Count} seeds, {files.Values.Sum(b => b.Length):N0} bytes");
        }
    }

    // A digit-like ring on paper, as every format OpenCV writes, plus truncated and lying headers.
    private static Dictionary<string, byte[]> Images()
    {
        using var image = new Mat(12, 10, MatType.CV_8UC3, Scalar.White);
        Cv2.Circle(image, new Point(5, 6), 3, Scalar.Black, 1);
        var files = new Dictionary<string, byte[]>();
        foreach (string extension in new[] { ".png", ".jpg", ".bmp", ".webp", ".tiff" })
        {
            Cv2.ImEncode(extension, image, out byte[] bytes);
            files["ring" + extension] = bytes;
            files["ring-cut" + extension] = bytes[..(bytes.Length / 2)];
        }

        byte[] png = files["ring.png"].ToArray();
        png[16] = 0x7f; // width 2 billion
        files["png-huge-width.png"] = png;
        files["gif-header.gif"] = [.. "GIF89a"u8, 10, 0, 12, 0, 0x80, 0, 0];
        files["empty"] = [];
        files["text.txt"] = "not an image"u8.ToArray();
        return files;
    }

    // HEIC is read but not written by Magick.NET: the tests' sample, made by heif-enc (tests/Digits.Tests/Photos/Formats/make.sh).
    private static Dictionary<string, byte[]> Heic(string folder)
    {
        byte[] heic = File.ReadAllBytes(Path.Combine(folder, "..", "..", "Digits.Tests", "Photos", "Formats", "47.heic"));
        return new() { ["47.heic"] = heic, ["47-cut.heic"] = heic[..(heic.Length / 2)] };
    }

    private static Dictionary<string, byte[]> Pdf()
    {
        using var ring = Ring();
        byte[] pdf = ScannedPdf.Of((ring, true), (ring, false), (null, false));
        return new() { ["ring-pages.pdf"] = pdf, ["ring-pages-cut.pdf"] = pdf[..(pdf.Length * 2 / 3)] };
    }

    private static Dictionary<string, byte[]> Tiff()
    {
        using var ring = Ring();
        Cv2.ImEncode(".png", ring, out byte[] png);
        using var pages = new ImageMagick.MagickImageCollection();
        pages.Add(new ImageMagick.MagickImage(png));
        pages.Add(new ImageMagick.MagickImage(png));
        pages.Add(new ImageMagick.MagickImage(png) { ColorSpace = ImageMagick.ColorSpace.CMYK });
        byte[] tiff = pages.ToByteArray(ImageMagick.MagickFormat.Tiff);
        return new() { ["ring-pages.tiff"] = tiff, ["ring-pages-cut.tiff"] = tiff[..(tiff.Length * 2 / 3)] };
    }

    private static Mat Ring()
    {
        var image = new Mat(12, 10, MatType.CV_8UC3, Scalar.White);
        Cv2.Circle(image, new Point(5, 6), 3, Scalar.Black, 1);
        return image;
    }

    private static Dictionary<string, byte[]> Idx()
    {
        var images = new ImageSet(Enumerable.Range(0, 3 * 28 * 28).Select(i => (byte)(i * 7)).ToArray(), 3, 28, 28);
        byte[] imageFile = Bytes(path => IdxFile.WriteImages(path, images));
        byte[] labelFile = Bytes(path => IdxFile.WriteLabels(path, new byte[] { 1, 7, 9 }));
        return new()
        {
            ["images.idx"] = imageFile,
            ["images.idx.gz"] = Gzip(imageFile),
            ["labels.idx"] = labelFile,
            ["labels.idx.gz"] = Gzip(labelFile),
            ["images-cut.idx"] = imageFile[..100],
            ["labels-bad.idx"] = [.. labelFile[..^1], 12],
        };
    }

    private static Dictionary<string, byte[]> Model()
    {
        var training = new LabeledImages(new ImageSet(Enumerable.Range(0, 4 * 28 * 28).Select(i => (byte)(i % 251)).ToArray(), 4, 28, 28), [0, 1, 2, 3]);
        byte[] model = Bytes(path => ModelFile.Save(KnnClassifier.Fit(training, new KnnOptions { K = 1 }), path, "fuzz seed"));
        return new() { ["tiny.model"] = model, ["tiny-cut.model"] = model[..(model.Length * 2 / 3)] };
    }

    private static Dictionary<string, byte[]> Network()
    {
        var shape = new ConvNetShape("conv3x2 pool dense4");
        var parameters = Enumerable.Range(0, shape.ParameterCount).Select(i => (float)Math.Sin(i)).ToArray();
        byte[] network = Bytes(path => ConvNetFile.Save(new ConvNet(shape, parameters), path));
        return new() { ["tiny.nn"] = network, ["tiny-cut.nn"] = network[..(network.Length / 2)] };
    }

    private static Dictionary<string, byte[]> PixelJson()
    {
        string blank = string.Join(',', Enumerable.Repeat(0, 784));
        string wide = string.Join(',', Enumerable.Repeat(255, 30 * 28));
        return new()
        {
            ["blank.json"] = Encoding.UTF8.GetBytes($"{{\"pixels\":[{blank}]}}"),
            ["wide.json"] = Encoding.UTF8.GetBytes($"{{\"pixels\":[{wide}],\"width\":30,\"height\":28}}"),
            ["bad-value.json"] = Encoding.UTF8.GetBytes("{\"pixels\":[256,-1],\"width\":1}"),
            ["not-json.json"] = "{\"pixels\":[1,2"u8.ToArray(),
        };
    }

    private static Dictionary<string, byte[]> Profile()
    {
        var examples = new[] { 3, 8 }.Select((digit, i) => new PersonalExample(i + 1, "seed", digit, Enumerable.Range(0, 784).Select(p => (byte)(p * digit)).ToArray(), ExampleSource.Drawing, DateTimeOffset.UnixEpoch)).ToList();
        byte[] profile = ProfileFile.ToBytes("seed", examples);
        return new() { ["two.profile"] = profile, ["two-cut.profile"] = profile[..(profile.Length / 2)] };
    }

    private static byte[] Bytes(Action<string> write)
    {
        string path = Path.Combine(Path.GetTempPath(), $"digits-seed-{Guid.NewGuid():N}");
        try
        {
            write(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
