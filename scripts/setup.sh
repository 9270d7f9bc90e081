#!/usr/bin/env bash
# Prepares a fresh Debian machine that has the .NET SDK: native packages, then restore and build.
# Idempotent: packages already installed are not touched, and the build is incremental.
# Used by ./run.sh and ./test.sh; not meant to be called on its own, but harmless if it is.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration="${CONFIGURATION:-Release}"

# libopenslide0: the OpenSlide C library the slide engine binds to (libopenslide.so.0).
# hdf5-tools: h5dump, the independent reader tests open features.h5 files with.
# chromium: the browser the dashboard's end-to-end tests drive (Playwright uses it; it never downloads one).
# redis-server: Orleans membership for multi-process clusters (docker/local-cluster.sh and the tests that start one).
apt_packages=(libopenslide0 hdf5-tools chromium redis-server)
# nodejs, npm: the Node test tools in tools/node (Azurite, the Azure Storage emulator; hyparquet, an independent Parquet reader).
if ! command -v npm >/dev/null 2>&1; then
  apt_packages+=(nodejs npm)
fi

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

if ! command -v dotnet >/dev/null 2>&1; then
  log "The .NET SDK is required (dotnet not found on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian"
  exit 1
fi

missing=()
for package in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      log "Need root (or sudo) to install: ${missing[*]}"
      exit 1
    fi
  fi
  log "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node test tools, pinned by tools/node/package-lock.json; reinstalled only when the lock file is newer than the install.
node_tools="$root/tools/node"
if [ ! -f "$node_tools/node_modules/.package-lock.json" ] || [ "$node_tools/package-lock.json" -nt "$node_tools/node_modules/.package-lock.json" ]; then
  log "Installing the Node test tools (npm ci in tools/node)"
  npm ci --prefix "$node_tools" --no-audit --no-fund --silent
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log "Restoring and building ($configuration)"
dotnet build "$root/CohortGrid.sln" -c "$configuration" -nologo -v:quiet -tl:off "-consoleLoggerParameters:NoSummary;ErrorsOnly" >/dev/null || {
  # Quiet on success; on failure, rerun so the errors are shown.
  dotnet build "$root/CohortGrid.sln" -c "$configuration" -nologo -v:quiet -tl:off "-consoleLoggerParameters:NoSummary;ErrorsOnly"
  exit 1
}
