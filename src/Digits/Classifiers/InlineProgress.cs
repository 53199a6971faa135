namespace Digits.Classifiers;

/// <summary>
/// Progress reported synchronously on the calling thread, so that counts arrive in order
/// (<see cref="System.Progress{T}"/> would post them to the thread pool). Models that run parts one after the
/// other use it to map each part's count onto the whole.
/// </summary>
/// <param name="report">Receives each count.</param>
internal sealed class InlineProgress(Action<int> report) : IProgress<int>
{
    /// <inheritdoc/>
    public void Report(int value) => report(value);
}
