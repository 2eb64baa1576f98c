using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The flow version as an HTTP entity tag: a view's <c>ETag</c> is its version in double quotes (<c>"7"</c>), and a
/// command's <c>If-Match</c> names the versions it may act on. Thread-safe.
/// </summary>
internal static class FlowETag
{
    /// <summary>Sets the response's <c>ETag</c> to the version.</summary>
    public static void Set(HttpContext http, long version) =>
        http.Response.Headers.ETag = Of(version);

    /// <summary>
    /// The version a command may act on, from its <c>If-Match</c> (RFC 9110, 13.1.1): none without the header or with
    /// <c>*</c>; else one of the listed entity tags, compared strongly and to the letter, so a weak tag or one this API
    /// never sent (<c>W/"7"</c>, <c>"07"</c>, <c>"x"</c>) never matches. With one tag, its version: the library refuses
    /// the command as StaleVersion when the flow is at another, after checking the caller and a retry's command id.
    /// With several, the stored version when it is one of them, else the first, which the library then refuses the same
    /// way: read as stored, without catching up due timers or saving anything, since the command authorizes its caller
    /// first (a stranger's or a wrong role's command is refused before any timer is caught up) and then refuses a version
    /// read before a timer fell due. A header with no tag that can match, or with <c>*</c> among other tags, is refused
    /// at once.
    /// </summary>
    public static async ValueTask<(long? Version, IResult? Refused)> ExpectedVersionAsync(HttpContext http, string orderNumber, CancellationToken cancellationToken)
    {
        var ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return (null, null);
        }

        var versions = new List<long>();
        if (EntityTagHeaderValue.TryParseStrictList(ifMatch, out var tags))
        {
            foreach (var tag in tags)
            {
                if (tag.Equals(EntityTagHeaderValue.Any))
                {
                    // Any current version (the flow must exist, which the command checks anyway), but only alone.
                    return tags.Count == 1 ? (null, null) : (null, AnyAmongOthers(ifMatch.ToString()));
                }

                if (!tag.IsWeak && Version(tag.Tag.Value) is { } version)
                {
                    versions.Add(version);
                }
            }
        }

        if (versions.Count == 0)
        {
            return (null, new SupervisionError
            {
                Code = SupervisionErrorCode.Conflict,
                Reason = SupervisionErrorReason.StaleVersion,
                Message = $"If-Match '{ifMatch}' names no ETag of this API: send back the ETag of a view (a version in double quotes).",
            }.ToHttpResult());
        }

        if (versions.Count == 1)
        {
            return (versions[0], null);
        }

        var stored = await http.RequestServices.GetRequiredService<IServiceFlowStore>().LoadAsync(orderNumber, cancellationToken).ConfigureAwait(false);
        return (stored is not null && versions.Contains(stored.Version) ? stored.Version : versions[0], null);
    }

    private static IResult AnyAmongOthers(string ifMatch) => new SupervisionError
    {
        Code = SupervisionErrorCode.Conflict,
        Reason = SupervisionErrorReason.StaleVersion,
        Message = $"If-Match '{ifMatch}' lists '*' among other tags; '*' stands alone (any version), or send the ETags of views.",
    }.ToHttpResult();

    private static string Of(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>The version an entity tag holds, when it is one this API sends: digits in quotes, written as <see cref="Of"/> writes them.</summary>
    private static long? Version(string? quoted) =>
        quoted is { Length: > 2 } && long.TryParse(quoted.AsSpan(1, quoted.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && string.Equals(quoted, Of(version), StringComparison.Ordinal)
            ? version
            : null;
}
