namespace KooGallery.Supervision.Exploration.Internal;

/// <summary>A state found by the breadth-first search: the step that reached it from its parent, so paths share their prefixes.</summary>
internal sealed class PathNode(PathNode? parent, ExploredStep? step, int depth)
{
    public static PathNode Root { get; } = new(null, null, 0);

    public int Depth { get; } = depth;

    /// <summary>The steps from the flow's creation to this state.</summary>
    public ExploredStep[] ToPath()
    {
        var path = new ExploredStep[Depth];
        var node = this;
        for (var i = Depth - 1; i >= 0; i--)
        {
            path[i] = node.Step!;
            node = node.Parent!;
        }

        return path;
    }

    /// <summary>The steps from the flow's creation to this state, then <paramref name="next"/>.</summary>
    public IReadOnlyList<ExploredStep> ToPathThen(ExploredStep next)
    {
        var path = new ExploredStep[Depth + 1];
        ToPath().CopyTo(path, 0);
        path[Depth] = next;
        return path;
    }

    private PathNode? Parent { get; } = parent;

    private ExploredStep? Step { get; } = step;
}
