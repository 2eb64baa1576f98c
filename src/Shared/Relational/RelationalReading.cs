using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>Reads the JSON columns the relational stores return, the same way for every database.</summary>
internal static class RelationalReading
{
    /// <summary>
    /// Reads a text column as a stored document of <paramref name="format"/> from its UTF-8 bytes (as the driver holds
    /// them for the current row), copied into a buffer rented for the call rather than into a new array for each read.
    /// </summary>
    public static T ReadUtf8<T>(DbDataReader reader, int ordinal, StoredDocumentFormat<T> format)
        where T : class
    {
        var length = checked((int)reader.GetBytes(ordinal, 0, null, 0, 0));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var copied = (int)reader.GetBytes(ordinal, 0, buffer, 0, length);
            return format.DeserializeFromUtf8(buffer.AsSpan(0, copied));
        }
        finally
        {
            // Cleared: the shared pool hands the array to any code next, and a document holds the parties' texts.
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

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
    /// Reads one page of flow states selected with a limit of one more than the page size, each row with the columns
    /// of the order (placement, order number, decision deadline): the extra row, when present, only says that a next
    /// page exists, and the cursor is built from the columns of the page's last row, whether its state could be read
    /// or not.
    /// </summary>
    public static async Task<FlowPage> ReadPageAsync(DbDataReader reader, int pageSize, Instant now, CancellationToken cancellationToken, bool appealQueue = false)
    {
        var items = new List<FlowSummary>(pageSize);
        var rows = 0;
        FlowCursor? last = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rows == pageSize)
            {
                return new FlowPage(items, last);
            }

            rows++;
            last = new FlowCursor(RelationalFlowColumns.FromNanos(reader.GetInt64(1)), reader.GetString(2))
            {
                DecisionDueAt = appealQueue && !reader.IsDBNull(3) ? RelationalFlowColumns.FromNanos(reader.GetInt64(3)) : null,
            };

            // A row whose stored state cannot be read is left out of the page rather than failing every search
            // that reaches it; its timers are parked by the sweep, and reading it directly still reports the damage.
            ServiceFlow flow;
            try
            {
                flow = SupervisionStorageFormat.Flow.Deserialize(reader.GetString(0));
            }
            catch (Exception exception) when (exception is FormatException or InvalidCastException)
            {
                continue;
            }

            items.Add(FlowSummary.Of(flow, now));
        }

        return new FlowPage(items, null);
    }
}
