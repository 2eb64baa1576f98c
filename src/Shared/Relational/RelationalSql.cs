namespace KooGallery.Supervision.Relational;

/// <summary>Every statement of the relational stores, built once per store from its <see cref="RelationalDialect"/>.</summary>
internal sealed class RelationalSql
{
    public RelationalSql(RelationalDialect dialect)
    {
        var (t, undelivered, underAppeal, lockRow, endClaim, ignoreConflict, checksOnServer) = dialect;
        ChecksOnServer = checksOnServer;
        Flows = t + "supervision_flows";
        var records = t + "supervision_records";
        var commands = t + "supervision_commands";
        var outbox = t + "supervision_outbox";
        Outbox = outbox;
        Undelivered = undelivered;
        UnderAppeal = underAppeal;
        LoadFlow = $"SELECT state FROM {Flows} WHERE order_number = @order";
        ReadRecords = $"SELECT body FROM {records} WHERE order_number = @order ORDER BY sequence";
        FindOutcome = $"SELECT outcome FROM {commands} WHERE order_number = @order AND command_id = @id";

        // A command's first read: its flow and the outcome under its id, in one statement and so from one snapshot.
        LoadForCommand = $"SELECT state, ({FindOutcome}) FROM {Flows} WHERE order_number = @order";

        // Every save writes next_due_at from the flow and resets timer_failures (and any claim): it ends any parking.
        // The order's own columns (parties, product, placement) are written once, by the insert.
        InsertFlow = $"""
            INSERT INTO {Flows} (order_number, version, buyer_id, seller_id, product_id, placed_at, stage, status, waiting_on, under_appeal, stall_due_at, next_due_at, decision_due_at, state)
            VALUES (@order, @version, @buyer, @seller, @product, @placed, @stage, @status, @waiting, @appeal, @stall, @due, @decision, @state)
            ON CONFLICT (order_number) DO NOTHING
            """;
        UpdateFlow = $"""
            UPDATE {Flows} SET version = @version, stage = @stage, status = @status, waiting_on = @waiting, under_appeal = @appeal,
                stall_due_at = @stall, next_due_at = @due, decision_due_at = @decision, timer_failures = 0{endClaim}, state = @state
            WHERE order_number = @order AND version = @expected
            """;

        // Inserts nothing when the id is taken, so the append-only trigger never fires and the save reports the taken id.
        InsertOutcome = $"""
            INSERT INTO {commands} (order_number, command_id, outcome) SELECT @order, @id, @outcome
            WHERE NOT EXISTS (SELECT 1 FROM {commands} WHERE order_number = @order AND command_id = @id){ignoreConflict}
            """;
        if (checksOnServer)
        {
            // Each check fails with an error of its own, so the error says which (a driver need not name the statement).
            InsertFlow = Checked(InsertFlow, FlowCheck);
            UpdateFlow = Checked(UpdateFlow, FlowCheck);
            InsertOutcome = Checked(InsertOutcome, OutcomeCheck);
        }

        // No conflict to ignore: the flow's write comes first and fails its check on a lost race, so a record meeting an
        // existing sequence is a change whose records are not the flow's next ones, and its key refuses it.
        InsertRecord = $"INSERT INTO {records} (order_number, sequence, at, action, body) VALUES (@order, @sequence, @at, @action, @body)";
        InsertEvent = $"INSERT INTO {outbox} (event_id, order_number, body) VALUES (@id, @order, @body)";
        FindDue = $"SELECT order_number FROM {Flows} WHERE next_due_at IS NOT NULL AND next_due_at <= @now ORDER BY next_due_at LIMIT @limit";
        // Set-aside rows (due at the largest value) are never read again, even at the end of time.
        ReadPending = $"SELECT body, sequence FROM {outbox} WHERE {undelivered} AND due_at <= @now AND due_at < {long.MaxValue} ORDER BY due_at, sequence LIMIT @limit";
        CountPending = $"SELECT count(*) FROM (SELECT 1 FROM {outbox} WHERE {undelivered} LIMIT @limit) AS pending";

        // An outbox row whose body cannot be read is set aside, never due again but still pending (and so counted
        // by the backlog), so it cannot block the events behind it; nothing is deleted.
        SetAsideEvent = $"UPDATE {outbox} SET due_at = @never WHERE sequence = @sequence";
        Park = new(
            $"SELECT timer_failures, next_due_at FROM {Flows} WHERE order_number = @key{lockRow}",
            $"UPDATE {Flows} SET timer_failures = @count, next_due_at = CASE WHEN next_due_at IS NULL THEN NULL ELSE @due END{endClaim} WHERE order_number = @key");
        Defer = new(
            $"SELECT attempts, due_at FROM {outbox} WHERE event_id = @key AND {undelivered}{lockRow}",
            $"UPDATE {outbox} SET attempts = @count, due_at = @due WHERE event_id = @key");
        FrozenWithoutDecisionDue = $"SELECT order_number, state FROM {Flows} WHERE under_appeal = @frozen AND decision_due_at IS NULL";
        SetDecisionDue = $"UPDATE {Flows} SET decision_due_at = @due WHERE order_number = @order";
        SchemaVersion = $"SELECT version FROM {t}supervision_schema WHERE id = 1";
        StampSchema = $"INSERT INTO {t}supervision_schema (id, version, library) VALUES (1, @version, @library) ON CONFLICT (id) DO UPDATE SET version = excluded.version, library = excluded.library";
    }

