namespace Digits.Web.Api;

/// <summary>Body of <c>POST /api/recognize/pixels</c>: a drawn digit as 784 grey values (28x28, row-major, 0 = background, 255 = ink).</summary>
/// <param name="Pixels">The 784 values.</param>
public sealed record PixelRequest(int[]? Pixels, int? Width = null, int? Height = null);

/// <summary>One training image (or one of the user's own examples) that voted for the answer.</summary>
/// <param name="Index">Its index in the MNIST training set, or its example id when <paramref name="Yours"/>.</param>
/// <param name="Label">Its digit.</param>
/// <param name="Distance">Its distance from the input (pixels scaled to 0..1).</param>
/// <param name="Image">URL of its 28x28 PNG.</param>
/// <param name="Yours">Whether it is one of the examples this browser's profile taught.</param>
public sealed record NeighborDto(long Index, int Label, double Distance, string Image, bool Yours = false);

/// <summary>Body of <c>POST /api/examples</c>: a correction.</summary>
/// <param name="Pixels">The 784 values (28x28) of the input a reading returned (<c>digits[i].input</c>).</param>
/// <param name="Digit">The digit it really is, 0-9.</param>
/// <param name="Source"><c>drawing</c> (the default) or <c>photo</c>.</param>
/// <param name="Key">
/// Optional: the client's own name for this correction (1 to 64 letters, digits, '-' or '_'), so that sending it
/// again (a correction queued offline, resent after a lost answer) stores it once; the repeat is answered 200 with
/// the example stored the first time.
/// </param>
public sealed record CorrectionRequest(int[]? Pixels, int? Digit, string? Source = null, string? Key = null);

/// <summary>One taught example.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Digit">The digit it is.</param>
/// <param name="Source"><c>drawing</c>, <c>photo</c> or <c>import</c>.</param>
/// <param name="Created">When it was taught (ISO 8601, UTC).</param>
/// <param name="Image">URL of its 28x28 PNG.</param>
public sealed record ExampleDto(long Id, int Digit, string Source, string Created, string Image);

/// <summary>The answer of <c>POST /api/examples</c>.</summary>
/// <param name="Example">The example stored.</param>
/// <param name="Count">How many examples the profile now holds.</param>
/// <param name="Limit">The most it may hold.</param>
public sealed record ExampleAdded(ExampleDto Example, int Count, int Limit);

/// <summary>A profile's examples, oldest first.</summary>
/// <param name="Count">How many.</param>
/// <param name="Limit">The most it may hold.</param>
/// <param name="Examples">The examples.</param>
public sealed record ExampleList(int Count, int Limit, ExampleDto[] Examples);

/// <summary>One digit read.</summary>
/// <param name="Digit">The digit, or null when refused as too uncertain.</param>
/// <param name="Confidence">The probability of that digit (vote share), 0..1.</param>
/// <param name="Box">Where it is in the photo: [x, y, width, height]; the whole canvas for a drawing.</param>
/// <param name="Probabilities">Ten probabilities, index = digit.</param>
/// <param name="Input">The 784 values the model saw (MNIST form, white ink on black).</param>
/// <param name="Neighbors">The nearest training digits, nearest first.</param>
/// <param name="Refusal">Why the digit was refused (for example <c>too uncertain: 4 (46%) or 9 (41%)</c>), or null when read.</param>
public sealed record DigitDto(int? Digit, double Confidence, int[] Box, double[] Probabilities, int[] Input, NeighborDto[] Neighbors, string? Refusal);

/// <summary>A stage of the photo pipeline, as a PNG data URL.</summary>
/// <param name="Name">The stage (grey, flattened, binary, boxes).</param>
/// <param name="Png">A <c>data:image/png;base64,...</c> URL.</param>
public sealed record StageDto(string Name, string Png);

/// <summary>Where one digit of a number is, and what it was read as.</summary>
/// <param name="Index">Its place in the response's <c>digits</c>, which holds its full explanation.</param>
/// <param name="Digit">The digit, or null when refused.</param>
/// <param name="Confidence">The probability of that digit, 0..1.</param>
/// <param name="Box">[x, y, width, height].</param>
public sealed record DigitPlaceDto(int Index, int? Digit, double Confidence, int[] Box);

/// <summary>One character of a number: a digit ('?' when refused) or a mark written among the digits (<c>.,-=/:</c>).</summary>
/// <param name="Character">The character.</param>
/// <param name="Box">[x, y, width, height].</param>
/// <param name="Confidence">How sure the reader is of it, 0..1.</param>
public sealed record CharacterDto(string Character, int[] Box, double Confidence);

