namespace Digits.Classifiers.Network;

/// <summary>Adam (Kingma and Ba): per-parameter steps scaled by running averages of the gradient and its square.</summary>
internal sealed class AdamOptimizer(int count, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly float[] _mean = new float[count];
    private readonly float[] _square = new float[count];
    private int _steps;

    /// <summary>Moves <paramref name="parameters"/> against <paramref name="gradient"/> with step size <paramref name="rate"/>.</summary>
    public void Step(float[] parameters, ReadOnlySpan<float> gradient, double rate)
    {
        _steps++;
        float b1 = (float)beta1, b2 = (float)beta2;
        float scale = (float)(rate * Math.Sqrt(1 - Math.Pow(beta2, _steps)) / (1 - Math.Pow(beta1, _steps)));
        float eps = (float)epsilon;
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            _mean[i] = (b1 * _mean[i]) + ((1 - b1) * g);
            _square[i] = (b2 * _square[i]) + ((1 - b2) * g * g);
            parameters[i] -= scale * _mean[i] / (MathF.Sqrt(_square[i]) + eps);
        }
    }
}
