using Digits.Classifiers.Knn;


namespace Digits.Tests.Classifiers.Knn;

/// <summary>The notebook's model on full MNIST: k=3, uniform, Euclidean, scikit-learn's tie rule.</summary>
[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class SeedParityTests(MnistFixture mnist)
{
    [Fact]
    public void Seed_FullTestSet_Scores9705AndSettlesThreeWayTiesLikeScikitLearn()
    {
        var model = KnnClassifier.Fit(mnist.Data.Train, KnnOptions.Seed);
        var neighbors = model.KNeighbors(mnist.Data.Test.Images);
        byte[] predicted = model.Predict(mnist.Data.Test.Images);
        int errors = predicted.Zip(mnist.Data.Test.Labels).Count(p => p.First != p.Second);

        Assert.Equal(295, errors); // 97.05%, as scikit-learn 1.2's KNeighborsClassifier(n_neighbors=3)

        var threeWay = new List<int>();
        for (int q = 0; q < predicted.Length; q++)
        {
            int[] labels = neighbors.IndicesOf(q).ToArray().Select(i => (int)mnist.Data.Train.Labels[i]).ToArray();
            int majority = labels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            Assert.Equal(majority, predicted[q]); // the smallest digit wins a tie
            if (labels.Distinct().Count() == 3)
            {
                threeWay.Add(q);
            }
        }

        // The default tie rule gives a three-way tie to the closest neighbour instead.
        Assert.NotEmpty(threeWay);
        var nearest = KnnClassifier.Fit(mnist.Data.Train, KnnOptions.Seed with { Tie = TieBreak.Nearest });
        byte[] byNearest = nearest.Predict(mnist.Data.Test.Images.Select(threeWay));
        for (int i = 0; i < threeWay.Count; i++)
        {
            Assert.Equal(mnist.Data.Train.Labels[neighbors.IndicesOf(threeWay[i])[0]], byNearest[i]);
        }
    }
}
