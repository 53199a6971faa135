using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// The walls of a table (the vertical lines of its grid) as straight pieces, each fitted to its pixels, so a
/// wall can be placed in a row where the grid's mask misses it: a faint hand-ruled wall is often found above and
/// below a row but not beside its digits, and numbers in two cells would then read as one. A piece is a run of
/// the grid's mask with the rules taken out, several digits tall and thin for its height.
/// </summary>
internal sealed class TableWalls
{
    private readonly List<(Line2D Line, int Top, int Bottom)> _pieces;

    private TableWalls(List<(Line2D Line, int Top, int Bottom)> pieces) => _pieces = pieces;

    /// <summary>Finds the pieces of wall in a table's grid mask.</summary>
    /// <param name="grid">The grid's lines (255 on them), as <see cref="TableGrid.Remove"/> gives them.</param>
    /// <param name="shortest">The shortest piece kept, in pixels (about a row of writing).</param>
    public static TableWalls Of(Mat grid, int shortest)
    {
        using var rules = new Mat();
        using (var along = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(15, 1)))
        {
            Cv2.MorphologyEx(grid, rules, MorphTypes.Open, along);
        }

        using (var widen = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 5)))
        {
            Cv2.Dilate(rules, rules, widen);
        }

        using var upright = new Mat();
        Cv2.Subtract(grid, rules, upright);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(upright, labels, stats, centroids);
        var pieces = new List<(Line2D, int, int)>();
        labels.GetArray(out int[] label);
        int width = labels.Width;
        for (int i = 1; i < count; i++)
        {
            int top = stats.At<int>(i, (int)ConnectedComponentsTypes.Top), height = stats.At<int>(i, (int)ConnectedComponentsTypes.Height);
            int left = stats.At<int>(i, (int)ConnectedComponentsTypes.Left), wide = stats.At<int>(i, (int)ConnectedComponentsTypes.Width);
            if (height < shortest || wide * 3 > height)
            {
                continue;
            }

            var points = new List<Point2f>();
            for (int y = top; y < top + height; y++)
            {
                for (int x = left; x < left + wide; x++)
                {
                    if (label[(y * width) + x] == i)
                    {
                        points.Add(new Point2f(x, y));
                    }
                }
            }

            pieces.Add((Cv2.FitLine(points, DistanceTypes.L2, 0, 0.01, 0.01), top, top + height));
        }

        return new TableWalls(pieces);
    }

    /// <summary>Where walls cross the height <paramref name="y"/>: each piece that ends within <paramref name="reach"/> of it, carried on along its line.</summary>
    /// <param name="y">The height (a row's middle).</param>
    /// <param name="reach">How far above or below a piece may end and still be carried to <paramref name="y"/>.</param>
    /// <returns>The columns, unordered.</returns>
    public IEnumerable<int> Crossings(int y, int reach)
    {
        foreach (var (line, top, bottom) in _pieces)
        {
            if (y >= top - reach && y <= bottom + reach && Math.Abs(line.Vy) > 1e-6)
            {
                yield return (int)Math.Round(line.X1 + ((y - line.Y1) * line.Vx / line.Vy));
            }
        }
    }
}
