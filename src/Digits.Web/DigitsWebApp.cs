using Digits.Files;
using Digits.Profiles;
using Digits.Web.Api;
using Digits.Web.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Digits.Web;

/// <summary>
/// Builds the Digits web app: the page (draw, upload or snap a digit), the JSON API, the OpenAPI document.
/// Binds to http://127.0.0.1:5000 unless <c>--urls</c> (or ASPNETCORE_URLS) says otherwise. Settings come from
/// configuration: <c>Digits:Data</c> (MNIST folder), <c>Digits:Model</c> (a model file), <c>Digits:Store</c>
/// (the SQLite file of taught examples), <c>Digits:MaxExamplesPerProfile</c>, <c>Digits:CorrectionsPerMinute</c> and
/// <c>Digits:DeviceNetwork</c> (the network file the phone app runs on the device).
/// </summary>
public static class DigitsWebApp
{
    /// <summary>The address used when none is configured: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Creates the app from command-line style arguments (for example <c>--urls</c>, <c>--Digits:Data=DIR</c>).</summary>
    /// <param name="args">Arguments.</param>
    /// <returns>The app, ready to run.</returns>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(DigitsWebApp).Assembly.GetName().Name,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            return new WebOptions
            {
                DataDirectory = config["Digits:Data"],
                ModelFile = config["Digits:Model"],
                HeapHeadroomMb = int.TryParse(config["Digits:HeapHeadroomMb"], out int headroom) ? headroom : 0,
                StorePath = config["Digits:Store"],
                MaxExamplesPerProfile = int.TryParse(config["Digits:MaxExamplesPerProfile"], out int most) ? most : 2000,
                CorrectionsPerMinute = int.TryParse(config["Digits:CorrectionsPerMinute"], out int perMinute) ? perMinute : 60,
                DeviceNetworkFile = config["Digits:DeviceNetwork"],
            };
        });
        builder.Services.AddSingleton(sp => ExampleStore.Open(sp.GetRequiredService<WebOptions>().StorePath ?? StoreLocation.Default()));
        builder.Services.AddSingleton<ProfileCookie>();
        builder.Services.AddSingleton<PersonalReaders>();
        builder.Services.AddSingleton<CorrectionLimiter>();
        builder.Services.AddSingleton<ModelHost>();
        builder.Services.AddSingleton<PhotoWorkers>();
        builder.Services.AddSingleton<DrawingWorkers>();
        builder.Services.AddDigitsHealthChecks();
        builder.Services.AddOpenApi();
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024);
        builder.AddOverloadProtection();

        var app = builder.Build();
        app.Services.GetRequiredService<ExampleStore>(); // a store that cannot be opened stops the start, with its reason
        app.UseSecurityHeaders();
        app.UseStatusCodePages(JsonStatusPages.Write);
        app.UseOverloadProtection();
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<ModelHost>().Start());

        EmbeddedAssets.Load(app.Services.GetRequiredService<WebOptions>().DeviceNetworkFile).Map(app); // a device network that cannot be read stops the start
        app.MapDigitsHealthChecks();
        app.MapOpenApi();
        var api = app.MapGroup("/api");
        api.MapGet("/health", (ModelHost host) =>
        {
            var ready = host.Status == "ready" ? host.Model.Result : null;
            return Results.Ok(new HealthResponse(host.Status, ready?.Classifier.Description, ready?.Training?.Count, ready?.PhotoProblem, MemoryDto.Now()));
        }).WithSummary("Whether the model is loaded, whether photos can be read, and the server's memory (always 200; /health/ready is the probe for load balancers).");
        api.MapPost("/recognize", PhotoEndpoint.Handle)
            .Accepts<IFormFile>("multipart/form-data", "image/png", "image/jpeg", "image/webp", "image/bmp", "image/tiff", "application/octet-stream")
            .Produces<RecognitionResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorResponse>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery()
            .WithSummary("Read the digits in a photo (multipart form with one file, or the image as the body); ?stages=true adds the pipeline stages as PNG data URLs.");
        api.MapPost("/recognize/pixels", PixelEndpoint.Handle)
            .Accepts<PixelRequest>("application/json")
            .Produces<RecognitionResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Read a digit drawn as 784 grey values (28x28, 0 = background, 255 = ink).");
        ExampleEndpoints.Map(api);
        api.MapGet("/training/{file}", TrainingImageEndpoint.Handle)
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .WithSummary("A training digit as a 28x28 PNG (white ink on black, as the model sees it).");
        return app;
    }
}
