using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;

namespace Digits.Photos;

/// <summary>
/// The scanned images of a PDF, page by page: a scanner (or a phone's scanning app) stores each page as one
/// image, JPEG, Flate, CCITT fax or JPEG 2000, which PdfPig reads out without rendering the page. A page with
/// several images gives its largest (the scan; the others are logos or masks).
/// </summary>
internal sealed class PdfScans : IDisposable
{
    private readonly PdfDocument _document;

    /// <summary>Opens the document.</summary>
    /// <exception cref="PhotoException">The file is not a PDF that can be read, or is encrypted.</exception>
    public PdfScans(byte[] bytes)
    {
        try
        {
            _document = PdfDocument.Open(bytes);
            PageCount = _document.NumberOfPages;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PhotoException($"could not be read: a corrupt or encrypted PDF ({ex.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Gets the number of pages.</summary>
    public int PageCount { get; }

    /// <summary>The image file of one page's scan: PNG (made from the page's decoded samples) or the JPEG or JPEG 2000 stored in the PDF.</summary>
    /// <param name="page">The page, from 1.</param>
    /// <param name="checkSize">Checks the image's width and height before it is decoded (throws when too large).</param>
    /// <returns>The image's bytes.</returns>
    /// <exception cref="PhotoException">The page holds no image, one too large, or one of a kind this program does not read (JBIG2).</exception>
    public byte[] Page(int page, Action<int, int> checkSize)
    {
        IPdfImage? scan;
        try
        {
            scan = _document.GetPage(page).GetImages().MaxBy(i => (long)i.WidthInSamples * i.HeightInSamples);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PhotoException($"page {page} could not be read: a corrupt PDF ({ex.Message.Split('\n')[0]})");
        }

        if (scan is null)
        {
            throw new PhotoException($"page {page} holds no scanned image (a PDF of typed text or drawings is not read; print it to an image)");
        }

        checkSize(scan.WidthInSamples, scan.HeightInSamples);
        string filter = scan.ImageDictionary.TryGet(NameToken.Filter, out IToken? token) && token is not null ? token.ToString() ?? "" : "";
        try
        {
            if (filter.Contains("DCTDecode", StringComparison.Ordinal) || filter.Contains("JPXDecode", StringComparison.Ordinal))
            {
                return scan.RawBytes.ToArray(); // a JPEG (or JPEG 2000) file as stored
            }

            if (scan.TryGetPng(out byte[]? png) && png is not null)
            {
                return png;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PhotoException($"page {page}'s image could not be decoded: {ex.Message.Split('\n')[0]}");
        }

        throw new PhotoException($"page {page}'s image is stored as {(filter.Length > 0 ? filter.TrimStart('/') : "raw samples")} in a form this program does not read");
    }

    /// <inheritdoc/>
    public void Dispose() => _document.Dispose();
}
