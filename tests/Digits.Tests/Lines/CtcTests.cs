using Digits.Lines;

namespace Digits.Tests.Lines;

[Trait("Category", "Fast")]
public sealed class CtcTests
{
    [Theory]
    [InlineData(new[] { 1 }, 3)]
    [InlineData(new[] { 1, 2 }, 4)]
    [InlineData(new[] { 2, 2 }, 5)]
    [InlineData(new int[0], 3)]
    public void Loss_IsMinusTheLogOfEveryAlignmentsProbability_SummedByBruteForce(int[] label, int steps)
    {
        const int Classes = 3;
        float[] logits = Logits(steps, Classes, seed: label.Length + steps);
        float[] logProbabilities = LogSoftmax(logits, Classes);
        double loss = Ctc.Loss(logProbabilities, Classes, label, new float[steps * Classes]);
        Assert.Equal(-Math.Log(BruteForce(logProbabilities, Classes, steps, label)), loss, 6);
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferencesOfTheLossInTheLogits()
    {
        const int Classes = 4, Steps = 6;
        int[] label = [1, 3, 3];
        float[] logits = Logits(Steps, Classes, seed: 9);
        float[] gradient = new float[Steps * Classes];
        Ctc.Loss(LogSoftmax(logits, Classes), Classes, label, gradient);
        for (int i = 0; i < logits.Length; i++)
        {
            float[] up = (float[])logits.Clone(), down = (float[])logits.Clone();
            up[i] += 1e-3f;
            down[i] -= 1e-3f;
            double numeric = (Ctc.Loss(LogSoftmax(up, Classes), Classes, label, new float[Steps * Classes]) - Ctc.Loss(LogSoftmax(down, Classes), Classes, label, new float[Steps * Classes])) / 2e-3;
            Assert.True(Math.Abs(numeric - gradient[i]) < 2e-3, $"logit {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Loss_IsInfinite_WhenTheTextCannotFitTheColumns()
    {
        // "11" needs a blank between its two 1s: three columns at least.
        float[] logProbabilities = LogSoftmax(Logits(2, 3, seed: 1), 3);
        float[] gradient = new float[6];
        Assert.True(double.IsPositiveInfinity(Ctc.Loss(logProbabilities, 3, [1, 1], gradient)));
        Assert.All(gradient, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void BestPath_MergesRepeatsAndDropsBlanks_KeepingEachCharactersColumns()
    {
        // Columns: 1 1 blank 1 2 2 blank
        int[] best = [1, 1, 0, 1, 2, 2, 0];
        float[] probabilities = new float[best.Length * 3];
        for (int t = 0; t < best.Length; t++)
        {
            for (int k = 0; k < 3; k++)
            {
                probabilities[(t * 3) + k] = k == best[t] ? 0.8f - (0.01f * t) : 0.1f + (0.005f * t);
            }
        }

        var path = Ctc.BestPath(probabilities, 3);
        Assert.Equal([1, 1, 2], path.Select(c => c.Class));
        Assert.Equal((0, 1), (path[0].First, path[0].Last));
        Assert.Equal((3, 3), (path[1].First, path[1].Last));
        Assert.Equal((4, 5), (path[2].First, path[2].Last));
        Assert.Equal(0.8, path[0].Confidence, 5);
    }

    // Every path of classes over the steps that collapses (repeats merged, blanks dropped) to the label.
    private static double BruteForce(float[] logProbabilities, int classes, int steps, int[] label)
    {
        double total = 0;
        int[] path = new int[steps];
        for (long code = 0; code < (long)Math.Pow(classes, steps); code++)
        {
            long rest = code;
            double p = 1;
            for (int t = 0; t < steps; t++)
            {
                path[t] = (int)(rest % classes);
                rest /= classes;
                p *= Math.Exp(logProbabilities[(t * classes) + path[t]]);
            }

            var collapsed = new List<int>();
            for (int t = 0; t < steps; t++)
            {
                if (path[t] != 0 && (t == 0 || path[t] != path[t - 1]))
                {
                    collapsed.Add(path[t]);
                }
            }

            if (collapsed.SequenceEqual(label))
            {
                total += p;
            }
        }

        return total;
    }

    private static float[] Logits(int steps, int classes, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, steps * classes).Select(_ => (float)((random.NextDouble() - 0.5) * 3)).ToArray();
    }

    private static float[] LogSoftmax(float[] logits, int classes)
    {
        float[] result = new float[logits.Length];
        for (int t = 0; t < logits.Length / classes; t++)
        {
            double max = logits.Skip(t * classes).Take(classes).Max();
            double sum = logits.Skip(t * classes).Take(classes).Sum(v => Math.Exp(v - max));
            for (int k = 0; k < classes; k++)
            {
                result[(t * classes) + k] = (float)(logits[(t * classes) + k] - max - Math.Log(sum));
            }
        }

        return result;
    }
}
