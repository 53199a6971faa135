using System.Text.Json;
using Digits.Files;
using Digits.Profiles;
using Digits.Reports;
using Digits.Web.Hosting;
using OpenCvSharp;

namespace Digits.Web.Api;

/// <summary>
/// <c>/api/examples</c>: the browser's own profile of taught digits (identified by its <see cref="ProfileCookie"/>).
/// A correction stores the 28x28 input the server read, with the digit it really is; from then on that profile's
/// readings count it among the neighbours. Each profile sees and changes only its own examples; writes are
/// limited per profile (<see cref="WebOptions"/>) and answered 429 beyond that.
/// </summary>
internal static class ExampleEndpoints
{
    private const string NotOurs = "the profile cookie was not issued by this server (it has now been cleared: send the request again to start a new profile)";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/examples", Add)
            .Accepts<CorrectionRequest>("application/json")
            .Produces<ExampleAdded>(StatusCodes.Status201Created)
            .Produces<ExampleAdded>(StatusCodes.Status200OK)
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status429TooManyRequests)
            .WithSummary("Teach a correction: the 28x28 input a reading returned (digits[i].input) and the digit it really is; sets the profile cookie on the first one.");
        api.MapGet("/examples", List)
            .Produces<ExampleList>()
            .WithSummary("The examples taught by this browser's profile, oldest first.");
        api.MapGet("/examples/{file}", Image)
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .WithSummary("One of this profile's examples as a 28x28 PNG (/api/examples/<id>.png).");
        api.MapDelete("/examples/{id:long}", Delete)
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .WithSummary("Delete one of this profile's examples.");
        api.MapGet("/profile/export", Export)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithSummary("This profile's examples as a versioned, checksummed file (the format of 'digits profile export').");
        api.MapPost("/profile/import", Import)
            .Accepts<IFormFile>("multipart/form-data", "application/octet-stream")
            .Produces<ExampleList>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery()
            .WithSummary("Add the examples of an exported profile file to this profile: all of them, or none if the file is bad or too many.");
    }

    private static async Task<IResult> Add(HttpContext context, ProfileCookie cookie, ExampleStore store, CorrectionLimiter limiter, WebOptions options)
    {
        CorrectionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CorrectionRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Errors.BadRequest($"the body is not valid JSON: {ex.Message}");
        }

        if (request?.Digit is not int digit || digit is < 0 or > 9)
        {
            return Errors.BadRequest($"'digit' must be the digit the image really is, 0-9{(request?.Digit is int d ? $"; got {d}" : "; it is missing")}");
        }

        if (request.Pixels is not { Length: ExampleStore.ImageBytes } values)
        {
            return Errors.BadRequest($"'pixels' must hold the 784 values (28x28) of the input the reading returned, got {request.Pixels?.Length.ToString() ?? "none"}");
        }

        int bad = Array.FindIndex(values, v => v is < 0 or > 255);
        if (bad >= 0)
        {
            return Errors.BadRequest($"'pixels[{bad}]' is {values[bad]}; values must be 0-255");
        }

        if (values.Count(v => v > 0) < 10)
        {
            return Errors.BadRequest("the image holds no digit (it is blank): nothing to learn from");
        }

        ExampleSource source = request.Source switch
        {
            null or "drawing" => ExampleSource.Drawing,
            "photo" => ExampleSource.Photo,
            _ => (ExampleSource)(-1),
        };
        if (!Enum.IsDefined(source))
        {
            return Errors.BadRequest($"'source' must be \"drawing\" or \"photo\", got \"{request.Source}\"");
        }

        if (request.Key is { } key && !ExampleStore.IsClientKey(key))
        {
            return Errors.BadRequest("'key' must be 1 to 64 letters, digits, '-' or '_'");
        }

        if (cookie.ReadOrIssue(context) is not { } profile)
        {
            return Errors.BadRequest(NotOurs);
        }

        if (Limited(limiter, profile, context, options.CorrectionsPerMinute) is { } tooMany)
        {
            return tooMany;
        }

        try
        {
            byte[] image = values.Select(v => (byte)v).ToArray();
            var (example, added) = request.Key is null
                ? (store.Add(profile, image, digit, source, options.MaxExamplesPerProfile), true)
                : store.AddOnce(profile, request.Key, image, digit, source, options.MaxExamplesPerProfile);
            return Results.Json(new ExampleAdded(Dto(example), store.Count(profile), options.MaxExamplesPerProfile), statusCode: added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (ProfileFullException ex)
        {
            return TooMany(ex.Message, TimeSpan.Zero, context);
        }
    }

    private static IResult List(HttpContext context, ProfileCookie cookie, ExampleStore store, WebOptions options)
    {
        var (state, profile) = cookie.Read(context.Request);
        if (state == ProfileCookie.State.NotOurs)
        {
            cookie.ReadOrIssue(context);
            return Errors.BadRequest(NotOurs);
        }

        var examples = profile is null ? [] : store.List(profile);
        return Results.Ok(new ExampleList(examples.Count, options.MaxExamplesPerProfile, [.. examples.Select(Dto)]));
    }

    private static IResult Image(string file, HttpContext context, ProfileCookie cookie, ExampleStore store)
    {
        if (!file.EndsWith(".png", StringComparison.Ordinal) || !long.TryParse(file[..^4], out long id))
        {
            return Errors.NotFound($"expected /api/examples/<id>.png, got '{file}'");
        }

        var (_, profile) = cookie.Read(context.Request);
        PersonalExample? example = profile is null ? null : store.List(profile).FirstOrDefault(e => e.Id == id);
        if (example is null)
        {
            return Errors.NotFound($"this profile has no example {id}");
        }

        using Mat mat = DigitMosaic.ToMat(example.Image, 28, 28);
        Cv2.ImEncode(".png", mat, out byte[] png);
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.Bytes(png, "image/png");
    }

    private static IResult Delete(long id, HttpContext context, ProfileCookie cookie, ExampleStore store)
    {
        var (state, profile) = cookie.Read(context.Request);
        if (state == ProfileCookie.State.NotOurs)
        {
            cookie.ReadOrIssue(context);
            return Errors.BadRequest(NotOurs);
        }

        return profile is not null && store.Delete(profile, id) ? Results.NoContent() : Errors.NotFound($"this profile has no example {id}");
    }

    private static IResult Export(HttpContext context, ProfileCookie cookie, ExampleStore store)
    {
        var (_, profile) = cookie.Read(context.Request);
        var examples = profile is null ? [] : store.List(profile);
        if (examples.Count == 0)
        {
            return Errors.NotFound("this profile has no examples to export yet");
        }

        return Results.File(ProfileFile.ToBytes(profile!, examples), "application/octet-stream", "digits-profile.dpf");
    }

    private static async Task<IResult> Import(HttpContext context, ProfileCookie cookie, ExampleStore store, CorrectionLimiter limiter, WebOptions options)
    {
        byte[] bytes;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form.Files.Count == 0)
            {
                return Errors.BadRequest("expected a profile file: a multipart form with one file, or the file itself as the body");
            }

            using var memory = new MemoryStream();
            await form.Files[0].CopyToAsync(memory, context.RequestAborted);
            bytes = memory.ToArray();
        }
        else
        {
            using var memory = new MemoryStream();
            await context.Request.Body.CopyToAsync(memory, context.RequestAborted);
            bytes = memory.ToArray();
        }

        (string Profile, IReadOnlyList<PersonalExample> Examples) file;
        try
        {
            file = ProfileFile.Read(bytes, "the uploaded file");
        }
        catch (DataFileException ex)
        {
            return Errors.BadRequest(ex.Message);
        }

        if (cookie.ReadOrIssue(context) is not { } profile)
        {
            return Errors.BadRequest(NotOurs);
        }

        if (Limited(limiter, profile, context, options.CorrectionsPerMinute) is { } tooMany)
        {
            return tooMany;
        }

        try
        {
            store.AddAll(profile, [.. file.Examples.Select(e => e with { Source = ExampleSource.Import })], options.MaxExamplesPerProfile);
        }
        catch (ProfileFullException)
        {
            return TooMany($"importing {file.Examples.Count} examples would take this profile past its limit of {options.MaxExamplesPerProfile}; nothing was imported", TimeSpan.Zero, context);
        }

        var examples = store.List(profile);
        return Results.Ok(new ExampleList(examples.Count, options.MaxExamplesPerProfile, [.. examples.Select(Dto)]));
    }

    private static IResult? Limited(CorrectionLimiter limiter, string profile, HttpContext context, int perMinute)
    {
        var (allowed, retry) = limiter.TryTake(profile);
        return allowed ? null : TooMany($"too many corrections: at most {perMinute} a minute per profile; wait a little", retry, context);
    }

    private static IResult TooMany(string message, TimeSpan retry, HttpContext context)
    {
        if (retry > TimeSpan.Zero)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Json(new ErrorResponse(message), statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static ExampleDto Dto(PersonalExample e)
        => new(e.Id, e.Label, ExampleStore.SourceName(e.Source), e.Created.ToString("O", System.Globalization.CultureInfo.InvariantCulture), $"/api/examples/{e.Id}.png");
}
