using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>How the endpoints read a request's body. Thread-safe.</summary>
internal static class RequestBody
{
    /// <summary>
    /// Reads a request's JSON body: no body (or JSON null) is <see cref="NoBody{T}"/>; a body that is not JSON, is not
    /// valid for <typeparamref name="T"/>, or that the server stops reading is a Validation problem naming the field.
    /// </summary>
    public static async ValueTask<(T? Body, IResult? Invalid)> ReadAsync<T>(HttpContext http, bool required, CancellationToken cancellationToken, bool emptyIsNoInput = false)
        where T : class
    {
        var request = http.Request;
        if (request.ContentType is not null && !request.HasJsonContentType())
        {
            // A declared content type other than JSON is refused even with no byte: a browser sends text, form and
            // multipart bodies to another site without asking first, so a command must not run on one (cross-site
            // request forgery against a host that signs its users in with cookies).
            return (null, NotJson());
        }

        try
        {
            // Empty: no byte by its length, a request whose framing carries no body, or a body of unknown length
            // (chunked) whose first read ends it.
            var empty = request.ContentLength == 0
                || (request.ContentLength is null && (http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false
                    || await SendsNothingAsync(request, cancellationToken).ConfigureAwait(false)));
            if (empty)
            {
                return NoBody<T>(required, emptyIsNoInput);
            }

            if (!request.HasJsonContentType())
            {
                return (null, NotJson());
            }

            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, HttpJson.Options, cancellationToken).ConfigureAwait(false);
            return body is null ? NoBody<T>(required, emptyIsNoInput) : (body, null);
        }
        catch (BadHttpRequestException exception)
        {
            // The server stopped reading: a body over its size limit, or one that ended early.
            return (null, SupervisionProblemDetails.Validation([new FieldError("body", exception.Message)], "The body could not be read."));
        }
        catch (JsonException exception)
        {
            var field = BodyErrorText.FieldOf(exception.Path);
            return (null, SupervisionProblemDetails.Validation([new FieldError(field, BodyErrorText.Of(exception, typeof(T)))], "The body is not valid JSON for this request."));
        }
    }

    private static IResult NotJson() =>
        SupervisionProblemDetails.Validation([new FieldError("body", "Send the body as application/json.")], "The body is not JSON.");

    /// <summary>
    /// No body (none sent, or JSON null): fine where it is optional; for a command, the command with none of its input,
    /// which the library judges in its own order; else a Validation problem.
    /// </summary>
    private static (T? Body, IResult? Invalid) NoBody<T>(bool required, bool emptyIsNoInput)
        where T : class =>
        !required ? (null, null)
        : emptyIsNoInput ? (JsonSerializer.Deserialize<T>("{}"u8, HttpJson.Options), null)
        : (null, SupervisionProblemDetails.Validation([new FieldError("body", "The request needs a JSON body.")], "The request needs a JSON body."));

    /// <summary>
    /// Whether a body of unknown length holds no byte: its first byte is read from a buffered copy, which is then
    /// read again from the start.
    /// </summary>
    private static async ValueTask<bool> SendsNothingAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var first = new byte[1];
        var read = await request.Body.ReadAsync(first, cancellationToken).ConfigureAwait(false);
        request.Body.Position = 0;
        return read == 0;
    }
}
