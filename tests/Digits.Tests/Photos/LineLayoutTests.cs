using Digits.Classifiers;
using Digits.Photos;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class LineLayoutTests
{
    [Fact]
    public void Group_OneNumber_IsOneLineOfOneNumber()
    {
        var digits = new[] { Digit(2, 10, 10), Digit(0, 45, 12), Digit(2, 80, 9), Digit(6, 115, 11) };

        var lines = LineLayout.Group(digits);

        var line = Assert.Single(lines);
        var number = Assert.Single(line.Numbers);
        Assert.Equal("2026", number.Text);
        Assert.Equal("2026", LineLayout.TextOf(lines));
        Assert.Equal([10, 9, 135, 43], line.Box);
    }

    [Fact]
    public void Group_SplitsNumbersAtWideGaps_AndOrdersLinesTopToBottom()
    {
        // Given out of order: a second line (7 5) below a first line (1 2   3).
        var digits = new[]
        {
            Digit(5, 40, 100), Digit(3, 130, 12), Digit(1, 10, 10), Digit(7, 8, 98), Digit(2, 40, 11),
        };

        var lines = LineLayout.Group(digits);

        Assert.Equal("12 3\n75", LineLayout.TextOf(lines));
        Assert.Equal(["12", "3"], lines[0].Numbers.Select(n => n.Text));
        Assert.Equal("75", Assert.Single(lines[1].Numbers).Text);
    }

    [Fact]
    public void Group_EvenlySpacedDigits_StayOneNumber_HoweverWideTheSpacing()
    {
        // Blanks of 35 to 50 px (about one digit height), as when each digit is written in a box of its own.
        int[] lefts = [10, 85, 150, 230, 295];
        var digits = lefts.Select((x, i) => Digit(i, x, 10)).ToArray();

        Assert.Equal("01234", LineLayout.TextOf(LineLayout.Group(digits)));
    }

    [Fact]
    public void Group_OneDigitNumbers_FarApart_AreSplit()
    {
        // Nothing narrower to compare with: blanks of 90 px (2.25 digit heights) split on their own.
        var digits = Enumerable.Range(0, 3).Select(i => Digit(i, 10 + (120 * i), 10)).ToArray();

        Assert.Equal("0 1 2", LineLayout.TextOf(LineLayout.Group(digits)));
    }

    [Fact]
    public void Group_ALineOfTwoNumbers_SplitsAtABlankThePagesOtherLinesCallWide()
    {
        // Given: two lines whose digits stand 5 px apart and whose numbers 80 px apart (2 digit heights), and a
        // third line of two digits 70 px apart: 1.75 heights, narrower than a blank that splits on its own
        int[] tight = [10, 45, 80];
        var digits = tight.Select(x => Digit(1, x, 10))
            .Concat(tight.Select(x => Digit(2, x + 190, 10)))
            .Concat(tight.Select(x => Digit(3, x, 110)))
            .Concat(tight.Select(x => Digit(4, x + 190, 110)))
            .Append(Digit(5, 10, 210))
            .Append(Digit(6, 110, 210))
            .ToArray();

        // When
        var lines = LineLayout.Group(digits);

        // Then
        Assert.Equal("111 222\n333 444\n5 6", LineLayout.TextOf(lines));
    }

    [Fact]
    public void Group_APageOfEvenlySpacedDigits_KeepsEachLineOneNumber()
    {
        // Blanks of 35 to 50 px on every line: no page-wide gap stands out
        int[] lefts = [10, 85, 150, 230, 295];
        var digits = Enumerable.Range(0, 3).SelectMany(line => lefts.Select((x, i) => Digit(i, x + (5 * line), 10 + (100 * line)))).ToArray();

        Assert.Equal("01234\n01234\n01234", LineLayout.TextOf(LineLayout.Group(digits)));
    }

    [Fact]
    public void Group_OnAPage_ALineOfRefusedMarksAlone_IsLeftOut()
    {
        // Given: three lines of digits and, below them, a lone refused mark (a smudge)
        var digits = new[]
        {
            Digit(1, 10, 10), Digit(2, 45, 10), Digit(3, 10, 110), Digit(4, 45, 110), Digit(5, 10, 210), Digit(6, 45, 210), Digit(null, 30, 310),
        };

        // When
        var lines = LineLayout.Group(digits);

        // Then: the three lines; a refused mark within a line still reads as ?
        Assert.Equal("12\n34\n56", LineLayout.TextOf(lines));
        Assert.Equal("1?\n34\n56", LineLayout.TextOf(LineLayout.Group([Digit(1, 10, 10), Digit(null, 45, 10), .. digits[2..6]])));
    }

    [Fact]
    public void Group_KeepsASlantedLineTogether()
    {
        // Each digit 12 px lower than the one before: over seven digits the line falls 72 px, more than a digit's height.
        var digits = Enumerable.Range(0, 7).Select(i => Digit(i, 10 + (35 * i), 10 + (12 * i))).ToArray();

        var lines = LineLayout.Group(digits);

        Assert.Equal("0123456", Assert.Single(lines).Text);
    }

    [Fact]
    public void Group_RefusedDigit_ReadsAsQuestionMark()
    {
        var lines = LineLayout.Group([Digit(4, 10, 10), Digit(null, 45, 10)]);

        Assert.Equal("4?", LineLayout.TextOf(lines));
    }

    [Fact]
    public void Group_Nothing_IsNoLines()
    {
        Assert.Empty(LineLayout.Group([]));
        Assert.Equal("", LineLayout.TextOf([]));
    }

    // A digit 30 px wide and 40 px tall at (x, y).
    private static FoundDigit Digit(int? digit, int x, int y)
    {
        var probabilities = new double[10];
        probabilities[digit ?? 0] = 1;
        return new FoundDigit(digit, 1, [x, y, 30, 40], new byte[784], new DigitPrediction(digit ?? 0, probabilities, []), digit is null ? "too uncertain" : null);
    }
}
