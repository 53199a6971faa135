using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Digits.Tests.Web;

/// <summary>One in-process instance of the web app (model loaded once) shared by the API tests. Any public type of Digits.Web anchors the factory.</summary>
public sealed class WebAppFixture : IDisposable
{
    /// <summary>The per-profile limits the test server runs with (smaller than the defaults, to reach them quickly).</summary>
    public const int MaxExamples = 30;

    public const int CorrectionsPerMinute = 40;

    private readonly TempFolder _store = new();

    public WebAppFixture()
    {
        Factory = new WebApplicationFactory<Digits.Web.Hosting.WebOptions>().WithWebHostBuilder(builder => builder
            .UseSetting("Digits:Data", TestPaths.MnistFolder)
            .UseSetting("Digits:Store", _store.File("examples.db"))
            .UseSetting("Digits:MaxExamplesPerProfile", $"{MaxExamples}")
            .UseSetting("Digits:CorrectionsPerMinute", $"{CorrectionsPerMinute}"));
        Client = Factory.CreateClient();
    }

    public WebApplicationFactory<Digits.Web.Hosting.WebOptions> Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        _store.Dispose();
    }
}
