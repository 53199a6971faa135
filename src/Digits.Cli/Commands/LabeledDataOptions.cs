using System.CommandLine;
using Digits.Cli.Terminal;
using Digits.Data;
using Digits.Files;
using Digits.Images;
using Digits.Photos;

namespace Digits.Cli.Commands;

/// <summary>
/// The options of <c>digits eval</c> that replace MNIST's test or training set by labelled data of the user's
/// own: <c>--test PATH</c> / <c>--train PATH</c> (a folder of images, or a folder holding an IDX pair), or an
/// explicit IDX pair (<c>--test-images F --test-labels F</c>), and <c>--as-is</c> for 28x28 images.
/// </summary>
internal sealed class LabeledDataOptions
{
    private readonly Option<string?> _test = new("--test") { Description = "Score on this labelled data instead of the MNIST test set: a folder of images (in sub-folders 0-9, or named by their digit, '7_scan.png') or a folder holding one IDX image file and one IDX label file." };
    private readonly Option<string?> _testImages = new("--test-images") { Description = "An IDX image file to score on (with --test-labels), raw or .gz, of 28x28 images." };
    private readonly Option<string?> _testLabels = new("--test-labels") { Description = "The IDX label file of --test-images." };
    private readonly Option<string?> _train = new("--train") { Description = "Fit the KNN on this labelled data instead of the MNIST training set (a folder or an IDX pair, as for --test). The network stays the shipped one." };
    private readonly Option<string?> _trainImages = new("--train-images") { Description = "An IDX image file to fit the KNN on (with --train-labels)." };
    private readonly Option<string?> _trainLabels = new("--train-labels") { Description = "The IDX label file of --train-images." };
    private readonly Option<bool> _asIs = new("--as-is") { Description = "Images in a --test or --train folder are 28x28 digits to take as they are (dark ink on light paper is inverted), not through the photo pipeline." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _test, _testImages, _testLabels, _train, _trainImages, _trainLabels, _asIs })
        {
            command.Options.Add(option);
        }
    }

    public bool HasTest(ParseResult parse) => Given(parse, _test, _testImages, _testLabels);

    public bool HasTrain(ParseResult parse) => Given(parse, _train, _trainImages, _trainLabels);

    /// <summary>Loads the training data given, or returns null when none is (after <see cref="Check(ParseResult)"/>).</summary>
    public LabeledSet? LoadTrain(ParseResult parse, Ui ui, Func<DigitReader> reader, CancellationToken cancellationToken)
        => Load(parse, ui, _train, _trainImages, _trainLabels, "training", reader, cancellationToken);

    /// <summary>Loads the test data given, or returns null when none is (after <see cref="Check(ParseResult)"/>).</summary>
    public LabeledSet? LoadTest(ParseResult parse, Ui ui, Func<DigitReader> reader, CancellationToken cancellationToken)
        => Load(parse, ui, _test, _testImages, _testLabels, "test", reader, cancellationToken);

    private static bool Given(ParseResult parse, params Option<string?>[] options) => options.Any(o => parse.GetValue(o) is not null);

    /// <summary>Checks the options go together before anything is loaded.</summary>
    public void Check(ParseResult parse)
    {
        Check(parse, _test, _testImages, _testLabels, "test");
        Check(parse, _train, _trainImages, _trainLabels, "training");
        if (parse.GetValue(_asIs) && parse.GetValue(_test) is null && parse.GetValue(_train) is null)
        {
            throw new UsageException("--as-is applies to the images of a --test or --train folder");
        }
    }

    private static void Check(ParseResult parse, Option<string?> path, Option<string?> images, Option<string?> labels, string role)
    {
        string? folder = parse.GetValue(path), imagesPath = parse.GetValue(images), labelsPath = parse.GetValue(labels);
        if (folder is not null && (imagesPath is not null || labelsPath is not null))
        {
            throw new UsageException($"give the {role} data either as {path.Name} PATH or as {images.Name} F {labels.Name} F, not both");
        }

        if (folder is null && (imagesPath is null) != (labelsPath is null))
        {
            throw new UsageException($"{images.Name} and {labels.Name} go together: give both files of the IDX pair");
        }

        if (folder is not null && File.Exists(folder))
        {
            throw new UsageException($"{path.Name} {folder}: expected a folder (of images, or holding an IDX pair); for two IDX files use {images.Name} and {labels.Name}");
        }
    }

    private LabeledSet? Load(ParseResult parse, Ui ui, Option<string?> path, Option<string?> images, Option<string?> labels, string role, Func<DigitReader> reader, CancellationToken cancellationToken)
    {
        string? folder = parse.GetValue(path), imagesPath = parse.GetValue(images), labelsPath = parse.GetValue(labels);
        if (folder is null && imagesPath is null)
        {
            return null;
        }

        if (folder is not null && IdxPair.Find(folder) is { } pair)
        {
            (imagesPath, labelsPath) = pair;
        }

        if (imagesPath is not null)
        {
            LabeledImages set = IdxPair.Load(imagesPath, labelsPath!);
            RequireDigitSize(set.Images, imagesPath);
            ui.Report($"{role} data: {set.Count:N0} images from {imagesPath} and {labelsPath}");
            return new LabeledSet(set, $"{imagesPath} + {labelsPath}", null);
        }

        LabeledFolder read = ui.Progress(
            $"reading {role} images in {folder}",
            Math.Max(1, LabeledFolder.CountLabelled(folder!)),
            progress => LabeledFolder.Load(folder!, reader(), parse.GetValue(_asIs), progress, cancellationToken));
        foreach (FolderProblem problem in read.Skipped)
        {
            ui.Report($"skipped {problem.File}: {problem.Reason}");
        }

        foreach (FolderProblem problem in read.SeveralDigits)
        {
            ui.Report($"warning: {problem.File}: {problem.Reason}");
        }

        ui.Report($"{role} data: {read.Images.Count:N0} images from {folder}" + (read.Skipped.Count > 0 ? $" ({read.Skipped.Count:N0} files skipped, named above)" : ""));
        return new LabeledSet(read.Images, Path.GetFullPath(folder!), read);
    }

    private static void RequireDigitSize(ImageSet images, string path)
    {
        if (images.Rows != 28 || images.Columns != 28)
        {
            throw new DataFileException(path, $"holds {images.Rows}x{images.Columns} images, but the models read 28x28 ones; save them as image files in a folder to read them through the photo pipeline");
        }
    }
}

/// <summary>Labelled data given on the command line.</summary>
/// <param name="Images">The 28x28 images and labels.</param>
/// <param name="Description">Where they came from.</param>
/// <param name="Folder">The folder read, with its files and problems, when the data came from one.</param>
internal sealed record LabeledSet(LabeledImages Images, string Description, LabeledFolder? Folder);
