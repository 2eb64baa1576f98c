using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The order number a request's path names. The server decodes a path before routing except for <c>%2F</c>, which it
/// leaves as it is (a decoded one would split the segment), so an order number holding a <c>/</c> (the library's ids
/// allow it, and the created flow's Location encodes it) reaches the route as <c>%2F</c>; and a <c>%2F</c> left in a
/// route value may also be a literal <c>%2F</c> the client sent as <c>%252F</c>. Only the request's raw target tells
/// the two apart: when the route value holds a <c>%2F</c>, its segment is taken from there, found by its place from
/// the end of the path (which the route's pattern fixes, whatever the path base or a proxy's prefix) after the raw
/// path's dot segments are resolved as the server resolves them, and used only if it decodes to the route value with
/// its <c>%2F</c> kept. Otherwise (a server that keeps no raw target, a rewritten path) each <c>%2F</c> is read as the
/// slash it almost always is.
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

        var slashes = routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (http.Features.Get<IHttpRequestFeature>()?.RawTarget is not { Length: > 0 } raw
            || (http.GetEndpoint() as RouteEndpoint)?.RoutePattern is not { } pattern
            || SegmentsAfterParameter(pattern) is not { } after)
        {
            return slashes;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = query < 0 ? raw : raw[..query];
        if (Uri.TryCreate(rawPath, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            rawPath = absolute.AbsolutePath; // a target in absolute form, as sent through a proxy
        }

        var segments = Resolved(rawPath.TrimEnd('/').Split('/'));
        if (after >= segments.Count)
        {
            return slashes;
        }

        var segment = segments[segments.Count - 1 - after];
        return string.Equals(DecodedKeepingSlashes(segment), routeValue, StringComparison.Ordinal) ? Uri.UnescapeDataString(segment) : slashes;
    }

    /// <summary>How many segments of the pattern follow the one holding the order number; null when none holds it.</summary>
    private static int? SegmentsAfterParameter(RoutePattern pattern)
    {
        for (var i = pattern.PathSegments.Count - 1; i >= 0; i--)
        {
            foreach (var part in pattern.PathSegments[i].Parts)
            {
                if (part is RoutePatternParameterPart { Name: ParameterName })
                {
                    return pattern.PathSegments.Count - 1 - i;
                }
            }
        }

        return null;
    }

    /// <summary>The raw segments with <c>.</c> and <c>..</c> (also when escaped) resolved, as the server resolves them before routing.</summary>
    private static List<string> Resolved(string[] rawSegments)
    {
        var resolved = new List<string>(rawSegments.Length);
        foreach (var segment in rawSegments)
        {
            var dots = segment.Replace("%2E", ".", StringComparison.OrdinalIgnoreCase);
            if (dots == ".")
            {
                continue;
            }

            if (dots == "..")
            {
                if (resolved.Count > 1)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            resolved.Add(segment);
        }

        return resolved;
    }

    /// <summary>A raw segment decoded as the server decodes a path: every escape but <c>%2F</c>, which stays as sent.</summary>
    private static string DecodedKeepingSlashes(string segment) =>
        Uri.UnescapeDataString(segment.Replace("%2F", "%252F", StringComparison.Ordinal).Replace("%2f", "%252f", StringComparison.Ordinal));
}
