namespace Digits.Web.Api;

/// <summary>JSON error responses: <c>{"error": "what is wrong"}</c> with the right status code.</summary>
internal static class Errors
{
    public static IResult BadRequest(string message) => Results.Json(new ErrorResponse(message), statusCode: StatusCodes.Status400BadRequest);

    public static IResult TooLarge(string message) => Results.Json(new ErrorResponse(message), statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult Unsupported(string message) => Results.Json(new ErrorResponse(message), statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static IResult Unavailable(string message) => Results.Json(new ErrorResponse(message), statusCode: StatusCodes.Status503ServiceUnavailable);

    public static IResult NotFound(string message) => Results.Json(new ErrorResponse(message), statusCode: StatusCodes.Status404NotFound);
}
