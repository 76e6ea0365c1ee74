#!/usr/bin/env bash
# Installs everything (first run, or after requirements change) and serves the course in Voila.
#   bash scripts/serve.sh            one learner on this machine
#   bash scripts/serve.sh --room     a workshop: each learner gets a personal link
#   bash scripts/serve.sh --room --room-size 30
#                                    ... with 30 kernels kept warmed up, so a room opening a module at once
#                                    gets its pages quickly (about 50 MB each while they wait)
# PORT (default 8866) and HOST (default 127.0.0.1) choose the address; HOST=0.0.0.0 serves the room's network.
# SL_MAX_KERNELS (default 100): most pages open at once; past it a page says "The course is busy".
# SL_KERNEL_IDLE_SECONDS (default 120): a page's kernel goes this long after its page is gone.
# SL_ALLOWED_HOSTS: extra host names the course is reached by (comma separated), e.g. a DNS name or a proxy's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
mode=solo
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --room) mode=room ;;
    --room-size) extra+=(--room-size "${2:?--room-size needs a number of learners}"); shift ;;
    --room-size=*) extra+=(--room-size "${1#*=}") ;;
    *) echo "Unknown option: $1 (use --room and --room-size N)" >&2; exit 2 ;;
  esac
  shift
done
export SL_MODE="${SL_MODE:-$mode}"
exec "$root/.venv/bin/python" -m widgets.serve --port "${PORT:-8866}" --host "${HOST:-127.0.0.1}" ${extra[@]+"${extra[@]}"}
