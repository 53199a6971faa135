using Digits.Lines;

namespace Digits.Tests.Lines;

[Trait("Category", "Fast")]
public sealed class LinePassTests
{
    private static readonly LineShape Tiny = new("conv3x2 pool conv3x3 pool conv3x4 pool");

    [Fact]
    public void Backward_MatchesFiniteDifferencesOfTheCtcLoss()
    {
        var random = new Random(3);
        float[] parameters = Enumerable.Range(0, Tiny.ParameterCount).Select(_ => (float)((random.NextDouble() - 0.5) * 0.8)).ToArray();
        var pass = new LinePass(Tiny, 64);
        for (int i = 0; i < pass.Inputs.Length; i++)
        {
            pass.Inputs[i] = (float)(0.5 + (0.5 * Math.Sin(i * 0.37) * Math.Cos(i * 0.011)));
        }

        int[][] label = [[2, 5]];
        pass.Forward(parameters, 1);
        pass.Backward(parameters, label);
        float[] analytic = (float[])pass.Gradient.Clone();
        int compared = 0;
        var failures = new List<string>();
        for (int p = 0; p < Tiny.ParameterCount; p++)
        {
            double small = Numeric(pass, parameters, p, label, 2e-3f), large = Numeric(pass, parameters, p, label, 4e-3f);
            if (Math.Abs(small - large) > (0.05 * Math.Max(Math.Abs(small), Math.Abs(large))) + 1e-4 || (Math.Abs(small) < 1e-4 && Math.Abs(analytic[p]) < 1e-4))
            {
                continue; // a ReLU or a pooling choice switched inside the step
            }

            if (Math.Abs(small - analytic[p]) > (0.1 * Math.Max(Math.Abs(small), Math.Abs(analytic[p]))) + 5e-4)
            {
                failures.Add($"parameter {p}: analytic {analytic[p]}, numeric {small}");
            }

            compared++;
        }

        // A kink that both step sizes straddle alike (a pooling tie shared by many columns) can still bend a
        // difference; a wrong gradient would miss on most parameters, not on one in a hundred.
        Assert.True(failures.Count <= compared / 100, $"{failures.Count} of {compared} parameters disagree: " + string.Join("; ", failures));
        Assert.True(compared >= 100, $"only {compared} parameters had a gradient");
    }

    [Fact]
    public void Shape_TheSameParametersReadAnyWidth_WithOneColumnPerPoolingsStride()
    {
        var shape = new LineShape();
        Assert.Equal(shape.ParameterCount, new LineShape(shape.Layers).ParameterCount);
        Assert.Equal(shape.Steps(128) + 4, shape.Steps(128 + 16));
        Assert.Equal(4, shape.CentreOf(1) - shape.CentreOf(0), 6);
        Assert.Throws<ArgumentException>(() => new LineShape("conv3x8 dense10"));
        Assert.Throws<ArgumentException>(() => new LineShape("pool pool pool pool pool pool"));
    }

    private static double Numeric(LinePass pass, float[] parameters, int p, int[][] label, float step)
    {
        float saved = parameters[p];
        parameters[p] = saved + step;
        double up = Loss(pass, parameters, label);
        parameters[p] = saved - step;
        double down = Loss(pass, parameters, label);
        parameters[p] = saved;
        return (up - down) / (2 * step);
    }

    private static double Loss(LinePass pass, float[] parameters, int[][] label)
    {
        pass.Forward(parameters, 1);
        Array.Clear(pass.Gradient);
        return pass.Backward(parameters, label).Loss;
    }
}
