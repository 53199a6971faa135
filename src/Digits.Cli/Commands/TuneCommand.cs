using System.CommandLine;
using System.Globalization;
using System.Text;
using Digits.Data;
using Digits.Evaluation;
using Digits.Preprocessing;
using Digits.Reports;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary><c>digits tune</c>: sweeps k, weighting and preprocessing on a validation split of the training set.</summary>
internal static class TuneCommand
{
    public static IReadOnlyList<Preprocessor> Candidates { get; } =
    [
        Preprocessor.None,
        new() { BlurSigma = 1.0 },
        new() { Deskew = true },
        new() { Deskew = true, BlurSigma = 0.75 },
        new() { Deskew = true, BlurSigma = 1.0 },
        new() { Deskew = true, BlurSigma = 1.5 },
    ];

    public static Command Create(CommandContext context)
    {
        var data = new DataOption();
        var csv = new Option<string>("--csv") { Description = "CSV file for every result.", DefaultValueFactory = _ => "tune.csv" };
        var plot = new Option<string>("--plot") { Description = "PNG plot of accuracy against k.", DefaultValueFactory = _ => "tune.png" };
        var validation = new Option<int>("--validation") { Description = "How many of the last training images are held out.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("tune", "Choose k, weighting and preprocessing on held-out training images (the test set is not used).");
        data.AddTo(command);
        command.Options.Add(csv);
        command.Options.Add(plot);
        command.Options.Add(validation);
        command.SetAction(parse => context.Run(json: false, ui =>
        {
            MnistData mnist = data.Load(parse, ui, context.Cancellation);
            var results = ValidationTuner.Sweep(mnist.Train, parse.GetValue(validation), Candidates, 15, ui.Report);
            var text = new StringBuilder("preprocessing,weighting,k,accuracy\n");
            foreach (var r in results)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{r.Preprocessing},{r.Weighting.ToString().ToLowerInvariant()},{r.K},{r.Accuracy:F4}");
            }

            AtomicFile.WriteAllText(parse.GetValue(csv)!, text.ToString());
            TuningPlot.Write(results, parse.GetValue(plot)!);
            var table = new Table().Border(TableBorder.Rounded).Title("best per preprocessing (validation accuracy)");
            table.AddColumn("preprocessing");
            table.AddColumn("weighting");
            table.AddColumn("k");
            table.AddColumn(new TableColumn("accuracy").RightAligned());
            foreach (var best in results.GroupBy(r => r.Preprocessing).Select(g => g.OrderByDescending(r => r.Accuracy).ThenBy(r => r.K).First()))
            {
                table.AddRow(best.Preprocessing.ToString(), best.Weighting.ToString().ToLowerInvariant(), best.K.ToString(), $"{best.Accuracy:P2}");
            }

            ui.Out.Write(table);
            var overall = results.OrderByDescending(r => r.Accuracy).ThenBy(r => r.K).First();
            ui.Out.MarkupLine($"best: [bold]{Markup.Escape(overall.Preprocessing.ToString())}, {overall.Weighting.ToString().ToLowerInvariant()}, k={overall.K}[/] at {overall.Accuracy:P2}; wrote {Markup.Escape(parse.GetValue(csv)!)} and {Markup.Escape(parse.GetValue(plot)!)}");
            return 0;
        }));
        return command;
    }
}
