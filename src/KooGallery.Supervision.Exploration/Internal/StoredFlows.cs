using System.Runtime.CompilerServices;

namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>
/// The stored flow behind each view a lane read: the explorer checks the library's own timer bookkeeping (idle clock,
/// stall due, last sequence), which a view does not show. A lane loads it from its own store right after the view,
/// through the public store API, and keeps it here beside the view.
/// </summary>
/// <remarks>Thread-safe; entries go with their views.</remarks>
internal static class StoredFlows
{
    private static readonly ConditionalWeakTable<FlowView, ServiceFlow> Flows = new();

    /// <summary>Keeps <paramref name="flow"/> as the stored flow behind <paramref name="view"/>.</summary>
    public static void Keep(FlowView view, ServiceFlow flow) => Flows.AddOrUpdate(view, flow);

    extension(FlowView view)
    {
        /// <summary>Gets the stored flow the lane read with this view.</summary>
        public ServiceFlow Stored => Flows.TryGetValue(view, out var flow)
            ? flow
            : throw new System.InvalidOperationException("This view was not read by an exploration lane.");
    }
}
