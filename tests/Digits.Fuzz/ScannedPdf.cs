using System.IO.Compression;
using System.Text;
using OpenCvSharp;

namespace Digits.Fuzz;

/// <summary>
/// Writes a PDF whose pages are each one image, as a scanner writes it: JPEG pages stored as they are
/// (DCTDecode), the others as deflated grey samples (FlateDecode). For the fuzzer's seeds and the tests.
/// </summary>
public static class ScannedPdf
{
    /// <summary>The PDF.</summary>
    /// <param name="pages">Each page's image (null for a page without one, as typed text), and whether it is stored as JPEG.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Of(params (Mat? Image, bool Jpeg)[] pages)
    {
        var objects = new List<byte[]>();
        int Add(byte[] content)
        {
            objects.Add(content);
            return objects.Count;
        }

        byte[] Stream(string dictionary, byte[] data) => [.. Encoding.ASCII.GetBytes($"<< {dictionary} /Length {data.Length} >>\nstream\n"), .. data, .. "\nendstream"u8.ToArray()];

        var pageIds = new List<int>();
        int pagesId = 1;
        objects.Add([]); // the page tree, written when every page is known
        foreach (var (image, jpeg) in pages)
        {
            if (image is null)
            {
                pageIds.Add(Add(Encoding.ASCII.GetBytes($"<< /Type /Page /Parent {pagesId} 0 R /MediaBox [0 0 595 842] >>"))); // typed text would be here
                continue;
            }

            int width = image.Width, height = image.Height;
            int imageId;
            if (jpeg)
            {
                imageId = Add(Stream($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", Jpeg(image)));
            }
            else
            {
                using var grey = new Mat();
                Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
                grey.GetArray(out byte[] samples);
                using var deflated = new MemoryStream();
                using (var zlib = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
                {
                    zlib.Write(samples);
                }

                imageId = Add(Stream($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", deflated.ToArray()));
            }

            int contentsId = Add(Stream("", Encoding.ASCII.GetBytes($"q {width} 0 0 {height} 0 0 cm /Scan Do Q")));
            pageIds.Add(Add(Encoding.ASCII.GetBytes($"<< /Type /Page /Parent {pagesId} 0 R /MediaBox [0 0 {width} {height}] /Resources << /XObject << /Scan {imageId} 0 R >> >> /Contents {contentsId} 0 R >>")));
        }

        objects[pagesId - 1] = Encoding.ASCII.GetBytes($"<< /Type /Pages /Kids [{string.Join(" ", pageIds.Select(id => $"{id} 0 R"))}] /Count {pageIds.Count} >>");
        int catalogId = Add(Encoding.ASCII.GetBytes($"<< /Type /Catalog /Pages {pagesId} 0 R >>"));

        using var file = new MemoryStream();
        file.Write("%PDF-1.4\n"u8);
        var offsets = new List<long>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(file.Position);
            file.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            file.Write(objects[i]);
            file.Write("\nendobj\n"u8);
        }

        long xref = file.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (long offset in offsets)
        {
            table.Append($"{offset:D10} 00000 n \n");
        }

        table.Append($"trailer\n<< /Size {objects.Count + 1} /Root {catalogId} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        file.Write(Encoding.ASCII.GetBytes(table.ToString()));
        return file.ToArray();
    }

    private static byte[] Jpeg(Mat image)
    {
        Cv2.ImEncode(".jpg", image, out byte[] jpeg);
        return jpeg;
    }
}
