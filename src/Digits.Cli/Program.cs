using System.CommandLine;
using Digits.Cli.Commands;
using Digits.Cli.Commands.Bench;

var context = new CommandContext();
var root = new RootCommand("digits: handwritten digit recognition (exact KNN on MNIST).");
root.Subcommands.Add(EvalCommand.Create(context));
root.Subcommands.Add(TrainCommand.Create(context));
root.Subcommands.Add(TrainLinesCommand.Create(context));
root.Subcommands.Add(TuneCommand.Create(context));
root.Subcommands.Add(InfoCommand.Create(context));
root.Subcommands.Add(PredictCommand.Create(context));
root.Subcommands.Add(TeachCommand.Create(context));
root.Subcommands.Add(ProfileCommand.Create(context));
root.Subcommands.Add(ServeCommand.Create(context));
root.Subcommands.Add(ExportOnnxCommand.Create(context));
root.Subcommands.Add(BenchCommand.Create(context));
return root.Parse(args).Invoke();
