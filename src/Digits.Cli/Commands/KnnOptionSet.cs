using System.CommandLine;
using Digits.Classifiers.Knn;
using Digits.Search;

namespace Digits.Cli.Commands;

/// <summary>The options that choose a KNN model: <c>--preset</c>, <c>--k</c>, <c>--weights</c>, <c>--metric</c>, <c>--tie</c>.</summary>
internal sealed class KnnOptionSet
{
    public Option<string?> Preset { get; } = new("--preset") { Description = "A named model: 'seed' is the notebook's (k=3, uniform, euclidean, tie=lowest)." };

    public Option<int?> K { get; } = new("--k") { Description = "Number of neighbours that vote (default 3)." };

    public Option<string?> Weights { get; } = new("--weights") { Description = "uniform or distance (default uniform)." };

    public Option<string?> Metric { get; } = new("--metric") { Description = "euclidean, manhattan or cosine (default euclidean)." };

    public Option<string?> Tie { get; } = new("--tie") { Description = "nearest (default: the tied digit with the closest member) or lowest (scikit-learn)." };

    public KnnOptionSet()
    {
        Preset.AcceptOnlyFromAmong("seed");
        Weights.AcceptOnlyFromAmong("uniform", "distance");
        Metric.AcceptOnlyFromAmong("euclidean", "manhattan", "cosine");
        Tie.AcceptOnlyFromAmong("nearest", "lowest");
        K.Validators.Add(result =>
        {
            int? k = result.GetValueOrDefault<int?>();
            if (k is < 1)
            {
                result.AddError($"--k must be at least 1, got {k}.");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Preset);
        command.Options.Add(K);
        command.Options.Add(Weights);
        command.Options.Add(Metric);
        command.Options.Add(Tie);
    }

    /// <summary>Gets a value indicating whether any model option was given.</summary>
    public bool AnyGiven(ParseResult parse)
        => parse.GetValue(Preset) is not null || parse.GetValue(K) is not null || parse.GetValue(Weights) is not null
           || parse.GetValue(Metric) is not null || parse.GetValue(Tie) is not null;

    /// <summary>Builds the options; a preset cannot be mixed with individual settings.</summary>
    public KnnOptions Build(ParseResult parse)
    {
        if (parse.GetValue(Preset) == "seed")
        {
            if (parse.GetValue(K) is not null || parse.GetValue(Weights) is not null || parse.GetValue(Metric) is not null || parse.GetValue(Tie) is not null)
            {
                throw new UsageException("--preset seed is exactly the notebook's model; it cannot be combined with --k, --weights, --metric or --tie.");
            }

            return KnnOptions.Seed;
        }

        var options = new KnnOptions();
        return options with
        {
            K = parse.GetValue(K) ?? options.K,
            Weighting = parse.GetValue(Weights) is { } w ? Enum.Parse<KnnWeighting>(w, ignoreCase: true) : options.Weighting,
            Metric = parse.GetValue(Metric) is { } m ? Enum.Parse<DistanceMetric>(m, ignoreCase: true) : options.Metric,
            Tie = parse.GetValue(Tie) is { } t ? Enum.Parse<TieBreak>(t, ignoreCase: true) : options.Tie,
        };
    }
}