/// <summary>One number: digits written together, and the marks among them.</summary>
/// <param name="Text">Its characters as written: digits ('?' for a refused one) and marks (<c>1.500</c>, <c>623,68</c>).</param>
/// <param name="Box">[x, y, width, height].</param>
/// <param name="Digits">Its digits, left to right.</param>
/// <param name="Characters">Its characters, left to right, the marks included.</param>
public sealed record NumberDto(string Text, int[] Box, DigitPlaceDto[] Digits, CharacterDto[] Characters);

/// <summary>One line of writing.</summary>
/// <param name="Text">Its numbers, separated by spaces.</param>
/// <param name="Box">[x, y, width, height].</param>
/// <param name="Numbers">Its numbers, left to right.</param>
public sealed record LineDto(string Text, int[] Box, NumberDto[] Numbers)
{
    /// <summary>Gets the page of a document (PDF, multi-page TIFF) the line is on, from 1; absent for an image.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Page { get; init; }
}

/// <summary>The answer of both recognise endpoints.</summary>
/// <param name="Text">What was read: lines separated by newlines (a document's pages one after another), numbers within a line by spaces ("" when none).</param>
/// <param name="Digits">Each digit with its box and explanation, in reading order.</param>
/// <param name="Lines">The lines, top to bottom, each with its numbers left to right.</param>
/// <param name="Message">Why nothing (or not everything) was read, when that happens.</param>
/// <param name="Stages">Preprocessing stages (photos only).</param>
/// <param name="Timings">Milliseconds spent: <c>decode</c>, <c>preprocess</c>, <c>classify</c>, <c>total</c>.</param>
public sealed record RecognitionResponse(string Text, DigitDto[] Digits, LineDto[] Lines, string? Message, StageDto[] Stages, IReadOnlyDictionary<string, double> Timings)
{
    /// <summary>Gets how many pages a document (PDF, multi-page TIFF) has, whose lines say their page; absent for an image.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Pages { get; init; }

    /// <summary>Gets the EXIF orientation the photo was stored with (2 to 8), applied before reading, so boxes are in the photo as viewers show it; absent when stored as shown.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? ExifOrientation { get; init; }
    /// <summary>Gets the marks left out of the numbers because they are not digits (the letters of a word beside a number), with the reason; absent when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public LeftOutDto[]? LeftOut { get; init; }
}

/// <summary>A mark left out of the numbers.</summary>
/// <param name="Box">[x, y, width, height].</param>
/// <param name="Reason">Why, for example <c>not a digit: letter-like</c>.</param>
public sealed record LeftOutDto(int[] Box, string Reason)
{
    /// <summary>Gets the page of a document the mark is on, from 1; absent for an image.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Page { get; init; }
}

/// <summary>An error: what is wrong with the request.</summary>
/// <param name="Error">The message.</param>
public sealed record ErrorResponse(string Error);

/// <summary>Body of <c>GET /api/health</c>.</summary>
/// <param name="Status"><c>loading</c>, <c>ready</c> or <c>failed</c>.</param>
/// <param name="Model">The model's description once loaded.</param>
/// <param name="TrainingImages">Number of training images once loaded.</param>
/// <param name="PhotoProblem">Why photos cannot be read on this machine (for example a missing native library), or null.</param>
/// <param name="Memory">The server's memory.</param>
public sealed record HealthResponse(string Status, string? Model, int? TrainingImages, string? PhotoProblem, MemoryDto Memory);

/// <summary>The server's memory: what the system has given it, and the part the .NET heap holds.</summary>
/// <param name="WorkingSetMb">Resident memory now (MB).</param>
/// <param name="PeakWorkingSetMb">The most resident memory so far (MB).</param>
/// <param name="ManagedHeapMb">The .NET heap after the last collection (MB).</param>
public sealed record MemoryDto(double WorkingSetMb, double PeakWorkingSetMb, double ManagedHeapMb)
{
    /// <summary>Reads the figures now.</summary>
    /// <returns>The figures, rounded to 0.1 MB.</returns>
    public static MemoryDto Now()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);
        return new MemoryDto(Mb(process.WorkingSet64), Mb(process.PeakWorkingSet64), Mb(GC.GetGCMemoryInfo().HeapSizeBytes));
    }
}
