namespace KooGallery.Supervision.Scenarios.Reading;

/// <summary>
/// Reads one scenario file into a <see cref="Scenario"/>, keeping the line of every step and expectation, and
/// refusing (with the line) every key, value or name the format does not know, so that a typo never passes
/// silently.
/// </summary>
internal sealed partial class ScenarioParser
{
    /// <summary>Monday 2026-03-02 09:00 UTC: the clock before the first step unless a file says otherwise.</summary>
    public static readonly Instant DefaultStart = Instant.FromUtc(2026, 3, 2, 9, 0);

    private static readonly string[] TopKeys = ["scenario", "rule", "description", "start", "policy", "policies", "order", "steps"];

    private static readonly string[] PolicyKeys =
    [
        "version", "effective-from", "completion-delay", "stall-after", "stall-measure", "reminder-interval",
        "request-rejections-for-appeal", "delivery-rejections-for-appeal", "seller-appeal", "appeal-while-accepted",
        "long-open-after", "appeal-decision-working-days", "working-days", "holidays", "time-zone", "max-text-length",
        "max-references", "max-template-fields", "kinds-with-request-step", "reference-schemes",
    ];

    private static readonly string[] OrderKeys =
        ["number", "buyer", "seller", "product", "kind", "placed", "amount", "currency", "request-template", "delivery-template", "renewal"];

    private static readonly string[] QueryKeys =
        ["buyer", "seller", "product", "stage", "status", "placed-from", "placed-before", "stalled", "under-appeal", "waiting-on-me", "page-size"];

    private static readonly string[] ActionKeys = ["actor", "action", "order", "note"];

    private static readonly string[] InputKeys =
        ["id", "text", "reason", "fields", "proofs", "statement-of-work", "acceptance-document", "enabling-instant", "outcome", "return-to", "reset-counts", "query"];

    private static readonly string[] StepKeys = [.. new[] { "at", "sweep", "race", "expect" }.Concat(ActionKeys).Concat(InputKeys)];

    private static readonly Dictionary<StepAction, string[]> InputsOf = new()
    {
        [StepAction.Create] = [],
        [StepAction.View] = [],
        [StepAction.Search] = ["query"],
        [StepAction.SubmitRequest] = ["id", "text", "fields"],
        [StepAction.AcceptRequest] = ["id", "text"],
        [StepAction.ReturnRequest] = ["id", "reason"],
        [StepAction.PostProgressUpdate] = ["id", "text"],
        [StepAction.Deliver] = ["id", "statement-of-work", "acceptance-document", "proofs", "fields", "enabling-instant", "text"],
        [StepAction.AcceptDelivery] = ["id", "text"],
        [StepAction.RejectDelivery] = ["id", "reason"],
        [StepAction.SendReminder] = ["id", "text"],
        [StepAction.OpenAppeal] = ["id", "reason", "proofs"],
        [StepAction.DecideAppeal] = ["id", "text", "outcome", "return-to", "reset-counts"],
    };

    private static readonly SupervisionAction[] CommandActions =
    [
        SupervisionAction.SubmitRequest, SupervisionAction.AcceptRequest, SupervisionAction.ReturnRequest,
        SupervisionAction.PostProgressUpdate, SupervisionAction.Deliver, SupervisionAction.AcceptDelivery,
        SupervisionAction.RejectDelivery, SupervisionAction.SendReminder, SupervisionAction.OpenAppeal,
        SupervisionAction.DecideAppeal,
    ];

    private static readonly ScenarioActor[] RecordActors = [ScenarioActor.Buyer, ScenarioActor.Seller, ScenarioActor.Ops, ScenarioActor.System];

    private readonly YamlAccess _yaml;

    private ScenarioParser(string file) => _yaml = new YamlAccess(file);

    public static Scenario Parse(string text, string file)
    {
        var parser = new ScenarioParser(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw parser._yaml.Error(exception.Start, "This is not valid YAML: " + exception.Message, exception);
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner gives up on some broken texts (an unclosed flow sequence of plain scalars) without
            // saying where: the file is still refused as not YAML, at its first line.
            throw new ScenarioFormatException(file, 1, "This is not valid YAML: the reader stopped before the end of the file (look for an unclosed [ or {).", exception);
        }

        if (stream.Documents.Count != 1)
        {
            throw new ScenarioFormatException(file, 1, "A scenario file holds exactly one YAML document.");
        }

        return parser.ReadScenario(stream.Documents[0].RootNode);
    }

