using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using KooGallery.Supervision.Scenarios.Model;
using NodaTime;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KooGallery.Supervision.Scenarios.Reading;

/// <summary>
/// Reads one scenario file into a <see cref="Scenario"/>, keeping the line of every step and expectation, and
/// refusing (with the line) every key, value or name the format does not know, so that a typo never passes
/// silently.
/// </summary>
internal sealed class ScenarioParser
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

    private List<string> ReadRules(YamlNode node)
    {
        var rules = new List<string>();
        foreach (var item in YamlAccess.Items(node))
        {
            foreach (var part in _yaml.Text(item, "A rule").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part.Length < 2 || part[0] is not ('R' or 'r')
                    || !int.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
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

    private ScenarioStep ReadStep(YamlNode node, int number)
    {
        var line = YamlAccess.LineOf(node);
        var mapping = _yaml.Mapping(node, "A step");
        var entries = _yaml.Entries(mapping, "a step", StepKeys);
        var keys = entries.Select(e => e.Key).ToHashSet();
        TimeSpec? time = null;
        string? note = null;
        string? target = null;
        var sweep = false;
        YamlNode? raceNode = null;
        YamlNode? expectNode = null;
        foreach (var (key, _, value) in entries)
        {
            switch (key)
            {
                case "at": time = _yaml.Time(value, "The step's time", "the previous step"); break;
                case "note": note = _yaml.Text(value, "The note").Trim(); break;
                case "sweep":
                    sweep = _yaml.Bool(value, "sweep");
                    if (!sweep)
                    {
                        throw _yaml.Error(value, "Write 'sweep: true' for a sweep, or leave 'sweep' out.");
                    }

                    break;
                case "race": raceNode = value; break;
                case "expect": expectNode = value; break;
            }
        }

        if (time is null)
        {
            throw _yaml.Error(node, "Every step says when it happens: 'at: +1h' (after the previous step) or 'at: 2026-03-06T10:00:00Z'.");
        }

        var shapes = (sweep ? 1 : 0) + (raceNode is null ? 0 : 1) + (keys.Contains("action") ? 1 : 0);
        if (shapes > 1)
        {
            throw _yaml.Error(node, "A step does one thing: an 'action', a 'sweep: true', or a 'race'.");
        }

        StepKind kind;
        ActionSpec? action = null;
        var branches = new List<ActionSpec>();
        if (keys.Contains("action"))
        {
            kind = StepKind.Action;
            action = ReadAction(mapping, entries, line, allowOther: ["at", "note", "expect"]);
        }
        else
        {
            kind = sweep ? StepKind.Sweep : raceNode is null ? StepKind.Check : StepKind.Race;
            var stray = entries.FirstOrDefault(e => e.Key is not ("at" or "note" or "sweep" or "race" or "expect" or "order"));
            if (stray.Key is not null)
            {
                throw _yaml.Error(stray.KeyNode, $"'{stray.Key}' belongs to an action, but this step has no 'action:'.");
            }

            var order = entries.FirstOrDefault(e => e.Key == "order");
            if (order.Key is not null)
            {
                target = raceNode is null
                    ? _yaml.Word(order.Value, "The order whose flow is checked")
                    : throw _yaml.Error(order.KeyNode, "In a race, each action names its order.");
            }

            if (raceNode is not null)
            {
                var items = _yaml.Sequence(raceNode, "race").Children;
                if (items.Count < 2)
                {
                    throw _yaml.Error(raceNode, "A race needs at least two actions.");
                }

                foreach (var item in items)
                {
                    var branch = _yaml.Mapping(item, "An action of a race");
                    var branchEntries = _yaml.Entries(branch, "an action of a race", [.. ActionKeys.Concat(InputKeys)]);
                    var read = ReadAction(branch, branchEntries, YamlAccess.LineOf(item), allowOther: []);
                    if (read.Action is StepAction.Create or StepAction.View or StepAction.Search)
                    {
                        throw _yaml.Error(item, "A race is between commands; create, view and search do not race.");
                    }

                    branches.Add(read);
                }
            }
        }

        var expectations = expectNode is null ? [] : ReadExpectations(expectNode, kind, action);
        if (kind == StepKind.Race && !expectations.Any(e => e.Key == ExpectationKeys.Succeeded))
        {
            throw _yaml.Error(node, "A race says how many of its actions succeed: 'expect: { succeeded: 1 }'.");
        }

        return new ScenarioStep(number, line, kind, time, note, action, target, branches, expectations);
    }

    private ActionSpec ReadAction(YamlMappingNode mapping, IReadOnlyList<(string Key, YamlNode KeyNode, YamlNode Value)> entries, int line, string[] allowOther)
    {
        var actionEntry = entries.FirstOrDefault(e => e.Key == "action");
        if (actionEntry.Key is null)
        {
            throw _yaml.Error(mapping, "An action needs 'action:' (submit-request, deliver, open-appeal, create, view, search...).");
        }

        var action = _yaml.Name<StepAction>(actionEntry.Value, "an action", Names.Kebab);
        var allowed = new HashSet<string>(InputsOf[action]) { "action", "actor", "order", "note" };
        ScenarioActor? actor = null;
        string? orderNumber = null;
        var inputs = new StepInputs();
        foreach (var (key, keyNode, value) in entries)
        {
            if (allowOther.Contains(key) || key == "action")
            {
                continue;
            }

            if (!allowed.Contains(key))
            {
                var takes = InputsOf[action].Where(k => k != "id").ToArray();
                throw _yaml.Error(keyNode, $"{Names.Kebab(action)} does not take '{key}'" + (takes.Length == 0
                    ? "."
                    : $"; it takes: {string.Join(", ", takes)}."));
            }

            switch (key)
            {
                case "actor":
                    actor = _yaml.Name<ScenarioActor>(value, "an actor", Names.Kebab);
                    break;
                case "order" when action == StepAction.Create:
                    inputs.Order = value is YamlMappingNode
                        ? ReadOrder(value, YamlAccess.LineOf(keyNode), "the order to create")
                        : new OrderSpec { Line = YamlAccess.LineOf(keyNode), Number = _yaml.Text(value, "The order number") };
                    orderNumber = inputs.Order.Number;
                    break;
                case "order":
                    orderNumber = _yaml.Word(value, "The order number");
                    break;
                case "note":
                    break;
                case "id":
                    inputs.CommandId = _yaml.Text(value, "The command id");
                    break;
                case "text":
                    inputs.Text = _yaml.TextOrNone(value, "The text");
                    inputs.HasText = true;
                    break;
                case "reason":
                    inputs.Reason = _yaml.Text(value, "The reason");
                    inputs.HasReason = true;
                    break;
                case "fields":
                    inputs.Fields = ReadFields(value);
                    break;
                case "proofs":
                    inputs.Proofs = YamlAccess.Items(value).Select((p, i) => ReadProof(p, "Proof " + (i + 1).ToString(CultureInfo.InvariantCulture))!).ToArray();
                    break;
                case "statement-of-work":
                    inputs.HasStatementOfWork = true;
                    inputs.StatementOfWork = ReadProof(value, "Statement of work");
                    break;
                case "acceptance-document":
                    inputs.HasAcceptanceDocument = true;
                    inputs.AcceptanceDocument = ReadProof(value, "Acceptance document");
                    break;
                case "enabling-instant":
                    inputs.EnablingInstant = _yaml.Time(value, "The enabling instant", "the step's time");
                    break;
                case "outcome":
                    inputs.Outcome = _yaml.Name<AppealOutcome>(value, "an appeal outcome", Names.Kebab);
                    break;
                case "return-to":
                    inputs.ReturnTo = _yaml.Name<Stage>(value, "a stage", v => v.ToString());
                    break;
                case "reset-counts":
                    inputs.ResetCounts = _yaml.Bool(value, "reset-counts");
                    break;
                default:
                    inputs.Query = ReadQuery(value);
                    break;
            }
        }

        if (action == StepAction.Create)
        {
            if (actor is not null)
            {
                throw _yaml.Error(mapping, "The marketplace creates flows when an order is paid: a 'create' step has no actor.");
            }

            inputs.Order ??= new OrderSpec { Line = line };
        }
        else if (actor is null)
        {
            throw _yaml.Error(mapping, $"Say who acts: 'actor: buyer' (or {Names.List<ScenarioActor>(Names.Kebab)}).");
        }

        if (action == StepAction.DecideAppeal && inputs.Outcome is null)
        {
            throw _yaml.Error(mapping, "A decision has an outcome: 'outcome: resume' (or return-to, complete, close).");
        }

        return new ActionSpec(line, actor, action, orderNumber, inputs);
    }

    private Dictionary<string, string> ReadFields(YamlNode node)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in _yaml.Mapping(node, "fields").Children)
        {
            fields[_yaml.Text(keyNode, "A field name")] = _yaml.Text(value, "A field value");
        }

        return fields;
    }

    private ProofReference? ReadProof(YamlNode node, string defaultName)
    {
        if (YamlAccess.IsNone(node))
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            string name = defaultName;
            string? uri = null;
            foreach (var (key, _, value) in _yaml.Entries(mapping, "a proof", ["name", "uri"]))
            {
                if (key == "name")
                {
                    name = _yaml.Text(value, "The proof's name");
                }
                else
                {
                    uri = _yaml.Text(value, "The proof's uri");
                }
            }

            return new ProofReference(name, uri ?? throw _yaml.Error(node, "A proof needs its 'uri'."));
        }

        return new ProofReference(defaultName, _yaml.Text(node, "A proof"));
    }

    private QuerySpec ReadQuery(YamlNode node)
    {
        var query = new QuerySpec();
        foreach (var (key, _, value) in _yaml.Entries(_yaml.Mapping(node, "A query"), "a query", QueryKeys))
        {
            var what = $"The query's {key}";
            switch (key)
            {
                case "buyer": query.Buyer = _yaml.Text(value, what); break;
                case "seller": query.Seller = _yaml.Text(value, what); break;
                case "product": query.Product = _yaml.Text(value, what); break;
                case "stage": query.Stage = _yaml.Name<Stage>(value, "a stage", v => v.ToString()); break;
                case "status": query.Status = _yaml.Name<OrderStatus>(value, "an order status", v => v.ToString()); break;
                case "placed-from": query.PlacedFrom = _yaml.Time(value, what, "the scenario's start"); break;
                case "placed-before": query.PlacedBefore = _yaml.Time(value, what, "the scenario's start"); break;
                case "stalled": query.Stalled = _yaml.Bool(value, what); break;
                case "under-appeal": query.UnderAppeal = _yaml.Bool(value, what); break;
                case "waiting-on-me": query.WaitingOnMe = _yaml.Bool(value, what); break;
                default: query.PageSize = _yaml.Int(value, what); break;
            }
        }

        return query;
    }

    private List<ScenarioExpectation> ReadExpectations(YamlNode node, StepKind kind, ActionSpec? action)
    {
        var expectations = new List<ScenarioExpectation>();
        var isCommand = kind == StepKind.Action && action!.Action is not (StepAction.Create or StepAction.View or StepAction.Search);
        foreach (var (key, keyNode, value) in _yaml.Entries(_yaml.Mapping(node, "expect"), "expect", ExpectationKeys.All))
        {
            var line = YamlAccess.LineOf(keyNode);
            void Add(object? typed, string text) => expectations.Add(new ScenarioExpectation(key, line, text, typed));
            void Only(bool allowed, string where)
            {
                if (!allowed)
                {
                    throw _yaml.Error(keyNode, $"'{key}' is checked only {where}.");
                }
            }

            switch (key)
            {
                case ExpectationKeys.Ok:
                    Only(kind == StepKind.Action, "after an action");
                    var ok = _yaml.Bool(value, "ok");
                    Add(ok, ok ? "true" : "false");
                    break;
                case ExpectationKeys.Refused:
                    Only(kind is StepKind.Action or StepKind.Race, "after an action or a race");
                    var code = _yaml.Name<SupervisionErrorCode>(value, "an error code", v => v.ToString());
                    Add(code, code.ToString());
                    break;
                case ExpectationKeys.Reason:
                    Only(kind == StepKind.Action, "after an action");
                    var reason = _yaml.Word(value, "The reason");
                    Add(reason, reason);
                    break;
                case ExpectationKeys.Message:
                    Only(kind == StepKind.Action, "after an action");
                    var parts = YamlAccess.Items(value).Select(v => _yaml.Word(v, "A part of the message")).ToArray();
                    Add(parts, string.Join(" ... ", parts.Select(p => $"\"{p}\"")));
                    break;
                case ExpectationKeys.Fields:
                    Only(kind == StepKind.Action, "after an action");
                    var names = YamlAccess.Items(value).Select(v => _yaml.Word(v, "A field name")).ToArray();
                    Add(names, "[" + string.Join(", ", names) + "]");
                    break;
                case ExpectationKeys.RetryAt:
                    Only(kind == StepKind.Action, "after an action");
                    AddTime(expectations, key, line, value);
                    break;
                case ExpectationKeys.Replay:
                    Only(isCommand, "after a command");
                    var replay = _yaml.Bool(value, "replay");
                    Add(replay, replay ? "true" : "false");
                    break;
                case ExpectationKeys.Succeeded:
                    Only(kind == StepKind.Race, "after a race");
                    var succeeded = _yaml.Int(value, "succeeded");
                    Add(succeeded, succeeded.ToString(CultureInfo.InvariantCulture));
                    break;
                case ExpectationKeys.Stage:
                    var stage = _yaml.Name<Stage>(value, "a stage", v => v.ToString());
                    Add(stage, stage.ToString());
                    break;
                case ExpectationKeys.Status:
                    var status = _yaml.Name<OrderStatus>(value, "an order status", v => v.ToString());
                    Add(status, status.ToString());
                    break;
                case ExpectationKeys.RequestRejections or ExpectationKeys.DeliveryRejections or ExpectationKeys.Records:
                    var count = _yaml.Int(value, key);
                    Add(count, count.ToString(CultureInfo.InvariantCulture));
                    break;
                case ExpectationKeys.Swept:
                    Only(kind == StepKind.Sweep, "after a sweep");
                    var swept = _yaml.Int(value, key);
                    Add(swept, swept.ToString(CultureInfo.InvariantCulture));
                    break;
                case ExpectationKeys.WaitingOn:
                    var party = _yaml.Name<WaitingParty>(value, "a party", Names.Kebab);
                    Add(party, Names.Kebab(party));
                    break;
                case ExpectationKeys.Stalled or ExpectationKeys.Frozen:
                    var flag = _yaml.Bool(value, key);
                    Add(flag, flag ? "true" : "false");
                    break;
                case ExpectationKeys.IdleFor:
                    var idle = _yaml.Duration(value, key);
                    Add(idle, TimeText.Format(idle));
                    break;
                case ExpectationKeys.CompletionDue or ExpectationKeys.ServiceStart or ExpectationKeys.NextReminder:
                    AddTime(expectations, key, line, value);
                    break;
                case ExpectationKeys.PolicyVersion:
                    var version = _yaml.Word(value, key);
                    Add(version, version);
                    break;
                case ExpectationKeys.Events:
                    var kinds = YamlAccess.Items(value).Select(v => _yaml.Name<SupervisionEventKind>(v, "an event", k => k.ToString())).ToArray();
                    Add(kinds, "[" + string.Join(", ", kinds) + "]");
                    break;
                case ExpectationKeys.Found:
                    Only(kind == StepKind.Action && action!.Action == StepAction.Search, "after a search");
                    var found = YamlAccess.Items(value).Select(v => _yaml.Word(v, "An order number")).ToArray();
                    Add(found, "[" + string.Join(", ", found) + "]");
                    break;
                case ExpectationKeys.LastRecord:
                    ReadLastRecord(expectations, value);
                    break;
                case ExpectationKeys.Appeal:
                    ReadAppeal(expectations, line, value);
                    break;
                default:
                    ReadPermitted(expectations, value);
                    break;
            }
        }

        return expectations;
    }

    private void AddTime(List<ScenarioExpectation> expectations, string key, int line, YamlNode value)
    {
        var time = _yaml.TimeOrNone(value, key, "the step's time");
        expectations.Add(new ScenarioExpectation(key, line, time?.Text ?? "none", time));
    }

    private void ReadLastRecord(List<ScenarioExpectation> expectations, YamlNode node)
    {
        foreach (var (key, keyNode, value) in _yaml.Entries(_yaml.Mapping(node, "last-record"), "last-record", ExpectationKeys.LastRecordKeys))
        {
            var line = YamlAccess.LineOf(keyNode);
            var full = ExpectationKeys.LastRecord + "." + key;
            switch (key)
            {
                case "action":
                    var action = _yaml.Name<SupervisionAction>(value, "a recorded action", Names.Kebab);
                    expectations.Add(new ScenarioExpectation(full, line, Names.Kebab(action), action));
                    break;
                case "by":
                    var actor = _yaml.Name<ScenarioActor>(value, "a recorded actor", Names.Kebab, RecordActors);
                    expectations.Add(new ScenarioExpectation(full, line, Names.Kebab(actor), actor));
                    break;
                case "before" or "after":
                    var stage = _yaml.Name<Stage>(value, "a stage", v => v.ToString());
                    expectations.Add(new ScenarioExpectation(full, line, stage.ToString(), stage));
                    break;
                case "at":
                    AddTime(expectations, full, line, value);
                    break;
                default:
                    var text = _yaml.TextOrNone(value, "The recorded text");
                    expectations.Add(new ScenarioExpectation(full, line, text ?? "none", text));
                    break;
            }
        }
    }

    private void ReadAppeal(List<ScenarioExpectation> expectations, int line, YamlNode node)
    {
        if (YamlAccess.IsNone(node))
        {
            expectations.Add(new ScenarioExpectation(ExpectationKeys.Appeal, line, "none", null));
            return;
        }

        foreach (var (key, keyNode, value) in _yaml.Entries(_yaml.Mapping(node, "appeal"), "appeal", ExpectationKeys.AppealKeys))
        {
            var keyLine = YamlAccess.LineOf(keyNode);
            var full = ExpectationKeys.Appeal + "." + key;
            switch (key)
            {
                case "opened-by":
                    var actor = _yaml.Name<ScenarioActor>(value, "the party who opened the appeal", Names.Kebab, [ScenarioActor.Buyer, ScenarioActor.Seller]);
                    expectations.Add(new ScenarioExpectation(full, keyLine, Names.Kebab(actor), actor));
                    break;
                case "frozen-stage":
                    var stage = _yaml.Name<Stage>(value, "a stage", v => v.ToString());
                    expectations.Add(new ScenarioExpectation(full, keyLine, stage.ToString(), stage));
                    break;
                case "opened-at" or "decision-due":
                    var time = _yaml.Time(value, full, "the step's time");
                    expectations.Add(new ScenarioExpectation(full, keyLine, time.Text, time));
                    break;
                default:
                    var reason = _yaml.Text(value, "The appeal's reason");
                    expectations.Add(new ScenarioExpectation(full, keyLine, reason, reason));
                    break;
            }
        }
    }

    private void ReadPermitted(List<ScenarioExpectation> expectations, YamlNode node)
    {
        foreach (var (keyNode, value) in _yaml.Mapping(node, "permitted").Children)
        {
            var actor = _yaml.Name<ScenarioActor>(keyNode, "an actor", Names.Kebab);
            var actions = YamlAccess.Items(value).Select(v => _yaml.Name(v, "an action one may take", Names.Kebab, CommandActions)).ToArray();
            expectations.Add(new ScenarioExpectation(ExpectationKeys.Permitted + "." + Names.Kebab(actor), YamlAccess.LineOf(keyNode),
                "[" + string.Join(", ", actions.Select(a => Names.Kebab(a))) + "]", new PermittedExpectation(actor, actions)));
        }
    }
}
