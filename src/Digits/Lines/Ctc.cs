namespace Digits.Lines;

/// <summary>
/// Connectionist temporal classification (Graves et al., 2006): the probability of a text given a line reader's
/// per-column class probabilities, summed over every alignment of the text to the columns (a character may last
/// several columns; blanks may come between characters and must come between a character and its repeat), in log
/// space by the forward-backward recursions, and the best-path reading.
/// </summary>
public static class Ctc
{
    /// <summary>
    /// The loss -log p(label | columns) and its gradient with respect to the columns' logits (the inputs of the
    /// softmax): softmax minus the posterior probability of each class at each column.
    /// </summary>
    /// <param name="logProbabilities">Per column, the log-probabilities of the classes: steps x classes.</param>
    /// <param name="classes">The number of classes (the blank is 0).</param>
    /// <param name="label">The text's classes (none is the blank).</param>
    /// <param name="logitGradient">Receives the gradient (steps x classes); zero when no alignment exists.</param>
    /// <returns>The loss, or positive infinity when the text cannot fit the columns.</returns>
    public static double Loss(ReadOnlySpan<float> logProbabilities, int classes, ReadOnlySpan<int> label, Span<float> logitGradient)
    {
        int steps = logProbabilities.Length / classes, states = (2 * label.Length) + 1;
        logitGradient[..(steps * classes)].Clear();
        if (steps == 0)
        {
            return double.PositiveInfinity;
        }

        int[] extended = new int[states];
        for (int s = 0; s < label.Length; s++)
        {
            extended[(2 * s) + 1] = label[s];
        }

        double[] alpha = new double[steps * states], beta = new double[steps * states];
        Array.Fill(alpha, double.NegativeInfinity);
        Array.Fill(beta, double.NegativeInfinity);
        alpha[0] = logProbabilities[extended[0]];
        if (states > 1)
        {
            alpha[1] = logProbabilities[extended[1]];
        }

        for (int t = 1; t < steps; t++)
        {
            for (int s = 0; s < states; s++)
            {
                double a = alpha[((t - 1) * states) + s];
                if (s > 0)
                {
                    a = Add(a, alpha[((t - 1) * states) + s - 1]);
                }

                if (s > 1 && extended[s] != LineAlphabet.Blank && extended[s] != extended[s - 2])
                {
                    a = Add(a, alpha[((t - 1) * states) + s - 2]);
                }

                alpha[(t * states) + s] = a + logProbabilities[(t * classes) + extended[s]];
            }
        }

        int last = (steps - 1) * states;
        beta[last + states - 1] = logProbabilities[((steps - 1) * classes) + extended[states - 1]];
        if (states > 1)
        {
            beta[last + states - 2] = logProbabilities[((steps - 1) * classes) + extended[states - 2]];
        }

        for (int t = steps - 2; t >= 0; t--)
        {
            for (int s = 0; s < states; s++)
            {
                double b = beta[((t + 1) * states) + s];
                if (s + 1 < states)
                {
                    b = Add(b, beta[((t + 1) * states) + s + 1]);
                }

                if (s + 2 < states && extended[s] != LineAlphabet.Blank && extended[s] != extended[s + 2])
                {
                    b = Add(b, beta[((t + 1) * states) + s + 2]);
                }

                beta[(t * states) + s] = b + logProbabilities[(t * classes) + extended[s]];
            }
        }

        double total = alpha[last + states - 1];
        if (states > 1)
        {
            total = Add(total, alpha[last + states - 2]);
        }

        if (double.IsNegativeInfinity(total))
        {
            return double.PositiveInfinity;
        }

        // alpha and beta both hold column t's own probability: a path through (t, s) has alpha + beta - log y.
        double[] posterior = new double[classes];
        for (int t = 0; t < steps; t++)
        {
            Array.Fill(posterior, double.NegativeInfinity);
            for (int s = 0; s < states; s++)
            {
                int k = extended[s];
                posterior[k] = Add(posterior[k], alpha[(t * states) + s] + beta[(t * states) + s] - logProbabilities[(t * classes) + k]);
            }

            for (int k = 0; k < classes; k++)
            {
                double p = Math.Exp(logProbabilities[(t * classes) + k]);
                logitGradient[(t * classes) + k] = (float)(p - Math.Exp(posterior[k] - total));
            }
        }

        return -total;
    }

    /// <summary>
    /// The best-path reading: each column's most likely class, repeats merged, blanks dropped. Each character
    /// comes with the columns it spans and its confidence, the highest probability it had in them.
    /// </summary>
    /// <param name="probabilities">Per column, the class probabilities: steps x classes.</param>
    /// <param name="classes">The number of classes (the blank is 0).</param>
    public static IReadOnlyList<CtcCharacter> BestPath(ReadOnlySpan<float> probabilities, int classes)
    {
        var characters = new List<CtcCharacter>();
        int steps = probabilities.Length / classes, previous = LineAlphabet.Blank;
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<float> column = probabilities.Slice(t * classes, classes);
            int best = 0;
            for (int k = 1; k < classes; k++)
            {
                if (column[k] > column[best])
                {
                    best = k;
                }
            }

            if (best != LineAlphabet.Blank && best == previous)
            {
                CtcCharacter run = characters[^1];
                characters[^1] = column[best] > run.Confidence ? run with { Last = t, Confidence = column[best], Peak = t } : run with { Last = t };
            }
            else if (best != LineAlphabet.Blank)
            {
                characters.Add(new CtcCharacter(best, t, t, column[best], t));
            }

            previous = best;
        }

        return characters;
    }

    private static double Add(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        return a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));
    }
}

/// <summary>One character of a best-path reading.</summary>
/// <param name="Class">Its class (<see cref="LineAlphabet"/>).</param>
/// <param name="First">The first output column it spans.</param>
/// <param name="Last">The last output column it spans.</param>
/// <param name="Confidence">The highest probability its class had in those columns.</param>
/// <param name="Peak">The column where it had that probability.</param>
public sealed record CtcCharacter(int Class, int First, int Last, double Confidence, int Peak);
