using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class TableGridTests
{
    [Fact]
    public void Remove_ErasesAThinGrid_AndKeepsTheDigitsInItsCells()
    {
        using var binary = new Mat(400, 600, MatType.CV_8UC1, Scalar.All(0));
        for (int x = 50; x <= 550; x += 100)
        {
            Cv2.Line(binary, new Point(x, 50), new Point(x + 3, 350), Scalar.All(255), 2); // hand-ruled: a little off vertical
        }

        for (int y = 50; y <= 350; y += 75)
        {
            Cv2.Line(binary, new Point(50, y), new Point(550, y + 2), Scalar.All(255), 2);
        }

        // A "1" and a "7" in two cells, well inside them.
        Cv2.Line(binary, new Point(100, 70), new Point(100, 110), Scalar.All(255), 3);
        Cv2.Line(binary, new Point(185, 145), new Point(215, 145), Scalar.All(255), 3);
        Cv2.Line(binary, new Point(215, 145), new Point(195, 185), Scalar.All(255), 3);
        int digitInk = Cv2.CountNonZero(new Mat(binary, new Rect(90, 65, 20, 50))) + Cv2.CountNonZero(new Mat(binary, new Rect(180, 140, 40, 50)));

        using Mat? grid = TableGrid.Remove(binary);
        Assert.NotNull(grid);
        Assert.True(grid.At<byte>(200, 351) > 0, "the wall at x = 350 is in the grid's mask");

        Assert.Equal(0, Cv2.CountNonZero(new Mat(binary, new Rect(300, 40, 10, 320)))); // a wall, between digits
        Assert.Equal(0, Cv2.CountNonZero(new Mat(binary, new Rect(240, 120, 100, 10)))); // a rule
        int kept = Cv2.CountNonZero(new Mat(binary, new Rect(90, 65, 20, 50))) + Cv2.CountNonZero(new Mat(binary, new Rect(180, 140, 40, 50)));
        Assert.True(kept >= 0.9 * digitInk, $"kept {kept} of {digitInk} digit pixels");
    }

    [Fact]
    public void Remove_LeavesThickCrossingStrokes_AndLoneLongLines()
    {
        // A close-up of a marker-written 4: thick strokes that are long and cross, but no grid.
        using var four = new Mat(400, 400, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Line(four, new Point(250, 40), new Point(250, 360), Scalar.All(255), 18);
        Cv2.Line(four, new Point(60, 260), new Point(340, 260), Scalar.All(255), 18);
        Cv2.Line(four, new Point(180, 40), new Point(60, 260), Scalar.All(255), 18);
        using Mat before = four.Clone();
        Assert.Null(TableGrid.Remove(four));
        Assert.Equal(0, Cv2.CountNonZero(four ^ before));

        // One ruled line under a number is not a table.
        using var ruled = new Mat(200, 600, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Line(ruled, new Point(0, 150), new Point(599, 150), Scalar.All(255), 2);
        Cv2.Line(ruled, new Point(100, 50), new Point(100, 140), Scalar.All(255), 3);
        Assert.Null(TableGrid.Remove(ruled));
    }

    [Fact]
    public void Remove_ErasesASlantedFaintGrid_WithGapsInItsLines()
    {
        // A phone photo of a hand-ruled table taken at an angle: walls 8 degrees off vertical, rules broken in
        // places and too faint for the threshold that finds the strokes.
        using var binary = new Mat(400, 600, MatType.CV_8UC1, Scalar.All(0));
        using var faint = new Mat(400, 600, MatType.CV_8UC1, Scalar.All(0));
        double slant = Math.Tan(8 * Math.PI / 180);
        for (int x = 60; x <= 540; x += 120)
        {
            Cv2.Line(binary, new Point(x, 40), new Point(x + (int)(320 * slant), 360), Scalar.All(255), 2);
        }

        for (int y = 40; y <= 360; y += 80)
        {
            Cv2.Line(faint, new Point(40, y), new Point(580, y + 6), Scalar.All(255), 2);
            Cv2.Line(binary, new Point(40, y), new Point(300, y + 3), Scalar.All(255), 2);
            Cv2.Line(binary, new Point(306, y + 3), new Point(580, y + 6), Scalar.All(255), 2); // a gap of 6 pixels
        }

        Cv2.BitwiseOr(faint, binary, faint);
        // A 1 in each cell of the top three rows.
        var ones = new List<Rect>();
        for (int row = 0; row < 3; row++)
        {
            for (int column = 0; column < 4; column++)
            {
                int x = 130 + (column * 120) + (int)((row * 80 + 30) * slant), y = 70 + (row * 80);
                Cv2.Line(binary, new Point(x, y), new Point(x, y + 35), Scalar.All(255), 3);
                ones.Add(new Rect(x - 10, y - 5, 20, 45));
            }
        }

        int inOnes = ones.Sum(r => Cv2.CountNonZero(new Mat(binary, r)));
        using Mat? grid = TableGrid.Remove(binary, faint);
        Assert.NotNull(grid);
        int kept = ones.Sum(r => Cv2.CountNonZero(new Mat(binary, r)));
        Assert.True(kept >= 0.9 * inOnes, $"kept {kept} of {inOnes} pixels of the 1s");
        int left = Cv2.CountNonZero(binary) - kept;
        Assert.True(left < 300, $"{left} pixels of the grid are left");
    }
}
