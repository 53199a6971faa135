namespace Digits.Photos;

/// <summary>
/// Undoes the PNG predictors that PDF's Flate streams may use (DecodeParms /Predictor 10 to 15): each row
/// starts with its filter (none, sub, up, average, Paeth), applied to the bytes of the row before it.
/// </summary>
internal static class PngPredictors
{
    /// <summary>The rows with their filters undone.</summary>
    /// <param name="data">Rows of <paramref name="rowBytes"/> + 1 bytes, each led by its filter type.</param>
    /// <param name="rowBytes">The bytes of one row of samples.</param>
    /// <param name="rows">How many rows to undo at most.</param>
    /// <param name="pixelBytes">The bytes per pixel (at least 1), the distance "sub" and "Paeth" look left.</param>
    /// <returns>The samples, <paramref name="rowBytes"/> per row, for the whole rows present.</returns>
    /// <exception cref="PhotoException">A filter type other than 0 to 4.</exception>
    public static byte[] Undo(byte[] data, int rowBytes, int rows, int pixelBytes)
    {
        int count = (int)Math.Min(rows, data.Length / (long)(rowBytes + 1));
        byte[] output = new byte[(long)count * rowBytes];
        for (int y = 0; y < count; y++)
        {
            int filter = data[y * (rowBytes + 1)];
            ReadOnlySpan<byte> source = data.AsSpan((y * (rowBytes + 1)) + 1, rowBytes);
            Span<byte> row = output.AsSpan(y * rowBytes, rowBytes);
            ReadOnlySpan<byte> above = y == 0 ? new byte[rowBytes] : output.AsSpan((y - 1) * rowBytes, rowBytes);
            for (int x = 0; x < rowBytes; x++)
            {
                int left = x >= pixelBytes ? row[x - pixelBytes] : 0, up = above[x], corner = x >= pixelBytes ? above[x - pixelBytes] : 0;
                int predicted = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, corner),
                    _ => throw new PhotoException($"could not be decoded: a PDF image with an unknown PNG predictor {filter} in row {y}"),
                };
                row[x] = (byte)(source[x] + predicted);
            }
        }

        return output;
    }

    private static int Paeth(int left, int up, int corner)
    {
        int estimate = left + up - corner;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toCorner = Math.Abs(estimate - corner);
        return toLeft <= toUp && toLeft <= toCorner ? left : toUp <= toCorner ? up : corner;
    }
}
