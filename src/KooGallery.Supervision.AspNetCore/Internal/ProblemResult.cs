using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>A problem details answer written with the endpoints' JSON options, with <c>Retry-After</c> when known.</summary>
internal sealed class ProblemResult(ProblemDetails problem, Instant? retryAt) : IResult, IStatusCodeHttpResult, IValueHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => problem.Status;

    public object? Value => problem;

    public string ContentType => "application/problem+json";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (retryAt is { } at)
        {
            // An HTTP date has whole seconds: round up, so a client that waits for it is never early.
            var whole = Instant.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
            var seconds = whole == at ? at : whole + Duration.FromSeconds(1);
            httpContext.Response.Headers.RetryAfter = seconds.ToDateTimeOffset().ToString("R", CultureInfo.InvariantCulture);
        }

        return Results.Json(problem, HttpJson.Options, ContentType, problem.Status).ExecuteAsync(httpContext);
    }
}
