// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// The fleet schema's migrations: migrations()[v] takes a database from version v to v + 1.
// Each step is plain SQL, run in one transaction by migrate() (FleetSchema.cpp); a step
// never edits an earlier one: a new version is a new entry.
#include "fleet/FleetSchema.h"

namespace certlife::fleet {

namespace {

// Row-level security of a table with a `host` column (docs/fleet.md, "Roles and
// row-level security"): an agent's login role sees and writes only the rows of the host
// certlife.fleet_hosts maps it to; readers see every row and write none. The mapping is
// read once per statement (the sub-select), not once per row. AGENT_PRIVILEGES are the
// statements the agents may run at all (events: no UPDATE or DELETE, not even of their
// own host's history).
QStringList hostRowSecurity(const QString& table, const QString& agentPrivileges)
{
    const QString own = QStringLiteral("host = (SELECT certlife.current_host())");
    return {
        QStringLiteral("ALTER TABLE certlife.%1 ENABLE ROW LEVEL SECURITY").arg(table),
        QStringLiteral("CREATE POLICY agent_own_host ON certlife.%1 TO certlife_agent USING (%2) WITH CHECK (%2)")
            .arg(table, own),
        QStringLiteral("CREATE POLICY reader_every_host ON certlife.%1 FOR SELECT TO certlife_reader USING (true)")
            .arg(table),
        QStringLiteral("GRANT %1 ON certlife.%2 TO certlife_agent").arg(agentPrivileges, table),
        QStringLiteral("GRANT SELECT ON certlife.%1 TO certlife_reader").arg(table),
    };
}

// Version 0 -> 1: the schema, the two group roles, the host mapping, and the tables of
// the heartbeat, the inventory and the events.
Migration version1()
{
    QStringList s{
        QStringLiteral("CREATE SCHEMA certlife"),
        QStringLiteral("COMMENT ON SCHEMA certlife IS 'Certlife fleet: every host''s certificates, events and "
                       "heartbeat (docs/fleet.md)'"),
        // Roles are the cluster's: another fleet database of the same cluster may have made them.
        QStringLiteral("DO $$ BEGIN"
                       " IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'certlife_agent') THEN"
                       " CREATE ROLE certlife_agent NOLOGIN; END IF;"
                       " IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'certlife_reader') THEN"
                       " CREATE ROLE certlife_reader NOLOGIN; END IF; END $$"),
        QStringLiteral("GRANT USAGE ON SCHEMA certlife TO certlife_agent, certlife_reader"),
        QStringLiteral("CREATE TABLE certlife.schema_version ("
                       " version integer PRIMARY KEY,"
                       " applied_at timestamptz NOT NULL DEFAULT now(),"
                       " applied_by text NOT NULL DEFAULT current_user)"),
        QStringLiteral("GRANT SELECT ON certlife.schema_version TO certlife_agent, certlife_reader"),
        // Which host each agent's login role speaks for. Host names are longer than
        // role names may be (253 against 63 bytes), hence a table and not a convention.
        QStringLiteral("CREATE TABLE certlife.fleet_hosts ("
                       " role_name text PRIMARY KEY,"
                       " host text NOT NULL UNIQUE CHECK (host ~ '^[a-z0-9][a-z0-9.-]{0,252}$'),"
                       " added_at timestamptz NOT NULL DEFAULT now())"),
        QStringLiteral("ALTER TABLE certlife.fleet_hosts ENABLE ROW LEVEL SECURITY"),
        QStringLiteral("CREATE POLICY agent_own_mapping ON certlife.fleet_hosts FOR SELECT TO certlife_agent"
                       " USING (role_name = current_user)"),
        QStringLiteral("CREATE POLICY reader_every_mapping ON certlife.fleet_hosts FOR SELECT TO certlife_reader"
                       " USING (true)"),
        QStringLiteral("GRANT SELECT ON certlife.fleet_hosts TO certlife_agent, certlife_reader"),
        // The host of the role running the statement; NULL for any other role, whose
        // rows then match nothing. current_user, not session_user: SET ROLE to the
        // group role loses the mapping rather than keeping it.
        QStringLiteral("CREATE FUNCTION certlife.current_host() RETURNS text LANGUAGE sql STABLE"
                       " AS $$ SELECT host FROM certlife.fleet_hosts WHERE role_name = current_user $$"),
        // The heartbeat, one row per host, rewritten after every pass.
        QStringLiteral(
            "CREATE TABLE certlife.hosts ("
            " host text PRIMARY KEY REFERENCES certlife.fleet_hosts(host) ON UPDATE CASCADE ON DELETE CASCADE,"
            " agent_version text NOT NULL,"
            " last_contact timestamptz NOT NULL,"
            " last_pass_time timestamptz,"
            " last_pass_outcome text," // ok, errors, skipped
            " last_pass_error text,"
            " rescan_interval_seconds integer,"
            " thresholds jsonb NOT NULL DEFAULT '{}',"
            " tasks jsonb NOT NULL DEFAULT '[]')"),
        // The inventory: one row per certificate and store, as the console shows it.
        QStringLiteral("CREATE TABLE certlife.certificates ("
                       " host text NOT NULL REFERENCES certlife.fleet_hosts(host) ON UPDATE CASCADE ON DELETE CASCADE,"
                       " channel text NOT NULL CHECK (channel IN ('System', 'User')),"
                       " store text NOT NULL,"
                       " sha256 text NOT NULL,"
                       " thumbprint text NOT NULL,"
                       " paths text[] NOT NULL,"
                       " subject text NOT NULL,"
                       " sans text[] NOT NULL DEFAULT '{}',"
                       " issuer text NOT NULL,"
                       " not_before timestamptz,"
                       " not_after timestamptz,"
                       " key text NOT NULL DEFAULT '',"
                       " state text NOT NULL,"
                       " problems jsonb NOT NULL DEFAULT '[]',"
                       " updated_at timestamptz NOT NULL,"
                       " PRIMARY KEY (host, channel, store, sha256))"),
        // The events, each exactly once: the key is the local log's own (its identity,
        // which a recreated log changes, and its record id).
        QStringLiteral("CREATE TABLE certlife.events ("
                       " host text NOT NULL REFERENCES certlife.fleet_hosts(host) ON UPDATE CASCADE ON DELETE CASCADE,"
                       " channel text NOT NULL CHECK (channel IN ('System', 'User')),"
                       " log_identity text NOT NULL,"
                       " record_id bigint NOT NULL,"
                       " event_id integer NOT NULL,"
                       " level text NOT NULL," // Information, Warning, Error
                       " time timestamptz NOT NULL,"
                       " store text NOT NULL,"
                       " thumbprint text NOT NULL DEFAULT '',"
                       " message text NOT NULL DEFAULT '',"
                       " data jsonb NOT NULL DEFAULT '{}'," // the event as `events --json` shows it
                       " PRIMARY KEY (host, channel, log_identity, record_id))"),
    };
    s += hostRowSecurity(QStringLiteral("hosts"), QStringLiteral("SELECT, INSERT, UPDATE, DELETE"));
    s += hostRowSecurity(QStringLiteral("certificates"), QStringLiteral("SELECT, INSERT, UPDATE, DELETE"));
    s += hostRowSecurity(QStringLiteral("events"), QStringLiteral("SELECT, INSERT"));
    return {QStringLiteral("hosts, certificates and events; the roles certlife_agent and certlife_reader"), s};
}

// Version 1 -> 2: the task runs, and the indexes the console's pages read by (events
// across hosts newest first, certificates by expiry).
Migration version2()
{
    QStringList s{
        QStringLiteral("CREATE TABLE certlife.task_runs ("
                       " host text NOT NULL REFERENCES certlife.fleet_hosts(host) ON UPDATE CASCADE ON DELETE CASCADE,"
                       " channel text NOT NULL CHECK (channel IN ('System', 'User')),"
                       " log_identity text NOT NULL,"
                       " run_id bigint NOT NULL,"
                       " task text NOT NULL,"
                       " event_record_id bigint NOT NULL,"
                       " event_id integer NOT NULL,"
                       " attempt integer NOT NULL,"
                       " state text NOT NULL,"
                       " queued_at timestamptz NOT NULL,"
                       " started_at timestamptz,"
                       " ended_at timestamptz,"
                       " exit_code integer,"
                       " exit_signal integer,"
                       " reason text NOT NULL DEFAULT '',"
                       " PRIMARY KEY (host, channel, log_identity, run_id))"),
        QStringLiteral("CREATE INDEX events_time ON certlife.events (time, host, channel, log_identity, record_id)"),
        QStringLiteral("CREATE INDEX events_host_time ON certlife.events (host, time)"),
        QStringLiteral("CREATE INDEX certificates_not_after ON certlife.certificates (not_after)"),
    };
    // A run changes state (queued, running, ended): agents update their own.
    s += hostRowSecurity(QStringLiteral("task_runs"), QStringLiteral("SELECT, INSERT, UPDATE"));
    return {QStringLiteral("task runs; indexes for the console's events and expiry pages"), s};
}

// Version 2 -> 3: the heartbeat counts the events the host's local log pruned before
// they could be published (an outage longer than its EventRetention).
Migration version3()
{
    return {QStringLiteral("the heartbeat's count of events lost to local pruning"),
            {QStringLiteral("ALTER TABLE certlife.hosts ADD COLUMN events_lost_to_pruning bigint NOT NULL DEFAULT 0")}};
}

// Version 3 -> 4: the event indexes in the order the console pages by (time newest
// first, System before User, record id highest first, host: FleetReader::events), so that
// a page is read from the index in order and stops after its rows, with no sort: across
// hosts, one host's, one event id's (a rare id no longer walks every newer event). They
// replace version 2's events_time and events_host_time, which ended in another order.
// On a fleet of 10,000,000 events the upgrade builds them in a few minutes, agents'
// inserts waiting meanwhile (docs/performance.md, "Fleet: the console").
Migration version4()
{
    return {
        QStringLiteral("event indexes in the console's page order (across hosts, by host, by event id)"),
        {
            QStringLiteral("DROP INDEX IF EXISTS certlife.events_time"),
            QStringLiteral("DROP INDEX IF EXISTS certlife.events_host_time"),
            QStringLiteral("CREATE INDEX events_page ON certlife.events (time DESC, channel, record_id DESC, host)"),
            QStringLiteral("CREATE INDEX events_host_page ON certlife.events"
                           " (host, time DESC, channel, record_id DESC)"),
            QStringLiteral("CREATE INDEX events_id_page ON certlife.events"
                           " (event_id, time DESC, channel, record_id DESC, host)"),
        }};
}

} // namespace

const QList<Migration>& migrations()
{
    static const QList<Migration> all{version1(), version2(), version3(), version4()};
    return all;
}

} // namespace certlife::fleet
