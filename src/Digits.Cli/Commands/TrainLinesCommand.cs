using System.CommandLine;
using System.Globalization;
using Digits.Files;
using Digits.Images;
using Digits.Lines;
using Digits.Models;
using Digits.Photos;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary>
/// <c>digits train-lines --out FILE [--real DIR]... [--batches 6000] [--real-share 0.25] [--rate 0.001] [--seed 1] [--resume]</c>:
/// trains the line reader (<see cref="LineNetwork"/>) on synthetic lines of MNIST digits (<see cref="LineSynthesizer"/>)
/// and, with <c>--real</c>, on the training part (<see cref="FieldPart.Training"/>) of labelled folders of real
/// lines, checkpointing to FILE every 500 batches so that <c>--resume</c> goes on where it stopped.
/// </summary>
internal static class TrainLinesCommand
{
    public static Command Create(CommandContext context)
    {
        var data = new DataOption();
        var output = new Option<string>("--out") { Description = "Line reader file to write (and to go on from with --resume).", Required = true };
        var real = new Option<string[]>("--real") { Description = "A folder of real lines labelled by TRUTH.json (and WRITTEN.json, the text as written); its training part is trained on.", AllowMultipleArgumentsPerToken = false };
        var batches = new Option<int>("--batches") { Description = "Batches of 32 lines.", DefaultValueFactory = _ => 6000 };
        var share = new Option<double>("--real-share") { Description = "The share of each batch drawn from the real lines.", DefaultValueFactory = _ => 0.25 };
        var rate = new Option<double>("--rate") { Description = "Adam's first step size (it falls along a cosine to a twentieth).", DefaultValueFactory = _ => 0.001 };
        var seed = new Option<int>("--seed") { Description = "Seed of the weights and the lines.", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Go on from the checkpoint in --out." };
        var from = new Option<string?>("--from") { Description = "Start from the weights of this line reader (fine-tuning; the schedule starts afresh)." };
        var check = new Option<string?>("--check") { Description = "Read a part of this labelled folder of lines with the network in --out, print what it got right, and stop." };
        var part = new Option<FieldPart>("--part") { Description = "The part --check reads: Tuning, Report or Training.", DefaultValueFactory = _ => FieldPart.Tuning };
        var fonts = new Option<string[]>("--fonts") { Description = $"Handwriting fonts (.ttf) whose letters and symbols are written as words among the lines, the marks that are not digits (default: the Debian fonts of {string.Join(", ", FontGlyphs.TrainingFamilies)} in {FontGlyphs.FontFolder}; 'none' for no words).", AllowMultipleArgumentsPerToken = false };
        var realDigits = new Option<bool>("--real-digits") { Description = $"Also make {LineSynthesizer.RealDigitShare:P0} of the synthetic lines of digits cut from the --real folders' training part (each field read by the default model; kept when it finds as many digits as the label has)." };
        var preview = new Option<int>("--preview") { Description = "Write this many training lines, as the network sees them, to --out as one PGM image, and stop." };
        var command = new Command("train-lines", "Train the line reader, which reads a whole line of digits and separators at once (CNN with a CTC output).");
        data.AddTo(command);
        foreach (Option option in new Option[] { output, real, batches, share, rate, seed, resume, from, check, part, fonts, realDigits, preview })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => context.Run(json: false, ui =>
        {
            var options = new LineTrainingOptions { Batches = parse.GetValue(batches), LearningRate = parse.GetValue(rate), Seed = parse.GetValue(seed) };
            double realShare = parse.GetValue(share);
            if (realShare is < 0 or > 1)
            {
                throw new UsageException("--real-share must be between 0 and 1.");
            }

            string path = parse.GetValue(output)!;
            if (parse.GetValue(check) is { } checkFolder)
            {
                return Check(LineNetworkFile.Load(path).Network, checkFolder, parse.GetValue(part), ui);
            }

            float[]? start = null;
            int first = 0;
            if (parse.GetValue(from) is { } warm)
            {
                start = LineNetworkFile.Load(warm).Network.Parameters;
                ui.Report($"starting from the weights of {warm}");
            }

            if (parse.GetValue(resume) && File.Exists(path))
            {
                var (checkpoint, header) = LineNetworkFile.Load(path);
                (start, first) = (checkpoint.Parameters, header.Batches);
                ui.Report($"going on from {path} after {first:N0} batches");
            }

            var letters = Letters(parse.GetValue(fonts), ui);
            LabeledImages mnist = data.Load(parse, ui, context.Cancellation).Train;
            LabeledImages? cut = parse.GetValue(realDigits) ? RealDigits(parse.GetValue(real) ?? [], mnist, ui) : null;
            var synthesizer = new LineSynthesizer(mnist, letters.Glyphs, cut);
            var fields = RealFields(parse.GetValue(real) ?? [], ui);
            Func<Random, (LineImage, string)> samples = random => fields.Count > 0 && random.NextDouble() < realShare ? Distorted(fields, random) : synthesizer.Next(random);
            if (parse.GetValue(preview) is > 0 and var count)
            {
                var random = new Random(options.Seed);
                WritePreview(path, Enumerable.Range(0, count).Select(_ => samples(random)).ToArray());
                ui.Out.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/]: {count} training lines");
                return 0;
            }

            string recipe = Recipe(options, parse.GetValue(real) ?? [], realShare, parse.GetValue(from)) + (parse.GetValue(fonts) is { Length: > 0 } named ? " --fonts " + string.Join(" --fonts ", named) : "") + (cut is null ? "" : " --real-digits");
            string source = $"synthetic lines of MNIST training digits; {fields.Count} real lines (training part of {string.Join(", ", parse.GetValue(real) ?? [])}); words of {letters.Glyphs.Count} letters and symbols from {letters.Fonts.Count} handwriting fonts ({string.Join(", ", letters.Fonts.Select(Path.GetFileName))}){(cut is null ? "" : $"; {cut.Count} digits cut from the real lines' training part")}";
            void Save(LineNetwork network, int done) => LineNetworkFile.Save(network, path, new LineNetworkHeader
            {
                Batches = done,
                Created = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                Recipe = recipe,
                Source = source,
            });

            var progress = new SyncProgress(p => ui.Report(string.Create(CultureInfo.InvariantCulture, $"batch {p.Batch:N0}/{options.Batches:N0}: loss {p.Loss:F3}, {p.Impossible} lines too long for their columns, {p.Seconds:F0} s")));
            LineNetwork trained = LineNetwork.Train(samples, options, start, first, progress, (parameters, done) => Save(new LineNetwork(options.Shape, parameters), done), context.Cancellation);
            Save(trained, options.Batches);
            ui.Out.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/]: {Markup.Escape(trained.Description)}");
            return 0;
        }));
        return command;
    }

    // The letters written as words among the lines: the fonts named, or Debian's handwriting fonts kept for training.
    private static (IReadOnlyList<InkGlyph> Glyphs, IReadOnlyList<string> Fonts) Letters(string[]? named, Terminal.Ui ui)
    {
        if (named is ["none"])
        {
            return ([], []);
        }

        IReadOnlyList<string> files = named is { Length: > 0 } ? named : FontGlyphs.FontsOf(FontGlyphs.TrainingFamilies);
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            throw new UsageException($"--fonts: {missing} does not exist");
        }

        if (files.Count == 0)
        {
            ui.Report($"no handwriting fonts in {FontGlyphs.FontFolder} (apt-get install fonts-dkg-handwriting fonts-breip fonts-femkeklaver): the lines hold no words");
            return ([], []);
        }

        try
        {
            IReadOnlyList<InkGlyph> glyphs = FontGlyphs.Render(files);
            ui.Report($"{glyphs.Count} letters and symbols from {files.Count} fonts, written as words among the lines");
            return (glyphs, files);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--fonts: {ex.Message}");
        }
    }

    // The digits of the real lines' training part, cut by the photo pipeline with the default model: a field is
    // kept when as many digits are found as its label has, each labelled by its place (what was read does not matter).
    private static LabeledImages RealDigits(string[] folders, LabeledImages mnist, Terminal.Ui ui)
    {
        var reader = new DigitReader(DefaultModel.Fit(mnist));
        var pixels = new List<byte>();
        var labels = new List<byte>();
        foreach (string folder in folders)
        {
            int kept = 0, fields = 0;
            foreach (LabeledField field in LabeledFields.Read(folder).Where(f => f.Part == FieldPart.Training))
            {
                fields++;
                string digits = new(field.Text.Where(char.IsAsciiDigit).ToArray());
                PhotoResult result = reader.ReadPhoto(File.ReadAllBytes(field.Path));
                if (result.Digits.Count != digits.Length || digits.Length == 0)
                {
                    continue;
                }

                kept++;
                for (int i = 0; i < digits.Length; i++)
                {
                    pixels.AddRange(result.Digits[i].Input);
                    labels.Add((byte)(digits[i] - '0'));
                }
            }

            ui.Report($"{folder}: digits cut from {kept} of its {fields} training lines");
        }

        return new LabeledImages(new ImageSet([.. pixels], labels.Count, 28, 28), [.. labels]);
    }

    // The real lines' ink maps, read once: the training part of each folder, the ones labelled as written.
    private static List<(byte[] Ink, int Width, int Height, string Text)> RealFields(string[] folders, Terminal.Ui ui)
    {
        var fields = new List<(byte[], int, int, string)>();
        foreach (string folder in folders)
        {
            var labeled = LabeledFields.Read(folder).Where(f => f.Part == FieldPart.Training && f.Written && LineAlphabet.Writes(f.Text)).ToArray();
            foreach (LabeledField field in labeled)
            {
                var (ink, width, height) = PhotoLines.FieldInk(File.ReadAllBytes(field.Path));
                fields.Add((ink, width, height, field.Text));
            }

            ui.Report($"{folder}: {labeled.Length} real lines to train on");
        }

        return fields;
    }

    // A real line distorted (LineDistortion); now and then two of them side by side, read as one line.
    private static (LineImage, string) Distorted(List<(byte[] Ink, int Width, int Height, string Text)> fields, Random random)
    {
        var first = fields[random.Next(fields.Count)];
        LineImage line = LineDistortion.Distort(first.Ink, first.Width, first.Height, random);
        if (random.NextDouble() >= 0.15)
        {
            return (line, first.Text);
        }

        var second = fields[random.Next(fields.Count)];
        LineImage other = LineDistortion.Distort(second.Ink, second.Width, second.Height, random);
        return (LineDistortion.Beside(line, other, random.Next(0, 12)), first.Text + second.Text);
    }

    // Reads a part of a folder of labelled lines, each photo whole as one line.
    private static int Check(LineNetwork network, string folder, FieldPart part, Terminal.Ui ui)
    {
        var fields = LabeledFields.Read(folder).Where(f => f.Part == part).ToArray();
        int digits = 0, written = 0, marked = 0, markedRight = 0;
        foreach (LabeledField field in fields)
        {
            LineReading reading = network.Read(PhotoLines.Field(File.ReadAllBytes(field.Path)));
            string want = new(field.Text.Where(char.IsAsciiDigit).ToArray());
            bool right = reading.Digits == want;
            digits += right ? 1 : 0;
            if (field.Written)
            {
                written += reading.Text == field.Text ? 1 : 0;
                if (field.Text.Any(c => !char.IsAsciiDigit(c)))
                {
                    marked++;
                    markedRight += reading.Text == field.Text ? 1 : 0;
                }
            }

            if (!right)
            {
                ui.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Path.GetFileName(field.Path)}: read {reading.Text} ({reading.Confidence:F2}), written {field.Text}"));
            }
        }

        ui.Out.WriteLine($"{folder}, {part.ToString().ToLowerInvariant()} part: {digits}/{fields.Length} digit strings exact, {written}/{fields.Count(f => f.Written)} as written, marks as written {markedRight}/{marked}");
        return 0;
    }

    // The lines one under another, each on a white band (ink dark, as on paper), as a binary PGM.
    private static void WritePreview(string path, (LineImage Line, string Text)[] lines)
    {
        int width = lines.Max(l => l.Line.Width), rows = lines.Length * (LineShape.Height + 2);
        byte[] pixels = new byte[width * rows];
        Array.Fill(pixels, (byte)128);
        for (int i = 0; i < lines.Length; i++)
        {
            LineImage line = lines[i].Line;
            for (int y = 0; y < LineShape.Height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    pixels[(((i * (LineShape.Height + 2)) + y) * width) + x] = x < line.Width ? (byte)(255 - (line.Pixels[(y * line.Width) + x] * 255)) : (byte)128;
                }
            }
        }

        AtomicFile.Write(path, stream =>
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes($"P5\n{width} {rows}\n255\n"));
            stream.Write(pixels);
        });
        AtomicFile.WriteAllText(path + ".txt", string.Join('\n', lines.Select(l => l.Text)) + "\n");
    }

    private static string Recipe(LineTrainingOptions o, string[] real, double share, string? from) => string.Create(
        CultureInfo.InvariantCulture,
        $"digits train-lines --batches {o.Batches} --rate {o.LearningRate} --seed {o.Seed} --real-share {share}{(from is null ? "" : " --from " + Path.GetFileName(from))}{string.Concat(real.Select(r => " --real " + Path.GetFileName(Path.TrimEndingDirectorySeparator(r))))} (layers {o.Shape.Layers}, batch {o.BatchSize}, final rate x{o.FinalRate})");

    // Reports on the training thread, in order (Progress<T> would post to the thread pool).
    private sealed class SyncProgress(Action<LineTrainingProgress> report) : IProgress<LineTrainingProgress>
    {
        public void Report(LineTrainingProgress value) => report(value);
    }
}
