using CsCheck;
using Digits.Files;
using Digits.Profiles;

namespace Digits.Tests.Profiles;

/// <summary>The profile export file: round trip, and every kind of damage named.</summary>
[Trait("Category", "Fast")]
public sealed class ProfileFileTests
{
    private static PersonalExample[] Examples()
    {
        var random = new Random(5);
        return Enumerable.Range(0, 12).Select(i =>
        {
            var image = new byte[784];
            random.NextBytes(image);
            return new PersonalExample(i + 1, "me", i % 10, image, (ExampleSource)(i % 3), DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000 + (i * 1000)));
        }).ToArray();
    }

    [Fact]
    public void ToBytesThenRead_GeneratedProfiles_GiveBackEveryExample()
    {
        var example = Gen.Select(Gen.Int[0, 9], Gen.Byte.Array[784], Gen.Enum<ExampleSource>(), Gen.Long[0, 4_000_000_000_000]);
        var profiles = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 40], example.Array[0, 40]);
        profiles.Sample((name, drawn) =>
        {
            var examples = drawn.Select((e, i) => new PersonalExample(i + 1, name, e.Item1, e.Item2, e.Item3, DateTimeOffset.FromUnixTimeMilliseconds(e.Item4))).ToArray();
            var (profile, read) = ProfileFile.Read(ProfileFile.ToBytes(name, examples), "generated");
            Assert.Equal(name, profile);
            Assert.Equal(examples.Select(e => (e.Label, e.Source, e.Created)), read.Select(e => (e.Label, e.Source, e.Created)));
            Assert.All(examples.Zip(read), pair => Assert.Equal(pair.First.Image, pair.Second.Image));
        }, iter: 100);
    }

    [Fact]
    public void WriteThenRead_GivesBackNameLabelsImagesSourcesAndTimes()
    {
        using var temp = new TempFolder();
        string path = temp.File("me.dpf");
        PersonalExample[] examples = Examples();

        ProfileFile.Write(path, "me", examples);
        var (profile, read) = ProfileFile.Read(path);

        Assert.Equal("me", profile);
        Assert.Equal(examples.Length, read.Count);
        for (int i = 0; i < examples.Length; i++)
        {
            Assert.Equal(examples[i].Label, read[i].Label);
            Assert.Equal(examples[i].Image, read[i].Image);
            Assert.Equal(examples[i].Source, read[i].Source);
            Assert.Equal(examples[i].Created, read[i].Created);
        }

        Assert.Equal(File.ReadAllBytes(path).Length, ProfileFile.ToBytes("me", examples).Length);
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Read_DamagedFiles_NameTheFileAndTheProblem()
    {
        byte[] good = ProfileFile.ToBytes("me", Examples());
        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x40;

        Assert.Contains("truncated", Assert.Throws<DataFileException>(() => ProfileFile.Read(good[..(good.Length - 100)], "cut.dpf")).Message);
        Assert.Contains("checksum", Assert.Throws<DataFileException>(() => ProfileFile.Read(flipped, "flip.dpf")).Message);
        Assert.Contains("not a Digits profile file", Assert.Throws<DataFileException>(() => ProfileFile.Read("DIGITSMDxxxxxxxxxxxxxxxx"u8.ToArray(), "model.dpf")).Message);
        Assert.Contains("not a Digits profile file", Assert.Throws<DataFileException>(() => ProfileFile.Read([], "empty.dpf")).Message);
        var missing = Assert.Throws<DataFileException>(() => ProfileFile.Read("/nonexistent/me.dpf"));
        Assert.Contains("not found", missing.Message);
    }
}
