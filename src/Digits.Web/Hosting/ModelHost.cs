using System.Diagnostics;
using Digits.Classifiers;
using Digits.Data;
using Digits.Images;
using Digits.Models;
using Digits.Photos;

namespace Digits.Web.Hosting;

/// <summary>
/// Loads the model once, in the background from the moment the app starts, and shares it across requests
/// (a fitted model is immutable and thread-safe). Requests wait for it; <c>/api/health</c> reports progress.
/// </summary>
internal sealed class ModelHost
{
    private readonly Lazy<Task<LoadedModel>> _load;
    private readonly ILogger<ModelHost> _logger;

    public ModelHost(WebOptions options, ILogger<ModelHost> logger)
    {
        _logger = logger;
        _load = new Lazy<Task<LoadedModel>>(() => Task.Run(() => Load(options)));
    }

    /// <summary>Gets the model once it is loaded.</summary>
    public Task<LoadedModel> Model => _load.Value;

    /// <summary>Gets the model's state without waiting: loading, ready or failed.</summary>
    public string Status => !_load.IsValueCreated || !Model.IsCompleted ? "loading" : Model.IsCompletedSuccessfully ? "ready" : "failed";

    /// <summary>
    /// Gets why the server is not ready to answer every request: still loading, the model failed, or the
    /// self-test photo could not be read; <see langword="null"/> when ready.
    /// </summary>
    public string? NotReadyBecause => Status switch
    {
        "loading" => "the model is still loading",
        "failed" => $"the model could not be loaded: {Model.Exception?.GetBaseException().Message}",
        _ => Model.Result.PhotoProblem,
    };

    /// <summary>Starts loading (called at application start).</summary>
    public void Start() => _ = _load.Value;

    /// <summary>
    /// The model, once loaded; null when it could not be loaded (<see cref="NotReadyBecause"/> says why), so a
    /// request is answered 503 with the reason rather than 500.
    /// </summary>
    public async Task<LoadedModel?> LoadedOrNull()
    {
        await ((Task)Model).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return Model.IsCompletedSuccessfully ? Model.Result : null;
    }

    private LoadedModel Load(WebOptions options)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            LoadedClassifier source = ModelSource.Load(string.IsNullOrWhiteSpace(options.ModelFile) ? null : options.ModelFile, () =>
            {
                var locator = new MnistLocator(new MnistSources { DataDirectory = options.DataDirectory }, line => _logger.LogInformation("data: {Line}", line));
                return locator.Load().Train;
            });
            IDigitClassifier classifier = source.Classifier;

            // Loading and fitting leave about 100 MB of garbage (decompressed files, the test set, fitting's
            // scratch): collect and return it to the system before serving, so the server stays under 400 MB.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            if (options.HeapHeadroomMb > 0)
            {
                long limit = GC.GetGCMemoryInfo().HeapSizeBytes + (options.HeapHeadroomMb * 1048576L);
                AppContext.SetData("GCHeapHardLimit", (ulong)limit);
                GC.RefreshMemoryLimit();
                _logger.LogInformation("heap limit: {Megabytes} MB (the model and {Headroom} MB)", limit / 1048576, options.HeapHeadroomMb);
            }

            var loaded = new LoadedModel(classifier, source.Training, null);
            string? photoProblem = PhotoSelfTest.Run(loaded);
            if (photoProblem is not null)
            {
                _logger.LogError("{Problem}", photoProblem);
            }

            _logger.LogInformation("model ready in {Seconds:F1} s: {Model}", clock.Elapsed.TotalSeconds, classifier.Description);
            return loaded with { PhotoProblem = photoProblem };
        }
        catch (Exception ex)
        {
            _logger.LogError("model could not be loaded: {Message}", ex.Message);
            throw;
        }
    }
}

/// <summary>The shared model and the training images its neighbours point into.</summary>
/// <param name="Classifier">The model.</param>
/// <param name="Training">Its training set, for showing neighbour images (null for a network, which has no neighbours).</param>
/// <param name="PhotoProblem">Why photos cannot be read on this machine (from the self-test photo), or null.</param>
internal sealed record LoadedModel(IDigitClassifier Classifier, LabeledImages? Training, string? PhotoProblem)
{
    /// <summary>Gets the recognition service over <see cref="Classifier"/>: photos and drawings alike.</summary>
    public DigitReader Reader { get; init; } = new(Classifier);
}
