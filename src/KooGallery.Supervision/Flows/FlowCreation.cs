using System.Globalization;
using KooGallery.Supervision.Timers;

namespace KooGallery.Supervision;

/// <summary>Checks, compares and builds new flows (rules R2 to R5).</summary>
internal static class FlowCreation
{
    /// <summary>
    /// Checks everything of a new order that does not depend on its policy: ids, product kind, amount, currency,
    /// placement and templates (at most <see cref="SupervisionPolicy.MaxTemplateFieldsLimit"/> fields each). Every
    /// text is checked so that a store keeps it exactly (creating twice, R3: the same data must compare equal when
    /// sent again).
    /// </summary>
    public static List<FieldError> Validate(NewServiceFlow order)
    {
        var errors = new List<FieldError>();
        Id(errors, nameof(order.OrderNumber), order.OrderNumber);
        Id(errors, nameof(order.BuyerId), order.BuyerId);
        Id(errors, nameof(order.SellerId), order.SellerId);
        Id(errors, nameof(order.ProductId), order.ProductId);
        if (!Enum.IsDefined(order.ProductKind))
        {
            errors.Add(new FieldError(nameof(order.ProductKind), "The product kind is not one of the defined kinds."));
        }

        if (order.AmountPaid < 0)
        {
            errors.Add(new FieldError(nameof(order.AmountPaid), "The amount paid may not be negative."));
        }
        else if (order.AmountPaid > NewServiceFlow.MaxAmountPaid)
        {
            errors.Add(new FieldError(nameof(order.AmountPaid), string.Create(CultureInfo.InvariantCulture,
                $"The amount paid {order.AmountPaid} is more than the largest supported amount, {NewServiceFlow.MaxAmountPaid:N0}.")));
        }

        if (!IsCurrencyCode(order.Currency))
        {
            errors.Add(new FieldError(nameof(order.Currency),
                "The currency must be an ISO 4217 code of exactly three upper-case letters A to Z, such as \"EUR\", \"USD\" or \"CNY\"."));
        }

        if (order.PlacedAt < NewServiceFlow.MinPlacedAt || order.PlacedAt > NewServiceFlow.MaxPlacedAt)
        {
            errors.Add(new FieldError(nameof(order.PlacedAt), string.Create(CultureInfo.InvariantCulture,
                $"The placement {order.PlacedAt} lies outside the supported range {NewServiceFlow.MinPlacedAt} to {NewServiceFlow.MaxPlacedAt}; give the instant the order was paid.")));
        }

        if (!string.IsNullOrWhiteSpace(order.BuyerId) && string.Equals(order.BuyerId, order.SellerId, StringComparison.Ordinal))
        {
            errors.Add(new FieldError(nameof(order.SellerId), "The buyer and the seller must be different parties."));
        }

        Template(errors, nameof(order.RequestTemplate), order.RequestTemplate, SupervisionPolicy.MaxTemplateFieldsLimit);
        Template(errors, nameof(order.DeliveryTemplate), order.DeliveryTemplate, SupervisionPolicy.MaxTemplateFieldsLimit);
        return errors;
    }

    /// <summary>
    /// Checks what of a new order depends on the policy it will keep (policy versions, R33): the number of template fields
    /// (<see cref="SupervisionPolicy.MaxTemplateFields"/>). Call it after <see cref="Validate(NewServiceFlow)"/>
    /// found nothing, with the policy in force at the placement.
    /// </summary>
    public static List<FieldError> ValidateUnderPolicy(NewServiceFlow order, SupervisionPolicy policy)
    {
        var errors = new List<FieldError>();
        TemplateSize(errors, nameof(order.RequestTemplate), order.RequestTemplate, policy.MaxTemplateFields, policy.Version);
        TemplateSize(errors, nameof(order.DeliveryTemplate), order.DeliveryTemplate, policy.MaxTemplateFields, policy.Version);
        return errors;
    }

    public static List<string> Differences(ServiceFlow existing, NewServiceFlow order)
    {
        var differences = new List<string>();
        Differ(differences, nameof(order.BuyerId), existing.BuyerId != order.BuyerId);
        Differ(differences, nameof(order.SellerId), existing.SellerId != order.SellerId);
        Differ(differences, nameof(order.ProductId), existing.ProductId != order.ProductId);
        Differ(differences, nameof(order.ProductKind), existing.ProductKind != order.ProductKind);
        Differ(differences, nameof(order.AmountPaid), existing.AmountPaid != order.AmountPaid);
        Differ(differences, nameof(order.Currency), existing.Currency != order.Currency);
        Differ(differences, nameof(order.PlacedAt), existing.PlacedAt != order.PlacedAt);
        Differ(differences, nameof(order.RequestTemplate), !existing.RequestTemplate.SequenceEqual(order.RequestTemplate ?? []));
        Differ(differences, nameof(order.DeliveryTemplate), !existing.DeliveryTemplate.SequenceEqual(order.DeliveryTemplate ?? []));
        return differences;
    }

