using System.Numerics.Tensors;
using Digits.Images;

namespace Digits.Search;

/// <summary>
/// An orthonormal basis of the directions along which images vary most (the leading principal
/// components), found by subspace iteration on a sample of the training images. Projecting onto it never
/// lengthens a vector, so the projected distance is a lower bound of the true distance: that is what
/// <see cref="ProjectionPrunedSearch"/> prunes with. The basis only needs to be orthonormal for the search
/// to stay exact; how well it captures the variance only changes how much is pruned.
/// </summary>
internal sealed class PrincipalSubspace
{
    private PrincipalSubspace(double[] mean, double[] basis, int dimensions, int components)
    {
        Mean = mean;
        Basis = basis;
        Dimensions = dimensions;
        Components = components;
    }

    /// <summary>Gets the mean image (length <see cref="Dimensions"/>).</summary>
    public double[] Mean { get; }

    /// <summary>Gets the basis vectors as rows, strongest first (<c>Basis[c * Dimensions + i]</c>).</summary>
    public double[] Basis { get; }

    /// <summary>Gets the image length.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the number of basis vectors.</summary>
    public int Components { get; }

    /// <summary>Finds <paramref name="components"/> leading directions of <paramref name="images"/>.</summary>
    /// <param name="images">Training images.</param>
    /// <param name="components">How many directions (at most the image length).</param>
    /// <param name="sampleSize">How many images (spread evenly over the set) to estimate them from.</param>
    /// <param name="iterations">Subspace iterations.</param>
    public static PrincipalSubspace Fit(ImageSet images, int components, int sampleSize = 4096, int iterations = 4)
    {
        int d = images.PixelsPerImage;
        components = Math.Min(components, d);
        int width = Math.Min(d, components + 8);
        int n = Math.Min(sampleSize, images.Count);
        int stride = Math.Max(1, images.Count / Math.Max(1, n));

        double[] mean = new double[d];
        for (int i = 0; i < images.Count; i++)
        {
            ReadOnlySpan<byte> image = images[i];
            for (int p = 0; p < d; p++)
            {
                mean[p] += image[p];
            }
        }

        for (int p = 0; p < d; p++)
        {
            mean[p] /= Math.Max(1, images.Count);
        }

        // Centred sample, row-major n x d.
        double[] sample = new double[n * d];
        for (int s = 0; s < n; s++)
        {
            ReadOnlySpan<byte> image = images[Math.Min(images.Count - 1, s * stride)];
            Span<double> row = sample.AsSpan(s * d, d);
            for (int p = 0; p < d; p++)
            {
                row[p] = image[p] - mean[p];
            }
        }

        var random = new Random(12345);
        double[] basis = new double[width * d];
        for (int i = 0; i < basis.Length; i++)
        {
            basis[i] = random.NextDouble() - 0.5;
        }

        Orthonormalize(basis, width, d);
        double[] scores = new double[n * width];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            MultiplyByBasis(sample, n, d, basis, width, scores);
            Array.Clear(basis);
            Parallel.For(0, width, c =>
            {
                Span<double> target = basis.AsSpan(c * d, d);
                for (int s = 0; s < n; s++)
                {
                    TensorPrimitives.MultiplyAdd(sample.AsSpan(s * d, d), scores[(s * width) + c], target, target);
                }
            });
            Orthonormalize(basis, width, d);
        }

        // Rayleigh-Ritz: rotate within the subspace so the directions come out ordered by variance.
        MultiplyByBasis(sample, n, d, basis, width, scores);
        double[] gram = new double[width * width];
        for (int a = 0; a < width; a++)
        {
            for (int b = a; b < width; b++)
            {
                double sum = 0;
                for (int s = 0; s < n; s++)
                {
                    sum += scores[(s * width) + a] * scores[(s * width) + b];
                }

                gram[(a * width) + b] = gram[(b * width) + a] = sum;
            }
        }

        var (_, rotation) = SymmetricEigen.Decompose(gram, width);
        double[] ordered = new double[components * d];
        for (int c = 0; c < components; c++)
        {
            Span<double> target = ordered.AsSpan(c * d, d);
            for (int w = 0; w < width; w++)
            {
                TensorPrimitives.MultiplyAdd(basis.AsSpan(w * d, d), rotation[(c * width) + w], target, target);
            }
        }

        Orthonormalize(ordered, components, d);
        return new PrincipalSubspace(mean, ordered, d, components);
    }

    /// <summary>
    /// Projects one image: writes its <see cref="Components"/> coordinates and returns the squared length of
    /// the part of (image - mean) outside the subspace.
    /// </summary>
    public double Project(ReadOnlySpan<byte> image, Span<double> centred, Span<double> coordinates)
    {
        for (int p = 0; p < Dimensions; p++)
        {
            centred[p] = image[p] - Mean[p];
        }

        double total = TensorPrimitives.Dot<double>(centred, centred);
        double inside = 0;
        for (int c = 0; c < Components; c++)
        {
            double value = TensorPrimitives.Dot<double>(centred, Basis.AsSpan(c * Dimensions, Dimensions));
            coordinates[c] = value;
            inside += value * value;
        }

        return Math.Max(0, total - inside);
    }

    private static void MultiplyByBasis(double[] sample, int n, int d, double[] basis, int width, double[] scores)
        => Parallel.For(0, n, s =>
        {
            ReadOnlySpan<double> row = sample.AsSpan(s * d, d);
            for (int c = 0; c < width; c++)
            {
                scores[(s * width) + c] = TensorPrimitives.Dot(row, basis.AsSpan(c * d, d));
            }
        });

    // Modified Gram-Schmidt, twice for accuracy. A vector that collapses (it lay in the span of the
    // earlier ones) is replaced by the first unit axis that is not in that span.
    private static void Orthonormalize(double[] vectors, int count, int d)
    {
        for (int i = 0; i < count; i++)
        {
            Span<double> v = vectors.AsSpan(i * d, d);
            int axis = 0;
            while (!OrthogonalizeAgainstEarlier(vectors, i, d) && axis < d)
            {
                v.Clear();
                v[axis++] = 1;
            }
        }
    }

    private static bool OrthogonalizeAgainstEarlier(double[] vectors, int i, int d)
    {
        Span<double> v = vectors.AsSpan(i * d, d);
        double before = Math.Sqrt(TensorPrimitives.Dot<double>(v, v));
        for (int pass = 0; pass < 2; pass++)
        {
            for (int j = 0; j < i; j++)
            {
                ReadOnlySpan<double> u = vectors.AsSpan(j * d, d);
                TensorPrimitives.MultiplyAdd(u, -TensorPrimitives.Dot(v, u), v, v);
            }
        }

        double norm = Math.Sqrt(TensorPrimitives.Dot<double>(v, v));
        if (norm <= 1e-9 * Math.Max(1, before))
        {
            return false;
        }

        TensorPrimitives.Divide(v, norm, v);
        return true;
    }
}
