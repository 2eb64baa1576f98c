using System.Net;
using System.Text.RegularExpressions;

namespace KooGallery.Supervision.Web.Tests;

/// <summary>A browser-like client of the pages: it keeps cookies, follows redirects and sends forms with their antiforgery token.</summary>
public sealed partial class PageClient(HttpClient client)
{
    public HttpClient Http => client;

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens a page, then posts a form to it (or to <paramref name="postTo"/>) with the page's antiforgery token.</summary>
    public async Task<(HttpStatusCode Status, string Html)> PostFormAsync(string page, IEnumerable<KeyValuePair<string, string>> fields, string? postTo = null)
    {
        var (_, html) = await GetAsync(page);
        var token = Token().Match(html);
        token.Success.Should().BeTrue($"the page {page} has a form with an antiforgery token");
        var form = fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(postTo ?? page, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpStatusCode Status, string Html)> SignInAsync(string role, string id) =>
        PostFormAsync("/signin", [new("role", role), new("id", id)]);

    /// <summary>The text of a page: tags removed, entities decoded, white space collapsed.</summary>
    public static string Text(string html) => Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
