using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KooGallery.Supervision;

/// <summary>Collects the field errors of one command against its flow, policy and clock.</summary>
internal sealed class CommandValidation
{
    private List<FieldError>? _errors;

    public CommandValidation(ServiceFlow flow, SupervisionPolicy policy, Instant now)
    {
        Flow = flow;
        Policy = policy;
        Now = now;
    }

    public ServiceFlow Flow { get; }

    public SupervisionPolicy Policy { get; }

    public Instant Now { get; }

    public IReadOnlyList<FieldError> Errors => (IReadOnlyList<FieldError>?)_errors ?? [];

    public bool HasErrors => _errors is { Count: > 0 };

    public void Add(string field, string message) => (_errors ??= []).Add(new FieldError(field, message));

    public void RequireText(string field, string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Add(field, $"{what} is required and may not be empty.");
        }
        else
        {
            LimitText(field, text, what);
        }
    }

    public void LimitText(string field, string? text, string what)
    {
        if (TextProblem(text, what) is { } message)
        {
            Add(field, message);
        }
    }

    public void RequireReference(string field, ProofReference? reference, string what)
    {
        if (reference is null)
        {
            Add(field, $"{what} is required: give its name and URI.");
            return;
        }

        CheckReference(field, reference);
    }

    public void CheckReferences(string field, IReadOnlyList<ProofReference>? references, int alreadyGiven)
    {
        if (references is null)
        {
            return;
        }

        if (references.Count + alreadyGiven > Policy.MaxReferences)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture,
                $"{references.Count + alreadyGiven} references given; at most {Policy.MaxReferences} are allowed."));
        }

        for (var i = 0; i < references.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");
            if (references[i] is null)
            {
                Add(name, "A reference may not be null.");
            }
            else
            {
                CheckReference(name, references[i]);
            }
        }
    }

    /// <summary>
    /// Checks template values against the flow's template (submitting a request, R8; delivery with proof, R12): every
    /// required field has a value, and every value names a template field and is text a store keeps. Linear in the
    /// template and the values; more values than the template has fields is one error (the values are then not
    /// looked at one by one), and at most <see
    /// cref="Internal.FieldErrorLimit.MaxReported"/> errors about values are listed one by one. Missing required
    /// fields are each named (submitting a request, R8); the template's size bounds them.
    /// </summary>
    public void CheckTemplate(string field, IReadOnlyList<TemplateField> template, IReadOnlyDictionary<string, string>? values, string templateName)
    {
        var tooMany = values is not null && values.Count > template.Count;
        if (tooMany)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture,
                $"{values!.Count} values given; the {templateName} has {template.Count} field{(template.Count == 1 ? string.Empty : "s")}. Give at most one value per field of the {templateName}."));
        }

        // Named even when too many values were given: looking each field up costs what the template's size allows.
        foreach (var templateField in template)
        {
            string? value = null;
            var given = values is not null && values.TryGetValue(templateField.Name, out value);
            if (templateField.Required && (!given || string.IsNullOrWhiteSpace(value)))
            {
                Add($"{field}.{templateField.Name}", $"'{templateField.Name}' is required by the {templateName} and may not be empty.");
            }
        }

        if (tooMany || values is null || values.Count == 0)
        {
            return;
        }

        var names = new HashSet<string>(template.Count, StringComparer.Ordinal);
        foreach (var templateField in template)
        {
            names.Add(templateField.Name);
        }

        var reported = new Internal.FieldErrorLimit(_errors ??= [], field);
        foreach (var pair in values)
        {
            if (pair.Key is null || !names.Contains(pair.Key))
            {
                reported.Add($"{field}.{pair.Key}", $"'{pair.Key}' is not a field of the {templateName}; remove it or add it to the product's template.");
            }
            else if (TextProblem(pair.Value, $"'{pair.Key}'") is { } message)
            {
                reported.Add($"{field}.{pair.Key}", message);
            }
        }

        reported.Summarize($"values of the {templateName}");
    }

    /// <summary>
    /// Whether the text is an absolute link as written: it parses as an absolute URI and begins with that URI's scheme
    /// (a URI the parser made of a path has the scheme "file", which no path begins with). A path does not ("/a.pdf" parses as a file: URI on Linux, "C:\a.pdf" as well), nor does a relative
    /// or malformed link.
    /// </summary>
    private static bool IsAbsoluteLink(string text, [NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri)
        && text.StartsWith(uri.Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Quotes a caller's text in a message, shortened so an error never repeats a long input in full.</summary>
    private static string Quote(string text) =>
        text.Length <= 100 ? $"'{text}'" : $"'{text[..(char.IsHighSurrogate(text[99]) ? 99 : 100)]}...'"; // never half a pair

    private string? TextProblem(string? text, string what, string advice = " Shorten it or attach a document reference.")
    {
        if (text is null)
        {
            return null;
        }

        if (Internal.TextRules.IsLongerThan(text, Policy.MaxTextLength))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{what} has {Internal.TextRules.Characters(text)} characters; at most {Policy.MaxTextLength} are allowed.{advice}");
        }

        return Internal.TextRules.Problem(text, freeText: true) is { } problem ? $"{what} {problem}; remove it." : null;
    }

    /// <summary>The policy's reference schemes as a message names them: "https or http".</summary>
    private string SchemeList() => string.Join(" or ", Policy.ReferenceSchemes);

    /// <summary>How a message shows the start of an address the policy accepts, made only when a message needs it.</summary>
    private string ExampleAddress() => Policy.ReferenceSchemes.Contains("https") ? "https://" : SchemeList() + ":";

    private void CheckReference(string field, ProofReference reference)
    {
        if (string.IsNullOrWhiteSpace(reference.Name))
        {
            Add(field + ".Name", "A reference needs a name.");
        }
        else if (TextProblem(reference.Name, "The reference name", " Shorten it.") is { } tooLong)
        {
            Add(field + ".Name", tooLong);
        }

        var text = reference.Uri;
        if (string.IsNullOrWhiteSpace(text))
        {
            Add(field + ".Uri", $"A reference needs the full {ExampleAddress()} address where the host keeps the document.");
        }
        else if (TextProblem(text, "The reference URI", " Shorten it.") is { } problem)
        {
            // Checked first, so that nothing too long or hidden is parsed or repeated in a message.
            Add(field + ".Uri", problem);
        }
        else if (!IsAbsoluteLink(text, out var uri))
        {
            Add(field + ".Uri", $"{Quote(text)} is not an absolute link; give the full {ExampleAddress()} address where the host keeps the document.");
        }
        else if (!Policy.ReferenceSchemes.Contains(uri.Scheme))
        {
            Add(field + ".Uri", $"A reference URI may use only {SchemeList()}, not '{uri.Scheme}:'; links of other schemes are unsafe to show to the other party.");
        }
    }
}
