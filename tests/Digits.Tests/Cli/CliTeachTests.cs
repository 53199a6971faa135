using System.Text.Json;

namespace Digits.Tests.Cli;

/// <summary><c>digits teach</c>, <c>digits profile</c> and <c>digits predict --profile</c>, end to end in the built CLI.</summary>
[Trait("Category", "Mnist")]
public sealed class CliTeachTests
{
    private static readonly string Photo = Path.Combine(TestPaths.PhotosFolder, "4_dFAk0_1.png");

    [Fact]
    public void TeachOnce_ThenPredictWithTheProfile_ReadsTheTaughtDigit_AndMarksTheUsersExamples()
    {
        using var temp = new TempFolder();
        string store = temp.File("examples.db");

        // Given: the user says once that this 4 of theirs is a 7 (as if their 7s looked like it)
        var taught = CliRunner.Run("teach", Photo, "7", "--profile", "mine", "--store", store);
        Assert.True(taught.ExitCode == 0, taught.Err);
        Assert.Contains("taught 7 to profile mine", taught.Out);

        var list = CliRunner.Run("profile", "list", "--store", store);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("mine", list.Out);

        // When
        var personal = CliRunner.Run("predict", "--json", Photo, "--profile", "mine", "--store", store);
        var plain = CliRunner.Run("predict", "--json", Photo, "--store", store);

        // Then: with the profile it reads their way, and says their examples voted; without it, as before
        Assert.True(personal.ExitCode == 0, personal.Err);
        var digit = JsonDocument.Parse(personal.Out).RootElement[0].GetProperty("digits")[0];
        Assert.Equal(7, digit.GetProperty("digit").GetInt32());
        Assert.True(digit.GetProperty("yours").GetInt32() >= 1);
        Assert.Equal("4", JsonDocument.Parse(plain.Out).RootElement[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Profile_ExportImportShowDelete_RoundTrip_AndBadInputIsNamed()
    {
        using var temp = new TempFolder();
        string store = temp.File("examples.db");
        Assert.Equal(0, CliRunner.Run("teach", Photo, "4", "--profile", "a", "--store", store).ExitCode);
        Assert.Equal(0, CliRunner.Run("teach", Path.Combine(TestPaths.PhotosFolder, "7_dFAk0_1.png"), "7", "--profile", "a", "--store", store).ExitCode);

        var export = CliRunner.Run("profile", "export", "a", "--out", temp.File("a.dpf"), "--store", store);
        Assert.True(export.ExitCode == 0, export.Err);
        var import = CliRunner.Run("profile", "import", temp.File("a.dpf"), "--profile", "b", "--store", store);
        Assert.True(import.ExitCode == 0, import.Err);
        Assert.Contains("imported 2 examples into profile b", import.Out);
        var show = CliRunner.Run("profile", "show", "b", "--store", store, "--mosaic", temp.File("b.png"));
        Assert.Contains("import", show.Out);
        Assert.True(File.Exists(temp.File("b.png")));

        // A corrupt file, a label that is not a digit, several digits, a bad name: clear errors, nothing stored.
        File.WriteAllBytes(temp.File("bad.dpf"), File.ReadAllBytes(temp.File("a.dpf"))[..200]);
        var corrupt = CliRunner.Run("profile", "import", temp.File("bad.dpf"), "--store", store);
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains("bad.dpf", corrupt.Err);
        var label = CliRunner.Run("teach", Photo, "12", "--store", store);
        Assert.Equal(2, label.ExitCode);
        Assert.Contains("0-9", label.Err);
        var page = CliRunner.Run("teach", Path.Combine(TestPaths.PhotosFolder, "numbers", "6666_dFAk0_1.png"), "6", "--store", store);
        Assert.Equal(1, page.ExitCode);
        Assert.Contains("one digit at a time", page.Err);
        var name = CliRunner.Run("teach", Photo, "4", "--profile", "no/slashes", "--store", store);
        Assert.Equal(2, name.ExitCode);
        Assert.Contains("not valid", name.Err);
        Assert.Contains("b ", CliRunner.Run("profile", "list", "--store", store).Out);
        Assert.DoesNotContain("default", CliRunner.Run("profile", "list", "--store", store).Out);

        var delete = CliRunner.Run("profile", "delete", "b", "--store", store);
        Assert.Contains("deleted profile b (2 examples)", delete.Out);
        Assert.Equal(2, CliRunner.Run("profile", "delete", "b", "--store", store).ExitCode);
    }

    [Fact]
    public void Teach_WithoutStore_WritesTheXdgDataFolder()
    {
        using var temp = new TempFolder();
        var environment = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = temp.Path };

        var taught = CliRunner.Run(environment, "teach", Photo, "4");

        Assert.True(taught.ExitCode == 0, taught.Err);
        Assert.True(File.Exists(Path.Combine(temp.Path, "digits", "examples.db")));
        Assert.Contains("profile default", taught.Out);
    }
}
