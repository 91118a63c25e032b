#!/usr/bin/env bash
# postgres-floors.sh [WAVE [PAIRS]] - gatebench on PostgreSQL against the server's own clients, back to back.
#   Scope query: `bench --backend postgres` multi_tenancy/scope_filtering_million_teams (median) against
#   the same prepared statement with the same parameters run PSQL_RUNS times in psql (`\o /dev/null`,
#   `\timing`, median). Heartbeat: heartbeat/heartbeat_update against pgbench running the same three
#   statements in one transaction (`-M prepared`, one client) on a scratch copy of agents/audit_events.
#   Runs the pairs PAIRS times (default 2), alternating, and prints every pair's ratio.
#   WAVE defaults to enterprise. Uses scripts/postgres.sh's private server (started when needed).
set -euo pipefail
cd "$(dirname "$0")/.."
wave=${1:-enterprise}
pairs=${2:-2}
runs=${PSQL_RUNS:-30}
bench=.build/release/bench
[[ -x $bench ]] || swift build -c release --product bench >/dev/null
url=$(scripts/postgres.sh start | tail -1)
work=$(mktemp -d)
trap 'psql "$url" -qc "DROP SCHEMA IF EXISTS gatebench_floor CASCADE" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

median_of_bench() { # JSON BENCHMARK -> median in ms
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(next(b["stats"]["median"]*1e3 for b in d["benchmarks"] if b["name"]==sys.argv[2]))' "$1" "$2"
}
median_of_lines() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

export GATEBENCH_POSTGRES_URL=$url
"$bench" --backend postgres --wave "$wave" --group multi_tenancy --filter scope_filtering_million_teams \
    --max-time 0.1 --quiet >/dev/null  # loads the wave when it is not there yet
schema=$(psql "$url" -Atc "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'gatebench\_${wave}\_seed42\_v%' ORDER BY nspname DESC LIMIT 1")
user=$(psql "$url" -Atc "SELECT value FROM $schema.gatebench_manifest WHERE key = 'power_user_email'")
teams=$(psql "$url" -Atc "SELECT '{' || string_agg(team_id::text, ',' ORDER BY team_id) || '}' FROM $schema.team_members WHERE user_email = '$user' AND is_active = 1")

# The scoped listing exactly as PostgresToolService prepares it (a test keeps the two the same).
scoped_sql="SELECT t.id, t.gateway_id, g.name, t.original_name, t.name, t.description, t.input_schema, t.owner_email,
    t.team_id, tm.name, t.visibility, t.enabled, t.created_at, t.updated_at FROM tools t LEFT JOIN peer_gateways g ON g.id = t.gateway_id LEFT JOIN teams tm ON tm.id = t.team_id
    WHERE t.enabled = 1 AND (t.visibility = 'public' OR t.owner_email = \$1
        OR (t.team_id = ANY(\$2::bigint[]) AND t.visibility IN ('team', 'public')))
    ORDER BY t.created_at DESC, t.id DESC"
{
    echo "SET search_path = $schema;"
    echo "PREPARE scoped(text, bigint[]) AS $scoped_sql;"
    echo '\o /dev/null'
    echo '\timing on'
    for _ in $(seq "$runs"); do echo "EXECUTE scoped('$user', '$teams');"; done
} >"$work/scope.sql"

live=$(psql "$url" -Atc "SELECT string_agg(id::text, ' ' ORDER BY id) FROM $schema.agents WHERE retired_at IS NULL")
count=$(wc -w <<<"$live")
psql "$url" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
DROP SCHEMA IF EXISTS gatebench_floor CASCADE;
CREATE SCHEMA gatebench_floor;
CREATE TABLE gatebench_floor.agents (LIKE $schema.agents INCLUDING ALL);
INSERT INTO gatebench_floor.agents SELECT * FROM $schema.agents;
CREATE TABLE gatebench_floor.audit_events (LIKE $schema.audit_events INCLUDING ALL);
CREATE TABLE gatebench_floor.live (n bigint PRIMARY KEY, id bigint NOT NULL);
INSERT INTO gatebench_floor.live SELECT row_number() OVER (ORDER BY id), id FROM $schema.agents WHERE retired_at IS NULL;
ANALYZE gatebench_floor.agents, gatebench_floor.live;
SQL
# The agent id comes from a live-agents table by a random index: one more indexed read than ours,
# inside the transaction (\set cannot index a list), so the floor is if anything slower.
cat >"$work/heartbeat.sql" <<'SQL'
\set n random(1, :live)
\set at 1700000000000 + :client_id * 1000000000 + :n
BEGIN;
SELECT retired_at IS NOT NULL FROM agents WHERE id = (SELECT id FROM live WHERE n = :n);
UPDATE agents SET last_heartbeat_at = :at,
    version = CASE WHEN '1.5.0' = '' THEN version ELSE '1.5.0' END,
    hostname = CASE WHEN '' = '' THEN hostname ELSE '' END,
    os = CASE WHEN '' = '' THEN os ELSE '' END,
    architecture = CASE WHEN '' = '' THEN architecture ELSE '' END
WHERE id = (SELECT id FROM live WHERE n = :n) AND retired_at IS NULL;
INSERT INTO audit_events (agent_id, action, details, created_at) VALUES ((SELECT id FROM live WHERE n = :n), 'agent.heartbeat', '1.5.0', :at);
END;
SQL
pgbench=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pgbench

printf '%-28s %12s %12s %7s\n' "pair" "gatebench" "floor" "ratio"
for pair in $(seq "$pairs"); do
    "$bench" --backend postgres --wave "$wave" --group multi_tenancy --filter scope_filtering_million_teams \
        --max-time 3 --quiet --format json >"$work/scope.json"
    ours=$(median_of_bench "$work/scope.json" scope_filtering_million_teams)
    floor=$(psql "$url" -qX -f "$work/scope.sql" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | median_of_lines)
    printf '%-28s %9.2f ms %9.2f ms %6.2fx\n' "scope query ($pair)" "$ours" "$floor" "$(awk -v a="$ours" -v b="$floor" 'BEGIN {print a / b}')"

    "$bench" --backend postgres --wave "$wave" --group heartbeat --filter heartbeat_update \
        --max-time 3 --quiet --format json >"$work/heartbeat.json"
    ours=$(median_of_bench "$work/heartbeat.json" heartbeat_update)
    floor=$(PGOPTIONS="-c search_path=gatebench_floor" "$pgbench" -n -M prepared -c 1 -T 5 -D live="$count" \
        -f "$work/heartbeat.sql" "$url" 2>/dev/null | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
    printf '%-28s %9.3f ms %9.3f ms %6.2fx\n' "heartbeat ($pair)" "$ours" "$floor" "$(awk -v a="$ours" -v b="$floor" 'BEGIN {print a / b}')"
done
