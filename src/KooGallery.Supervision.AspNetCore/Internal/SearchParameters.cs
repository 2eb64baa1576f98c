using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>
/// The query string of GET <c>flows</c>, each parameter as text so that a bad value is answered like every other
/// refusal (a Validation problem naming the parameter), then turned into a <see cref="FlowQuery"/>.
/// </summary>
internal sealed class SearchParameters
{
    [Description("The buyer whose flows to find.")]
    [FromQuery(Name = "buyerId")]
    public string? BuyerId { get; init; }

    [Description("The seller whose flows to find.")]
    [FromQuery(Name = "sellerId")]
    public string? SellerId { get; init; }

    [Description("The product whose flows to find.")]
    [FromQuery(Name = "productId")]
    public string? ProductId { get; init; }

    [Description("The stage to find, by name, for example InService.")]
    [FromQuery(Name = "stage")]
    public string? Stage { get; init; }

    [Description("The order status to find: Processing, Completed or Closed.")]
    [FromQuery(Name = "status")]
    public string? Status { get; init; }

    [Description("The first placement instant to include, ISO 8601 in UTC, for example 2026-03-02T09:00:00Z.")]
    [FromQuery(Name = "placedFrom")]
    public string? PlacedFrom { get; init; }

    [Description("The placement instant to stop before (exclusive), ISO 8601 in UTC.")]
    [FromQuery(Name = "placedBefore")]
    public string? PlacedBefore { get; init; }

    [Description("true for stalled flows only, false for flows not stalled.")]
    [FromQuery(Name = "stalled")]
    public string? Stalled { get; init; }

    [Description("true for flows under appeal only, false for flows not under appeal.")]
    [FromQuery(Name = "underAppeal")]
    public string? UnderAppeal { get; init; }

    [Description("true for the flows waiting on the caller; for an operations manager, the appeal queue, oldest decision deadline first.")]
    [FromQuery(Name = "waitingOnMe")]
    public string? WaitingOnMe { get; init; }

    [Description("The page size; 50 when left out.")]
    [FromQuery(Name = "pageSize")]
    public string? PageSize { get; init; }

    [Description("The next cursor of the previous page, as it was given.")]
    [FromQuery(Name = "after")]
    public string? After { get; init; }

    public (FlowQuery Query, IReadOnlyList<FieldError> Errors) ToQuery(Actor caller)
    {
        var errors = new List<FieldError>();
        var query = new FlowQuery
        {
            BuyerId = BuyerId,
            SellerId = SellerId,
            ProductId = ProductId,
            Stage = EnumOf<Stage>(Stage, "stage", errors),
            Status = EnumOf<OrderStatus>(Status, "status", errors),
            PlacedFrom = InstantOf(PlacedFrom, "placedFrom", errors),
            PlacedBefore = InstantOf(PlacedBefore, "placedBefore", errors),
            Stalled = BoolOf(Stalled, "stalled", errors),
            UnderAppeal = BoolOf(UnderAppeal, "underAppeal", errors),
            WaitingOn = BoolOf(WaitingOnMe, "waitingOnMe", errors) == true ? caller : null,
        };
        if (PageSize is not null)
        {
            if (int.TryParse(PageSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                query = query with { PageSize = size };
            }
            else
            {
                errors.Add(new FieldError("pageSize", $"'{PageSize}' is not a page size: give a whole number."));
            }
        }

        if (After is not null)
        {
            if (SearchCursor.TryRead(After) is { } cursor)
            {
                query = query with { After = cursor };
            }
            else
            {
                errors.Add(new FieldError("after", "Not a cursor of this API: pass the next cursor of the previous page as it was given."));
            }
        }

        return (query, errors);
    }

    private static T? EnumOf<T>(string? text, string name, List<FieldError> errors)
        where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        // One of the names exactly (in any case): not a number, a list of names or a name with spaces around it,
        // which Enum.TryParse would all take.
        foreach (var candidate in Enum.GetNames<T>())
        {
            if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse<T>(candidate);
            }
        }

        errors.Add(new FieldError(name, $"'{text}' is not a {typeof(T).Name}: give one of {string.Join(", ", Enum.GetNames<T>())}."));
        return null;
    }

    private static NodaTime.Instant? InstantOf(string? text, string name, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        var parsed = InstantPattern.ExtendedIso.Parse(text);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        errors.Add(new FieldError(name, $"'{text}' is not an instant: give ISO 8601 in UTC, for example 2026-03-02T09:00:00Z."));
        return null;
    }

    private static bool? BoolOf(string? text, string name, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        // Exactly true or false (in any case): bool.TryParse would also take spaces around them.
        if (string.Equals(text, bool.TrueString, StringComparison.OrdinalIgnoreCase) || string.Equals(text, bool.FalseString, StringComparison.OrdinalIgnoreCase))
        {
            return text.Length == 4;
        }

        errors.Add(new FieldError(name, $"'{text}' is not true or false."));
        return null;
    }
}
