using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>Reads the JSON columns the relational stores return, the same way for every database.</summary>
internal static class RelationalReading
{
    /// <summary>Reads every row's first column as a stored document of <paramref name="format"/>, in order.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(DbDataReader reader, StoredDocumentFormat<T> format, CancellationToken cancellationToken)
        where T : class
    {
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(format.Deserialize(reader.GetString(0)));
        }

        return items;
    }

    /// <summary>
    /// Reads one page of flow states selected with a limit of one more than the page size: the extra row,
    /// when present, only says that a next page exists.
    /// </summary>
    public static async Task<FlowPage> ReadPageAsync(DbDataReader reader, int pageSize, Instant now, CancellationToken cancellationToken, bool appealQueue = false)
    {
        var items = new List<FlowSummary>(pageSize);
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == pageSize)
            {
                more = true;
                break;
            }

            // A row whose stored state cannot be read is left out of the page rather than failing every search
            // that reaches it; its timers are parked by the sweep, and reading it directly still reports the damage.
            ServiceFlow flow;
            try
            {
                flow = SupervisionStorageFormat.Flow.Deserialize(reader.GetString(0));
            }
            catch (FormatException)
            {
                continue;
            }

            items.Add(FlowSummary.Of(flow, now));
        }

        return new FlowPage(items, more ? new FlowCursor(items[^1].PlacedAt, items[^1].OrderNumber) { DecisionDueAt = appealQueue ? items[^1].DecisionDueAt : null } : null);
    }
}
