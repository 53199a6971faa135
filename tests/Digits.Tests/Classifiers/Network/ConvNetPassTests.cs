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
