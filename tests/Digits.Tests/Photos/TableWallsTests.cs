using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class TableWallsTests
{
    [Fact]
    public void Crossings_PlaceAWallInARowWhereTheMaskMissesIt_AlongItsSlant()
    {
        // A grid of three rows; the wall from (200, 20) to (212, 260) is missing beside the middle row (y 100-180).
        using var grid = new Mat(300, 400, MatType.CV_8UC1, Scalar.All(0));
        for (int y = 20; y <= 260; y += 80)
        {
            Cv2.Line(grid, new Point(20, y), new Point(380, y), Scalar.All(255), 2);
        }

        Cv2.Line(grid, new Point(200, 20), new Point(204, 100), Scalar.All(255), 2);
        Cv2.Line(grid, new Point(208, 180), new Point(212, 260), Scalar.All(255), 2);
        Cv2.Line(grid, new Point(20, 20), new Point(20, 260), Scalar.All(255), 2);

        TableWalls walls = TableWalls.Of(grid, shortest: 40);

        // Each piece near the row gives its crossing (a wall cut by the rules gives one per piece).
        int[] atMiddle = [.. walls.Crossings(140, reach: 80)];
        Assert.All(atMiddle, x => Assert.True(x is >= 18 and <= 22 or >= 204 and <= 208, $"a crossing at {x}"));
        Assert.Contains(atMiddle, x => x is >= 204 and <= 208); // carried along the wall's slant, not straight down
        Assert.Contains(atMiddle, x => x <= 22);
        Assert.DoesNotContain(walls.Crossings(140, reach: 10), x => x > 100); // too far from either piece
    }
}
