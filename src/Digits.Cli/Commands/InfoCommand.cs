using System.CommandLine;
using Digits.Reports;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary><c>digits info</c>: where MNIST came from, how many images of each digit, and a PNG of samples.</summary>
internal static class InfoCommand
{
    public static Command Create(CommandContext context)
    {
        var data = new DataOption();
        var grid = new Option<string>("--grid") { Description = "PNG file for the sample grid.", DefaultValueFactory = _ => "mnist-samples.png" };
        var command = new Command("info", "Show where the data comes from, the images per digit, and write a PNG grid of samples.");
        data.AddTo(command);
        command.Options.Add(grid);
        command.SetAction(parse => context.Run(json: false, ui =>
        {
            var mnist = data.Load(parse, ui, context.Cancellation);
            ui.Out.MarkupLine($"data: [bold]{Markup.Escape(mnist.Source)}[/]");
            var table = new Table().Border(TableBorder.Rounded).Title("images per digit");
            table.AddColumn("digit");
            table.AddColumn(new TableColumn("training").RightAligned());
            table.AddColumn(new TableColumn("test").RightAligned());
            int[] train = mnist.Train.CountPerDigit();
            int[] test = mnist.Test.CountPerDigit();
            for (int d = 0; d < 10; d++)
            {
                table.AddRow(d.ToString(), train[d].ToString("N0"), test[d].ToString("N0"));
            }

            table.AddRow("[bold]all[/]", $"[bold]{mnist.Train.Count:N0}[/]", $"[bold]{mnist.Test.Count:N0}[/]");
            ui.Out.Write(table);
            string path = parse.GetValue(grid)!;
            DigitMosaic.WriteSamplesPerDigit(mnist.Train, path);
            ui.Out.MarkupLine($"sample grid: [bold]{Markup.Escape(path)}[/] (first 12 training images of each digit)");
            return 0;
        }));
        return command;
    }
}
