using Digits.Files;


namespace Digits.Tests.Files;

[Trait("Category", "Fast")]
public sealed class AtomicFileTests
{
    [Fact]
    public void Write_FailsMidway_LeavesOldContentAndNoTemporaryFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("out.txt");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new content"u8);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void WriteAllText_CreatesFolderAndReplacesContent()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "sub", "out.txt");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
    }
}
