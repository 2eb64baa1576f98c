using Microsoft.Extensions.DependencyInjection;

namespace KooGallery.Supervision;

internal sealed class ServiceSupervisionBuilder(IServiceCollection services) : IServiceSupervisionBuilder
{
    public IServiceCollection Services { get; } = services;
}
