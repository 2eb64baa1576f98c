using System.Globalization;

namespace KooGallery.Supervision;

/// <summary>
/// Takes a command's input at the boundary, before anything else reads it: copies every collection the
/// caller handed in exactly once (so validation, the fingerprint and the stored record all read the same
/// copy, whatever the caller's collection does), reading no more of a collection than the flow's policy
/// allows, and notes input too large to be a command the flow could accept, so that it is never hashed.
/// </summary>
internal sealed class CommandInput
{
    /// <summary>How many template values beyond the template's own fields are still copied, so that the full validation can name the unknown ones.</summary>
    private const int UnknownFieldAllowance = 20;

    private readonly SupervisionPolicy _policy;
    private List<FieldError>? _errors;

    public CommandInput(ServiceFlow flow, SupervisionPolicy policy)
    {
        Flow = flow;
        _policy = policy;
    }

    /// <summary>Gets the flow the command is for.</summary>
    public ServiceFlow Flow { get; }

    /// <summary>Gets the errors of collections too large to copy; the command's own validation reports everything else.</summary>
    public IReadOnlyList<FieldError> Errors => (IReadOnlyList<FieldError>?)_errors ?? [];

    /// <summary>
    /// Gets whether some text is longer than the policy allows: such a command is refused by its validation,
    /// and is never hashed or compared with a stored command.
    /// </summary>
    public bool IsOversized { get; private set; }

    /// <summary>Notes a text longer than the policy allows; the command's validation refuses it with its field name.</summary>
    public string? Text(string field, string? text)
    {
        _ = field;
        if (text is not null && Internal.TextRules.IsLongerThan(text, _policy.MaxTextLength))
        {
            IsOversized = true;
        }

        return text;
    }

    /// <summary>Checks one reference's lengths.</summary>
    public ProofReference? Reference(string field, ProofReference? reference)
    {
        if (reference is not null)
        {
            Text(field + "." + nameof(ProofReference.Name), reference.Name);
            Text(field + "." + nameof(ProofReference.Uri), reference.Uri);
        }

        return reference;
    }

    /// <summary>Copies a list of references once, reading at most one more than the policy allows.</summary>
    public IReadOnlyList<ProofReference>? References(string field, IReadOnlyList<ProofReference>? references)
    {
        if (references is null)
        {
            return null;
        }

        var limit = _policy.MaxReferences;
        var copy = new List<ProofReference>(Math.Min(limit, 8));
        foreach (var reference in references)
        {
            if (copy.Count == limit)
            {
                Add(field, string.Create(CultureInfo.InvariantCulture, $"More than {limit} references were given; at most {limit} are allowed."));
                IsOversized = true;
                return Array.Empty<ProofReference>();
            }

            copy.Add(reference);
        }

        var array = copy.ToArray();
        for (var i = 0; i < array.Length; i++)
        {
            Reference(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), array[i]);
        }

        return Array.AsReadOnly(array);
    }

    /// <summary>Copies template values once, reading at most a few more than the template has fields.</summary>
    public IReadOnlyDictionary<string, string>? Fields(string field, IReadOnlyDictionary<string, string>? values, IReadOnlyList<TemplateField> template)
    {
        if (values is null)
        {
            return null;
        }

        // Every pair read counts toward the limit, kept or not, so no caller's dictionary (one with
        // thousands of bad names, or one whose enumerator never ends) is read further than this.
        var limit = template.Count + UnknownFieldAllowance;
        var copy = new Dictionary<string, string>(Math.Min(limit, 16), StringComparer.Ordinal);
        var errors = new List<FieldError>();
        var reported = new Internal.FieldErrorLimit(errors, field);
        var read = 0;
        foreach (var pair in values)
        {
            if (++read > limit)
            {
                errors.Add(new FieldError(field, string.Create(CultureInfo.InvariantCulture,
                    $"{values.Count} values were given, more than the {limit} read at most; the template has {template.Count} fields. Send values only for the template's fields.")));
                IsOversized = true;
                copy.Clear();

                // The template's own fields are still looked up, one lookup each, so that a required field the
                // caller did give is not reported missing.
                foreach (var templateField in template)
                {
                    if (values.TryGetValue(templateField.Name, out var given) && given is not null)
                    {
                        copy[templateField.Name] = given;
                    }
                }

                break;
            }

            if (pair.Key is null)
            {
                reported.Add(field, "A field name may not be null.");
                IsOversized = true;
            }
            else if (pair.Key.Length > ServiceSupervisor.MaxIdLength)
            {
                reported.Add(field, string.Create(CultureInfo.InvariantCulture,
                    $"A field name has {pair.Key.Length} characters; no template field name is longer than {ServiceSupervisor.MaxIdLength}."));
                IsOversized = true;
            }
            else
            {
                Text($"{field}.{pair.Key}", pair.Value);
                copy[pair.Key] = pair.Value;
            }
        }

        reported.Summarize("field names");
        foreach (var error in errors)
        {
            Add(error.Field, error.Message);
        }

        return Internal.ReadOnly.Wrap(copy);
    }

    private void Add(string field, string message) => (_errors ??= []).Add(new FieldError(field, message));
}
