using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

/// <summary>Whole pages: lines of numbers written with MNIST test digits on paper, in each of the four orientations.</summary>
[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class PageReadingTests(MnistFixture mnist, PhotoReaderTests.ModelFixture model) : IClassFixture<PhotoReaderTests.ModelFixture>
{
    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void Page_OfSixLines_IsReadLineByLine_WhicheverWayUpItWasPhotographed(int photographedTurn)
    {
        var random = new Random(7);
        var (page, truth) = Page(random);
        using Mat photographed = PageOrientation.Turn(page, photographedTurn);
        Cv2.ImEncode(".jpg", photographed, out byte[] jpeg);

        PhotoResult result = model.Reader.Read(jpeg);

        string[] lines = result.Text.Split('\n');
        Assert.Equal((360 - photographedTurn) % 360, result.Turn);
        Assert.Equal(truth.Length, lines.Length);
        int numbers = truth.Sum(l => l.Split(' ').Length);
        int right = truth.Zip(lines).Sum(p => p.First.Split(' ').Zip(p.Second.Split(' ')).Count(n => n.First == n.Second));
        Assert.True(right >= 0.8 * numbers, $"{right}/{numbers} numbers read exactly:\n{result.Text}");
    }

    [Theory]
    [InlineData(90)]
    [InlineData(270)]
    public void Sheet_OfTwoLongNumbers_PhotographedSideways_IsTurnedAndRead(int photographedTurn)
    {
        // Two lines of seven digits written close together. On its side, each line's digits stand one above the
        // next and can merge into a few tall marks, so the sheet shows fewer than 8 marks as given (it was left
        // sideways: turn 0).
        var random = new Random(11);
        using var page = new Mat(900, 1400, MatType.CV_8UC3, new Scalar(225, 228, 230));
        var truth = new List<string>();
        for (int line = 0; line < 2; line++)
        {
            string number = "";
            for (int d = 0; d < 7; d++)
            {
                int index = random.Next(mnist.Data.Test.Count);
                Write(page, mnist.Data.Test.Images[index], 120 + (d * 50), 200 + (line * 300));
                number += mnist.Data.Test.Labels[index];
            }

            truth.Add(number);
        }

        using Mat photographed = PageOrientation.Turn(page, photographedTurn);
        Cv2.ImEncode(".jpg", photographed, out byte[] jpeg);

        PhotoResult result = model.Reader.Read(jpeg);

        Assert.Equal((360 - photographedTurn) % 360, result.Turn);
        string[] lines = result.Text.Split('\n');
        Assert.Equal(2, lines.Length);
        // Touching digits are still misread at times (23 as 0), so the digits are counted in order, not by place.
        int right = truth.Zip(lines).Sum(p => InOrder(p.First, p.Second));
        Assert.True(right >= 10, $"{right}/14 digits read in order: {result.Text.Replace('\n', '/')} for {string.Join('/', truth)}");
    }

    // The length of the longest common subsequence.
    private static int InOrder(string a, string b)
    {
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                lengths[i, j] = a[i - 1] == b[j - 1] ? lengths[i - 1, j - 1] + 1 : Math.Max(lengths[i - 1, j], lengths[i, j - 1]);
            }
        }

        return lengths[a.Length, b.Length];
    }

    // Six lines of two or three numbers of one to five digits, dark ink 60 px tall on grey-white paper.
    private (Mat Page, string[] Truth) Page(Random random)
    {
        var page = new Mat(1400, 1600, MatType.CV_8UC3, new Scalar(225, 228, 230));
        var truth = new List<string>();
        for (int line = 0; line < 6; line++)
        {
            int x = 80, y = 120 + (line * 200);
            var numbers = new List<string>();
            for (int n = 0, count = random.Next(2, 4); n < count; n++)
            {
                string number = "";
                for (int d = 0, length = random.Next(1, 6); d < length; d++)
                {
                    int index = random.Next(mnist.Data.Test.Count);
                    Write(page, mnist.Data.Test.Images[index], x, y);
                    number += mnist.Data.Test.Labels[index];
                    x += 60;
                }

                numbers.Add(number);
                x += 120;
            }

            truth.Add(string.Join(' ', numbers));
        }

        return (page, truth.ToArray());
    }

    // An MNIST digit (white on black, 28x28) as dark ink in an 84x84 square whose top left is (x, y).
    private static void Write(Mat page, ReadOnlySpan<byte> image, int x, int y)
    {
        using var digit = new Mat(28, 28, MatType.CV_8UC1);
        digit.SetArray(image.ToArray());
        using var large = new Mat();
        Cv2.Resize(digit, large, new Size(84, 84), 0, 0, InterpolationFlags.Cubic);
        var region = page[new Rect(x, y, 84, 84)];
        for (int r = 0; r < 84; r++)
        {
            for (int c = 0; c < 84; c++)
            {
                double ink = large.At<byte>(r, c) / 255.0;
                Vec3b paper = region.At<Vec3b>(r, c);
                region.Set(r, c, new Vec3b((byte)(paper.Item0 * (1 - ink) + (30 * ink)), (byte)(paper.Item1 * (1 - ink) + (30 * ink)), (byte)(paper.Item2 * (1 - ink) + (40 * ink))));
            }
        }
    }
}
