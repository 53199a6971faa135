using System.CommandLine;
using Digits.Web;
using Microsoft.Extensions.Hosting;

namespace Digits.Cli.Commands;

/// <summary><c>digits serve</c>: starts the web page and API (loopback only unless told otherwise).</summary>
internal static class ServeCommand
{
    public static Command Create(CommandContext context)
    {
        var data = new DataOption();
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on.", DefaultValueFactory = _ => DigitsWebApp.DefaultUrl };
        var model = new Option<string?>("--model") { Description = "Serve a model file saved by 'digits train' instead of the default model." };
        var device = new Option<string?>("--device-network") { Description = "The network file (saved by 'digits train --cnn') the phone app runs on the device, instead of the shipped device network; installed apps replace their offline copy at their next visit." };
        var command = new Command("serve", "Start the web app: draw, upload or photograph digits in a browser (also on a phone).");
        data.AddTo(command);
        command.Options.Add(urls);
        command.Options.Add(model);
        command.Options.Add(device);
        var profiles = new ProfileOptions();
        profiles.Store.Description = "The SQLite file of the examples users teach through the page. Default: $XDG_DATA_HOME/digits/examples.db, else ~/.local/share/digits/examples.db (configuration: Digits:Store).";
        profiles.AddTo(command, withProfile: false);
        command.SetAction(parse => context.Run(json: false, ui =>
        {
            var args = new List<string> { "--urls", parse.GetValue(urls)!, "--Digits:HeapHeadroomMb=96" };
            if (parse.GetValue(data.Data) is { } folder)
            {
                args.Add($"--Digits:Data={Path.GetFullPath(folder)}");
            }

            if (parse.GetValue(model) is { } file)
            {
                if (!File.Exists(file))
                {
                    throw new Digits.Files.DataFileException(file, "model file not found");
                }

                args.Add($"--Digits:Model={Path.GetFullPath(file)}");
            }

            if (parse.GetValue(device) is { } network)
            {
                args.Add($"--Digits:DeviceNetwork={Path.GetFullPath(network)}");
            }

            if (parse.GetValue(profiles.Store) is { } store)
            {
                args.Add($"--Digits:Store={Path.GetFullPath(store)}");
            }

            var app = DigitsWebApp.Build(args.ToArray());
            ui.Report($"serving on {parse.GetValue(urls)} (Ctrl+C to stop)");
            app.StartAsync(context.Cancellation).GetAwaiter().GetResult();
            app.WaitForShutdownAsync(context.Cancellation).GetAwaiter().GetResult();
            return 0;
        }));
        return command;
    }
}
