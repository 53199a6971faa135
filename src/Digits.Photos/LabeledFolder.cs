using System.Collections.Concurrent;
using Digits.Files;
using Digits.Images;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// A folder of labelled digit images, one digit per file, made ready for the models: each file's label is the
/// name of its sub-folder (0-9) or, when there are no such sub-folders, the first character of its name. Each
/// image goes through the photo pipeline (<see cref="DigitReader.ReadPhoto"/>) and its digit's normalised 28x28
/// input is kept; with <c>asIs</c>, 28x28 images go straight in instead (dark ink on light paper is inverted to
/// MNIST's light on dark). Files that cannot be used are listed with the reason, never silently dropped.
/// </summary>
public sealed class LabeledFolder
{
    private LabeledFolder(string folder, LabeledImages images, string[] files, IReadOnlyList<FolderProblem> skipped, IReadOnlyList<FolderProblem> several)
    {
        Folder = folder;
        Images = images;
        Files = files;
        Skipped = skipped;
        SeveralDigits = several;
    }

    /// <summary>Gets the folder read.</summary>
    public string Folder { get; }

    /// <summary>Gets the 28x28 inputs with their labels, in <see cref="Files"/> order.</summary>
    public LabeledImages Images { get; }

    /// <summary>Gets the file each image came from.</summary>
    public string[] Files { get; }

    /// <summary>Gets the files left out, each with its reason: no label, not an image, no digit found, wrong size.</summary>
    public IReadOnlyList<FolderProblem> Skipped { get; }

    /// <summary>Gets the files in which the pipeline found more than one digit; each is scored on its largest.</summary>
    public IReadOnlyList<FolderProblem> SeveralDigits { get; }

    /// <summary>Gets the number of labelled image files: those used plus those skipped for a reason other than their label.</summary>
    public int LabelledFiles => Images.Count + Skipped.Count(p => p.Kind != FolderProblemKind.NoLabel);

    /// <summary>Reads every file of <paramref name="folder"/>.</summary>
    /// <param name="folder">Sub-folders 0-9, or files named by their digit (<c>7_scan.png</c>).</param>
    /// <param name="reader">The recognition service whose pipeline finds and normalises each digit.</param>
    /// <param name="asIs">Take 28x28 images as they are instead of through the pipeline (other sizes are skipped).</param>
    /// <param name="progress">Receives the number of files done.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <returns>The usable images and the files that were not.</returns>
    /// <exception cref="DataFileException">The folder does not exist, or no file in it could be used (the message gives the first reasons).</exception>
    public static LabeledFolder Load(string folder, DigitReader reader, bool asIs = false, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(reader);
        if (!Directory.Exists(folder))
        {
            throw new DataFileException(folder, "folder not found");
        }

        var skipped = new ConcurrentBag<(int Order, FolderProblem Problem)>();
        var several = new ConcurrentBag<(int Order, FolderProblem Problem)>();
        var labelled = new List<(string File, byte Label)>();
        foreach ((string file, byte? label) in List(folder))
        {
            if (label is { } digit)
            {
                labelled.Add((file, digit));
            }
            else
            {
                skipped.Add((-1, new FolderProblem(file, FolderProblemKind.NoLabel, "no label: the file is not in a sub-folder named 0-9 and, when there are none, its name does not start with a digit 0-9")));
            }
        }

        var inputs = new byte[labelled.Count][];
        int done = 0;
        Parallel.For(0, labelled.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            string file = labelled[i].File;
            try
            {
                byte[] bytes = File.ReadAllBytes(file);
                inputs[i] = asIs ? AsIs(bytes, file) : FromPipeline(bytes, file, reader, problem => several.Add((i, problem)));
            }
            catch (FolderProblemException ex)
            {
                skipped.Add((i, ex.Problem));
            }
            catch (PhotoException ex)
            {
                skipped.Add((i, new FolderProblem(file, FolderProblemKind.Unreadable, ex.Message)));
            }
            catch (IOException ex)
            {
                skipped.Add((i, new FolderProblem(file, FolderProblemKind.Unreadable, $"cannot be read ({ex.Message})")));
            }
            catch (UnauthorizedAccessException ex)
            {
                skipped.Add((i, new FolderProblem(file, FolderProblemKind.Unreadable, $"cannot be read ({ex.Message})")));
            }

            progress?.Report(Interlocked.Increment(ref done));
        });

