using Digits.Evaluation;


namespace Digits.Tests.Evaluation;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class AblationTests(MnistFixture mnist)
{
    [Fact]
    public void Run_StepsAddUpToTheDefaultModel()
    {
        // Given: a small training set and the default model's (made-up) report on 300 test images
        var training = mnist.Data.Train.Slice(0, 6_000);
        var test = mnist.Data.Test.Slice(0, 300);
        var defaultReport = new EvaluationReport("default", test.Labels, new ConfusionMatrix(test.Labels, test.Labels), 1.0);

        // When
        var steps = Ablation.Run(training, test, defaultReport);

        // Then: five steps in order, each gain the difference to the step above, the last the default model
        Assert.Equal(5, steps.Count);
        Assert.StartsWith("+ IDM", steps[3].Step);
        Assert.StartsWith("raw pixels", steps[0].Step);
        Assert.Equal(0, steps[0].Gain);
        for (int i = 1; i < steps.Count; i++)
        {
            Assert.Equal(steps[i].Accuracy - steps[i - 1].Accuracy, steps[i].Gain, 9);
        }

        Assert.Equal(1.0, steps[^1].Accuracy);
        Assert.Equal(0, steps[^1].Errors);
        Assert.True(steps[1].Accuracy > steps[0].Accuracy - 0.02, "deskewing should not lose much even on a small set");
    }
}
