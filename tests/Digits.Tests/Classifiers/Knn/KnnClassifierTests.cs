using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Search;


namespace Digits.Tests.Classifiers.Knn;

/// <summary>Hand-checked behaviour on tiny 1x4 "images" whose distances are easy to work out.</summary>
[Trait("Category", "Fast")]
public sealed class KnnClassifierTests
{
    // Six training points on a line (first pixel only); labels 0,0,1,1,2,2.
    private static LabeledImages Line() => new(
        new ImageSet([0, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40, 0, 0, 0, 50, 0, 0, 0], 6, 1, 4),
        [0, 0, 1, 1, 2, 2]);

    private static byte[] At(byte x) => [x, 0, 0, 0];

    [Fact]
    public void KNeighbors_SortedByDistance_WithDistancesScaledToUnitPixels()
    {
        var model = KnnClassifier.Fit(Line(), new KnnOptions { K = 3 });
        Neighbor[] neighbors = model.KNeighbors(At(22));

        Assert.Equal([2, 3, 1], neighbors.Select(n => n.Index));
        Assert.Equal(2 / 255.0, neighbors[0].Distance, 12);
        Assert.Equal(8 / 255.0, neighbors[1].Distance, 12);
        Assert.Equal(12 / 255.0, neighbors[2].Distance, 12);
        Assert.Equal([1, 1, 0], neighbors.Select(n => n.Label));
    }

    [Fact]
    public void KNeighbors_EqualDistances_OrderedByTrainingIndex()
    {
        var model = KnnClassifier.Fit(Line(), new KnnOptions { K = 2 });
        Neighbor[] neighbors = model.KNeighbors(At(25));
        Assert.Equal([2, 3], neighbors.Select(n => n.Index));
    }

    [Fact]
    public void PredictProbabilities_Uniform_AreVoteShares()
    {
        var model = KnnClassifier.Fit(Line(), new KnnOptions { K = 3 });
        double[] p = model.PredictProbabilities(At(22));
        Assert.Equal(1 / 3.0, p[0], 12);
        Assert.Equal(2 / 3.0, p[1], 12);
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.Equal(1, model.Predict(At(22)));
    }

    [Fact]
    public void PredictProbabilities_DistanceWeights_AreInverseDistanceShares()
    {
        var model = KnnClassifier.Fit(Line(), new KnnOptions { K = 3, Weighting = KnnWeighting.Distance });
        double[] p = model.PredictProbabilities(At(22));

        // Neighbours at 2, 12 and 8 (units of 1/255): weights 1/2 (label 1), 1/12 (label 0), 1/8 (label 1).
        double total = (1 / 2.0) + (1 / 12.0) + (1 / 8.0);
        Assert.Equal((1 / 12.0) / total, p[0], 12);
        Assert.Equal(((1 / 2.0) + (1 / 8.0)) / total, p[1], 12);
    }

    [Fact]
    public void PredictProbabilities_DistanceWeightsWithExactMatch_MatchTakesAllWeight()
    {
        var model = KnnClassifier.Fit(Line(), new KnnOptions { K = 3, Weighting = KnnWeighting.Distance });
        double[] p = model.PredictProbabilities(At(30));
        Assert.Equal(1.0, p[1], 12);
        Assert.Equal(0.0, p[2], 12);
    }

    [Fact]
    public void Predict_TiedVote_LowestRuleReturnsSmallerDigit()
    {
        // k=4 over four points gives a 2-2 tie between digits 7 and 3.
        var training = new LabeledImages(new ImageSet([10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 41, 0, 0, 0], 4, 1, 4), [7, 3, 7, 3]);
        var lowest = KnnClassifier.Fit(training, new KnnOptions { K = 4, Tie = TieBreak.Lowest });
        var nearest = KnnClassifier.Fit(training, new KnnOptions { K = 4, Tie = TieBreak.Nearest });

        // Query 29: nearest is index 2 (label 7); votes 7:2, 3:2.
        Assert.Equal(3, lowest.Predict(At(29)));
        Assert.Equal(7, nearest.Predict(At(29)));
    }

    [Fact]
    public void Predict_ThreeWayTie_NearestRuleReturnsClosestNeighboursDigit()
    {
        var training = new LabeledImages(new ImageSet([10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0], 3, 1, 4), [9, 4, 6]);
        Assert.Equal(4, KnnClassifier.Fit(training, new KnnOptions { K = 3 }).Predict(At(19)));
        Assert.Equal(4, KnnClassifier.Fit(training, KnnOptions.Seed).Predict(At(29)));
        Assert.Equal(6, KnnClassifier.Fit(training, new KnnOptions { K = 3 }).Predict(At(29)));
    }

    [Fact]
    public void Manhattan_And_Cosine_DistancesMatchHandComputation()
    {
        var training = new LabeledImages(new ImageSet([255, 0, 0, 0, 0, 255, 0, 0, 255, 255, 0, 0], 3, 1, 4), [1, 2, 3]);
        var manhattan = KnnClassifier.Fit(training, new KnnOptions { K = 3, Metric = DistanceMetric.Manhattan });
        var cosine = KnnClassifier.Fit(training, new KnnOptions { K = 3, Metric = DistanceMetric.Cosine });
        byte[] query = [255, 0, 0, 0];

        Assert.Equal([(0, 0.0), (2, 1.0), (1, 2.0)], manhattan.KNeighbors(query).Select(n => (n.Index, n.Distance)));
        var byCosine = cosine.KNeighbors(query);
        Assert.Equal([0, 2, 1], byCosine.Select(n => n.Index));
        Assert.Equal(1 - Math.Sqrt(0.5), byCosine[1].Distance, 12);
        Assert.Equal(1.0, byCosine[2].Distance, 12);
    }

    [Fact]
    public void Cosine_BlankQuery_IsAtDistanceOneFromEverything()
    {
        var model = KnnClassifier.Fit(Line(), new KnnOptions { K = 6, Metric = DistanceMetric.Cosine });
        Assert.All(model.KNeighbors(new byte[4]), n => Assert.Equal(1.0, n.Distance));
    }

    [Fact]
    public void Fit_KLargerThanTrainingSet_ThrowsWithExpectedAndActual()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => KnnClassifier.Fit(Line(), new KnnOptions { K = 7 }));
        Assert.Contains("k = 7", ex.Message);
        Assert.Contains("training images = 6", ex.Message);
    }

    [Fact]
    public void Fit_KZero_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => KnnClassifier.Fit(Line(), new KnnOptions { K = 0 }));

    [Fact]
    public void Predict_WrongImageSize_SaysExpectedSize()
    {
        var model = KnnClassifier.Fit(Line());
        var ex = Assert.Throws<ArgumentException>(() => model.Predict(new byte[5]));
        Assert.Contains("1x4", ex.Message);
        Assert.Contains("got 5", ex.Message);
    }

    [Fact]
    public void Score_OnTrainingSetWithK1_IsPerfect()
        => Assert.Equal(1.0, KnnClassifier.Fit(Line(), new KnnOptions { K = 1 }).Score(Line()));
}
