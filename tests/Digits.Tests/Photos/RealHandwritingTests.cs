using Digits.Models;
using Digits.Photos;

namespace Digits.Tests.Photos;

/// <summary>
/// Real handwriting as people write it (shared/real): the report part of the cheque amounts, never trained or
/// tuned on, and the sheets. Floors a little under what was measured, to catch a regression.
/// </summary>
[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class RealHandwritingTests(PhotoReaderTests.ModelFixture model) : IClassFixture<PhotoReaderTests.ModelFixture>
{
    [Fact]
    public void Cheques_ReportPart_MostAmountsAreReadExactly_WithTheirSeparators()
    {
        var fields = LabeledFields.Read(Path.Combine(TestPaths.RealFolder, "cheques")).Where(f => f.Part == FieldPart.Report).ToArray();
        int exact = 0, marked = 0, asWritten = 0;
        foreach (LabeledField field in fields)
        {
            PhotoResult result = model.Reader.Read(File.ReadAllBytes(field.Path));
            string text = result.Text.Replace(" ", "", StringComparison.Ordinal);
            exact += new string(text.Where(char.IsAsciiDigit).ToArray()) == new string(field.Text.Where(char.IsAsciiDigit).ToArray()) ? 1 : 0;
            if (field.Written && field.Text.Any(c => !char.IsAsciiDigit(c)))
            {
                marked++;
                asWritten += text == field.Text ? 1 : 0;
            }
        }

        // Measured 57 of 78 exactly (28 digit by digit), 18 of 31 with their separators as written.
        Assert.True(exact >= 52, $"{exact}/{fields.Length} cheque amounts read exactly");
        Assert.True(asWritten >= 14, $"{asWritten}/{marked} amounts with separators read as written");
    }

    [Fact]
    public void Sheets_EveryNumberIsReadOnItsLine_ThePhotoStoredSidewaysToo()
    {
        string folder = Path.Combine(TestPaths.RealFolder, "pages");
        var truth = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string[][]>>(File.ReadAllText(Path.Combine(folder, "TRUTH.json")))!;
        foreach (var (file, lines) in truth)
        {
            PhotoResult result = model.Reader.Read(File.ReadAllBytes(Path.Combine(folder, file)));
            // Each number's digits (a speck read as a mark inside a number is not a digit wrong).
            string[][] read = result.Lines.Select(l => l.Numbers.Select(n => new string(n.Text.Where(char.IsAsciiDigit).ToArray())).ToArray()).ToArray();
            Assert.Equal(lines, read);
            Assert.Equal(file == "sheet_TBNRGarret_1.JPG" ? 6 : 1, result.ExifOrientation); // the phone photo stored sideways says so
        }
    }

    [Fact]
    public void Cells_AHandRuledTableOfMarks_IsReadCellByCell()
    {
        string folder = Path.Combine(TestPaths.RealFolder, "cells");
        var truth = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string[][]>>(File.ReadAllText(Path.Combine(folder, "TRUTH.json")))!;
        const string File1 = "sheet_nehal2210_1.jpg";
        PhotoResult result = model.Reader.Read(File.ReadAllBytes(Path.Combine(folder, File1)));
        string[] read = result.Lines.SelectMany(l => l.Numbers.Select(n => new string(n.Text.Where(char.IsAsciiDigit).ToArray()))).ToArray();
        string[] want = truth[File1].SelectMany(l => l).ToArray();

        // Matched in reading order (longest common subsequence). Measured 47 of 50: the grid's walls are not read as 1s.
        int[,] table = new int[want.Length + 1, read.Length + 1];
        for (int i = 0; i < want.Length; i++)
        {
            for (int j = 0; j < read.Length; j++)
            {
                table[i + 1, j + 1] = want[i] == read[j] ? table[i, j] + 1 : Math.Max(table[i, j + 1], table[i + 1, j]);
            }
        }

        Assert.True(table[want.Length, read.Length] >= 44, $"{table[want.Length, read.Length]}/{want.Length} cells read: {string.Join(' ', read)}");
    }

    [Fact]
    public void TheDefaultReader_HasTheShippedLineReader()
        => Assert.Same(PretrainedLineNetwork.Network, new PhotoOptions().LineReader);
}