    /// <summary>The stage a flow of <paramref name="kind"/> starts in under <paramref name="policy"/> (the starting stage, R5).</summary>
    public static Stage FirstStage(ProductKind kind, SupervisionPolicy policy) =>
        policy.KindsWithRequestStep.Contains(kind) ? Stage.AwaitingRequest : Stage.InService;

    public static (ServiceFlow Flow, OperationRecord Record) Create(NewServiceFlow order, SupervisionPolicy policy, Instant now)
    {
        var stage = FirstStage(order.ProductKind, policy);
        var flow = new ServiceFlow
        {
            OrderNumber = order.OrderNumber,
            BuyerId = order.BuyerId,
            SellerId = order.SellerId,
            ProductId = order.ProductId,
            ProductKind = order.ProductKind,
            AmountPaid = order.AmountPaid,
            Currency = order.Currency,
            PlacedAt = order.PlacedAt,
            RequestTemplate = order.RequestTemplate is { } request ? Internal.ReadOnly.Copy(request) : [],
            DeliveryTemplate = order.DeliveryTemplate is { } delivery ? Internal.ReadOnly.Copy(delivery) : [],
            PolicyVersion = policy.Version,
            Version = 1,
            Stage = stage,
            IdleSince = now,
            StallDueAt = StallClock.StallDueAt(now, policy),
            // Never before the flow exists: an order placed long ago is long open from its creation, whose record comes first.
            LongOpenDueAt = Latest(Internal.InstantMath.PlusSaturating(order.PlacedAt, policy.LongOpenAfter), now),
            CreatedAt = now,
            LastSequence = 1,
        };
        var record = new OperationRecord
        {
            OrderNumber = order.OrderNumber,
            Sequence = 1,
            At = now,
            ActorId = Actor.System.Id,
            ActorRole = ActorRole.System,
            Action = SupervisionAction.CreateFlow,
            StageBefore = stage,
            StageAfter = stage,
            Fields = policy.CreationFields,
        };
        return (flow, record);
    }

    private static void Id(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, $"{field} is required and may not be empty."));
        }
        else if (value.Length > ServiceSupervisor.MaxIdLength)
        {
            errors.Add(new FieldError(field, string.Create(CultureInfo.InvariantCulture, $"{field} has {value.Length} characters; at most {ServiceSupervisor.MaxIdLength} are allowed.")));
        }
        else if (Internal.TextRules.Problem(value, freeText: false) is { } problem)
        {
            errors.Add(new FieldError(field, $"{field} {problem}."));
        }
    }

    /// <summary>An ISO 4217 code as the library keeps it: exactly three upper-case ASCII letters, never normalized.</summary>
    private static bool IsCurrencyCode(string? currency) =>
        currency is { Length: 3 } && char.IsAsciiLetterUpper(currency[0]) && char.IsAsciiLetterUpper(currency[1]) && char.IsAsciiLetterUpper(currency[2]);

    private static bool TemplateSize(List<FieldError> errors, string field, IReadOnlyList<TemplateField>? template, int limit, string? policyVersion)
    {
        if (template is null || template.Count <= limit)
        {
            return true;
        }

        var policy = policyVersion is null ? string.Empty : $" under policy '{policyVersion}'";
        errors.Add(new FieldError(field, string.Create(CultureInfo.InvariantCulture,
            $"The template has {template.Count} fields; at most {limit} are allowed{policy}.")));
        return false;
    }

    private static void Template(List<FieldError> errors, string field, IReadOnlyList<TemplateField>? template, int limit)
    {
        if (template is null || !TemplateSize(errors, field, template, limit, policyVersion: null))
        {
            return;
        }

        var reported = new Internal.FieldErrorLimit(errors, field);
        var names = new HashSet<string>(template.Count, StringComparer.Ordinal);
        for (var i = 0; i < template.Count; i++)
        {
            var name = template[i]?.Name;
            var at = string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");
            if (string.IsNullOrWhiteSpace(name))
            {
                reported.Add(at, "A template field needs a name.");
            }
            else if (name.Length > TemplateField.MaxNameLength)
            {
                reported.Add(at, string.Create(CultureInfo.InvariantCulture,
                    $"The template field name has {name.Length} characters; at most {TemplateField.MaxNameLength} are allowed."));
            }
            else if (Internal.TextRules.Problem(name, freeText: false) is { } problem)
            {
                reported.Add(at, $"The template field name {problem}.");
            }
            else if (name.StartsWith('$'))
            {
                reported.Add(at, $"The template field name '{name}' may not start with '$'; names starting with '$' are kept for the library's own record fields.");
            }
            else if (!names.Add(name))
            {
                reported.Add(at, $"The template names '{name}' twice; names must be unique.");
            }
        }

        reported.Summarize("template fields");
    }

    private static void Differ(List<string> differences, string field, bool differs)
    {
        if (differs)
        {
            differences.Add(field);
        }
    }

    private static Instant Latest(Instant a, Instant b) => a > b ? a : b;
}
