using System.Text.Json;
using KooGallery.Supervision.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KooGallery.Supervision.AspNetCore;

/// <summary>
/// The HTTP form of a refusal (<see cref="SupervisionError"/>): an RFC 9457 problem details document with one documented
/// status per <see cref="SupervisionErrorCode"/>. The endpoints of <c>MapServiceSupervision</c> answer with it; use it
/// in endpoints of your own so that every refusal of your API looks the same.
/// </summary>
/// <remarks>
/// <para>The statuses: <c>Validation</c> 400, <c>Forbidden</c> 403, <c>NotFound</c> 404, <c>NotPermittedInStage</c>
/// 409, <c>Frozen</c> 409, <c>ConditionNotMet</c> 409, <c>Conflict</c> 409, except a <c>Conflict</c> of reason
/// <see cref="SupervisionErrorReason.StaleVersion"/> (an <c>If-Match</c> or <see cref="SupervisionCommand.ExpectedVersion"/>
/// on a version the flow no longer has), which is 412. A request without a known caller is 401 (no code of the library).</para>
/// <para>The document: <c>type</c> (<c>urn:koogallery:supervision:</c> and the code), <c>title</c>, <c>status</c>,
/// <c>detail</c> (the library's message, which says what to do), and the extensions <c>code</c> (the stable code),
/// <c>reason</c> (the finer stable reason), <c>stage</c>, <c>errors</c> (for <c>Validation</c>: each field's messages, under the field's name in the JSON contract's camelCase),
/// <c>permittedActions</c> (for <c>NotPermittedInStage</c>), <c>conditions</c> (for <c>ConditionNotMet</c>) and
/// <c>retryAt</c> (when the refused action will next be allowed; also sent as a <c>Retry-After</c> header). Thread-safe.</para>
/// </remarks>
public static class SupervisionProblemDetails
{
    /// <summary>The prefix of every problem <c>type</c> of the library: the code follows it.</summary>
    public const string TypePrefix = "urn:koogallery:supervision:";

    /// <summary>The <c>type</c> of the 401 problem: the request has no caller the supervision knows.</summary>
    public const string UnauthenticatedType = TypePrefix + "Unauthenticated";

    /// <summary>Gets the HTTP status of a code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The status: 400, 403, 404 or 409.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not a defined code.</exception>
    public static int StatusCodeFor(SupervisionErrorCode code) => code switch
    {
        SupervisionErrorCode.Validation => StatusCodes.Status400BadRequest,
        SupervisionErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        SupervisionErrorCode.NotFound => StatusCodes.Status404NotFound,
        SupervisionErrorCode.NotPermittedInStage => StatusCodes.Status409Conflict,
        SupervisionErrorCode.Frozen => StatusCodes.Status409Conflict,
        SupervisionErrorCode.ConditionNotMet => StatusCodes.Status409Conflict,
        SupervisionErrorCode.Conflict => StatusCodes.Status409Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not a code of the library."),
    };

