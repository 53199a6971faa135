using Digits.Evaluation;


namespace Digits.Tests.Evaluation;

[Trait("Category", "Fast")]
public sealed class ConfusionMatrixTests
{
    [Fact]
    public void PerClass_SmallExample_MatchesHandComputation()
    {
        // truth 1,1,1,2,2 ; predicted 1,1,2,2,1
        var matrix = new ConfusionMatrix([1, 1, 1, 2, 2], [1, 1, 2, 2, 1]);

        Assert.Equal(2, matrix[1, 1]);
        Assert.Equal(1, matrix[1, 2]);
        Assert.Equal(0.6, matrix.Accuracy, 12);
        var one = matrix.PerClass()[1];
        Assert.Equal(2 / 3.0, one.Precision, 12); // predicted 1 three times, right twice
        Assert.Equal(2 / 3.0, one.Recall, 12);
        Assert.Equal(3, one.Support);
        var two = matrix.PerClass()[2];
        Assert.Equal(0.5, two.Precision, 12);
        Assert.Equal(0.5, two.Recall, 12);
        Assert.Equal(0.0, matrix.PerClass()[7].F1);
    }

    [Fact]
    public void Constructor_LengthsDiffer_Throws()
        => Assert.Throws<ArgumentException>(() => new ConfusionMatrix([1, 2], [1]));
}