    private Scenario ReadScenario(YamlNode root)
    {
        var top = _yaml.Mapping(root, "A scenario file");
        string? name = null;
        IReadOnlyList<string>? rules = null;
        string? description = null;
        var start = DefaultStart;
        var policies = new List<PolicySpec>();
        YamlNode? policyNode = null;
        OrderSpec? order = null;
        YamlNode? stepsNode = null;
        foreach (var (key, keyNode, value) in _yaml.Entries(top, "a scenario", TopKeys))
        {
            switch (key)
            {
                case "scenario":
                    name = _yaml.Word(value, "The scenario's title");
                    break;
                case "rule":
                    rules = ReadRules(value);
                    break;
                case "description":
                    description = _yaml.Text(value, "The description").Trim();
                    break;
                case "start":
                    start = _yaml.Instant(value, "The start");
                    break;
                case "policy" or "policies" when policyNode is not null:
                    throw _yaml.Error(keyNode, "Give either one 'policy' or a list of 'policies', not both.");
                case "policy":
                    policyNode = keyNode;
                    policies.Add(ReadPolicy(value, YamlAccess.LineOf(keyNode)));
                    break;
                case "policies":
                    policyNode = keyNode;
                    foreach (var item in _yaml.Sequence(value, "policies").Children)
                    {
                        policies.Add(ReadPolicy(item, YamlAccess.LineOf(item)));
                    }

                    break;
                case "order":
                    order = ReadOrder(value, YamlAccess.LineOf(keyNode), "the scenario's order");
                    break;
                default:
                    stepsNode = value;
                    break;
            }
        }

        if (name is null)
        {
            throw _yaml.Error(root, "A scenario needs a title: 'scenario: <what it shows, in plain words>'.");
        }

        if (rules is null)
        {
            throw _yaml.Error(root, "A scenario names the rule it shows: 'rule: R9' (or a list, [R9, R10]).");
        }

        if (stepsNode is null)
        {
            throw _yaml.Error(root, "A scenario needs 'steps:', a list of what happens.");
        }

        var stepItems = _yaml.Sequence(stepsNode, "steps").Children;
        if (stepItems.Count == 0)
        {
            throw _yaml.Error(stepsNode, "A scenario needs at least one step.");
        }

        var steps = new List<ScenarioStep>(stepItems.Count);
        foreach (var item in stepItems)
        {
            steps.Add(ReadStep(item, steps.Count + 1));
        }

        return new Scenario(_yaml.File, name, rules, description, start, policies, order, steps);
    }

    /// <summary>The last rule of the process (the rules run from R1): a higher number is a typo, never a rule.</summary>
    private const int HighestRule = 33;

    private List<string> ReadRules(YamlNode node)
    {
        var rules = new List<string>();
        foreach (var item in YamlAccess.Items(node))
        {
            foreach (var part in _yaml.Text(item, "A rule").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part.Length < 2 || part[0] is not ('R' or 'r')
                    || !int.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > HighestRule)
                {
                    throw _yaml.Error(item, $"'{part}' is not a rule id; rules are written R1 to R33 (or R01).");
                }

                rules.Add("R" + number.ToString(CultureInfo.InvariantCulture));
            }
        }

