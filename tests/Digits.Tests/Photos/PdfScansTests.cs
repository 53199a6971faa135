using System.IO.Compression;
using System.Text;
using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

/// <summary>The reader of scanned PDFs, on the structures real producers write: object streams, PNG predictors, palettes, inherited resources.</summary>
[Trait("Category", "Fast")]
public sealed class PdfScansTests
{
    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Stream(int number, string dictionary, byte[] data)
        => [.. Encoding.ASCII.GetBytes($"{number} 0 obj\n<< {dictionary} /Length {data.Length} >>\nstream\n"), .. data, .. "\nendstream\nendobj\n"u8.ToArray()];

    private static byte[] Object(int number, string content) => Encoding.ASCII.GetBytes($"{number} 0 obj\n{content}\nendobj\n");

    [Fact]
    public void Page_InAnObjectStream_WithResourcesInheritedFromItsParent_GivesItsImage()
    {
        // A 4x2 grey image, deflated with the PNG "up" predictor on every row.
        byte[] samples = [10, 20, 30, 40, 200, 210, 220, 230];
        byte[] predicted = [2, 10, 20, 30, 40, 2, 190, 190, 190, 190];
        string page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 4 2] >>";
        string header = "3 0 ";
        byte[] packed = Encoding.ASCII.GetBytes(header + page);
        byte[] pdf =
        [
            .. "%PDF-1.5\n"u8.ToArray(),
            .. Object(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            .. Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /XObject << /Im0 4 0 R >> >> >>"),
            .. Stream(4, "/Type /XObject /Subtype /Image /Width 4 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 4 /Colors 1 >>", Deflate(predicted)),
            .. Stream(5, $"/Type /ObjStm /N 1 /First {header.Length} /Filter /FlateDecode", Deflate(packed)),
            .. "trailer\n<< /Root 1 0 R >>\n%%EOF\n"u8.ToArray(),
        ];

        var scans = new PdfScans(pdf);
        Assert.Equal(1, scans.PageCount);
        var (file, pixels) = scans.Page(1, (_, _) => { });
        Assert.Null(file);
        using Mat image = pixels!;
        Assert.Equal((4, 2), (image.Width, image.Height));
        Assert.Equal(samples, Enumerable.Range(0, 8).Select(i => image.At<Vec3b>(i / 4, i % 4).Item0));
    }

    [Fact]
    public void Page_OfAnIndexedOneBitImage_LooksItsColoursUp()
    {
        // 8x1 pixels, one bit each: 1010 0000, a palette of red (0) and white (1).
        byte[] pdf =
        [
            .. "%PDF-1.4\n"u8.ToArray(),
            .. Object(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            .. Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            .. Object(3, "<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im0 4 0 R >> >> >>"),
            .. Stream(4, "/Subtype /Image /Width 8 /Height 1 /ColorSpace [/Indexed /DeviceRGB 1 <FF0000FFFFFF>] /BitsPerComponent 1", [0b1010_0000]),
        ];

        var (_, pixels) = new PdfScans(pdf).Page(1, (_, _) => { });
        using Mat image = pixels!;
        Assert.Equal(new Vec3b(255, 255, 255), image.At<Vec3b>(0, 0));
        Assert.Equal(new Vec3b(0, 0, 255), image.At<Vec3b>(0, 1)); // red, as BGR
    }

    [Theory]
    [InlineData("<< /Type /Catalog /Pages 2 0 R >>", "no objects")]
    [InlineData("1 0 obj << /Type /Pages /Kids [1 0 R] >> endobj", "no catalog")]
    public void Open_ABrokenStructure_SaysWhatIsMissing(string content, string expected)
    {
        var error = Assert.Throws<PhotoException>(() => new PdfScans(Encoding.ASCII.GetBytes("%PDF-1.4\n" + content)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_WhoseFlateDataIsCorrupt_IsRefusedWithAMessage()
    {
        // Found by fuzzing: zlib's own error (ZLibException, an IOException) escaped the reader.
        byte[] pdf =
        [
            .. "%PDF-1.4\n"u8.ToArray(),
            .. Object(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            .. Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            .. Object(3, "<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im0 4 0 R >> >> >>"),
            .. Stream(4, "/Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0x00, 0x12]),
        ];

        var error = Assert.Throws<PhotoException>(() => new PdfScans(pdf).Page(1, (_, _) => { }));
        Assert.Contains("Flate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_APageTreeThatLoopsAndNestsDeep_IsWalkedOnce()
    {
        var nested = new StringBuilder("<< /Type /Catalog /Pages 2 0 R /Deep ");
        nested.Append(new string('[', 200)).Append(new string(']', 200)).Append(" >>");
        byte[] pdf =
        [
            .. "%PDF-1.4\n"u8.ToArray(),
            .. Object(1, "<< /Type /Catalog /Pages 2 0 R >>"),
            .. Object(2, "<< /Type /Pages /Kids [2 0 R 3 0 R 2 0 R] >>"),
            .. Object(3, "<< /Type /Page /Parent 2 0 R >>"),
            .. Object(6, nested.ToString()),
        ];

        Assert.Equal(1, new PdfScans(pdf).PageCount);
    }

    [Fact]
    public void PngPredictors_EachFilter_IsUndoneAsPngDefinesIt()
    {
        var random = new Random(7);
        const int rowBytes = 12, rows = 10, pixelBytes = 3;
        byte[] samples = new byte[rowBytes * rows];
        random.NextBytes(samples);
        byte[] filtered = new byte[(rowBytes + 1) * rows];
        for (int y = 0; y < rows; y++)
        {
            int filter = y % 5;
            filtered[y * (rowBytes + 1)] = (byte)filter;
            for (int x = 0; x < rowBytes; x++)
            {
                int left = x >= pixelBytes ? samples[(y * rowBytes) + x - pixelBytes] : 0;
                int up = y > 0 ? samples[((y - 1) * rowBytes) + x] : 0;
                int corner = x >= pixelBytes && y > 0 ? samples[((y - 1) * rowBytes) + x - pixelBytes] : 0;
                int p = left + up - corner;
                int paeth = Math.Abs(p - left) <= Math.Abs(p - up) && Math.Abs(p - left) <= Math.Abs(p - corner) ? left : Math.Abs(p - up) <= Math.Abs(p - corner) ? up : corner;
                int predicted = filter switch { 0 => 0, 1 => left, 2 => up, 3 => (left + up) / 2, _ => paeth };
                filtered[(y * (rowBytes + 1)) + 1 + x] = (byte)(samples[(y * rowBytes) + x] - predicted);
            }
        }

        Assert.Equal(samples, PngPredictors.Undo(filtered, rowBytes, rows, pixelBytes));
    }
}
