namespace KooGallery.Supervision.PostgreSql;

/// <summary>The PostgreSQL schema, one script per version; "{0}" is the quoted schema name.</summary>
internal static class PostgreSqlSchema
{
    public const int CurrentVersion = 3;

    public static readonly string[][] Migrations =
    [
        // Version 1.
        [
            """
            CREATE TABLE {0}.supervision_schema (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version INTEGER NOT NULL,
                library TEXT NOT NULL)
            """,
            """
            CREATE TABLE {0}.supervision_flows (
                order_number TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                version BIGINT NOT NULL,
                buyer_id TEXT NOT NULL,
                seller_id TEXT NOT NULL,
                product_id TEXT NOT NULL,
                stage INTEGER NOT NULL,
                status INTEGER NOT NULL,
                placed_at BIGINT NOT NULL,
                waiting_on INTEGER NOT NULL,
                under_appeal BOOLEAN NOT NULL,
                stall_due_at BIGINT NULL,
                next_due_at BIGINT NULL,
                timer_claim_until BIGINT NULL,
                state TEXT NOT NULL)
            """,
            "CREATE INDEX ix_supervision_flows_due ON {0}.supervision_flows (next_due_at) WHERE next_due_at IS NOT NULL",
            "CREATE INDEX ix_supervision_flows_placed ON {0}.supervision_flows (placed_at, order_number)",
            "CREATE INDEX ix_supervision_flows_buyer ON {0}.supervision_flows (buyer_id, placed_at, order_number)",
            "CREATE INDEX ix_supervision_flows_seller ON {0}.supervision_flows (seller_id, placed_at, order_number)",
            "CREATE INDEX ix_supervision_flows_product ON {0}.supervision_flows (product_id, placed_at, order_number)",
            """
            CREATE TABLE {0}.supervision_records (
                order_number TEXT COLLATE "C" NOT NULL,
                sequence BIGINT NOT NULL,
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (order_number, sequence))
            """,
            """
            CREATE FUNCTION {0}.supervision_records_append_only() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'operation records are append-only'; END $$
            """,
            """
            CREATE TRIGGER supervision_records_append_only BEFORE UPDATE OR DELETE ON {0}.supervision_records
            FOR EACH ROW EXECUTE FUNCTION {0}.supervision_records_append_only()
            """,
            """
            CREATE TABLE {0}.supervision_commands (
                command_id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                order_number TEXT NOT NULL,
                outcome TEXT NOT NULL)
            """,
            """
            CREATE TABLE {0}.supervision_outbox (
                sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id UUID NOT NULL UNIQUE,
                order_number TEXT NOT NULL,
                body TEXT NOT NULL,
                delivered BOOLEAN NOT NULL DEFAULT FALSE)
            """,
            "CREATE INDEX ix_supervision_outbox_pending ON {0}.supervision_outbox (sequence) WHERE NOT delivered",
        ],

        // Version 2: command ids scoped to their flow (R30), parked timers, deferred events, and command
        // outcomes as append-only as records, TRUNCATE included (row triggers do not fire on it).
        [
            // A parked flow keeps its retry instant in next_due_at, the column only the timer sweep reads;
            // every save writes next_due_at from the flow again and resets the count.
            "ALTER TABLE {0}.supervision_flows ADD COLUMN timer_failures INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE {0}.supervision_commands DROP CONSTRAINT supervision_commands_pkey",
            "ALTER TABLE {0}.supervision_commands ALTER COLUMN order_number TYPE TEXT COLLATE \"C\"",
            "ALTER TABLE {0}.supervision_commands ADD PRIMARY KEY (order_number, command_id)",
            """
            CREATE FUNCTION {0}.supervision_append_only() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION '% of %.% refused: the table is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME; END $$
            """,
            """
            CREATE TRIGGER supervision_records_no_truncate BEFORE TRUNCATE ON {0}.supervision_records
            FOR EACH STATEMENT EXECUTE FUNCTION {0}.supervision_append_only()
            """,
            """
            CREATE TRIGGER supervision_commands_append_only BEFORE UPDATE OR DELETE ON {0}.supervision_commands
            FOR EACH ROW EXECUTE FUNCTION {0}.supervision_append_only()
            """,
            """
            CREATE TRIGGER supervision_commands_no_truncate BEFORE TRUNCATE ON {0}.supervision_commands
            FOR EACH STATEMENT EXECUTE FUNCTION {0}.supervision_append_only()
            """,

            // Events never deferred have the lowest due key, so they come first, in the order saved; deferred
            // ones follow by retry instant. The partial index serves the whole read, so it costs what it returns.
            "ALTER TABLE {0}.supervision_outbox ADD COLUMN due_at BIGINT NOT NULL DEFAULT -9223372036854775808",
            "ALTER TABLE {0}.supervision_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
            "DROP INDEX {0}.ix_supervision_outbox_pending",
            "CREATE INDEX ix_supervision_outbox_due ON {0}.supervision_outbox (due_at, sequence) WHERE NOT delivered",

            // The appeal queue (R29): open appeals by decision deadline. Flows frozen before this version join
            // it at their next save (the appeal-overdue timer saves them by their deadline at the latest).
            "ALTER TABLE {0}.supervision_flows ADD COLUMN decision_due_at BIGINT NULL",
            "CREATE INDEX ix_supervision_flows_appeal_queue ON {0}.supervision_flows (decision_due_at, order_number) WHERE decision_due_at IS NOT NULL",

            // Stalled flows (R29) are found through their stall instant rather than by reading every flow.
            "CREATE INDEX ix_supervision_flows_stall ON {0}.supervision_flows (stall_due_at) WHERE stall_due_at IS NOT NULL",
        ],

        // Version 3: flows under appeal (search, R29) are read through a partial index in placement order, so the
        // search costs what it returns however many flows are not under appeal.
        [
            "CREATE INDEX ix_supervision_flows_under_appeal ON {0}.supervision_flows (placed_at, order_number) WHERE under_appeal",
        ],
    ];
}