        return rules.Count > 0 ? rules : throw _yaml.Error(node, "Name at least one rule, such as 'rule: R9'.");
    }

    private PolicySpec ReadPolicy(YamlNode node, int line)
    {
        var spec = new PolicySpec { Line = line };
        foreach (var (key, _, value) in _yaml.Entries(_yaml.Mapping(node, "A policy"), "a policy", PolicyKeys))
        {
            var what = $"The policy's {key}";
            switch (key)
            {
                case "version": spec.Version = _yaml.Word(value, what); break;
                case "effective-from": spec.EffectiveFrom = _yaml.Instant(value, what); break;
                case "completion-delay": spec.CompletionDelay = _yaml.Duration(value, what); break;
                case "stall-after": spec.StallAfter = _yaml.Duration(value, what); break;
                case "stall-measure": spec.StallMeasure = _yaml.Name<StallMeasure>(value, "a stall measure", Names.Kebab); break;
                case "reminder-interval": spec.ReminderInterval = _yaml.Duration(value, what); break;
                case "request-rejections-for-appeal": spec.RequestRejectionsForAppeal = _yaml.Int(value, what); break;
                case "delivery-rejections-for-appeal": spec.DeliveryRejectionsForAppeal = _yaml.Int(value, what); break;
                case "seller-appeal": spec.SellerAppeal = _yaml.Name<SellerAppealRule>(value, "a seller appeal rule", Names.Kebab); break;
                case "appeal-while-accepted": spec.AppealWhileAccepted = _yaml.Bool(value, what); break;
                case "long-open-after": spec.LongOpenAfter = _yaml.Duration(value, what); break;
                case "appeal-decision-working-days": spec.AppealDecisionWorkingDays = _yaml.Int(value, what); break;
                case "working-days":
                    spec.WorkingDays = YamlAccess.Items(value).Select(d => _yaml.Name<IsoDayOfWeek>(d, "a day of the week", v => v.ToString(),
                        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday])).ToHashSet();
                    break;
                case "holidays":
                    spec.Holidays = YamlAccess.Items(value).Select(d => ReadDate(d)).ToHashSet();
                    break;
                case "time-zone":
                    var zone = _yaml.Word(value, what);
                    spec.TimeZone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone)
                        ?? throw _yaml.Error(value, $"'{zone}' is not a time zone; use an IANA name such as Asia/Shanghai or Europe/Berlin.");
                    break;
                case "max-text-length": spec.MaxTextLength = _yaml.Int(value, what); break;
                case "max-references": spec.MaxReferences = _yaml.Int(value, what); break;
                case "max-template-fields": spec.MaxTemplateFields = _yaml.Int(value, what); break;
                case "kinds-with-request-step":
                    spec.KindsWithRequestStep = YamlAccess.Items(value).Select(k => _yaml.Name<ProductKind>(k, "a product kind", v => v.ToString())).ToHashSet();
                    break;
                default:
                    spec.ReferenceSchemes = YamlAccess.Items(value).Select(s => _yaml.Word(s, "A reference scheme")).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    break;
            }
        }

        return spec;
    }

    private LocalDate ReadDate(YamlNode node)
    {
        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(_yaml.Text(node, "A holiday").Trim());
        return parsed.Success ? parsed.Value : throw _yaml.Error(node, "A holiday must be a date such as 2026-04-06.");
    }

    private OrderSpec ReadOrder(YamlNode node, int line, string what)
    {
        var spec = new OrderSpec { Line = line };
        foreach (var (key, _, value) in _yaml.Entries(_yaml.Mapping(node, what), what, OrderKeys))
        {
            var field = $"The order's {key}";
            switch (key)
            {
                case "number": spec.Number = _yaml.Text(value, field); break;
                case "buyer": spec.Buyer = _yaml.Text(value, field); break;
                case "seller": spec.Seller = _yaml.Text(value, field); break;
                case "product": spec.Product = _yaml.Text(value, field); break;
                case "kind": spec.Kind = _yaml.Name<ProductKind>(value, "a product kind", v => v.ToString()); break;
                case "placed": spec.Placed = _yaml.Time(value, field, "the scenario's start"); break;
                case "amount": spec.Amount = _yaml.Decimal(value, field); break;
                case "currency": spec.Currency = _yaml.Text(value, field); break;
                case "request-template": spec.RequestTemplate = ReadTemplate(value); break;
                case "delivery-template": spec.DeliveryTemplate = ReadTemplate(value); break;
                default: spec.Renewal = _yaml.Bool(value, field); break;
            }
        }

        return spec;
    }

    private List<TemplateField> ReadTemplate(YamlNode node)
    {
        var fields = new List<TemplateField>();
        foreach (var item in YamlAccess.Items(node))
        {
            if (item is YamlMappingNode mapping)
            {
                string? name = null;
                var required = true;
                foreach (var (key, _, value) in _yaml.Entries(mapping, "a template field", ["name", "required"]))
                {
                    if (key == "name")
                    {
                        name = _yaml.Text(value, "The field's name");
                    }
                    else
                    {
                        required = _yaml.Bool(value, "Whether the field is required");
                    }
                }

                fields.Add(new TemplateField(name ?? throw _yaml.Error(item, "A template field needs a name."), required));
            }
            else
            {
                fields.Add(new TemplateField(_yaml.Text(item, "A template field"), Required: true));
            }
        }

        return fields;
    }

}
