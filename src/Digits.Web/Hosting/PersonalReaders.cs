using System.Collections.Concurrent;
using Digits.Models;
using Digits.Photos;
using Digits.Profiles;

namespace Digits.Web.Hosting;

/// <summary>
/// The reader for each profile's requests: the served model with the profile's examples beside its training set
/// (<see cref="DigitReader.WithExamples"/>). Built when a profile first reads and kept until its examples change
/// (the store's stamp: count and newest id), for the most recent profiles only; the shared model is never
/// rebuilt. Thread-safe.
/// </summary>
internal sealed class PersonalReaders(ExampleStore store)
{
    private const int Kept = 256;

    private readonly ConcurrentDictionary<string, Entry> _readers = new(StringComparer.Ordinal);

    /// <summary>The reader for <paramref name="profile"/>'s requests, and its examples' ids (by the neighbours' <c>Index</c>).</summary>
    /// <param name="model">The served model.</param>
    /// <param name="profile">The profile, or null for none.</param>
    /// <returns>The model's own reader when there is no profile, it has no examples, or the model cannot learn.</returns>
    public (DigitReader Reader, long[] ExampleIds) For(LoadedModel model, string? profile)
    {
        if (profile is null || !PersonalModel.CanLearn(model.Classifier))
        {
            return (model.Reader, []);
        }

        var stamp = store.Stamp(profile);
        if (stamp.Count == 0)
        {
            return (model.Reader, []);
        }

        if (_readers.TryGetValue(profile, out Entry? entry) && entry.Stamp == stamp && ReferenceEquals(entry.Model, model))
        {
            entry.Used = Environment.TickCount64;
            return (entry.Reader, entry.ExampleIds);
        }

        var examples = store.List(profile);
        var built = new Entry(model, (examples.Count, examples.Count == 0 ? 0 : examples[^1].Id), model.Reader.WithExamples(ExampleStore.ToImages(examples)), [.. examples.Select(e => e.Id)]);
        _readers[profile] = built;
        if (_readers.Count > Kept)
        {
            foreach (var old in _readers.OrderBy(r => r.Value.Used).Take(_readers.Count - Kept))
            {
                _readers.TryRemove(old.Key, out _);
            }
        }

        return (built.Reader, built.ExampleIds);
    }

    private sealed record Entry(LoadedModel Model, (int Count, long Newest) Stamp, DigitReader Reader, long[] ExampleIds)
    {
        public long Used { get; set; } = Environment.TickCount64;
    }
}
