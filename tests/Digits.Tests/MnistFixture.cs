using Digits.Data;


namespace Digits.Tests;

/// <summary>Loads MNIST once for every test class that needs it (see <see cref="MnistCollection"/>).</summary>
public sealed class MnistFixture
{
    private readonly Lazy<MnistData> _data = new(() => MnistData.Load(TestPaths.MnistFolder));

    /// <summary>Gets the verified MNIST data from DIGITS_DATA or ../shared/data/mnist.</summary>
    public MnistData Data => _data.Value;
}

/// <summary>Test classes in this collection share one <see cref="MnistFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class MnistCollection : ICollectionFixture<MnistFixture>
{
    public const string Name = "MNIST";
}