    /// <summary>Gets the HTTP status of a refusal: the status of its code, or 412 for a stale version.</summary>
    /// <param name="error">The refusal.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static int StatusCodeFor(SupervisionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code == SupervisionErrorCode.Conflict && error.Reason == SupervisionErrorReason.StaleVersion
            ? StatusCodes.Status412PreconditionFailed
            : StatusCodeFor(error.Code);
    }

    /// <summary>
    /// The name of a field in the JSON contract's spelling: each property of the library's path in camelCase
    /// (<c>StatementOfWork.Uri</c> is <c>statementOfWork.uri</c>, <c>FurtherProofs[1].Name</c> is
    /// <c>furtherProofs[1].name</c>, <c>PageSize</c> is <c>pageSize</c>), and whatever follows a template map
    /// (<c>Fields</c>, <c>Criteria</c>, in any case) exactly as given, since it is the template's own field name. A name
    /// that does not start with a capital (a path the body's reader gave, <c>criteria.Up.Time</c>) is kept.
    /// </summary>
    internal static string JsonFieldName(string field)
    {
        if (field.Length == 0 || !char.IsUpper(field[0]))
        {
            return field;
        }

        var headLength = field.AsSpan().IndexOfAny('.', '[');
        var head = headLength < 0 ? field : field[..headLength];
        return head.Equals("Fields", StringComparison.OrdinalIgnoreCase) || head.Equals("Criteria", StringComparison.OrdinalIgnoreCase)
            ? JsonNamingPolicy.CamelCase.ConvertName(head) + field[head.Length..]
            : string.Join('.', field.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
    }

    /// <summary>Builds the problem details document of a refusal.</summary>
    /// <param name="error">The refusal.</param>
    /// <param name="instance">The <c>instance</c> member, for example the request path; optional.</param>
    /// <returns>The document; an <see cref="HttpValidationProblemDetails"/> when the refusal names fields.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static ProblemDetails ToProblemDetails(this SupervisionError error, string? instance = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var problem = error.Fields.Count == 0
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(error.Fields
                .GroupBy(field => JsonFieldName(field.Field), StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Select(field => field.Message).ToArray(), StringComparer.Ordinal));
        problem.Type = TypePrefix + error.Code;
        problem.Title = Title(error.Code);
        problem.Status = StatusCodeFor(error);
        problem.Detail = error.Message;
        problem.Instance = instance;
        problem.Extensions["code"] = error.Code.ToString();
        if (error.Reason is not null)
        {
            problem.Extensions["reason"] = error.Reason;
        }

        if (error.Stage is { } stage)
        {
            problem.Extensions["stage"] = stage.ToString();
        }

        // A stage's refusal always says what the caller may do now, even when that is nothing (R27).
        if (error.PermittedActions.Count > 0 || error.Code == SupervisionErrorCode.NotPermittedInStage)
        {
            problem.Extensions["permittedActions"] = error.PermittedActions.Select(action => action.ToString()).ToArray();
        }

        if (error.Conditions.Count > 0)
        {
            problem.Extensions["conditions"] = error.Conditions.ToArray();
        }

        if (error.RetryAt is { } retryAt)
        {
            problem.Extensions["retryAt"] = retryAt;
        }

        return problem;
    }

    /// <summary>
    /// Makes the HTTP answer of a refusal: its problem details as <c>application/problem+json</c> with its status,
    /// written with <see cref="SupervisionJson"/>'s contract, with a <c>Retry-After</c> header when the refusal
    /// says when to retry.
    /// </summary>
    /// <param name="error">The refusal.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static IResult ToHttpResult(this SupervisionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ProblemResult(error.ToProblemDetails(), error.RetryAt);
    }

    /// <summary>
    /// Makes the HTTP answer of a call: 200 with the value as JSON (<see cref="SupervisionJson"/>'s contract), or the
    /// refusal's problem details (<see cref="ToHttpResult(SupervisionError)"/>).
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="result">The result of a call of the library.</param>
    /// <returns>The HTTP result.</returns>
    public static IResult ToHttpResult<T>(this SupervisionResult<T> result) =>
        result.IsSuccess ? Results.Json(result.Value, HttpJson.Options) : result.Error.ToHttpResult();

    /// <summary>
    /// The answer the endpoints give a request with no caller they know: 401 with a problem details document whose
    /// code is <c>Unauthenticated</c>. An authentication scheme's own challenge (a cookie scheme's redirect, a bearer
    /// scheme's bare 401) runs before the endpoints when they require authorization: answer it with this result to
    /// keep every refusal a problem document, as the web sample does.
    /// </summary>
    /// <returns>The HTTP result.</returns>
    public static IResult UnauthenticatedResult() => new ProblemResult(Unauthenticated(), retryAt: null);

    internal static ProblemDetails Unauthenticated() => new()
    {
        Type = UnauthenticatedType,
        Title = "Not signed in",
        Status = StatusCodes.Status401Unauthorized,
        Detail = "The request has no caller the supervision knows: sign in as a buyer, a seller or an operations manager.",
        Extensions = { ["code"] = "Unauthenticated" },
    };

    internal static IResult Validation(IReadOnlyList<FieldError> fields, string message) => new SupervisionError
    {
        Code = SupervisionErrorCode.Validation,
        Reason = SupervisionErrorReason.InvalidInput,
        Message = message,
        Fields = fields,
    }.ToHttpResult();

    private static string Title(SupervisionErrorCode code) => code switch
    {
        SupervisionErrorCode.Validation => "The input is invalid",
        SupervisionErrorCode.Forbidden => "The caller may not do this",
        SupervisionErrorCode.NotFound => "No such flow",
        SupervisionErrorCode.NotPermittedInStage => "Not permitted in the flow's stage",
        SupervisionErrorCode.Frozen => "The flow is frozen by an appeal",
        SupervisionErrorCode.ConditionNotMet => "A condition does not hold yet",
        SupervisionErrorCode.Conflict => "Conflict",
        _ => code.ToString(),
    };
}
