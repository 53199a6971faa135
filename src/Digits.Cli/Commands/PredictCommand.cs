using System.CommandLine;
using System.Text.Json;
using Digits.Classifiers;
using Digits.Files;
using Digits.Lines;
using Digits.Models;
using Digits.Photos;
using Digits.Reports;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary><c>digits predict FILE...</c>: reads the digits in photos, drawings or scans.</summary>
internal static class PredictCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static Command Create(CommandContext context)
    {
        var files = new Argument<string[]>("files") { Description = "Images to read (PNG, JPEG, GIF, BMP, WebP, TIFF, HEIC, AVIF; PDF scans and multi-page TIFFs page by page).", Arity = ArgumentArity.OneOrMore };
        var data = new DataOption();
        var model = new Option<string?>("--model") { Description = "Use a model file saved by 'digits train' instead of the default model." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array, one object per file (per page of a PDF or multi-page TIFF, with page and pages): file, text, exifOrientation (when the photo was stored turned), digits [{digit, confidence, box, refusal}], lines [{text, box, numbers [{text, box, digits, characters [{character, box, confidence}]}]}], turn, message, error, timings {decode, preprocess, classify, total} in ms." };
        var lines = new Option<string?>("--lines") { Description = "The line reader that reads each line whole: a file saved by 'digits train-lines' (several, comma-separated, are averaged), or 'none' to read digit by digit alone (default: the shipped one)." };
        var debug = new Option<string?>("--debug") { Description = "Write each pipeline stage (grey, paper, ink, binary, boxes, each 28x28 input) as PNG into this folder." };
        var profile = new ProfileOptions();
        profile.Profile.Description = "Also count the examples taught to this profile ('digits teach') among the neighbours.";
        var command = new Command("predict", "Read the digits in photos of handwriting on paper, drawings or scans.");
        command.Arguments.Add(files);
        data.AddTo(command);
        command.Options.Add(model);
        command.Options.Add(json);
        command.Options.Add(debug);
        command.Options.Add(lines);
        profile.AddTo(command);
        command.SetAction(parse => context.Run(parse.GetValue(json), ui =>
        {
            OpenCvNative.EnsureLoaded(); // before the model is fitted: a machine without GTK learns it at once
            IDigitClassifier classifier = ModelSource.Load(parse.GetValue(model), () => data.Load(parse, ui, context.Cancellation).Train).Classifier;
            var reader = new DigitReader(classifier, parse.GetValue(lines) switch
            {
                null => new PhotoOptions(),
                "none" => new PhotoOptions { LineReader = null },
                string paths => new PhotoOptions { LineReader = LineNetwork.Average(paths.Split(',').Select(p => LineNetworkFile.Load(p.Trim()).Network).ToArray()) },
            });
            if (profile.HasProfile(parse))
            {
                reader = WithProfile(reader, profile, parse, ui);
            }

            string? debugFolder = parse.GetValue(debug);
            var outputs = new List<FileOutcome>();
            foreach (string file in parse.GetValue(files)!)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                outputs.AddRange(ReadAll(reader, file, debugFolder));
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(outputs.Select(o => o.Json), JsonOptions));
            }
            else
            {
                foreach (var outcome in outputs)
                {
                    Write(ui.Out, outcome);
                }
            }

            return outputs.Any(o => o.Json.Error is not null) ? 1 : 0;
        }));
        return command;
    }

    // The reader with the profile's examples beside the training set; a profile with none is said, not an error.
    private static DigitReader WithProfile(DigitReader reader, ProfileOptions profile, ParseResult parse, Terminal.Ui ui)
    {
        string name = profile.ProfileOf(parse);
        if (!PersonalModel.CanLearn(reader.Classifier))
        {
            throw new UsageException($"--profile needs a model with a KNN half (the default model, or a KNN model file); this one cannot learn from examples: {reader.Classifier.Description}");
        }

        using Profiles.ExampleStore store = profile.Open(parse);
        var examples = store.ImagesOf(name);
        ui.Report(examples.Count == 0 ? $"profile {name} has no examples in {store.Path} yet: read as without it" : $"profile {name}: {examples.Count} examples beside the training set");
        return reader.WithExamples(examples);
    }

    // Each page of the file (one for an image); a page that cannot be read ends the file with its error, after the pages read before it.
    private static List<FileOutcome> ReadAll(DigitReader reader, string file, string? debugFolder)
    {
        var outcomes = new List<FileOutcome>();
        try
        {
            byte[] bytes = File.ReadAllBytes(file);
            foreach (PhotoResult result in reader.ReadPhotoPages(bytes, keepStages: debugFolder is not null))
            {
                int? page = result.PageCount > 1 ? result.Page : null;
                if (debugFolder is not null)
                {
                    WriteDebug(debugFolder, page is null ? Path.GetFileNameWithoutExtension(file) : $"{Path.GetFileNameWithoutExtension(file)}.page{page}", result);
                }

                var digits = result.Digits.Select(d => new DigitJson(d.Digit, Math.Round(d.Confidence, 4), d.Box, d.Refusal, d.Prediction.Neighbors.Count(n => n.Personal))).ToArray();
                var lines = result.Lines.Select(l => new LineJson(l.Text, l.Box, l.Numbers.Select(n => new NumberJson(n.Text, n.Box, n.Digits.Select(result.IndexOf).ToArray(), n.Characters.Select(c => new CharacterJson(c.Character.ToString(), c.Box, Math.Round(c.Confidence, 4))).ToArray())).ToArray())).ToArray();
                outcomes.Add(new FileOutcome(new FileJson(file, result.Text, digits, lines, result.Turn, result.Message, null, result.Timings.ToDictionary()) { Page = page, Pages = page is null ? null : result.PageCount, ExifOrientation = result.ExifOrientation == 1 ? null : result.ExifOrientation, LeftOut = result.LeftOut.Count == 0 ? null : result.LeftOut.Select(m => new LeftOutJson(m.Box, m.Reason)).ToArray() }, result));
            }
        }
        catch (Exception ex) when (ex is PhotoException or IOException or UnauthorizedAccessException)
        {
            string message = ex switch
            {
                FileNotFoundException => "file not found",
                DirectoryNotFoundException => "folder not found",
                _ => ex.Message,
            };
            outcomes.Add(new FileOutcome(new FileJson(file, "", [], [], 0, null, message, null), null));
        }

        return outcomes;
    }

    private static void WriteDebug(string folder, string stem, PhotoResult result)
    {
        foreach (PhotoStage stage in result.Stages)
        {
            string path = Path.Combine(folder, $"{stem}.{stage.Name}.png");
            AtomicFile.Write(path, s => s.Write(stage.Png));
        }

        for (int i = 0; i < result.Digits.Count; i++)
        {
            using var input = DigitMosaic.ToMat(result.Digits[i].Input, 28, 28);
            DigitMosaic.WritePng(input, Path.Combine(folder, $"{stem}.digit{i}.png"));
        }
    }

    private static void Write(IAnsiConsole console, FileOutcome outcome)
    {
        var json = outcome.Json;
        if (json.Error is not null)
        {
            console.MarkupLine($"[bold]{Markup.Escape(json.File)}[/]: [red]{Markup.Escape(json.Error)}[/]");
            return;
        }

        // One line of text in the title; a page's lines are shown one per row group, numbered.
        bool page = json.Lines.Length > 1 || json.Lines.Any(l => l.Numbers.Length > 1);
        string name = json.Page is { } number ? $"{json.File}, page {number} of {json.Pages}" : json.File;
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(name)}[/]: \"{Markup.Escape(json.Text.Replace("\n", " / ", StringComparison.Ordinal))}\"");
        table.AddColumn("#");
        if (page)
        {
            table.AddColumn("line");
            table.AddColumn("number");
        }

        table.AddColumn("digit");
        table.AddColumn(new TableColumn("confidence").RightAligned());
        table.AddColumn("box (x, y, w, h)");
        bool yours = json.Digits.Any(d => d.Yours > 0);
        if (yours)
        {
            table.AddColumn(new TableColumn("your examples voting").RightAligned());
        }

        int row = 0;
        for (int l = 0; l < json.Lines.Length; l++)
        {
            for (int n = 0; n < json.Lines[l].Numbers.Length; n++)
            {
                foreach (int i in json.Lines[l].Numbers[n].Digits)
                {
                    var d = json.Digits[i];
                    string[] place = page ? [(l + 1).ToString(), Markup.Escape(json.Lines[l].Numbers[n].Text)] : [];
                    string[] mine = yours ? [d.Yours.ToString()] : [];
                    table.AddRow([(++row).ToString(), .. place, d.Digit?.ToString() ?? "[yellow]?[/]", $"{d.Confidence:P0}", string.Join(", ", d.Box), .. mine]);
                }
            }
        }

        console.Write(table);
        if (json.ExifOrientation is { } stored)
        {
            console.MarkupLine($"[grey]read as viewers show it: the file's EXIF orientation ({stored}) says how it was stored[/]");
        }

        if (json.Turn != 0)
        {
            console.MarkupLine($"[grey]read turned {json.Turn} degrees clockwise (the photo was taken that far the other way)[/]");
        }

        if (json.Message is not null)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(json.Message)}[/]");
        }

        if (outcome.Result is { } result)
        {
            console.MarkupLine($"[grey]{string.Join(" · ", result.Timings.ToDictionary().Select(t => $"{t.Key} {t.Value:F1} ms"))}[/]");
        }
    }

    private sealed record FileOutcome(FileJson Json, PhotoResult? Result);

    // Yours: how many of the neighbours that voted were the profile's own examples.
    private sealed record DigitJson(int? Digit, double Confidence, int[] Box, string? Refusal, int Yours);

    private sealed record CharacterJson(string Character, int[] Box, double Confidence);

    private sealed record NumberJson(string Text, int[] Box, int[] Digits, CharacterJson[] Characters);

    private sealed record LineJson(string Text, int[] Box, NumberJson[] Numbers);

    private sealed record FileJson(string File, string Text, DigitJson[] Digits, LineJson[] Lines, int Turn, string? Message, string? Error, IReadOnlyDictionary<string, double>? Timings)
    {
        // Which page of a document this is, and how many it has; absent for an image of one page.
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public int? Page { get; init; }

        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public int? Pages { get; init; }

        // The EXIF orientation the photo was stored with, applied before reading; absent when it was stored as shown.
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public int? ExifOrientation { get; init; }
        // The marks left out of the numbers as not digits (a word's letters), with the reason; absent when none.
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public LeftOutJson[]? LeftOut { get; init; }
    }

    private sealed record LeftOutJson(int[] Box, string Reason);
}
