using Microsoft.Data.Sqlite;

namespace RfqSender.Engine.Tracking.Sqlite;

/// <summary>
/// The SQLite schema as an ordered list of migrations. <c>PRAGMA user_version</c> records how many
/// have run; each runs in its own transaction, so a store is always at one whole version.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    {
        """
        CREATE TABLE campaigns (
            rfq_number      TEXT    NOT NULL PRIMARY KEY,
            title           TEXT    NOT NULL,
            due_date        TEXT    NOT NULL,
            sender          TEXT    NOT NULL,
            definition      TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL
        );
        CREATE TABLE deliveries (
            id              INTEGER PRIMARY KEY,
            rfq_number      TEXT    NOT NULL REFERENCES campaigns (rfq_number),
            vendor_key      TEXT    NOT NULL COLLATE NOCASE,
            vendor_name     TEXT    NOT NULL,
            to_addresses    TEXT    NOT NULL,
            cc_addresses    TEXT    NOT NULL,
            categories      TEXT    NOT NULL,
            vendor          TEXT    NOT NULL,
            message_id      TEXT    NOT NULL,
            state           INTEGER NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            detail          TEXT,
            next_attempt_at INTEGER,
            lease_owner     TEXT,
            lease_expires   INTEGER,
            sent_at         INTEGER,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            UNIQUE (rfq_number, vendor_key)
        );
        CREATE INDEX ix_deliveries_dispatch ON deliveries (rfq_number, state, next_attempt_at);
        CREATE INDEX ix_deliveries_message_id ON deliveries (message_id);
        """,
        """
        ALTER TABLE deliveries ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_deliveries_sent_at ON deliveries (sent_at) WHERE sent_at IS NOT NULL;
        """,
        """
        ALTER TABLE campaigns ADD COLUMN fingerprint TEXT;
        ALTER TABLE campaigns ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE campaigns ADD COLUMN input_open_since INTEGER;
        ALTER TABLE campaigns ADD COLUMN input_note TEXT;
        ALTER TABLE deliveries ADD COLUMN rfq_version INTEGER;
        UPDATE deliveries SET rfq_version = 1 WHERE sent_at IS NOT NULL;
        """,
        """
        ALTER TABLE deliveries ADD COLUMN pending_recipients TEXT;
        """,
        """
        CREATE TABLE delivery_changes (
            id              INTEGER PRIMARY KEY,
            delivery_id     INTEGER NOT NULL REFERENCES deliveries (id),
            from_state      INTEGER NOT NULL,
            to_state        INTEGER NOT NULL,
            changed_by      TEXT    NOT NULL,
            reason          TEXT,
            changed_at      INTEGER NOT NULL
        );
        CREATE INDEX ix_delivery_changes_delivery ON delivery_changes (delivery_id, id);
        """,
        """
        CREATE TABLE send_slots (
            id              INTEGER PRIMARY KEY,
            identity        TEXT    NOT NULL,
            at              INTEGER NOT NULL,
            recipients      INTEGER NOT NULL
        );
        CREATE INDEX ix_send_slots_identity_at ON send_slots (identity, at);
        -- What was sent in the last day still counts against the limits: one slot per delivery,
        -- for the address its campaign was sent from (the address inside <...>, else the whole).
        INSERT INTO send_slots (identity, at, recipients)
        SELECT lower(CASE WHEN instr(c.sender, '<') > 0 AND instr(c.sender, '>') > instr(c.sender, '<')
                          THEN substr(c.sender, instr(c.sender, '<') + 1, instr(c.sender, '>') - instr(c.sender, '<') - 1)
                          ELSE trim(c.sender) END),
               d.sent_at,
               max(1, (length(d.to_addresses) - length(replace(d.to_addresses, '@', '')))
                    + (length(d.cc_addresses) - length(replace(d.cc_addresses, '@', ''))))
        FROM deliveries d JOIN campaigns c ON c.rfq_number = d.rfq_number
        WHERE d.sent_at >= (CAST(strftime('%s', 'now') AS INTEGER) - 86400) * 1000;
        """,
        """
        CREATE TABLE inbound_messages (
            id                INTEGER PRIMARY KEY,
            source            TEXT    NOT NULL,
            source_id         TEXT    NOT NULL,
            message_id        TEXT,
            received_at       INTEGER NOT NULL,
            recorded_at       INTEGER NOT NULL,
            sender            TEXT,
            sender_name       TEXT,
            subject           TEXT    NOT NULL,
            kind              INTEGER NOT NULL,
            out_of_office     INTEGER NOT NULL DEFAULT 0,
            away_until        TEXT,
            bounce_severity   INTEGER NOT NULL DEFAULT 0,
            bounce_status     TEXT,
            bounce_recipient  TEXT,
            bounce_diagnostic TEXT,
            match_method      INTEGER NOT NULL,
            match_evidence    TEXT,
            match_reason      TEXT,
            delivery_id       INTEGER REFERENCES deliveries (id),
            changed_from      INTEGER,
            changed_to        INTEGER,
            new_text          TEXT,
            eml_path          TEXT,
            assigned_by       TEXT,
            assigned_at       INTEGER,
            UNIQUE (source, source_id)
        );
        CREATE UNIQUE INDEX ux_inbound_messages_message_id ON inbound_messages (message_id) WHERE message_id IS NOT NULL;
        CREATE INDEX ix_inbound_messages_delivery ON inbound_messages (delivery_id);
        CREATE TABLE inbound_attachments (
            inbound_id        INTEGER NOT NULL REFERENCES inbound_messages (id),
            ordinal           INTEGER NOT NULL,
            file_name         TEXT    NOT NULL,
            content_type      TEXT    NOT NULL,
            size              INTEGER NOT NULL,
            sha256            TEXT    NOT NULL,
            saved_path        TEXT,
            PRIMARY KEY (inbound_id, ordinal)
        );
        CREATE TABLE source_states (
            source            TEXT    NOT NULL,
            folder            TEXT    NOT NULL,
            uid_validity      INTEGER,
            last_uid          INTEGER,
            delta_link        TEXT,
            updated_at        INTEGER NOT NULL,
            PRIMARY KEY (source, folder)
        );
        CREATE TABLE store_secrets (
            name              TEXT    NOT NULL PRIMARY KEY,
            value             BLOB    NOT NULL,
            created_at        INTEGER NOT NULL
        );
        """,
        """
        ALTER TABLE deliveries ADD COLUMN reminders_sent INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN last_reminder_at INTEGER;
        ALTER TABLE deliveries ADD COLUMN reminder_pending INTEGER;
        CREATE TABLE reminder_attempts (
            id                INTEGER PRIMARY KEY,
            delivery_id       INTEGER NOT NULL REFERENCES deliveries (id),
            number            INTEGER NOT NULL,
            state             INTEGER NOT NULL,
            detail            TEXT,
            at                INTEGER NOT NULL
        );
        CREATE INDEX ix_reminder_attempts_delivery ON reminder_attempts (delivery_id, id);
        """,
        """
        -- Quote sheets that vendors' replies brought back, read into lines or kept for review.
        CREATE TABLE quotes (
            id                INTEGER PRIMARY KEY,
            inbound_id        INTEGER NOT NULL REFERENCES inbound_messages (id),
            ordinal           INTEGER NOT NULL,
            delivery_id       INTEGER NOT NULL REFERENCES deliveries (id),
            file_name         TEXT    NOT NULL,
            sha256            TEXT    NOT NULL,
            saved_path        TEXT,
            received_at       INTEGER NOT NULL,
            status            INTEGER NOT NULL,
            problems          TEXT    NOT NULL,
            UNIQUE (inbound_id, ordinal)
        );
        CREATE INDEX ix_quotes_delivery ON quotes (delivery_id);
        CREATE TABLE quote_lines (
            quote_id          INTEGER NOT NULL REFERENCES quotes (id),
            line              INTEGER NOT NULL,
            part              TEXT    NOT NULL,
            quantity          TEXT    NOT NULL,
            unit              TEXT    NOT NULL,
            unit_price        TEXT,
            currency          TEXT,
            lead_time_days    INTEGER,
            valid_until       TEXT,
            remarks           TEXT,
            PRIMARY KEY (quote_id, line)
        );
        """,
        """
        -- A campaign paused by hand, the operators' actions, and the campaign's deliveries in
        -- registration order for a paged status page.
        ALTER TABLE campaigns ADD COLUMN paused_at INTEGER;
        ALTER TABLE campaigns ADD COLUMN paused_by TEXT;
        ALTER TABLE campaigns ADD COLUMN pause_reason TEXT;
        CREATE TABLE audit_entries (
            id                INTEGER PRIMARY KEY,
            at                INTEGER NOT NULL,
            user_name         TEXT    NOT NULL,
            action            TEXT    NOT NULL,
            rfq_number        TEXT,
            vendor_key        TEXT,
            detail            TEXT,
            source            TEXT
        );
        CREATE INDEX ix_audit_entries_rfq ON audit_entries (rfq_number, id);
        CREATE INDEX ix_deliveries_page ON deliveries (rfq_number, id);
        """,
        """
        -- One row per completed send attempt of a delivery's RFQ (reminders have reminder_attempts);
        -- deliveries completed before this migration have none.
        CREATE TABLE delivery_attempts (
            id                INTEGER PRIMARY KEY,
            delivery_id       INTEGER NOT NULL REFERENCES deliveries (id),
            number            INTEGER NOT NULL,
            state             INTEGER NOT NULL,
            detail            TEXT,
            at                INTEGER NOT NULL,
            sender            TEXT
        );
        CREATE INDEX ix_delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
        """,
    };

    /// <summary>The version a fully migrated store has.</summary>
    public static int CurrentVersion => Migrations.Length;

    public static void Migrate(SqliteConnection connection, string description)
    {
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new RfqSenderException(
                $"The store '{description}' has schema version {version}, newer than this RfqSender understands ({CurrentVersion}). Update RfqSender.");
        }

        for (var next = version; next < CurrentVersion; next++)
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Migrations[next] + $"\nPRAGMA user_version = {next + 1};";
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
