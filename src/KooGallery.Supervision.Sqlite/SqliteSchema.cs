namespace KooGallery.Supervision.Sqlite;

/// <summary>The SQLite schema, one script per version. Scripts only ever add; released ones never change.</summary>
internal static class SqliteSchema
{
    public const int CurrentVersion = 3;

    public const string VersionTable = "supervision_schema";

    public static readonly string[][] Migrations =
    [
        // Version 1.
        [
            """
            CREATE TABLE supervision_schema (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version INTEGER NOT NULL,
                library TEXT NOT NULL)
            """,
            """
            CREATE TABLE supervision_flows (
                order_number TEXT NOT NULL PRIMARY KEY,
                version INTEGER NOT NULL,
                buyer_id TEXT NOT NULL,
                seller_id TEXT NOT NULL,
                product_id TEXT NOT NULL,
                stage INTEGER NOT NULL,
                status INTEGER NOT NULL,
                placed_at INTEGER NOT NULL,
                waiting_on INTEGER NOT NULL,
                under_appeal INTEGER NOT NULL,
                stall_due_at INTEGER NULL,
                next_due_at INTEGER NULL,
                state TEXT NOT NULL)
            """,
            "CREATE INDEX ix_supervision_flows_due ON supervision_flows (next_due_at) WHERE next_due_at IS NOT NULL",
            "CREATE INDEX ix_supervision_flows_placed ON supervision_flows (placed_at, order_number)",
            "CREATE INDEX ix_supervision_flows_buyer ON supervision_flows (buyer_id, placed_at, order_number)",
            "CREATE INDEX ix_supervision_flows_seller ON supervision_flows (seller_id, placed_at, order_number)",
            "CREATE INDEX ix_supervision_flows_product ON supervision_flows (product_id, placed_at, order_number)",
            """
            CREATE TABLE supervision_records (
                order_number TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (order_number, sequence))
            """,
            """
            CREATE TRIGGER supervision_records_no_update BEFORE UPDATE ON supervision_records
            BEGIN SELECT RAISE(ABORT, 'operation records are append-only'); END
            """,
            """
            CREATE TRIGGER supervision_records_no_delete BEFORE DELETE ON supervision_records
            BEGIN SELECT RAISE(ABORT, 'operation records are append-only'); END
            """,
            """
            CREATE TABLE supervision_commands (
                command_id TEXT NOT NULL PRIMARY KEY,
                order_number TEXT NOT NULL,
                outcome TEXT NOT NULL)
            """,
            """
            CREATE TABLE supervision_outbox (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL UNIQUE,
                order_number TEXT NOT NULL,
                body TEXT NOT NULL,
                delivered INTEGER NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX ix_supervision_outbox_pending ON supervision_outbox (sequence) WHERE delivered = 0",
        ],

        // Version 2: command ids scoped to their flow (R30), parked timers, deferred events, and no way
        // around the append-only triggers by INSERT OR REPLACE (which deletes without firing delete triggers).
        [
            // A parked flow keeps its retry instant in next_due_at, the column only the timer sweep reads;
            // every save writes next_due_at from the flow again and resets the count.
            "ALTER TABLE supervision_flows ADD COLUMN timer_failures INTEGER NOT NULL DEFAULT 0",
            """
            CREATE TABLE supervision_commands_v2 (
                order_number TEXT NOT NULL,
                command_id TEXT NOT NULL,
                outcome TEXT NOT NULL,
                PRIMARY KEY (order_number, command_id)) WITHOUT ROWID
            """,
            "INSERT INTO supervision_commands_v2 (order_number, command_id, outcome) SELECT order_number, command_id, outcome FROM supervision_commands",
            "DROP TABLE supervision_commands",
            "ALTER TABLE supervision_commands_v2 RENAME TO supervision_commands",
            """
            CREATE TRIGGER supervision_commands_no_update BEFORE UPDATE ON supervision_commands
            BEGIN SELECT RAISE(ABORT, 'command outcomes are append-only'); END
            """,
            """
            CREATE TRIGGER supervision_commands_no_delete BEFORE DELETE ON supervision_commands
            BEGIN SELECT RAISE(ABORT, 'command outcomes are append-only'); END
            """,
            """
            CREATE TRIGGER supervision_commands_no_replace BEFORE INSERT ON supervision_commands
            WHEN EXISTS (SELECT 1 FROM supervision_commands WHERE order_number = NEW.order_number AND command_id = NEW.command_id)
            BEGIN SELECT RAISE(ABORT, 'command outcomes are append-only'); END
            """,
            """
            CREATE TRIGGER supervision_records_no_replace BEFORE INSERT ON supervision_records
            WHEN EXISTS (SELECT 1 FROM supervision_records WHERE order_number = NEW.order_number AND sequence = NEW.sequence)
            BEGIN SELECT RAISE(ABORT, 'operation records are append-only'); END
            """,

            // Events never deferred have the lowest due key, so they come first, in the order saved; deferred
            // ones follow by retry instant. The partial index serves the whole read, so it costs what it returns.
            "ALTER TABLE supervision_outbox ADD COLUMN due_at INTEGER NOT NULL DEFAULT -9223372036854775808",
            "ALTER TABLE supervision_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
            "DROP INDEX ix_supervision_outbox_pending",
            "CREATE INDEX ix_supervision_outbox_due ON supervision_outbox (due_at, sequence) WHERE delivered = 0",

            // The appeal queue (R29): open appeals by decision deadline. Flows frozen before this version join
            // it at their next save (the appeal-overdue timer saves them by their deadline at the latest).
            "ALTER TABLE supervision_flows ADD COLUMN decision_due_at INTEGER NULL",
            "CREATE INDEX ix_supervision_flows_appeal_queue ON supervision_flows (decision_due_at, order_number) WHERE decision_due_at IS NOT NULL",

            // Stalled flows (R29) are found through their stall instant rather than by reading every flow.
            "CREATE INDEX ix_supervision_flows_stall ON supervision_flows (stall_due_at) WHERE stall_due_at IS NOT NULL",
        ],

        // Version 3: flows under appeal (search, R29) are read through a partial index in placement order, so the
        // search costs what it returns however many flows are not under appeal.
        [
            "CREATE INDEX ix_supervision_flows_under_appeal ON supervision_flows (placed_at, order_number) WHERE under_appeal = 1",
        ],
    ];
}
