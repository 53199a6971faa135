using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Preprocessing;


namespace Digits.Tests.Classifiers.Knn;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class DeformationKnnClassifierTests(MnistFixture mnist)
{
    [Fact]
    public void Classify_AgreesWithBatchPredictAndExplainsItself()
    {
        var training = mnist.Data.Train.Slice(0, 5_000);
        var queries = mnist.Data.Test.Images.Slice(0, 40);
        var model = DeformationKnnClassifier.Fit(training, new Preprocessor { Deskew = true }, new DeformationOptions { Candidates = 20, K = 3 });
        byte[] batch = model.Predict(queries);
        for (int q = 0; q < queries.Count; q++)
        {
            DigitPrediction one = model.Classify(queries[q]);
            Assert.Equal(batch[q], one.Digit);
            Assert.Equal(1.0, one.Probabilities.Sum(), 9);
            Assert.Equal(3, one.Neighbors.Length);
            Assert.True(one.Neighbors[0].Distance <= one.Neighbors[1].Distance && one.Neighbors[1].Distance <= one.Neighbors[2].Distance);
            Assert.All(one.Neighbors, n => Assert.Equal(training.Labels[n.Index], n.Label));
        }
    }

    [Fact]
    public void Rerank_TrainingImageAsQuery_FindsItselfFirstAtDistanceZero()
    {
        var training = mnist.Data.Train.Slice(0, 3_000);
        var model = DeformationKnnClassifier.Fit(training, Preprocessor.None, new DeformationOptions { Candidates = 10, K = 1 });
        var ranked = model.Rerank(training.Images.Select([5, 17, 2_999]));
        Assert.Equal([5, 17, 2_999], new[] { ranked.IndicesOf(0)[0], ranked.IndicesOf(1)[0], ranked.IndicesOf(2)[0] });
        Assert.Equal(0.0, ranked.DistancesOf(1)[0]);
    }

    [Fact]
    public void Fit_BadOptions_SayWhatIsExpected()
    {
        var training = mnist.Data.Train.Slice(0, 600);
        var k = Assert.Throws<ArgumentOutOfRangeException>(() => DeformationKnnClassifier.Fit(training, Preprocessor.None, new DeformationOptions { Candidates = 5, K = 6 }));
        Assert.Contains("k <= candidates", k.Message);
        var warp = Assert.Throws<ArgumentOutOfRangeException>(() => DeformationKnnClassifier.Fit(training, Preprocessor.None, new DeformationOptions { Warp = 9 }));
        Assert.Contains("warp of 0 to 3", warp.Message);
        var candidates = Assert.Throws<ArgumentOutOfRangeException>(() => DeformationKnnClassifier.Fit(training, Preprocessor.None, new DeformationOptions { Candidates = 601 }));
        Assert.Contains("training images = 600", candidates.Message);
    }
}
