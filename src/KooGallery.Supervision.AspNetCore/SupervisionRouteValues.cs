using KooGallery.Supervision.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;

namespace KooGallery.Supervision.AspNetCore;

/// <summary>
/// Reads an order number from a route of your own (a page at <c>/flows/{orderNumber}</c>, say) as the endpoints of
/// <c>MapServiceSupervision</c> read theirs. The server leaves an encoded slash (<c>%2F</c>) encoded in a route
/// value, so <c>A%2FB</c> may stand for the order <c>A/B</c> or for a literal <c>A%2FB</c> sent as <c>A%252FB</c>:
/// the request's raw target tells them apart. Thread-safe.
/// </summary>
public static class SupervisionRouteValues
{
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
        return RouteOrderNumber.Of(context, routeValue);
    }
}
