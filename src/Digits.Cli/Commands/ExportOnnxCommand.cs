using System.CommandLine;
using Digits.Classifiers;
using Digits.Files;
using Digits.Models;
using Digits.Onnx;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary>
/// <c>digits export-onnx --out FILE [--network device|shipped|FILE.nn]</c>: writes one of our networks as an ONNX
/// model, to run with ONNX Runtime or any other ONNX engine (the phone app runs the device network this way).
/// </summary>
internal static class ExportOnnxCommand
{
    public static Command Create(CommandContext context)
    {
        var output = new Option<string>("--out") { Description = "ONNX file to write (written whole or not at all).", Required = true };
        var network = new Option<string>("--network")
        {
            Description = "Which network: 'device' (the small network the phone app runs), 'shipped' (the average of the two networks of the default model) or a network file saved by 'digits train --cnn'.",
            DefaultValueFactory = _ => "device",
        };
        var command = new Command("export-onnx", $"Write a network as an ONNX model: input '{OnnxExport.InputName}' float [batch,1,28,28] grey 0..255, output '{OnnxExport.OutputName}' float [batch,10].");
        command.Options.Add(output);
        command.Options.Add(network);
        command.SetAction(parse => context.Run(json: false, ui =>
        {
            string which = parse.GetValue(network)!;
            IDigitClassifier chosen = which switch
            {
                "device" => PretrainedNetwork.Device,
                "shipped" => PretrainedNetwork.Network,
                _ when File.Exists(which) => ConvNetFile.Load(which).Network,
                _ => throw new UsageException($"--network: '{which}' is neither 'device', 'shipped' nor a network file that exists."),
            };
            string path = parse.GetValue(output)!;
            OnnxExport.Write(chosen, path);
            ui.Out.MarkupLine($"wrote [bold]{Markup.Escape(path)}[/] ({new FileInfo(path).Length:N0} bytes, opset {OnnxExport.Opset}): {Markup.Escape(chosen.Description)}");
            return 0;
        }));
        return command;
    }
}
