#!/usr/bin/env bash
# The npm package as a user gets it: the tarball `wasm/build.sh` packed (target/npm/) installed
# into a scratch project outside the repository with a pinned TypeScript, then a CommonJS script,
# an ES module script and `tsc --noEmit --strict` over a TypeScript example (CommonJS and ESM).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tarball=$(ls "$root"/target/npm/shenfu-rules-*.tgz)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$root"/wasm/package-test/{cjs.cjs,esm.mjs,example.ts,example.mts,tsconfig.json} "$scratch/"
cd "$scratch"
printf '{ "name": "scratch", "private": true }\n' > package.json
npm install --no-audit --no-fund --loglevel=error "$tarball" typescript@5.9.3 >/dev/null
node cjs.cjs "$root"
node esm.mjs "$root"
./node_modules/.bin/tsc -p tsconfig.json
echo "npm package: CommonJS, ESM and TypeScript (strict) examples pass"
