using System.Globalization;
using KooGallery.Supervision.Internal;

namespace KooGallery.Supervision;

/// <summary>
/// The shape of every call, checked before any store is asked: ids, actors and search values obey the text rules of
/// ids (search, R29; command ids, R30), and a buyer or seller searches only its own flows (actors and access, R1).
/// </summary>
internal static class CallValidation
{
    /// <summary>Checks the ids of a call; a read has no command id (<paramref name="commandId"/> null is then not an error).</summary>
    public static SupervisionError? CheckIds(string? commandId, string? orderNumber, Actor? actor, bool isCommand = false)
    {
        List<FieldError>? errors = null;
        if (isCommand || commandId is not null)
        {
            CheckId(ref errors, nameof(SupervisionCommand.CommandId), commandId);
        }

        CheckId(ref errors, nameof(SupervisionCommand.OrderNumber), orderNumber);
        if (CheckActor(actor) is { } actorError)
        {
            (errors ??= []).AddRange(actorError.Fields);
        }

        return errors is null ? Authorizer.RefuseSystem(actor!) : Errors.Validation(errors);
    }

    /// <summary>
    /// Checks a search and narrows it to what the viewer may see: a buyer's or seller's search is limited to
    /// its own flows. Returns the narrowed query, or the refusal.
    /// </summary>
    public static SupervisionResult<FlowQuery> CheckQuery(FlowQuery query, Actor viewer, int maxPageSize)
    {
        if ((CheckActor(viewer) ?? Authorizer.RefuseSystem(viewer)) is { } actorError)
        {
            return actorError;
        }

        // The default page size follows a smaller maximum: a caller that names no size is never refused for it.
        if (query.PageSize == FlowQuery.DefaultPageSize && maxPageSize < FlowQuery.DefaultPageSize)
        {
            query = query with { PageSize = maxPageSize };
        }

        List<FieldError>? errors = null;
        CheckOptionalId(ref errors, nameof(FlowQuery.BuyerId), query.BuyerId);
        CheckOptionalId(ref errors, nameof(FlowQuery.SellerId), query.SellerId);
        CheckOptionalId(ref errors, nameof(FlowQuery.ProductId), query.ProductId);
        if (query.After is { } cursor)
        {
            CheckId(ref errors, nameof(FlowQuery.After) + "." + nameof(FlowCursor.OrderNumber), cursor.OrderNumber);
        }

        if (query.Stage is { } stage && !Enum.IsDefined(stage))
        {
            (errors ??= []).Add(new FieldError(nameof(FlowQuery.Stage), "The stage is not one of the stages of a flow."));
        }

        if (query.Status is { } status && !Enum.IsDefined(status))
        {
            (errors ??= []).Add(new FieldError(nameof(FlowQuery.Status), "The order status must be Processing, Completed or Closed."));
        }

        if (query.PageSize < 1 || query.PageSize > maxPageSize)
        {
            (errors ??= []).Add(new FieldError(nameof(FlowQuery.PageSize),
                string.Create(CultureInfo.InvariantCulture, $"The page size must be between 1 and {maxPageSize}; it was {query.PageSize}.")));
        }

        if (query.WaitingOn is { } waitingOn && (CheckActor(waitingOn) is not null || waitingOn.Role is ActorRole.System))
        {
            (errors ??= []).Add(new FieldError(nameof(FlowQuery.WaitingOn), "WaitingOn must be a buyer, a seller or an operations manager with an id."));
        }
        else if (query.After is { DecisionDueAt: null } && query.WaitingOn is { Role: ActorRole.OperationsManager })
        {
            (errors ??= []).Add(new FieldError(nameof(FlowQuery.After),
                "The appeal queue is ordered by decision deadline: pass the FlowPage.Next cursor of its previous page, which carries it."));
        }
        else if (query.After is { DecisionDueAt: not null } && query.WaitingOn is not { Role: ActorRole.OperationsManager })
        {
            (errors ??= []).Add(new FieldError(nameof(FlowQuery.After),
                "This cursor is a place in the appeal queue (it carries a decision deadline); a search in placement order takes the FlowPage.Next cursor of its own previous page."));
        }

        if (errors is not null)
        {
            return Errors.Validation(errors);
        }

        return viewer.Role switch
        {
            ActorRole.Buyer when query.BuyerId is not null && query.BuyerId != viewer.Id => Errors.SearchOthersFlows(viewer),
            ActorRole.Seller when query.SellerId is not null && query.SellerId != viewer.Id => Errors.SearchOthersFlows(viewer),
            ActorRole.Buyer => query with { BuyerId = viewer.Id },
            ActorRole.Seller => query with { SellerId = viewer.Id },
            _ => query,
        };
    }

    private static SupervisionError? CheckActor(Actor? actor)
    {
        List<FieldError>? errors = null;
        if (actor is null)
        {
            errors = [new FieldError(nameof(Actor), "The actor is required.")];
        }
        else
        {
            CheckId(ref errors, nameof(Actor) + "." + nameof(Actor.Id), actor.Id);
            if (!Enum.IsDefined(actor.Role))
            {
                (errors ??= []).Add(new FieldError(nameof(Actor) + "." + nameof(Actor.Role), "The role must be Buyer, Seller, OperationsManager or System."));
            }
        }

        return errors is null ? null : Errors.Validation(errors);
    }

    private static void CheckOptionalId(ref List<FieldError>? errors, string field, string? value)
    {
        if (value is not null)
        {
            CheckId(ref errors, field, value);
        }
    }

    private static void CheckId(ref List<FieldError>? errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            (errors ??= []).Add(new FieldError(field, $"{field} is required and may not be empty."));
        }
        else if (value.Length > ServiceSupervisor.MaxIdLength)
        {
            (errors ??= []).Add(new FieldError(field, string.Create(CultureInfo.InvariantCulture, $"{field} has {value.Length} characters; at most {ServiceSupervisor.MaxIdLength} are allowed.")));
        }
        else if (TextRules.Problem(value, freeText: false) is { } problem)
        {
            (errors ??= []).Add(new FieldError(field, $"{field} {problem}."));
        }
    }
}