    /// <summary>Gets whether the save's checks fail on the server (<see cref="RelationalDialect.ChecksOnServer"/>).</summary>
    public bool ChecksOnServer { get; }

    public string Flows { get; }

    public string Outbox { get; }

    public string Undelivered { get; }

    public string UnderAppeal { get; }

    public string LoadFlow { get; }

    public string ReadRecords { get; }

    public string FindOutcome { get; }

    public string LoadForCommand { get; }

    /// <summary>The statement of a save of the kind <paramref name="statement"/>.</summary>
    public string Of(RelationalStatement statement) => statement switch
    {
        RelationalStatement.InsertFlow => InsertFlow,
        RelationalStatement.UpdateFlow => UpdateFlow,
        RelationalStatement.InsertOutcome => InsertOutcome,
        RelationalStatement.InsertRecord => InsertRecord,
        _ => InsertEvent,
    };

    public string InsertFlow { get; }

    public string UpdateFlow { get; }

    public string InsertOutcome { get; }

    public string InsertRecord { get; }

    public string InsertEvent { get; }

    public string FindDue { get; }

    /// <summary>Reads the pending events; tests check that an index serves it.</summary>
    public string ReadPending { get; }

    /// <summary>Counts the events not yet delivered, up to a limit: deferred and set-aside ones too.</summary>
    public string CountPending { get; }

    public string FrozenWithoutDecisionDue { get; }

    public string SetDecisionDue { get; }

    public string SetAsideEvent { get; }

    public RelationalRetry.Statements Park { get; }

    public RelationalRetry.Statements Defer { get; }

    public string SchemaVersion { get; }

    public string StampSchema { get; }

    /// <summary>The check of a flow's write: one divided by the rows written, a division by zero (SQLSTATE 22012) when none.</summary>
    public const string FlowCheck = "1 / count(*)";

    /// <summary>The check of an outcome's insert: the logarithm of the rows written, of zero (SQLSTATE 2201E) when none.</summary>
    public const string OutcomeCheck = "ln(count(*))";

    /// <summary>A write that must write one row, made to fail on the server when it writes none: it returns its rows, and <paramref name="check"/> fails on their count of zero.</summary>
    public static string Checked(string write, string check) => $"WITH written AS ({write} RETURNING 1) SELECT {check} FROM written";
}
