namespace KooGallery.Supervision.Scenarios.Reading;

/// <summary>Reads the steps of a scenario: its time, actor, action and inputs.</summary>
internal sealed partial class ScenarioParser
{
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
                case "buyer": query.Criteria = query.Criteria with { BuyerId = _yaml.Text(value, what) }; break;
                case "seller": query.Criteria = query.Criteria with { SellerId = _yaml.Text(value, what) }; break;
                case "product": query.Criteria = query.Criteria with { ProductId = _yaml.Text(value, what) }; break;
                case "stage": query.Criteria = query.Criteria with { Stage = _yaml.Name<Stage>(value, "a stage", v => v.ToString()) }; break;
                case "status": query.Criteria = query.Criteria with { Status = _yaml.Name<OrderStatus>(value, "an order status", v => v.ToString()) }; break;
                case "placed-from": query.PlacedFrom = _yaml.Time(value, what, "the scenario's start"); break;
                case "placed-before": query.PlacedBefore = _yaml.Time(value, what, "the scenario's start"); break;
                case "stalled": query.Criteria = query.Criteria with { Stalled = _yaml.Bool(value, what) }; break;
                case "under-appeal": query.Criteria = query.Criteria with { UnderAppeal = _yaml.Bool(value, what) }; break;
                case "waiting-on-me": query.WaitingOnMe = _yaml.Bool(value, what); break;
                default: query.Criteria = query.Criteria with { PageSize = _yaml.Int(value, what) }; break;
            }
        }

        return query;
    }
}
