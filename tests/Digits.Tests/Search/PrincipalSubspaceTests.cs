using Digits.Images;
using Digits.Search;


namespace Digits.Tests.Search;

[Trait("Category", "Fast")]
public sealed class PrincipalSubspaceTests
{
    [Fact]
    public void Fit_BasisIsOrthonormal_AndFindsTheDominantDirection()
    {
        // Points spread mostly along pixel 2, a little along pixel 0.
        var random = new Random(9);
        int count = 2000, dim = 6;
        byte[] pixels = new byte[count * dim];
        for (int i = 0; i < count; i++)
        {
            pixels[(i * dim) + 2] = (byte)random.Next(0, 256);
            pixels[(i * dim) + 0] = (byte)random.Next(100, 130);
        }

        var subspace = PrincipalSubspace.Fit(new ImageSet(pixels, count, 1, dim), components: 3);

        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                double dot = Enumerable.Range(0, dim).Sum(i => subspace.Basis[(a * dim) + i] * subspace.Basis[(b * dim) + i]);
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 10);
            }
        }

        Assert.True(Math.Abs(subspace.Basis[2]) > 0.999, "the first direction should be pixel 2");
        Assert.True(Math.Abs(subspace.Basis[dim + 0]) > 0.999, "the second direction should be pixel 0");
    }

    [Fact]
    public void Project_OutsidePartPlusCoordinates_IsTheCentredLength()
    {
        var random = new Random(2);
        byte[] pixels = new byte[500 * 20];
        random.NextBytes(pixels);
        var images = new ImageSet(pixels, 500, 4, 5);
        var subspace = PrincipalSubspace.Fit(images, components: 5);
        double[] centred = new double[20], coordinates = new double[5];

        double outside = subspace.Project(images[7], centred, coordinates);

        double total = centred.Sum(v => v * v);
        Assert.Equal(total, outside + coordinates.Sum(c => c * c), 6);
    }

    [Fact]
    public void SymmetricEigen_KnownMatrix()
    {
        var (values, vectors) = SymmetricEigen.Decompose([2, 1, 1, 2], 2);
        Assert.Equal(3, values[0], 10);
        Assert.Equal(1, values[1], 10);
        Assert.Equal(Math.Abs(vectors[0]), Math.Abs(vectors[1]), 10);
    }
}
