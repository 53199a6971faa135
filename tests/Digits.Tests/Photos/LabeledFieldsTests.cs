using Digits.Photos;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class LabeledFieldsTests
{
    [Fact]
    public void PartOf_SplitsNamesThreeFifthsOneFifthOneFifth_TheSameEveryTime()
    {
        string[] names = Enumerable.Range(0, 5000).Select(i => $"{i}_writer_{i % 7}.jpg").ToArray();
        var counts = names.GroupBy(LabeledFields.PartOf).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(counts[FieldPart.Training], 2800, 3200);
        Assert.InRange(counts[FieldPart.Tuning], 850, 1150);
        Assert.InRange(counts[FieldPart.Report], 850, 1150);
        Assert.All(names, n => Assert.Equal(LabeledFields.PartOf(n), LabeledFields.PartOf(n)));
    }

    [Fact]
    public void Read_TakesTheWrittenTextWhereGiven_ElseTheDigits_AndNamesABadFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"digits-fields-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "TRUTH.json"), """{"a.jpg": "1500", "b.jpg": "20", "gone.jpg": "3"}""");
            File.WriteAllText(Path.Combine(folder, "WRITTEN.json"), """{"a.jpg": "1.500.-"}""");
            File.WriteAllBytes(Path.Combine(folder, "a.jpg"), [1]);
            File.WriteAllBytes(Path.Combine(folder, "b.jpg"), [1]);
            var fields = LabeledFields.Read(folder);
            Assert.Equal([("1.500.-", true), ("20", false)], fields.Select(f => (f.Text, f.Written)));

            File.WriteAllText(Path.Combine(folder, "WRITTEN.json"), "[1, 2]");
            var error = Assert.Throws<ArgumentException>(() => LabeledFields.Read(folder));
            Assert.Contains("WRITTEN.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
