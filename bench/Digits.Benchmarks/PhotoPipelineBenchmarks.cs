using BenchmarkDotNet.Attributes;
using Digits.Data;
using Digits.Models;
using Digits.Photos;
using OpenCvSharp;

namespace Digits.Benchmarks;

/// <summary>
/// A 12-megapixel phone photo read end to end with the default model (issue target: under 300 ms), and its
/// decoding alone. The photo is the real photo of the number 13540 in <c>../shared/photos/numbers</c>
/// (or <c>DIGITS_PHOTOS</c>), enlarged to 4480x2733 and saved as a quality-90 JPEG in memory, as a phone
/// would save it. MNIST is found as everywhere else (<c>DIGITS_DATA</c>, the cache, ...).
/// </summary>
[MedianColumn]
public class PhotoPipelineBenchmarks
{
    private PhotoReader _reader = null!;
    private byte[] _jpeg = null!;

    [GlobalSetup]
    public void Setup()
    {
        MnistData mnist = new MnistLocator().Load();
        _reader = new PhotoReader(DefaultModel.Fit(mnist.Train));
        using Mat small = Cv2.ImRead(FindPhoto(), ImreadModes.Color);
        double scale = Math.Sqrt(12_240_000.0 / (small.Width * small.Height));
        using var large = new Mat();
        Cv2.Resize(small, large, new Size((int)(small.Width * scale), (int)(small.Height * scale)), 0, 0, InterpolationFlags.Cubic);
        Cv2.ImEncode(".jpg", large, out _jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
        string text = _reader.Read(_jpeg).Text;
        if (text != "13540")
        {
            throw new InvalidOperationException($"The enlarged photo reads '{text}', expected 13540: the benchmark would time the wrong work.");
        }
    }

    [Benchmark(Description = "12 MP JPEG: decode")]
    public int Decode()
    {
        using Mat photo = PhotoDecoder.Decode(_jpeg, 40_000_000, 1024, out int reduction);
        return photo.Width * reduction;
    }

    [Benchmark(Description = "12 MP JPEG: read end to end")]
    public string ReadEndToEnd() => _reader.Read(_jpeg).Text;

    private static string FindPhoto()
    {
        string? folder = Environment.GetEnvironmentVariable("DIGITS_PHOTOS");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); folder is null && dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "photos");
            folder = Directory.Exists(candidate) ? candidate : null;
        }

        string photo = Path.Combine(folder ?? throw new InvalidOperationException("../shared/photos not found above the benchmark; set DIGITS_PHOTOS."), "numbers", "13540_vinay0410_1.jpg");
        return File.Exists(photo) ? photo : throw new FileNotFoundException($"The benchmark photo is missing: {photo}", photo);
    }
}
