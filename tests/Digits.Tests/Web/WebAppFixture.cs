using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Digits.Tests.Web;

/// <summary>One in-process instance of the web app (model loaded once) shared by the API tests. Any public type of Digits.Web anchors the factory.</summary>
public sealed class WebAppFixture : IDisposable
{
    public WebAppFixture()
    {
        Factory = new WebApplicationFactory<Digits.Web.Hosting.WebOptions>().WithWebHostBuilder(builder => builder.UseSetting("Digits:Data", TestPaths.MnistFolder));
        Client = Factory.CreateClient();
    }

    public WebApplicationFactory<Digits.Web.Hosting.WebOptions> Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}
