namespace KooGallery.Supervision.Scenarios.Reading;

/// <summary>Reads what must hold after a step.</summary>
internal sealed partial class ScenarioParser
{
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
