using Digits.Classifiers.Network;


namespace Digits.Tests.Classifiers.Network;

[Trait("Category", "Fast")]
public sealed class ConvNetPassTests
{
    [Fact]
    public void Backward_MatchesFiniteDifferencesOfTheLoss()
    {
        var shape = new ConvNetShape(3, 4, 6);
        var random = new Random(5);
        float[] parameters = Enumerable.Range(0, shape.ParameterCount).Select(_ => (float)((random.NextDouble() - 0.5) * 0.6)).ToArray();
        var pass = new ConvNetPass(shape);
        for (int i = 0; i < pass.Input.Length; i++)
        {
            pass.Input[i] = Smooth(i); // smooth: few near-ties in the max pooling
        }

        const int Label = 3;
        pass.Forward(parameters);
        pass.Backward(parameters, [Label]);
        float[] analytic = (float[])pass.Gradient.Clone();

        // Every parameter of the small network.
        int[] probes = Enumerable.Range(0, shape.ParameterCount).ToArray();
        int compared = 0;
        foreach (int p in probes)
        {
            // Central differences at two step sizes; where they disagree a ReLU or a max-pool choice switched
            // inside the step (a kink), and the loss is not differentiable there: skip that parameter.
            double small = Numeric(pass, parameters, p, Label, 2e-3f);
            double large = Numeric(pass, parameters, p, Label, 4e-3f);
            if (Math.Abs(small - large) > 0.05 * Math.Max(Math.Abs(small), Math.Abs(large)) + 1e-4 || (Math.Abs(small) < 1e-4 && Math.Abs(analytic[p]) < 1e-4))
            {
                continue;
            }

            Assert.True(Math.Abs(small - analytic[p]) <= (0.1 * Math.Max(Math.Abs(small), Math.Abs(analytic[p]))) + 5e-4, $"parameter {p}: analytic {analytic[p]}, numeric {small}");
            compared++;
        }

        Assert.True(compared >= 100, $"only {compared} parameters had a gradient");
    }

    [Fact]
    public void Backward_WithDropout_MatchesFiniteDifferencesOfTheSameDroppedUnits()
    {
        var shape = new ConvNetShape(2, 3, 16);
        var random = new Random(6);
        float[] parameters = Enumerable.Range(0, shape.ParameterCount).Select(_ => (float)((random.NextDouble() - 0.5) * 0.6)).ToArray();
        var pass = new ConvNetPass(shape);
        for (int i = 0; i < pass.Input.Length; i++)
        {
            pass.Input[i] = Smooth(i);
        }

        // The same seed drops the same units in every pass, so the loss is one function of the parameters.
        double Loss()
        {
            pass.Forward(parameters, 1, new PassMode([new Random(11)], 0.5f));
            return -Math.Log(pass.Probabilities[2]);
        }

        pass.Forward(parameters, 1, new PassMode([new Random(11)], 0.5f));
        pass.Backward(parameters, [2]);
        float[] analytic = (float[])pass.Gradient.Clone();
        int compared = 0, zeroRows = 0;
        int denseWeights = shape.Parsed.TakeWhile(l => l.Kind != LayerKind.Dense).Sum(l => l.ParameterCount);
        for (int p = denseWeights; p < shape.ParameterCount; p++)
        {
            float saved = parameters[p];
            parameters[p] = saved + 2e-3f;
            double plus = Loss();
            parameters[p] = saved - 2e-3f;
            double minus = Loss();
            parameters[p] = saved;
            double numeric = (plus - minus) / 4e-3;
            Assert.True(Math.Abs(numeric - analytic[p]) <= (0.1 * Math.Max(Math.Abs(numeric), Math.Abs(analytic[p]))) + 5e-4, $"parameter {p}: analytic {analytic[p]}, numeric {numeric}");
            compared += Math.Abs(numeric) > 1e-4 ? 1 : 0;
        }

        int hidden = 16, features = shape.Parsed[^1].InputLength;
        for (int h = 0; h < hidden; h++)
        {
            zeroRows += analytic.AsSpan(denseWeights + (h * features), features).IndexOfAnyExcept(0f) < 0 ? 1 : 0;
        }

        Assert.True(compared >= 50, $"only {compared} parameters had a gradient");
        Assert.InRange(zeroRows, 3, 13); // about half the hidden units were dropped (or dead) and got no gradient
    }

