using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace KooGallery.Supervision.AspNetCore;

/// <summary>
/// Reads an order number from a route of your own (a page at <c>/flows/{orderNumber}</c>, say) as the endpoints of
/// <c>MapServiceSupervision</c> read theirs. The server leaves an encoded slash (<c>%2F</c>) encoded in a route
/// value, so <c>A%2FB</c> may stand for the order <c>A/B</c> or for a literal <c>A%2FB</c> sent as <c>A%252FB</c>:
/// the request's raw target tells them apart. Thread-safe.
/// </summary>
/// <remarks>
/// The server decodes a path before routing except for <c>%2F</c>, which it leaves as it is (a decoded one would
/// split the segment), so an order number holding a <c>/</c> (the library's ids allow it, and the created flow's
/// Location encodes it) reaches the route as <c>%2F</c>. When the route value holds a <c>%2F</c>, its segment is taken
/// from the raw target, found by its place from the end of the path (which the route's pattern fixes, whatever the path
/// base or a proxy's prefix) after the raw path's dot segments are resolved as the server resolves them, and used only
/// if it decodes to the route value with its <c>%2F</c> kept. Otherwise (a server that keeps no raw target, a rewritten
/// path) each <c>%2F</c> is read as the slash it almost always is.
/// </remarks>
public static class SupervisionRouteValues
{
    private const string ParameterName = "orderNumber";

    /// <summary>
    /// Gets the order number the request's path names, from the route value of a route parameter named
    /// <c>orderNumber</c>.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="routeValue">The value routing gave the <c>orderNumber</c> parameter.</param>
    /// <returns>The order number: the route value itself unless it holds <c>%2F</c>, which the raw target decides; a
    /// server that keeps no raw target reads <c>%2F</c> as a slash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> or <paramref name="routeValue"/> is null.</exception>
    public static string OrderNumber(HttpContext context, string routeValue)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(routeValue);
        if (!routeValue.Contains("%2F", StringComparison.OrdinalIgnoreCase))
        {
            return routeValue;
        }

        var slashes = routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is not { Length: > 0 } raw
            || (context.GetEndpoint() as RouteEndpoint)?.RoutePattern is not { } pattern
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