        int[] used = Enumerable.Range(0, labelled.Count).Where(i => inputs[i] is not null).ToArray();
        var problems = skipped.OrderBy(p => p.Order).ThenBy(p => p.Problem.File, StringComparer.Ordinal).Select(p => p.Problem).ToArray();
        if (used.Length == 0)
        {
            string reasons = problems.Length == 0 ? "it holds no files" : string.Join("; ", problems.Take(3).Select(p => $"{p.File}: {p.Reason}"));
            throw new DataFileException(folder, $"no labelled digit image could be used ({reasons})");
        }

        const int Side = 28;
        byte[] pixels = new byte[used.Length * Side * Side];
        for (int j = 0; j < used.Length; j++)
        {
            inputs[used[j]].CopyTo(pixels, j * Side * Side);
        }

        var images = new LabeledImages(new ImageSet(pixels, used.Length, Side, Side), used.Select(i => labelled[i].Label).ToArray());
        return new LabeledFolder(folder, images, used.Select(i => labelled[i].File).ToArray(), problems, several.OrderBy(p => p.Order).Select(p => p.Problem).ToArray());
    }

    /// <summary>Counts the labelled files <see cref="Load"/> would read (for a progress bar).</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The number of files with a label; 0 when the folder does not exist.</returns>
    public static int CountLabelled(string folder)
        => Directory.Exists(folder) ? List(folder).Count(f => f.Label is not null) : 0;

    // Every file with its label: from sub-folders named 0-9 when there are any, else from the name's first
    // character. Hidden files are left out; so are other sub-folders.
    private static IEnumerable<(string File, byte? Label)> List(string folder)
    {
        string[] digitFolders = Enumerable.Range(0, 10).Select(d => Path.Combine(folder, $"{d}")).Where(Directory.Exists).ToArray();
        if (digitFolders.Length > 0)
        {
            // Files outside the digit folders (a "10" folder, a stray file at the top) have no label; they are listed
            // as such rather than passed over.
            var labelled = digitFolders
                .SelectMany(sub => Directory.EnumerateFiles(sub, "*", SearchOption.AllDirectories).Where(f => !IsHidden(f)).Order(StringComparer.Ordinal)
                .Select(f => (f, (byte?)(Path.GetFileName(sub)[0] - '0'))))
                .ToList();
            var inDigitFolders = labelled.Select(l => l.f).ToHashSet(StringComparer.Ordinal);
            var others = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => !IsHidden(f) && !inDigitFolders.Contains(f)).Order(StringComparer.Ordinal)
                .Select(f => (f, (byte?)null));
            return labelled.Concat(others);
        }

        return Directory.EnumerateFiles(folder).Where(f => !IsHidden(f)).Order(StringComparer.Ordinal)
            .Select(f => (f, Path.GetFileName(f)[0] is >= '0' and <= '9' and var c ? (byte?)(c - '0') : null));
    }

    private static bool IsHidden(string file) => Path.GetFileName(file).StartsWith('.');

    private static byte[] FromPipeline(byte[] bytes, string file, DigitReader reader, Action<FolderProblem> several)
    {
        PhotoResult result = reader.ReadPhoto(bytes);
        if (result.Digits.Count == 0)
        {
            throw new FolderProblemException(new FolderProblem(file, FolderProblemKind.NoDigit, $"no digit found{(result.Message is { } m ? $" ({m})" : "")}"));
        }

        if (result.Digits.Count > 1)
        {
            several(new FolderProblem(file, FolderProblemKind.SeveralDigits, $"read as {result.Digits.Count} digits (\"{result.Text}\"); scored on the largest"));
        }

        return result.Digits.MaxBy(d => (long)d.Box[2] * d.Box[3])!.Input;
    }

    private static byte[] AsIs(byte[] bytes, string file)
        => MnistStyleImage.Read(bytes, out int width, out int height)
           ?? throw new FolderProblemException(new FolderProblem(file, FolderProblemKind.WrongSize, $"is {width}x{height}; --as-is takes 28x28 images (leave it out to read any size through the photo pipeline)"));

    private sealed class FolderProblemException(FolderProblem problem) : Exception(problem.Reason)
    {
        public FolderProblem Problem { get; } = problem;
    }
}
