namespace Digits.Classifiers.Knn;

/// <summary>Which digit wins when two or more digits have the same vote.</summary>
public enum TieBreak
{
    /// <summary>The tied digit whose nearest member is closest to the query (the default).</summary>
    Nearest,

    /// <summary>The smallest tied digit, as scikit-learn does.</summary>
    Lowest,
}
