using Digits.Images;

namespace Digits.Search;

/// <summary>Argument checks shared by the search engines, kept out of their hot loops.</summary>
internal static class SearchGuard
{
    /// <summary>Checks that queries match the training images' size and the results' shape.</summary>
    public static void Check(ImageSet training, ImageSet queries, NeighborResults results)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(results);
        if (queries.PixelsPerImage != training.PixelsPerImage)
        {
            throw new ArgumentException(
                $"Expected {training.Rows}x{training.Columns} images ({training.PixelsPerImage} pixels), got {queries.Rows}x{queries.Columns} ({queries.PixelsPerImage}).",
                nameof(queries));
        }

        if (results.QueryCount != queries.Count)
        {
            throw new ArgumentException($"Expected results for {queries.Count} queries, got room for {results.QueryCount}.", nameof(results));
        }

        if (results.K > training.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(results), $"Expected k <= training images, but k = {results.K}, training images = {training.Count}.");
        }
    }
}
