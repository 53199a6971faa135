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
            pass.Input[i] = (float)(0.5 + (0.5 * Math.Sin((i % 28) / 3.0) * Math.Cos((i / 28) / 4.0))); // smooth: few near-ties in the max pooling
        }

        const int Label = 3;
        pass.Forward(parameters);
        pass.Backward(parameters, Label);
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
            pass.Input[i] = (float)(0.5 + (0.5 * Math.Sin((i % 28) / 3.0) * Math.Cos((i / 28) / 4.0)));
        }

        // The same seed drops the same units in every pass, so the loss is one function of the parameters.
        double Loss()
        {
            pass.Forward(parameters, new Random(11), 0.5f);
            return -Math.Log(pass.Probabilities[2]);
        }

        pass.Forward(parameters, new Random(11), 0.5f);
        pass.Backward(parameters, 2);
        float[] analytic = (float[])pass.Gradient.Clone();
        int compared = 0, zeroRows = 0;
        for (int p = shape.Weights3; p < shape.ParameterCount; p++)
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

        for (int h = 0; h < shape.Hidden; h++)
        {
            zeroRows += analytic.AsSpan(shape.Weights3 + (h * shape.Features), shape.Features).IndexOfAnyExcept(0f) < 0 ? 1 : 0;
        }

        Assert.True(compared >= 50, $"only {compared} parameters had a gradient");
        Assert.InRange(zeroRows, 3, 13); // about half the hidden units were dropped (or dead) and got no gradient
    }

    [Fact]
    public void Forward_ProbabilitiesSumToOne()
    {
        var shape = new ConvNetShape(2, 2, 4);
        var pass = new ConvNetPass(shape);
        float[] parameters = Enumerable.Range(0, shape.ParameterCount).Select(i => (float)Math.Sin(i)).ToArray();
        pass.Input.AsSpan().Fill(0.5f);
        pass.Forward(parameters);
        Assert.Equal(1.0, pass.Probabilities.Sum(), 1e-5);
        Assert.All(pass.Probabilities, p => Assert.InRange(p, 0, 1));
    }

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
