using System.Globalization;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.Hosting;

/// <summary>Checks <see cref="SupervisionHostingOptions"/> when they are built (at host start, with <c>ValidateOnStart</c>).</summary>
internal sealed class SupervisionHostingOptionsValidator : IValidateOptions<SupervisionHostingOptions>
{
    internal static readonly TimeSpan MinSweepInterval = TimeSpan.FromMilliseconds(10);
    internal static readonly TimeSpan MaxSweepInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, SupervisionHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SweepInterval < MinSweepInterval || options.SweepInterval > MaxSweepInterval
            ? ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"SupervisionHostingOptions.SweepInterval must be from {MinSweepInterval} to {MaxSweepInterval}; it was {options.SweepInterval}."))
            : ValidateOptionsResult.Success;
    }
}
