using Digits.Classifiers;


namespace Digits.Files;

/// <summary>Loads any model file <c>digits train</c> writes: a KNN model (<see cref="ModelFile"/>) or a network (<see cref="ConvNetFile"/>), told apart by their first bytes.</summary>
public static class ClassifierFile
{
    /// <summary>Loads the model in <paramref name="path"/>.</summary>
    /// <exception cref="DataFileException">The file is missing, of neither kind, truncated or corrupt.</exception>
    public static IDigitClassifier Load(string path)
    {
        byte[] bytes = ModelFile.ReadBytes(path); // read once, whichever kind it is
        return ConvNetFile.StartsLike(bytes) ? ConvNetFile.Read(bytes, path).Network : ModelFile.Read(bytes, path).Model;
    }
}
