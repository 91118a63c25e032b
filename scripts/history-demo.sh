#!/usr/bin/env bash
# history-demo.sh [COMMITS] - the change-point detector on the real suite, with a slowdown injected on a branch.
#   Makes a throw-away branch of COMMITS commits (default 20) from HEAD in a worktree under
#   .benchdata/history-demo: every commit changes only a text file, except the middle one, which makes
#   TeamService.teamIDs spin 5 us more per call (about 5 % of multi_tenancy/user_team_ids). Each commit
#   is built in release and run once; the runs go into reports/history-demo.sqlite, then
#   `bench history regressions` and a report with the trends (reports/history-demo.html) are written.
#   The worktree and the branch are removed at the end. About 7 minutes on a 2-core VM.
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-20}
middle=$(( commits / 2 + 1 ))
root=$PWD
tree=$root/.benchdata/history-demo
branch=history-demo-$$
history=$root/reports/history-demo.sqlite
mkdir -p reports .benchdata
rm -f "$history"
git worktree prune
git worktree add -q -b "$branch" "$tree" HEAD
trap 'git -C "$root" worktree remove --force "$tree"; git -C "$root" branch -q -D "$branch"' EXIT
build() {
    local log
    log=$(swift build -c release --product bench 2>&1) || {
        echo "$log" | tail -30 >&2
        echo "history-demo: the release build in $PWD failed" >&2
        exit 1
    }
}
build
bench=$root/.build/release/bench
cd "$tree"
mkdir -p .benchdata
for i in $(seq 1 "$commits"); do
    if [[ $i == "$middle" ]]; then
        python3 - <<'PY'
path = 'Sources/GatewayService/Teams/TeamService.swift'
source = open(path).read()
anchor = '''        while try teamIDsOfUser.step() { ids.append(teamIDsOfUser.int64(at: 0)) }
        return ids'''
assert anchor in source, 'TeamService.teamIDs changed: update the demo'
open(path, 'w').write(source.replace(anchor, '''        while try teamIDsOfUser.step() { ids.append(teamIDsOfUser.int64(at: 0)) }
        let end = ContinuousClock.now.advanced(by: .microseconds(5))  // the injected slowdown
        while ContinuousClock.now < end {}
        return ids'''))
PY
        git commit -qam "history demo: TeamService.teamIDs spins 5 us more per call"
    else
        echo "history demo commit $i" > history-demo.txt
        git add history-demo.txt && git commit -qm "history demo: commit $i changes no code"
    fi
    build
    .build/release/bench --group multi_tenancy --filter 'user_team_ids|scope_filtering_single_team' \
        --data-dir "$root/.benchdata" --quiet --json "$tree/run-$i.json" --force >/dev/null
    "$bench" history add "$tree/run-$i.json" --history-db "$history"
done
cd "$root"
"$bench" history regressions --history-db "$history"
"$bench" history regressions --history-db "$history" --statistic min
"$bench" report --history --history-db "$history" --output reports/history-demo.html --force
