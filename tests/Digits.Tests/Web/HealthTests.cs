using System.Net;
using System.Text.Json;
using Digits.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Digits.Tests.Web;

[Trait("Category", "Mnist")]
public sealed class HealthTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Ready_AfterTheModelLoadsAndAPhotoIsRead_Is200_AndLiveIs200()
    {
        // Given: the shared app, loading its model from the moment it started
        HttpResponseMessage ready = await app.Client.GetAsync("/health/ready");
        for (int i = 0; i < 240 && ready.StatusCode != HttpStatusCode.OK; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode); // while loading, never anything else
            await Task.Delay(500);
            ready = await app.Client.GetAsync("/health/ready");
        }

        // Then
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live")).StatusCode);
        var health = JsonDocument.Parse(await app.Client.GetStringAsync("/api/health")).RootElement;
        Assert.Equal(JsonValueKind.Null, health.GetProperty("photoProblem").ValueKind);
        Assert.True(health.GetProperty("memory").GetProperty("workingSetMb").GetDouble() > 10);
    }

    [Fact]
    public async Task Page_AnswersHead()
    {
        var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Ready_WhenTheModelCannotLoad_Is503WithTheReason_WhileLiveIs200()
    {
        // Given: an app whose model file does not exist
        using var broken = new WebApplicationFactory<WebOptions>().WithWebHostBuilder(builder => builder.UseSetting("Digits:Model", "/nonexistent/model.knn").UseSetting("Digits:Store", TestPaths.TempStore()));
        using var client = broken.CreateClient();

        // When: the load has had time to fail
        HttpResponseMessage ready = await client.GetAsync("/health/ready");
        for (int i = 0; i < 100 && !(await ready.Content.ReadAsStringAsync()).Contains("could not be loaded"); i++)
        {
            await Task.Delay(100);
            ready = await client.GetAsync("/health/ready");
        }

        // Then
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("could not be loaded", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Readiness_BeforeLoading_IsNotReady()
    {
        // Given: a model host that has not started loading
        var host = new ModelHost(new WebOptions { DataDirectory = TestPaths.MnistFolder }, NullLogger<ModelHost>.Instance);

        // Then: the check says why
        var result = await new ReadinessCheck(host).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
        Assert.Equal("the model is still loading", result.Description);
    }
}

[Trait("Category", "Mnist")]
public sealed class NetworkModelServingTests
{
    [Fact]
    public async Task Serve_ANetworkFile_BecomesReady_AndReadsADrawing()
    {
        // Given: the shipped network saved as a model file, served instead of the default model
        using var folder = new TempFolder();
        string file = folder.File("net.nn");
        Digits.Files.ConvNetFile.Save(Digits.Models.PretrainedNetwork.Members[0], file);
        using var factory = new WebApplicationFactory<WebOptions>().WithWebHostBuilder(builder => builder.UseSetting("Digits:Model", file).UseSetting("Digits:Store", TestPaths.TempStore()));
        using var client = factory.CreateClient();

        // When: it is ready
        HttpResponseMessage ready = await client.GetAsync("/health/ready");
        for (int i = 0; i < 100 && ready.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(200);
            ready = await client.GetAsync("/health/ready");
        }

        // Then: a drawn digit is read, and there are no training images to show
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var mnist = Digits.Data.MnistData.Load(TestPaths.MnistFolder);
        byte[] seven = mnist.Test.Images[0].ToArray();
        var response = await client.PostAsync("/api/recognize/pixels", System.Net.Http.Json.JsonContent.Create(new { pixels = seven.Select(b => (int)b).ToArray() }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(mnist.Test.Labels[0].ToString(), body.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/training/0.png")).StatusCode);
    }
}
