using System.Collections.ObjectModel;

namespace KooGallery.Supervision;

/// <summary>What the in-memory store keeps of one flow: the flow as last saved, its records, and its place in the due index.</summary>
internal sealed class InMemoryFlowEntry(ServiceFlow flow)
{
    /// <summary>Gets or sets the flow as last saved.</summary>
    public ServiceFlow Flow { get; set; } = flow;

    /// <summary>
    /// Gets or sets the flow's key in the due index, null when it has none: never later than <see cref="SweepAt"/>,
    /// and exactly it while the flow is parked.
    /// </summary>
    public Instant? IndexedAt { get; set; }

    /// <summary>Gets or sets how many times in a row the flow's timers failed to apply; more than none while it is parked.</summary>
    public int TimerFailures { get; set; }

    /// <summary>Gets when the sweep next looks at the flow: its retry instant while parked, else its next timer.</summary>
    public Instant? SweepAt => TimerFailures > 0 ? IndexedAt : Flow.NextTimerDueAt;

    private OperationRecord[] _records = [];
    private int _count;

    /// <summary>
    /// A read-only view of the records appended so far. Later appends only write past its end or
    /// into a new array, so a view never changes once handed out.
    /// </summary>
    public IReadOnlyList<OperationRecord> Records =>
        _count == 0 ? [] : new ReadOnlyCollection<OperationRecord>(new ArraySegment<OperationRecord>(_records, 0, _count));

    /// <summary>Gets the sequence of the last record appended; 0 before the first.</summary>
    public long LastRecordSequence => _count == 0 ? 0 : _records[_count - 1].Sequence;

    /// <summary>
    /// Appends records: exactly sized up to eight records (an idle flow keeps no spare capacity), then
    /// doubling, so a flow with thousands of progress updates still appends in constant time.
    /// </summary>
    public void Append(IReadOnlyList<OperationRecord> records)
    {
        var needed = _count + records.Count;
        if (needed > _records.Length)
        {
            var larger = new OperationRecord[needed <= 8 ? needed : Math.Max(needed, _records.Length * 2)];
            Array.Copy(_records, larger, _count);
            _records = larger;
        }

        for (var i = 0; i < records.Count; i++)
        {
            _records[_count + i] = records[i];
        }

        _count = needed;
    }
}
