using System.Text.Json;
using Digits.Evaluation;
using Digits.Photos;

namespace Digits.Cli.Commands;

/// <summary>The object <c>digits eval --json</c> prints.</summary>
internal sealed record EvaluationJson(
    string Model,
    double Accuracy,
    int Errors,
    int Count,
    double Seconds,
    double FitSeconds,
    string Data,
    string VectorPaths,
    int[][] Confusion,
    IReadOnlyList<ClassMetrics> PerClass,
    IReadOnlyList<AblationStep>? Ablation,
    CalibrationJson? Calibration,
    FolderJson? Folder)
{
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static EvaluationJson From(EvaluationReport report, double fitSeconds, string data, IReadOnlyList<AblationStep>? ablation = null, LabeledFolder? folder = null)
    {
        int[][] confusion = Enumerable.Range(0, 10).Select(t => Enumerable.Range(0, 10).Select(p => report.Confusion[t, p]).ToArray()).ToArray();
        return new EvaluationJson(
            report.Model,
            Math.Round(report.Accuracy, 6),
            report.Errors,
            report.Confusion.Total,
            Math.Round(report.Seconds, 3),
            Math.Round(fitSeconds, 3),
            data,
            Digits.Kernels.KernelPaths.Describe(),
            confusion,
            report.Confusion.PerClass(),
            ablation,
            report.Calibration is { } c ? new CalibrationJson(Math.Round(c.ExpectedCalibrationError, 5), Math.Round(c.ErrorAt99, 5), Math.Round(c.ErrorAt95, 5)) : null,
            folder is null ? null : new FolderJson(
                folder.LabelledFiles,
                folder.Images.Count,
                folder.LabelledFiles == 0 ? 0 : Math.Round((double)report.Confusion.Correct / folder.LabelledFiles, 6),
                folder.Skipped.Select(FileProblemJson.From).ToArray(),
                folder.SeveralDigits.Select(FileProblemJson.From).ToArray()));
    }
}

/// <summary>How the files of a <c>--test</c> folder fared: the accuracy over all labelled files counts those with no digit found (or unreadable) as wrong.</summary>
internal sealed record FolderJson(int LabelledFiles, int Scored, double AccuracyOverAllFiles, IReadOnlyList<FileProblemJson> Skipped, IReadOnlyList<FileProblemJson> SeveralDigits);

/// <summary>One file of a <c>--test</c> folder left out or scored with a warning.</summary>
internal sealed record FileProblemJson(string File, string Kind, string Reason)
{
    public static FileProblemJson From(FolderProblem problem) => new(problem.File, JsonNamingPolicy.CamelCase.ConvertName(problem.Kind.ToString()), problem.Reason);
}

/// <summary>The calibration part of <c>digits eval --json</c>.</summary>
internal sealed record CalibrationJson(double ExpectedCalibrationError, double ErrorAt99Coverage, double ErrorAt95Coverage);
