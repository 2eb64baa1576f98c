using System.Globalization;

namespace KooGallery.Supervision.Internal;

/// <summary>
/// Reports the errors of one list input (template fields, template values) up to
/// <see cref="MaxReported"/>, then one summary error that counts the rest: a refusal stays readable
/// and small however many entries the input has.
/// </summary>
internal sealed class FieldErrorLimit(List<FieldError> errors, string field)
{
    /// <summary>The most errors reported one by one for one list input.</summary>
    public const int MaxReported = 20;

    private int _count;

    /// <summary>Reports an error, or only counts it once <see cref="MaxReported"/> were reported.</summary>
    public void Add(string at, string message)
    {
        if (++_count <= MaxReported)
        {
            errors.Add(new FieldError(at, message));
        }
    }

    /// <summary>Adds the summary error when errors were left unreported.</summary>
    public void Summarize(string what)
    {
        if (_count > MaxReported)
        {
            errors.Add(new FieldError(field, string.Create(CultureInfo.InvariantCulture,
                $"{_count - MaxReported} more problems with the {what} are not listed; fix the {MaxReported} above and look again.")));
        }
    }
}
