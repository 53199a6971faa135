using Digits.Evaluation;
using Digits.Photos;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary>Renders an evaluation as Spectre.Console tables: summary, confusion matrix, per-digit metrics.</summary>
internal static class EvaluationTables
{
    public static void Write(IAnsiConsole console, EvaluationReport report, double fitSeconds, string testName = "MNIST test set")
    {
        var summary = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(testName)}[/]");
        summary.AddColumn("model");
        summary.AddColumn(new TableColumn("accuracy").RightAligned());
        summary.AddColumn(new TableColumn("errors").RightAligned());
        summary.AddColumn(new TableColumn("fit s").RightAligned());
        summary.AddColumn(new TableColumn("classify s").RightAligned());
        summary.AddRow(
            Markup.Escape(report.Model),
            $"[bold green]{report.Accuracy:P2}[/]",
            $"{report.Errors:N0} / {report.Confusion.Total:N0}",
            $"{fitSeconds:F2}",
            $"{report.Seconds:F2}");
        console.Write(summary);
        if (report.Calibration is { } calibration)
        {
            console.MarkupLine($"calibration: expected calibration error [bold]{calibration.ExpectedCalibrationError:P2}[/]; answering only the surest 99%, error {calibration.ErrorAt99:P2}; the surest 95%, error {calibration.ErrorAt95:P2}");
        }

        var confusion = new Table().Border(TableBorder.Simple).Title("confusion matrix (rows: true digit, columns: predicted)");
        confusion.AddColumn("true");
        for (int p = 0; p < 10; p++)
        {
            confusion.AddColumn(new TableColumn(p.ToString()).RightAligned());
        }

        for (int t = 0; t < 10; t++)
        {
            var cells = new List<string> { $"[bold]{t}[/]" };
            for (int p = 0; p < 10; p++)
            {
                int n = report.Confusion[t, p];
                cells.Add(t == p ? $"[green]{n}[/]" : n == 0 ? "[grey]·[/]" : $"[red]{n}[/]");
            }

            confusion.AddRow(cells.ToArray());
        }

        console.Write(confusion);

        var perClass = new Table().Border(TableBorder.Simple).Title("per digit");
        foreach (string column in new[] { "digit", "precision", "recall", "F1", "support" })
        {
            perClass.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (ClassMetrics row in report.Confusion.PerClass())
        {
            perClass.AddRow(row.Digit.ToString(), $"{row.Precision:P2}", $"{row.Recall:P2}", $"{row.F1:F4}", $"{row.Support:N0}");
        }

        console.Write(perClass);
    }

    /// <summary>How the files of a --test folder fared in the photo pipeline, and the accuracy over all of them.</summary>
    public static void WriteFolder(IAnsiConsole console, LabeledFolder folder, EvaluationReport report)
    {
        int labelled = folder.LabelledFiles;
        int notFound = folder.Skipped.Count(p => p.Kind == FolderProblemKind.NoDigit);
        int unreadable = folder.Skipped.Count(p => p.Kind is FolderProblemKind.Unreadable or FolderProblemKind.WrongSize);
        int unlabelled = folder.Skipped.Count(p => p.Kind == FolderProblemKind.NoLabel);
        int right = report.Confusion.Correct;
        console.MarkupLine(
            $"files: {labelled:N0} labelled images; {folder.Images.Count:N0} scored, {notFound:N0} with no digit found, {unreadable:N0} unreadable or of the wrong size"
            + (unlabelled > 0 ? $"; {unlabelled:N0} other files without a label left out" : "")
            + (folder.SeveralDigits.Count > 0 ? $"; {folder.SeveralDigits.Count:N0} read as several digits (scored on the largest)" : ""));
        if (labelled > 0)
        {
            console.MarkupLine($"read right over all labelled images (none found or unreadable counted wrong): [bold]{right:N0} / {labelled:N0} ({(double)right / labelled:P2})[/]");
        }
    }

    public static void WriteAblation(IAnsiConsole console, IReadOnlyList<AblationStep> steps)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]where the accuracy comes from (test set, each step added to the one above)[/]");
        table.AddColumn("step");
        table.AddColumn(new TableColumn("accuracy").RightAligned());
        table.AddColumn(new TableColumn("errors").RightAligned());
        table.AddColumn(new TableColumn("gain").RightAligned());
        table.AddColumn(new TableColumn("classify s").RightAligned());
        foreach (AblationStep step in steps)
        {
            table.AddRow(
                Markup.Escape(step.Step),
                $"{step.Accuracy:P2}",
                $"{step.Errors:N0}",
                step.Gain == 0 ? "" : $"{(step.Gain >= 0 ? "+" : "")}{step.Gain * 100:F2} pts",
                $"{step.Seconds:F2}");
        }

        console.Write(table);
    }
}
