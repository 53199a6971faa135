using Digits.Classifiers;

namespace Digits.Tests.Classifiers;

[Trait("Category", "Fast")]
public sealed class RefusalRuleTests
{
    private static DigitPrediction Answer(int digit, params (int Digit, double P)[] probabilities)
    {
        double[] p = new double[10];
        foreach (var (d, value) in probabilities)
        {
            p[d] = value;
        }

        return new DigitPrediction(digit, p, []);
    }

    [Fact]
    public void Refuse_BelowTheMinimum_NamesTheTwoLikeliestDigits()
    {
        string? reason = RefusalRule.Default.Refuse(Answer(4, (4, 0.46), (9, 0.41), (7, 0.13)));
        Assert.Equal("too uncertain: 4 (46%) or 9 (41%)", reason);
        Assert.Null(RefusalRule.Default.Decide(Answer(4, (4, 0.46), (9, 0.41), (7, 0.13))));
    }

    [Fact]
    public void Refuse_AtOrAboveTheMinimum_LetsTheAnswerStand()
    {
        Assert.Null(RefusalRule.Default.Refuse(Answer(3, (3, 0.5), (8, 0.5))));
        Assert.Equal(3, RefusalRule.Default.Decide(Answer(3, (3, 0.5), (8, 0.5))));
    }

    [Fact]
    public void Refuse_JustBelowTheMinimum_IsRefusedEvenWhereRoundingWouldShowHalf()
    {
        // 0.49996 rounds to 0.5 at four places: the rule looks at the confidence itself, not at a rounded copy.
        Assert.NotNull(RefusalRule.Default.Refuse(Answer(1, (1, 0.49996), (7, 0.50004 - 0.0001))));
    }
}
