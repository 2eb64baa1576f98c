using System.Net;
using System.Security.Claims;
using KooGallery.Supervision.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KooGallery.Supervision.AspNetCore.Tests;

/// <summary>The registration, the default claims resolver's options, and a host's own resolver.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void MapServiceSupervision_WithoutTheRegistration_ThrowsSayingWhatToAdd()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddServiceSupervision();
        using var app = builder.Build();

        var act = () => app.MapServiceSupervision("/supervision");

        act.Should().Throw<InvalidOperationException>().WithMessage("*AddServiceSupervisionEndpoints*");
    }

    [Fact]
    public async Task ClaimsResolver_WithOtherClaimTypes_ReadsThoseClaims()
    {
        var resolver = new ClaimsSupervisionActorResolver(Options.Create(new SupervisionEndpointOptions { RoleClaimType = "role", IdClaimType = "sub" }));
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "seller-9"), new Claim("role", "Seller"), new Claim(ClaimTypes.Role, "Buyer")], "test")),
        };

        var actor = await resolver.ResolveAsync(context, CancellationToken.None);

        actor.Should().Be(Actor.Seller("seller-9"));
    }

    [Fact]
    public async Task ClaimsResolver_AnUnauthenticatedUserWithClaims_IsNoActor()
    {
        var resolver = new ClaimsSupervisionActorResolver(Options.Create(new SupervisionEndpointOptions()));
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "buyer-1"), new Claim(ClaimTypes.Role, "Buyer")])),
        };

        (await resolver.ResolveAsync(context, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task AHostsResolver_ReplacesTheDefault_AndASystemActorFromItIsRefused403()
    {
        using var factory = new SupervisionApiFactory();
        await factory.CreateAsync("ORD-1");
        using var custom = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<ISupervisionActorResolver>(new FixedResolver(Actor.System))));
        using var client = custom.CreateClient();

        var response = await client.GetAsync("/supervision/flows/ORD-1");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.JsonOfAsync())["reason"]!.GetValue<string>().Should().Be(SupervisionErrorReason.SystemRoleReserved);
    }

    [Fact]
    public async Task AHostsResolver_NamesTheCaller()
    {
        using var factory = new SupervisionApiFactory();
        await factory.CreateAsync("ORD-1");
        using var custom = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<ISupervisionActorResolver>(new FixedResolver(Actor.Seller("seller-1")))));
        using var client = custom.CreateClient();

        var view = await (await client.GetAsync("/supervision/flows/ORD-1")).ReadAsync<FlowView>();

        view.Viewer.Should().Be(Actor.Seller("seller-1"));
    }

    private sealed class FixedResolver(Actor actor) : ISupervisionActorResolver
    {
        public ValueTask<Actor?> ResolveAsync(HttpContext context, CancellationToken cancellationToken) => new(actor);
    }
}
