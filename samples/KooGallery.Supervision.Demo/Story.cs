using System;
using System.Linq;
using NodaTime;
using NodaTime.Text;
using KooGallery.Supervision;

namespace KooGallery.Supervision.Demo;

/// <summary>How the demo writes: one time format (with the zone), plain words, events under the command that caused them.</summary>
internal static class Story
{
    private static readonly InstantPattern TimePattern = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm 'UTC'");

    public static string Time(Instant instant) => TimePattern.Format(instant);

    public static string Time(Instant? instant) => instant is { } value ? Time(value) : "-";

    public static string Duration(Duration duration) =>
        duration.Days > 0 ? (duration.Hours > 0 ? $"{duration.Days} d {duration.Hours} h" : $"{duration.Days} d")
        : duration.Hours > 0 ? (duration.Minutes > 0 ? $"{duration.Hours} h {duration.Minutes} min" : $"{duration.Hours} h")
        : $"{duration.Minutes} min";

    public static string Party(Party party) => party switch
    {
        KooGallery.Supervision.Party.Nobody => "no one",
        KooGallery.Supervision.Party.Buyer => "the buyer",
        KooGallery.Supervision.Party.Seller => "the seller",
        KooGallery.Supervision.Party.OperationsManagers => "the operations managers",
        _ => party.ToString(),
    };

    public static string Who(Actor actor) => actor.Role switch
    {
        ActorRole.Buyer => $"buyer {actor.Id}",
        ActorRole.Seller => $"seller {actor.Id}",
        ActorRole.OperationsManager => $"operations manager {actor.Id}",
        _ => "the system",
    };

    public static void Events(ConsoleEventHandler handler)
    {
        foreach (var e in handler.Take())
        {
            var notify = e.Concerns == KooGallery.Supervision.Party.Nobody ? string.Empty : $", notify {Party(e.Concerns)}";
            Console.WriteLine($"      event {e.Kind} on {e.OrderNumber} at {Time(e.OccurredAt)}{notify}");
        }
    }

    public static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    public static string List<T>(System.Collections.Generic.IEnumerable<T> items) =>
        items.Any() ? string.Join(", ", items) : "nothing";
}
