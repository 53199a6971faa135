using Digits.Files;
using Digits.Photos;
using Digits.Profiles;
using Digits.Web.Api;

namespace Digits.Fuzz;

/// <summary>Every reader of untrusted bytes the product has, by the name <c>bench/fuzz/run.sh</c> takes.</summary>
public static class FuzzTargets
{
    /// <summary>Gets the targets.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("image-header", bytes => ImageHeader.Read(bytes), null),
        new("photo-decoder", DecodePhoto, typeof(PhotoException)) { RunsNativeCode = true },
        new("heic", DecodePages, typeof(PhotoException)) { RunsNativeCode = true },
        new("pdf", DecodePages, typeof(PhotoException)) { RunsNativeCode = true },
        new("tiff", DecodePages, typeof(PhotoException)) { RunsNativeCode = true },
        new("idx", ReadIdx, typeof(DataFileException)),
        new("model", ChecksumSeal.Around(bytes => ModelFile.Read(bytes, "fuzz.model")), typeof(DataFileException)),
        new("network", ChecksumSeal.Around(bytes => ConvNetFile.Read(bytes, "fuzz.nn")), typeof(DataFileException)),
        new("pixel-json", bytes => PixelDrawing.Parse(bytes, out _), null),
        new("profile", ChecksumSeal.Around(bytes => ProfileFile.Read(bytes, "fuzz.profile")), typeof(DataFileException)),
    ];

    /// <summary>The target named <paramref name="name"/>.</summary>
    /// <param name="name">A target's name.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">No target has that name.</exception>
    public static FuzzTarget Named(string name)
        => All.FirstOrDefault(target => target.Name == name)
            ?? throw new ArgumentException($"no fuzz target '{name}'; the targets are {string.Join(", ", All.Select(t => t.Name))}", nameof(name));

    // The decoder as the server calls it, with a small pixel budget so a fuzzed header cannot ask for gigabytes.
    private static void DecodePhoto(byte[] bytes)
    {
        using var image = PhotoDecoder.Decode(bytes, maxPixels: 4_000_000);
    }

    // Every page of a document (HEIC, PDF, multi-page TIFF: one corpus each), as the web and the CLI read them.
    private static void DecodePages(byte[] bytes)
    {
        foreach (DecodedPage page in PhotoDecoder.Pages(bytes, maxPixels: 4_000_000, workingSize: 0, maxPages: 4))
        {
            page.Dispose();
        }
    }

    // Images or labels, as the header says, gzipped or not.
    private static void ReadIdx(byte[] bytes)
    {
        byte[] content = IdxFile.Decompress("fuzz.idx", bytes);
        if (content.Length >= 4 && content[2] == 0x08 && content[3] == 0x01)
        {
            IdxFile.ParseLabels("fuzz.idx", content);
        }
        else
        {
            IdxFile.ParseImages("fuzz.idx", content);
        }
    }
}
