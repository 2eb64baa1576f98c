namespace KooGallery.Supervision.AspNetCore.Internal;

/// <summary>Tells <c>MapServiceSupervision</c> that <c>AddServiceSupervisionEndpoints</c> was called.</summary>
internal sealed class SupervisionEndpointsMarker
{
}
