using Digits.Files;
using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class LabeledFolderTests(MnistFixture mnist)
{
    private static readonly Lazy<DigitReader> Reader = new(() => new DigitReader(Digits.Models.PretrainedNetwork.Network));

    [Fact]
    public void Load_FilesNamedByDigit_ReadsEachThroughThePipelineAndNamesEveryFileLeftOut()
    {
        // Given: six photographed test digits named by their label, a corrupt image, a blank page and a note
        using var temp = new TempFolder();
        var random = new Random(3);
        for (int i = 0; i < 6; i++)
        {
            File.WriteAllBytes(temp.File($"{mnist.Data.Test.Labels[i]}_photo{i}.jpg"), SyntheticPhotos.Render([mnist.Data.Test.Images[i].ToArray()], random));
        }

        File.WriteAllBytes(temp.File("4_corrupt.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        using (var blank = new Mat(300, 300, MatType.CV_8UC3, Scalar.All(235)))
        {
            Cv2.ImWrite(temp.File("2_blank.png"), blank);
        }

        File.WriteAllText(temp.File("notes.txt"), "written by hand");

        // When
        LabeledFolder folder = LabeledFolder.Load(temp.Path, Reader.Value);

        // Then: the six digits come with their labels and 28x28 inputs; each other file is named with its reason
        Assert.Equal(6, folder.Images.Count);
        Assert.Equal(mnist.Data.Test.Labels[..6].Order(), folder.Images.Labels.Order());
        Assert.All(folder.Files, f => Assert.EndsWith(".jpg", f));
        Assert.Equal(28, folder.Images.Images.Rows);
        Assert.Equal(FolderProblemKind.Unreadable, folder.Skipped.Single(p => p.File.EndsWith("4_corrupt.png")).Kind);
        Assert.Equal(FolderProblemKind.NoDigit, folder.Skipped.Single(p => p.File.EndsWith("2_blank.png")).Kind);
        Assert.Equal(FolderProblemKind.NoLabel, folder.Skipped.Single(p => p.File.EndsWith("notes.txt")).Kind);
        Assert.Equal(8, folder.LabelledFiles);
        int right = Enumerable.Range(0, 6).Count(i => Reader.Value.Classifier.Classify(folder.Images.Images[i]).Digit == folder.Images.Labels[i]);
        Assert.True(right >= 5, $"{right} of 6 photographed digits read right");
    }

    [Fact]
    public void Load_AsIs_TakesDigitFoldersOf28x28ImagesAndInvertsDarkInkOnPaper()
    {
        // Given: sub-folders 0-9 holding 28x28 test digits, some as dark ink on white, and one image of another size
        using var temp = new TempFolder();
        for (int i = 0; i < 10; i++)
        {
            string sub = Directory.CreateDirectory(Path.Combine(temp.Path, $"{mnist.Data.Test.Labels[i]}")).FullName;
            byte[] pixels = mnist.Data.Test.Images[i].ToArray();
            bool onPaper = i % 2 == 0;
            using var image = new Mat(28, 28, MatType.CV_8UC1);
            image.SetArray(onPaper ? pixels.Select(p => (byte)(255 - p)).ToArray() : pixels);
            Cv2.ImWrite(Path.Combine(sub, $"digit{i}.png"), image);
        }

        using (var large = new Mat(40, 40, MatType.CV_8UC1, Scalar.All(0)))
        {
            Cv2.ImWrite(Path.Combine(temp.Path, "7", "large.png"), large);
        }

        Directory.CreateDirectory(Path.Combine(temp.Path, "10"));
        File.WriteAllBytes(Path.Combine(temp.Path, "10", "ten.png"), File.ReadAllBytes(Directory.GetFiles(Path.Combine(temp.Path, "7"))[0]));

        // When
        LabeledFolder folder = LabeledFolder.Load(temp.Path, Reader.Value, asIs: true);

        // Then: every 28x28 image is MNIST's own pixels, with the label of its folder
        Assert.Equal(10, folder.Images.Count);
        for (int j = 0; j < 10; j++)
        {
            int i = int.Parse(Path.GetFileNameWithoutExtension(folder.Files[j])["digit".Length..]);
            Assert.Equal(mnist.Data.Test.Labels[i], folder.Images.Labels[j]);
            Assert.Equal(mnist.Data.Test.Images[i].ToArray(), folder.Images.Images[j].ToArray());
        }

        FolderProblem wrongSize = Assert.Single(folder.Skipped, p => p.Kind == FolderProblemKind.WrongSize);
        Assert.Contains("40x40", wrongSize.Reason);
        FolderProblem ten = Assert.Single(folder.Skipped, p => p.Kind == FolderProblemKind.NoLabel);
        Assert.EndsWith(Path.Combine("10", "ten.png"), ten.File);
        Assert.Equal(2, folder.Skipped.Count);
    }

    [Fact]
    public void Load_NothingUsable_SaysWhyNamingTheFolderAndFiles()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("7_not_an_image.png"), "text");

        var ex = Assert.Throws<DataFileException>(() => LabeledFolder.Load(temp.Path, Reader.Value));

        Assert.Contains(temp.Path, ex.Message);
        Assert.Contains("7_not_an_image.png", ex.Message);
        Assert.Throws<DataFileException>(() => LabeledFolder.Load(temp.File("missing"), Reader.Value));
    }
}
