using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The order number a request's path names. The server decodes a path before routing except for <c>%2F</c>, which it
/// leaves as it is (a decoded one would split the segment), so an order number holding a <c>/</c> (the library's ids
/// allow it, and the created flow's Location encodes it) reaches the route as <c>%2F</c>; and a <c>%2F</c> left in a
/// route value may also be a literal <c>%2F</c> the client sent as <c>%252F</c>. Only the request's raw target tells
/// the two apart: when the route value holds a <c>%2F</c>, its segment is decoded from there (and without one, each
/// <c>%2F</c> is read as the slash it almost always is).
/// </summary>
internal static class RouteOrderNumber
{
    private const string ParameterName = "orderNumber";

    public static string Of(HttpContext http, string routeValue)
    {
        if (!routeValue.Contains("%2F", StringComparison.OrdinalIgnoreCase))
        {
            return routeValue;
        }

        // Without the raw target (a server that keeps none), the common case: an encoded slash.
        var slashes = routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (http.Features.Get<IHttpRequestFeature>()?.RawTarget is not { Length: > 0 } raw
            || (http.GetEndpoint() as RouteEndpoint)?.RoutePattern is not { } pattern)
        {
            return slashes;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = query < 0 ? raw : raw[..query];
        if (Uri.TryCreate(rawPath, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            rawPath = absolute.AbsolutePath; // a target in absolute form, as sent through a proxy
        }

        // The segment is found by its place from the end of the path, which the pattern fixes.
        var after = -1;
        for (var i = pattern.PathSegments.Count - 1; i >= 0; i--)
        {
            if (pattern.PathSegments[i].Parts.Any(part => part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: ParameterName }))
            {
                after = pattern.PathSegments.Count - 1 - i;
                break;
            }
        }

        var decoded = (http.Request.PathBase + http.Request.Path).Value!.TrimEnd('/').Split('/');
        var rawSegments = rawPath.TrimEnd('/').Split('/');
        if (after < 0 || decoded.Length != rawSegments.Length || after >= decoded.Length)
        {
            return slashes;
        }

        var index = decoded.Length - 1 - after;
        return decoded[index] == routeValue ? Uri.UnescapeDataString(rawSegments[index]) : slashes;
    }
}
