namespace KooGallery.Supervision.Testing;

/// <summary>
/// The shortest legal path to a stage, one step at a time: given a flow as it stands and what the
/// <see cref="FlowBuilder"/> was asked for, the next command to send. Pure: it reads the flow and decides.
/// </summary>
internal static class FlowRoute
{
    /// <summary>Decides the next step, or throws when no legal path leads from the flow to the goal.</summary>
    /// <exception cref="InvalidOperationException">No legal path; the message says why, without naming the order.</exception>
    public static RouteStep Next(ServiceFlow flow, FlowGoal goal)
    {
        var countsMet = flow.RequestRejections >= goal.RequestRejections && flow.DeliveryRejections >= goal.DeliveryRejections;
        if (flow.IsFrozen)
        {
            if (goal.Target == Stage.Closed)
            {
                return RouteStep.CloseAppeal;
            }

            if (goal.AppealBy != Party.Nobody && flow.Stage == goal.Target && countsMet)
            {
                return RouteStep.Done;
            }

            throw NoPath(flow, goal, $"an appeal opened by the {flow.Appeal?.OpenedBy.Role} freezes it in stage {flow.Stage}; decide it first");
        }

        if (flow.Stage == goal.Target && countsMet && (goal.AppealBy == Party.Nobody || flow.IsFinal))
        {
            return RouteStep.Done;
        }

        if (flow.IsFinal)
        {
            throw NoPath(flow, goal, $"it is final in stage {flow.Stage}");
        }

        if (flow.Stage == goal.Target && countsMet)
        {
            return RouteStep.OpenAppeal; // the goal asks for an appeal left open in the target stage
        }

        if (goal.Target == Stage.Closed && countsMet)
        {
            return RouteStep.OpenAppeal; // then an operations manager closes it
        }

        if (flow.RequestRejections < goal.RequestRejections && StageProgress.Of(flow.Stage) >= StageProgress.Of(Stage.InService))
        {
            throw NoPath(flow, goal, $"its request was accepted after {flow.RequestRejections} of the {goal.RequestRejections} request rejections asked for");
        }

        if (flow.DeliveryRejections < goal.DeliveryRejections && StageProgress.Of(flow.Stage) >= StageProgress.Of(Stage.Accepted))
        {
            throw NoPath(flow, goal, $"its delivery was accepted after {flow.DeliveryRejections} of the {goal.DeliveryRejections} delivery rejections asked for");
        }

        if (goal.Target != Stage.Closed && StageProgress.Of(flow.Stage) > StageProgress.Of(goal.Target))
        {
            throw NoPath(flow, goal, $"stage {flow.Stage} lies past {goal.Target}, and only an appeal decision (ReturnTo) leads back");
        }

        return flow.Stage switch
        {
            Stage.AwaitingRequest or Stage.RequestReturned => RouteStep.SubmitRequest,
            Stage.RequestSubmitted => flow.RequestRejections < goal.RequestRejections || goal.Target == Stage.RequestReturned
                ? RouteStep.ReturnRequest
                : RouteStep.AcceptRequest,
            Stage.InService or Stage.DeliveryRejected => RouteStep.Deliver,
            Stage.Delivered => flow.DeliveryRejections < goal.DeliveryRejections || goal.Target == Stage.DeliveryRejected
                ? RouteStep.RejectDelivery
                : RouteStep.AcceptDelivery,
            Stage.Accepted => RouteStep.AwaitCompletion, // the only goal past Accepted left here is Completed
            _ => throw NoPath(flow, goal, $"stage {flow.Stage} is not one the builder knows"),
        };
    }

    private static InvalidOperationException NoPath(ServiceFlow flow, FlowGoal goal, string why) =>
        new($"No legal path leads from order {flow.OrderNumber} in stage {flow.Stage} to {goal}: {why}.");
}
