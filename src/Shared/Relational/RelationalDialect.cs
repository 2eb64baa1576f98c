namespace KooGallery.Supervision.Relational;

/// <summary>
/// Where the SQL of the relational stores differs between databases: the few fragments from which
/// <see cref="RelationalSql"/> builds every statement.
/// </summary>
/// <param name="Tables">Prefixes every table name: empty, or a quoted schema and a dot.</param>
/// <param name="Undelivered">The condition of an outbox row not yet delivered, in the form its partial index names.</param>
/// <param name="UnderAppeal">The condition of a flow under appeal, in the form its partial index names (a literal, never a parameter, so the planner can prove the index applies).</param>
/// <param name="LockRow">Ends a read of a row the same transaction then writes: empty, or a row lock (<c> FOR UPDATE</c>).</param>
/// <param name="EndClaim">Ends a flow's timer claim in a write of the flow: empty where sweeps claim nothing.</param>
/// <param name="IgnoreConflict">
/// Ends the insert of an outcome that may meet an existing row: empty where a failed check stops the statements that
/// follow it, <c> ON CONFLICT DO NOTHING</c> where they run as one batch (the outcome's check then rolls them back).
/// </param>
/// <param name="ChecksOnServer">
/// Whether a save's checks fail on the server: the flow's write and the outcome's insert then raise an error of their
/// own when they write no row (a division by zero, the logarithm of zero), which ends the batch (one implicit
/// transaction) and rolls it back, so a save is one round trip with no transaction of its own (<see cref="RelationalSql.Checked"/>).
/// </param>
internal readonly record struct RelationalDialect(string Tables, string Undelivered, string UnderAppeal, string LockRow, string EndClaim, string IgnoreConflict, bool ChecksOnServer = false);
