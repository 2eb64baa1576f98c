using Microsoft.Extensions.Options;

namespace KooGallery.Supervision;

/// <summary>
/// Checks <see cref="ServiceSupervisionOptions"/> when the options are built (at host start, with
/// <c>ValidateOnStart</c>): the failure names the option or policy field and says what to do.
/// </summary>
internal sealed class ServiceSupervisionOptionsValidator : IValidateOptions<ServiceSupervisionOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceSupervisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
