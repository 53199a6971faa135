using System.Text.Json;
using Digits.Web.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace Digits.Web.Hosting;

/// <summary>Gives the API's bodiless error responses (404, 405, 415, 413 from the framework) a JSON body that says what is wrong.</summary>
internal static class JsonStatusPages
{
    public static async Task Write(StatusCodeContext status)
    {
        HttpContext context = status.HttpContext;
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return;
        }

        string message = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"no API endpoint at {context.Request.Path}",
            StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}",
            StatusCodes.Status415UnsupportedMediaType => $"content type '{context.Request.ContentType}' is not accepted here; send application/json",
            StatusCodes.Status413PayloadTooLarge => "the request body is too large",
            int code => $"request failed with status {code}",
        };
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorResponse(message), JsonSerializerOptions.Web);
    }
}
