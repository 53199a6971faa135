using System.Diagnostics;
using System.Threading.RateLimiting;
using Digits.Photos;
using Digits.Web.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Digits.Web.Api;

/// <summary>
/// <c>POST /api/recognize</c>: reads the digits in an uploaded photo or scan (any format <see cref="PhotoDecoder"/>
/// reads; every page of a PDF or TIFF, each line saying its page), sent as a multipart form (the first file part) or as the raw body. The upload is held in memory only, never written to disk; anything over
/// <see cref="MaxUploadBytes"/> is refused with 413 as soon as that is known.
/// </summary>
internal static class PhotoEndpoint
{
    /// <summary>The largest accepted upload: 10 MB.</summary>
    public const int MaxUploadBytes = 10 * 1024 * 1024;

    public static async Task<IResult> Handle(HttpContext context, ModelHost host, RecognitionGate gate, PhotoWorkers workers, ProfileCookie cookie, PersonalReaders personal, bool? stages)
    {
        var clock = Stopwatch.StartNew();
        if (context.Request.ContentLength > MaxUploadBytes)
        {
            return Errors.TooLarge($"the upload is {context.Request.ContentLength / 1048576.0:F1} MB; the limit is {MaxUploadBytes / 1048576} MB");
        }

        byte[]? bytes;
        try
        {
            bytes = await ReadUpload(context.Request, context.RequestAborted);
        }
        catch (UploadTooLargeException)
        {
            return Errors.TooLarge($"the upload is over the limit of {MaxUploadBytes / 1048576} MB");
        }
        catch (InvalidDataException ex)
        {
            return Errors.BadRequest($"the multipart form is malformed: {ex.Message}");
        }

        if (bytes is null)
        {
            return Errors.BadRequest("expected an image: a multipart form with one file, or the image itself as the body");
        }

        if (bytes.Length == 0)
        {
            return Errors.BadRequest("the uploaded image is empty (0 bytes)");
        }

        if (await host.LoadedOrNull() is not { } model)
        {
            return Errors.Unavailable(host.NotReadyBecause!);
        }

        var (reader, exampleIds) = personal.For(model, cookie.Read(context.Request).Profile);
        try
        {
            PhotoDecoder.Check(bytes, reader.Options.MaxPixels); // a bad upload is answered at once, even when busy
        }
        catch (PhotoException ex)
        {
            return Refusal(ex);
        }

        using RateLimitLease? turn = await gate.EnterPhotos(context.RequestAborted);
        if (turn is null)
        {
            return gate.Refuse(context.Response);
        }

        double receiveMs = clock.Elapsed.TotalMilliseconds;
        List<PhotoResult> pages;
        try
        {
            pages = await workers.Run(() => reader.ReadPhotoPages(bytes, keepStages: stages ?? false).ToList(), context.RequestAborted);
        }
        catch (NativeLibraryException ex)
        {
            return Errors.Unavailable(ex.Message);
        }
        catch (PhotoException ex)
        {
            return Refusal(ex);
        }

        var timings = new Dictionary<string, double>(pages.Select(p => p.Timings).Aggregate((a, b) => new ReadingTimings(a.Decode + b.Decode, a.Preprocess + b.Preprocess, a.Classify + b.Classify, a.Total + b.Total)).ToDictionary())
        {
            ["receive"] = Math.Round(receiveMs, 2),
            ["total"] = Math.Round(clock.Elapsed.TotalMilliseconds, 2),
        };
        return Results.Ok(DigitExplainer.Respond(pages, timings, exampleIds));
    }

    private static IResult Refusal(PhotoException problem) => problem switch
    {
        { TooLarge: true } => Errors.TooLarge($"the image {problem.Message}"),
        { NotAnImage: true } => Errors.Unsupported($"the upload {problem.Message}"),
        _ => Errors.BadRequest($"the image {problem.Message}"),
    };

    /// <summary>The first file of a multipart form, or the whole body otherwise; null when a form holds no file.</summary>
    private static async Task<byte[]?> ReadUpload(HttpRequest request, CancellationToken cancellationToken)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            string boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value
                ?? throw new InvalidDataException("the Content-Type has no boundary");
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                {
                    return await ReadLimited(section.Body, request.ContentLength, cancellationToken);
                }
            }

            return null;
        }

        return await ReadLimited(request.Body, request.ContentLength, cancellationToken);
    }

    // Reads at most MaxUploadBytes; the buffer is sized from the request's length when it is given, so a large
    // upload is held once (not grown by doubling and then copied).
    private static async Task<byte[]> ReadLimited(Stream stream, long? length, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream((int)Math.Clamp(length ?? 0, 0, MaxUploadBytes));
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (memory.Length + read > MaxUploadBytes)
            {
                throw new UploadTooLargeException();
            }

            memory.Write(buffer, 0, read);
        }

        return memory.Length == memory.Capacity ? memory.GetBuffer() : memory.ToArray();
    }

    private sealed class UploadTooLargeException : Exception;
}
