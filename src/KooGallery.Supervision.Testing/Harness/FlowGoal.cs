using System.Text;

namespace KooGallery.Supervision.Testing;

/// <summary>What a <see cref="FlowBuilder"/> drives a flow to: a stage, the rejection counts on the way, and an appeal.</summary>
/// <param name="Target">The stage to reach.</param>
/// <param name="RequestRejections">The request-rejection count the flow must have reached.</param>
/// <param name="DeliveryRejections">The delivery-rejection count the flow must have reached.</param>
/// <param name="AppealBy">
/// Who opens an appeal: left open in <paramref name="Target"/>, or, for <see cref="Stage.Closed"/>, the appeal an
/// operations manager closes; <see cref="Party.Nobody"/> for none.
/// </param>
internal sealed record FlowGoal(Stage Target, int RequestRejections, int DeliveryRejections, Party AppealBy)
{
    /// <summary>Describes the goal: "Delivered with 2 delivery rejections and an appeal by the Buyer".</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Target.ToString());
        var joiner = " with ";
        if (RequestRejections > 0)
        {
            text.Append(joiner).Append(RequestRejections).Append(" request rejection").Append(RequestRejections == 1 ? string.Empty : "s");
            joiner = " and ";
        }

        if (DeliveryRejections > 0)
        {
            text.Append(joiner).Append(DeliveryRejections).Append(" delivery rejection").Append(DeliveryRejections == 1 ? string.Empty : "s");
            joiner = " and ";
        }

        if (AppealBy != Party.Nobody)
        {
            text.Append(joiner).Append("an appeal by the ").Append(AppealBy);
        }

        return text.ToString();
    }
}
