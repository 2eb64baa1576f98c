// The names the documentation's C# snippets use without declaring them, so that a fragment compiles as the
// body of a method of a class derived from this one (scripts/check-snippets.sh). Nothing here runs in a
// snippet marked to run, except what such a snippet declares itself.
using KooGallery.Supervision;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Snippets;

internal abstract class SnippetContext
{
    // A host's registrations and its built container, as in Program.cs of a service.
    protected IServiceCollection services = new ServiceCollection();
    protected IServiceProvider provider = null!;

    // An ASP.NET Core host: WebApplication.CreateBuilder(args) and builder.Build().
    protected string[] args = [];
    protected WebApplicationBuilder builder = null!;
    protected WebApplication app = null!;

    // Values of the embedder's own application.
    protected PaidOrder order = new(Instant.FromUtc(2026, 3, 2, 9, 0));
    protected string requestId = Guid.NewGuid().ToString();
    protected string connectionString = "Host=localhost;Database=marketplace;Username=supervision";
    protected SupervisionPolicy myPolicy = SupervisionPolicy.Default;
    protected CancellationToken stoppingToken = CancellationToken.None;

}

/// <summary>The embedder's paid order.</summary>
internal sealed record PaidOrder(Instant PaidAt);

/// <summary>The embedder's notifications (e-mail, push).</summary>
internal sealed class NotifyPartiesHandler : ISupervisionEventHandler
{
    public ValueTask HandleAsync(SupervisionEvent supervisionEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
