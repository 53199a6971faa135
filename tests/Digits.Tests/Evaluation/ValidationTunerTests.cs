using Digits.Classifiers.Knn;
using Digits.Evaluation;
using Digits.Preprocessing;


namespace Digits.Tests.Evaluation;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class ValidationTunerTests(MnistFixture mnist)
{
    [Fact]
    public void SweepDeformation_FewerCandidatesFromOneRanking_EqualsReRankingThatManyDirectly()
    {
        // Given: 4,000 training images, the last 400 held out
        var training = mnist.Data.Train.Slice(0, 4_000);
        var deskew = new Preprocessor { Deskew = true };

        // When: one sweep re-ranks 20 candidates and derives the scores for 8
        var results = ValidationTuner.SweepDeformation(training, 400, deskew, [1], [8, 20], maxK: 3);

        // Then: every (candidates, weighting, k) is there, and the 8-candidate scores equal a model built with 8
        Assert.Equal(2 * 2 * 3, results.Count);
        var fitPart = training.Slice(0, 3_600);
        var heldOut = training.Slice(3_600, 400);
        for (int k = 1; k <= 3; k++)
        {
            var direct = DeformationKnnClassifier.Fit(fitPart, deskew, new DeformationOptions { Candidates = 8, Warp = 1, K = k });
            double accuracy = direct.Predict(heldOut.Images).Zip(heldOut.Labels).Count(p => p.First == p.Second) / 400.0;
            var swept = results.Single(r => r.Warp == 1 && r.Candidates == 8 && r.K == k && r.Weighting == KnnWeighting.Uniform);
            Assert.Equal(accuracy, swept.Accuracy, 9);
        }
    }

    [Fact]
    public void Sweep_NeverSeesTheTestSetAndScoresEveryK()
    {
        var training = mnist.Data.Train.Slice(0, 3_000);
        var results = ValidationTuner.Sweep(training, 500, [Preprocessor.None, new Preprocessor { Deskew = true }], maxK: 5);
        Assert.Equal(2 * 2 * 5, results.Count);
        Assert.All(results, r => Assert.InRange(r.Accuracy, 0.8, 1.0));
        Assert.All(results, r => Assert.Equal("none", r.Reranking));
    }

    [Fact]
    public void Recommend_PrefersTheCheapestSettingWithinTolerance()
    {
        var none = Preprocessor.None;
        TuningResult[] results =
        [
            new(none, KnnWeighting.Uniform, 3, 0.9820),
            new(none, KnnWeighting.Uniform, 4, 0.9943, 2, 100),
            new(none, KnnWeighting.Uniform, 4, 0.9945, 2, 200),
            new(none, KnnWeighting.Uniform, 4, 0.9930, 1, 50),
        ];

        var pick = ValidationTuner.Recommend(results);

        Assert.Equal("IDM warp 2 of 100", pick.Reranking); // 0.02 points below the best, half the candidates
    }
}