    [Fact]
    public void Backward_WithBatchNormalization_MatchesFiniteDifferencesOverTheGroup()
    {
        // Four images normalised together: every image's loss depends on every other image through the group's
        // statistics, and the gammas and betas have gradients of their own.
        var shape = new ConvNetShape("conv3x3 conv3x4 pool dense6");
        const int Count = 4;
        var pass = new ConvNetPass(shape, Count, batchNormalization: true);
        var random = new Random(9);
        int total = ConvNetPass.TrainingParameterCount(shape, true);
        Assert.Equal(shape.ParameterCount + (2 * (3 + 4 + 6)), total);
        float[] parameters = Enumerable.Range(0, total).Select(i => i >= shape.ParameterCount ? (float)(0.8 + (0.4 * random.NextDouble())) : (float)((random.NextDouble() - 0.5) * 0.6)).ToArray();
        for (int i = 0; i < pass.Inputs.Length; i++)
        {
            pass.Inputs[i] = Smooth(i + (i / 784 * 97));
        }

        byte[] labels = [3, 1, 4, 1];
        double GroupLoss()
        {
            pass.Forward(parameters, Count, default);
            return Enumerable.Range(0, Count).Sum(i => -Math.Log(pass.Probabilities[(i * 10) + labels[i]]));
        }

        pass.Forward(parameters, Count, default);
        pass.Backward(parameters, labels);
        float[] analytic = (float[])pass.Gradient.Clone();
        int compared = 0, normalizationCompared = 0;
        var wrong = new List<string>();
        for (int p = 0; p < total; p++)
        {
            double Numeric(float step)
            {
                float saved = parameters[p];
                parameters[p] = saved + step;
                double plus = GroupLoss();
                parameters[p] = saved - step;
                double minus = GroupLoss();
                parameters[p] = saved;
                return (plus - minus) / (2 * step);
            }

            double small = Numeric(2e-3f), large = Numeric(4e-3f);
            if (Math.Abs(small - large) > 0.05 * Math.Max(Math.Abs(small), Math.Abs(large)) + 1e-4 || (Math.Abs(small) < 1e-4 && Math.Abs(analytic[p]) < 1e-4))
            {
                continue;
            }

            if (Math.Abs(small - analytic[p]) > (0.1 * Math.Max(Math.Abs(small), Math.Abs(analytic[p]))) + 1e-3)
            {
                wrong.Add($"{p}: analytic {analytic[p]:F4}, numeric {small:F4}");
            }

            compared++;
            normalizationCompared += p >= shape.ParameterCount ? 1 : 0;
        }

        // A wrong formula breaks most parameters before it; float32 losses summed over the group, and kinks that
        // both step sizes straddle, leave a few in the last digits.
        Assert.True(wrong.Count * 30 <= compared, $"{wrong.Count} of {compared} gradients differ: {string.Join("; ", wrong)}");
        Assert.True(compared >= 150, $"only {compared} parameters had a gradient");
        Assert.True(normalizationCompared >= 15, $"only {normalizationCompared} gammas and betas had a gradient");
    }

    [Fact]
    public void FoldBatchNormalization_ReadsEachImageAsTheNormalisedGroupDid()
    {
        // Statistics collected over exactly one group are that group's own, so the folded network, reading each
        // image alone, must give what the normalised group gave.
        var shape = new ConvNetShape("conv3x4 pool conv3x5 pool dense7");
        const int Count = 6;
        var group = new ConvNetPass(shape, Count, batchNormalization: true);
        var random = new Random(4);
        int total = ConvNetPass.TrainingParameterCount(shape, true);
        float[] parameters = Enumerable.Range(0, total).Select(i => (float)((random.NextDouble() - 0.3) * 0.8)).ToArray();
        for (int i = 0; i < group.Inputs.Length; i++)
        {
            group.Inputs[i] = (float)random.NextDouble();
        }

        group.Forward(parameters, Count, new PassMode(CollectStatistics: true));
        float[] folded = group.FoldBatchNormalization(parameters);
        Assert.Equal(shape.ParameterCount, folded.Length);

        var single = new ConvNetPass(shape);
        for (int i = 0; i < Count; i++)
        {
            group.Inputs.AsSpan(i * 784, 784).CopyTo(single.Input);
            single.Forward(folded);
            for (int o = 0; o < 10; o++)
            {
                Assert.Equal(group.Probabilities[(i * 10) + o], single.Probabilities[o], 1e-4);
            }
        }

        group.ResetStatistics();
        Assert.Throws<InvalidOperationException>(() => group.FoldBatchNormalization(parameters));
    }

    [Fact]
    public void Forward_AGroupWithoutNormalization_ReadsEachImageAsAlone()
    {
        ConvNetShape shape = new("conv3x4 conv3x4 pool dense8");
        var random = new Random(2);
        float[] parameters = Enumerable.Range(0, shape.ParameterCount).Select(_ => (float)((random.NextDouble() - 0.5) * 0.5)).ToArray();
        var group = new ConvNetPass(shape, 3);
        var single = new ConvNetPass(shape);
        for (int i = 0; i < group.Inputs.Length; i++)
        {
            group.Inputs[i] = (float)random.NextDouble();
        }

        group.Forward(parameters, 3, default);
        for (int i = 0; i < 3; i++)
        {
            group.Inputs.AsSpan(i * 784, 784).CopyTo(single.Input);
            single.Forward(parameters);
            Assert.Equal(single.Probabilities, group.Probabilities.AsSpan(i * 10, 10).ToArray());
        }
    }

    [Fact]
    public void Forward_ProbabilitiesSumToOne()
    {
        var shape = new ConvNetShape(2, 2, 4);
        var pass = new ConvNetPass(shape);
        float[] parameters = Enumerable.Range(0, shape.ParameterCount).Select(i => (float)Math.Sin(i)).ToArray();
        pass.Input.Fill(0.5f);
        pass.Forward(parameters);
        Assert.Equal(1.0, pass.Probabilities.Sum(), 1e-5);
        Assert.All(pass.Probabilities, p => Assert.InRange(p, 0, 1));
    }

    private static float Smooth(int i) => (float)(0.5 + (0.5 * Math.Sin((i % 28) / 3.0) * Math.Cos((i / 28 % 28) / 4.0)));

    private static double Numeric(ConvNetPass pass, float[] parameters, int p, int label, float step)
    {
        float saved = parameters[p];
        parameters[p] = saved + step;
        double plus = Loss(pass, parameters, label);
        parameters[p] = saved - step;
        double minus = Loss(pass, parameters, label);
        parameters[p] = saved;
        return (plus - minus) / (2 * step);
    }

    private static double Loss(ConvNetPass pass, float[] parameters, int label)
    {
        pass.Forward(parameters);
        return -Math.Log(pass.Probabilities[label]);
    }
}
