using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace KooGallery.Supervision.Web;

/// <summary>How the pages show the library's values to people.</summary>
public static class Display
{
    private static readonly InstantPattern InstantText = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm 'UTC'");

    /// <summary>The stages in the order the strip shows them.</summary>
    public static IReadOnlyList<Stage> StageStrip { get; } =
    [
        Stage.AwaitingRequest, Stage.RequestSubmitted, Stage.RequestReturned, Stage.InService, Stage.Delivered,
        Stage.DeliveryRejected, Stage.Accepted, Stage.Completed, Stage.Closed,
    ];

    /// <summary>An instant, to the minute, in UTC.</summary>
    public static string Instant(Instant instant) => InstantText.Format(instant);

    /// <summary>An instant or a dash.</summary>
    public static string Instant(Instant? instant) => instant is { } value ? Instant(value) : "-";

    /// <summary>A duration in days, hours and minutes, such as "1 day 3 hours".</summary>
    public static string Duration(Duration duration)
    {
        if (duration <= NodaTime.Duration.Zero)
        {
            return "0 minutes";
        }

        var parts = new List<string>(3);
        Add(parts, duration.Days, "day");
        Add(parts, duration.Hours, "hour");
        Add(parts, duration.Minutes, "minute");
        return parts.Count == 0 ? "less than a minute" : string.Join(' ', parts);

        static void Add(List<string> parts, int value, string unit)
        {
            if (value > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value} {unit}{(value == 1 ? string.Empty : "s")}"));
            }
        }
    }

    /// <summary>A name in PascalCase as words: "RequestSubmitted" becomes "Request submitted".</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>A stage as words.</summary>
    public static string Words(Stage stage) => Words(stage.ToString());

    /// <summary>An action as words.</summary>
    public static string Words(SupervisionAction action) => Words(action.ToString());

    /// <summary>Whom a flow waits on, as words.</summary>
    public static string Words(Party party) => party switch
    {
        Party.Nobody => "nobody",
        Party.Buyer => "the buyer",
        Party.Seller => "the seller",
        _ => "an operations manager",
    };

    /// <summary>A role as words.</summary>
    public static string Words(ActorRole role) => role == ActorRole.OperationsManager ? "operations manager" : Words(role.ToString()).ToLowerInvariant();
}
