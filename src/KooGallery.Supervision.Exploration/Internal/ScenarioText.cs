using System.Globalization;
using System.Text;
using NodaTime.Text;

namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>
/// Writes a counterexample as a scenario: a plain YAML document with the flow's setting and a list of steps.
/// Names are written in kebab case (<c>submit-request</c>, <c>operations-manager</c>), stages as the library spells
/// them (<c>InService</c>), times as durations since the start (<c>+5d 1ns</c>).
/// </summary>
internal static class ScenarioText
{
    public static string Write(ExplorationViolation violation, string policy, ProductKind productKind, Instant start)
    {
        var text = new StringBuilder();
        Line(text, 0, "# Counterexample found by SupervisionExplorer: the shortest sequence of steps that breaks the invariant.");
        Line(text, 0, "name: " + Quote("counterexample: " + violation.Invariant));
        Line(text, 0, "policy: " + Quote(policy));
        Line(text, 0, "product-kind: " + Kebab(productKind.ToString()));
        Line(text, 0, "start: " + InstantPattern.ExtendedIso.Format(start));
        Line(text, 0, "steps:");
        for (var i = 0; i < violation.Path.Count; i++)
        {
            var step = violation.Path[i];
            Step(text, step);
            if (i == violation.Path.Count - 1)
            {
                Line(text, 4, "violates: " + PlainOrQuoted(violation.Invariant));
                Line(text, 4, "detail: " + Quote(violation.Message));
            }
        }

        return text.ToString();
    }

    private static void Step(StringBuilder text, ExploredStep step)
    {
        Line(text, 2, "- at: +" + DurationText.Format(step.At));
        switch (step.Step)
        {
            case ActionStep action:
                Line(text, 4, "actor: " + Kebab(action.Actor.ToString()));
                Line(text, 4, "action: " + Kebab(action.Action.ToString()));
                Inputs(text, Parties.CommandOf(action, step.CommandId ?? "c0"));
                break;
            case TimeStep time:
                Line(text, 4, "actor: system");
                Line(text, 4, "action: sweep");
                Line(text, 4, "# time step to " + Kebab(time.Threshold.ToString())
                    + (time.Offset == Duration.Zero ? string.Empty : (time.Offset < Duration.Zero ? " - " : " + ") + DurationText.Format(time.Offset < Duration.Zero ? -time.Offset : time.Offset))
                    + ", then a sweep of the due timers");
                break;
        }

        Line(text, 4, "expect: " + (step.Error is { } error ? "refused " + error.Code : "ok"));
        Line(text, 4, "stage: " + step.StageAfter);
        if (step.FrozenAfter)
        {
            Line(text, 4, "frozen: true");
        }
    }

    private static void Inputs(StringBuilder text, SupervisionCommand command)
    {
        Line(text, 4, "command-id: " + Quote(command.CommandId));
        foreach (var (key, value) in InputsOf(command))
        {
            Line(text, 4, key + ": " + value);
        }
    }

    /// <summary>A command's inputs as a step writes them: each key with its value as the scenario reads it.</summary>
    private static IEnumerable<(string Key, string Value)> InputsOf(SupervisionCommand command) => command switch
    {
        SubmitRequest submit => [("text", Quote(submit.Text))],
        ReturnRequest returned => [("reason", Quote(returned.Reason))],
        PostProgressUpdate update => [("text", Quote(update.Text))],
        Deliver deliver =>
        [
            ("statement-of-work", Quote(deliver.StatementOfWork.Uri)),
            ("acceptance-document", Quote(deliver.AcceptanceDocument.Uri)),
        ],
        RejectDelivery rejected => [("reason", Quote(rejected.Reason))],
        OpenAppeal appeal => [("reason", Quote(appeal.Reason))],
        DecideAppeal decision => DecisionInputs(decision),
        _ => [],
    };

    /// <summary>A decision's inputs: the stage returned to and the reset only when it has them.</summary>
    private static IEnumerable<(string Key, string Value)> DecisionInputs(DecideAppeal decision)
    {
        yield return ("decision", Quote(decision.Decision));
        yield return ("outcome", Kebab(decision.Outcome.ToString()));
        if (decision.ReturnTo is { } stage)
        {
            yield return ("return-to", stage.ToString());
        }

        if (decision.ResetRejectionCounts)
        {
            yield return ("reset-rejection-counts", "true");
        }
    }

    private static void Line(StringBuilder text, int indent, string line) => text.Append(' ', indent).Append(line).Append('\n');

    /// <summary>A name as it is when YAML reads it back unchanged (letters, digits, '-', '_', '.' and inner spaces), else quoted.</summary>
    private static string PlainOrQuoted(string value) =>
        value.Length > 0 && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
            && value.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ' ')
            ? value
            : Quote(value);

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                _ when char.IsControl(c) => quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>Writes <c>SubmitRequest</c> as <c>submit-request</c>.</summary>
    private static string Kebab(string pascal)
    {
        var kebab = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsAsciiLetterUpper(c))
            {
                if (i > 0)
                {
                    kebab.Append('-');
                }

                kebab.Append(char.ToLowerInvariant(c));
            }
            else
            {
                kebab.Append(c);
            }
        }

        return kebab.ToString();
    }
}
