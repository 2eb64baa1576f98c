namespace KooGallery.Supervision;

/// <summary>
/// The one text a command takes as its whole input (a note, a reason, an update), described once: its field name,
/// its value, what a message calls it and whether it is required. <see cref="SupervisionCommand"/> validates, takes
/// and records it from this description.
/// </summary>
/// <param name="Field">The field's name, as errors name it.</param>
/// <param name="Value">The text the caller gave.</param>
/// <param name="What">What a message calls the text, such as "The reason".</param>
/// <param name="IsRequired">Whether the text is required and may not be empty.</param>
internal readonly record struct CommandText(string Field, string? Value, string What, bool IsRequired)
{
    /// <summary>A text the command needs: an empty one is refused.</summary>
    public static CommandText Required(string field, string value, string what) => new(field, value, what, IsRequired: true);

    /// <summary>A text the caller may leave out.</summary>
    public static CommandText Optional(string field, string? value, string what) => new(field, value, what, IsRequired: false);

    /// <summary>Reports the text's field errors.</summary>
    public void Validate(CommandValidation validation)
    {
        if (IsRequired)
        {
            validation.RequireText(Field, Value, What);
        }
        else
        {
            validation.LimitText(Field, Value, What);
        }
    }

    /// <summary>Notes a text longer than the policy allows; a string needs no copy.</summary>
    public void Take(CommandInput input)
    {
        // Stryker disable once Statement : it only marks an oversized text so a retry is not hashed; validation refuses the text either way
        input.Text(Field, Value);
    }
}
