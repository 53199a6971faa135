using Digits.Evaluation;
using Digits.Photos;
using Digits.Reports;

namespace Digits.Tests.Photos;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class RefusalSurveyTests(MnistFixture mnist, RejectionTests.ReaderFixture fixture) : IClassFixture<RejectionTests.ReaderFixture>
{
    [Fact]
    public void Measure_RealDigitsFirst_SeldomRefused_BesideTheKindsThatAreNotDigits()
    {
        IReadOnlyList<RefusalRate> rates = RefusalSurvey.Measure(fixture.Reader, mnist.Data.Test.Images.Slice(0, 300), "MNIST test");

        RefusalRate digits = rates[0];
        Assert.True(digits.AreDigits);
        Assert.Equal(300, digits.Count);
        Assert.True(digits.Share < 0.03, $"{digits.Refused}/{digits.Count} digits refused");
        Assert.All(rates.Skip(1), r => Assert.False(r.AreDigits));

        // Measured with the shipped model: 98.4% of clothes refused, letters in breip 67.5% (45% before the drawings'
        // score was fitted with letters), scribbles 74%.
        RefusalRate clothes = Assert.Single(rates, r => r.Kind.StartsWith("clothes", StringComparison.Ordinal));
        Assert.Equal(RefusalSurvey.Sample, clothes.Count);
        Assert.True(clothes.Share > 0.95, $"{clothes.Share:P1} of clothes refused");
        Assert.True(Assert.Single(rates, r => r.Kind == "letters and symbols (breip)").Share > 0.55);
        Assert.True(Assert.Single(rates, r => r.Kind == "scribbles").Share > 0.6);
    }

    [Fact]
    public void Chart_IsAPngWithARowPerKind()
    {
        using var temp = new TempFolder();
        RefusalRate[] rates = [new("real digits", 100, 1, true), new("clothes", 50, 49, false), new("nothing", 0, 0, false)];
        RefusalChart.Write(rates, temp.File("refusals.png"));
        using var chart = OpenCvSharp.Cv2.ImRead(temp.File("refusals.png"));
        Assert.Equal(120 + (60 * rates.Length), chart.Height);
        Assert.Equal(0, rates[2].Share);
    }
}
