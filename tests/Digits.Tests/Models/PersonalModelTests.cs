using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Models;

namespace Digits.Tests.Models;

/// <summary>A user's examples beside the training set: they count at once, for that model only, and are marked as theirs.</summary>
[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class PersonalModelTests(MnistFixture mnist)
{
    // A small reference set keeps the test fast; the rule is the same with 60,000.
    private IDigitClassifier Model()
    {
        return DefaultModel.Fit(mnist.Data.Train.Slice(0, 3000));
    }

    private static LabeledImages Repeat(byte[] image, int label, int times)
    {
        byte[] pixels = [.. Enumerable.Repeat(image, times).SelectMany(p => p)];
        return new LabeledImages(new ImageSet(pixels, times, 28, 28), Enumerable.Repeat((byte)label, times).ToArray());
    }

    [Fact]
    public void TaughtExamples_VoteAtOnce_AreMarkedAsTheUsers_AndLeaveTheSharedModelAlone()
    {
        IDigitClassifier model = Model();
        byte[] query = mnist.Data.Test.Images[0].ToArray();
        DigitPrediction before = model.Classify(query);
        int other = (before.Digit + 5) % 10;

        // When: the user says four times that this very drawing is another digit (as if their style were read wrong)
        IDigitClassifier personal = PersonalModel.WithExamples(model, Repeat(query, other, 4));
        DigitPrediction after = personal.Classify(query);

        // Then: their examples are the nearest, marked as theirs, and decide
        Assert.Equal(other, after.Digit);
        Assert.All(after.Neighbors, n => Assert.True(n.Personal));
        Assert.Equal([0, 1, 2, 3], after.Neighbors.Select(n => n.Index).Order());
        Assert.Equal(before.Digit, model.Classify(query).Digit);
        Assert.DoesNotContain(model.Classify(query).Neighbors, n => n.Personal);
    }

    [Fact]
    public void OneCorrection_DecidesTheVeryImage_ButOutvotedElsewhere_AndUnlikeDigitsReadAsBefore()
    {
        IDigitClassifier model = Model();
        ImageSet test = mnist.Data.Test.Images;
        byte[] query = test[0].ToArray();
        DigitPrediction before = model.Classify(query);
        int other = (before.Digit + 5) % 10;
        IDigitClassifier personal = PersonalModel.WithExamples(model, Repeat(query, other, 1));

        // The image the correction was made on, read again, is what the user said.
        DigitPrediction again = personal.Classify(query);
        Assert.Equal(other, again.Digit);
        Assert.True(again.Neighbors[0].Personal);

        // Other writers' digits like it are not the same image: one wrong example among the four voters is
        // outvoted by the training images and the network.
        int[] alike = [.. Enumerable.Range(1, 300).Where(i => mnist.Data.Test.Labels[i] == before.Digit && model.Classify(test[i]).Digit == before.Digit).Take(20)];
        Assert.Equal(alike.Length, alike.Count(i => personal.Classify(test[i]).Digit == before.Digit));

        // Digits unlike the taught one read as they did, in batches too.
        int[] unlike = [.. Enumerable.Range(1, 300).Where(i => mnist.Data.Test.Labels[i] is 0 or 6 or 8 && mnist.Data.Test.Labels[i] != before.Digit && mnist.Data.Test.Labels[i] != other)];
        byte[] plain = model.Predict(test.Select(unlike));
        byte[] taught = personal.Predict(test.Select(unlike));
        Assert.Equal(plain, taught);
    }

    [Fact]
    public void ExamplesOnTheirOwn_AreSearchedExactly_WhenTheyOutnumberTheCandidates()
    {
        // 150 examples (more than the 100 candidates re-ranked): the nearest of them is still found.
        DeformationKnnClassifier knn = DefaultModel.FitNeighbours(mnist.Data.Train.Slice(0, 500));
        int[] picked = [.. Enumerable.Range(1000, 150)];
        var examples = new LabeledImages(mnist.Data.Test.Images.Select(picked), picked.Select(i => mnist.Data.Test.Labels[i]).ToArray());
        var personal = knn.WithExamples(examples);

        for (int j = 0; j < 150; j += 37)
        {
            DigitPrediction answer = personal.Classify(mnist.Data.Test.Images[picked[j]]);
            Assert.True(answer.Neighbors[0].Personal);
            Assert.Equal(j, answer.Neighbors[0].Index);
            Assert.Equal(0, answer.Neighbors[0].Distance);
        }

        Assert.Equal(150, personal.PersonalCount);
        Assert.Contains("150 personal examples", personal.Description);
    }

    [Fact]
    public void ANetworkAlone_CannotLearnFromExamples_AndSaysSo()
    {
        Assert.False(PersonalModel.CanLearn(PretrainedNetwork.Network));
        var error = Assert.Throws<NotSupportedException>(() => PersonalModel.WithExamples(PretrainedNetwork.Network, Repeat(new byte[784], 1, 1)));
        Assert.Contains("cannot learn from examples", error.Message);
    }
}
