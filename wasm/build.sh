#!/usr/bin/env bash
# Build the WASM packages: the whole engine for Node.js (wasm/pkg-node, for `node --test` and
# the benchmark) and for browsers (wasm/pkg-web, the npm package's web flavour), the progress
# page's own build without receipt verification (wasm/www/pkg-zone) and the self-assessment
# page's without the zone either (wasm/www/pkg), each shrunk with wasm-opt -Oz from npm's
# binaryen (Debian's binaryen breaks the module; never use it).
# Assumes scripts/setup-wasm has run (target, wasm-bindgen-cli, npm packages).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/.tools/bin:$PATH"

wasm="target/wasm32-unknown-unknown/wasm-release/shenfu_rules_wasm.wasm"
opt="$root/wasm/node_modules/.bin/wasm-opt"

# bindgen TARGET OUT [MODULE [LEVEL]]: a cargo build's module (the last wasm-release one by
# default), bound for TARGET into OUT and optimised by wasm-opt at LEVEL (-Oz: smallest).
bindgen() {
    rm -rf "$2"
    wasm-bindgen "${3:-$wasm}" --target "$1" --out-dir "$2"
    "$opt" "${4:--Oz}" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$2/shenfu_rules_wasm_bg.wasm" -o "$2/shenfu_rules_wasm_bg.wasm.opt"
    mv "$2/shenfu_rules_wasm_bg.wasm.opt" "$2/shenfu_rules_wasm_bg.wasm"
}

# budget DIR LIMIT NAME: fail when DIR's module is over LIMIT bytes gzipped.
budget() {
    local bytes gz
    bytes=$(wc -c < "$1/shenfu_rules_wasm_bg.wasm")
    gz=$(gzip -9 -c "$1/shenfu_rules_wasm_bg.wasm" | wc -c)
    echo "wasm ($3): ${bytes} bytes, ${gz} bytes gzipped (limit $2)"
    if [ "$gz" -gt "$2" ]; then
        echo "wasm ($3): over its gzipped budget" >&2
        exit 1
    fi
}

# The whole engine (zone progress, its picture, conflicts, receipt verification) for Node.js: no
# download to keep small, so built for speed (opt-level 3, the one-pass JSON reader, reports
# handed over as UTF-16, `to_pass` bounds in whole numbers, wasm-opt -O3).
cargo build -q -p shenfu-rules-wasm --target wasm32-unknown-unknown --profile wasm-node \
    --features fast-json,whole-bounds,decide-batch,node
bindgen nodejs wasm/pkg-node target/wasm32-unknown-unknown/wasm-node/shenfu_rules_wasm.wasm -O3

# The whole engine for browsers: the npm package's web flavour, built for size. Receipt
# verification (Ed25519, SHA-512, the receipt's reader) adds about 42 KiB gzipped to it
# (benches/README.md), so a browser that verifies receipts downloads about 226 KiB.
cargo build -q -p shenfu-rules-wasm --target wasm32-unknown-unknown --profile wasm-release
bindgen web wasm/pkg-web
budget wasm/pkg-web 235520 "whole engine with receipt verification, 230 KiB"

# The progress page (wasm/www/progress.html) draws the zone's chart, verifies no receipt and
# assesses no project: built with the zone alone (no `receipt`, no `api`, no `assess`, see
# wasm/src/lib.rs), to keep its 175 KiB.
cargo build -q -p shenfu-rules-wasm --target wasm32-unknown-unknown --profile wasm-release \
    --no-default-features --features zone
bindgen web wasm/www/pkg-zone
budget wasm/www/pkg-zone 179200 "progress page, 175 KiB"

# The self-assessment page assesses projects and nothing else: built without the zone (its code
# and the embedded plan's zone part), without receipt verification and without the API it does
# not call (`api`: assessJson, explain, readings), with its own helpers (`page`: typed amounts,
# the credit code, the plain-words summary, the record's QR code), so a visitor downloads only
# that (145 KiB, the budget of benches/README.md).
cargo build -q -p shenfu-rules-wasm --target wasm32-unknown-unknown --profile wasm-release \
    --no-default-features --features page
bindgen web wasm/www/pkg
budget wasm/www/pkg 148480 "self-assessment page, 145 KiB"

# The npm package `shenfu-rules`: both flavours in one folder, packed with `npm pack` into
# target/npm/ (what `scripts/test-all` installs into a scratch project and runs).
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
pkg=target/npm/shenfu-rules
rm -rf target/npm
mkdir -p "$pkg/node" "$pkg/web"
cp wasm/pkg-node/shenfu_rules_wasm.js wasm/pkg-node/shenfu_rules_wasm.d.ts \
   wasm/pkg-node/shenfu_rules_wasm_bg.wasm "$pkg/node/"
cp wasm/pkg-web/shenfu_rules_wasm.js wasm/pkg-web/shenfu_rules_wasm.d.ts \
   wasm/pkg-web/shenfu_rules_wasm_bg.wasm "$pkg/web/"
cp wasm/npm/README.md "$pkg/"
# ESM for Node: the CommonJS module re-exported by name (the names wasm-bindgen exported).
names=$(sed -n 's/^exports\.\([A-Za-z_][A-Za-z0-9_]*\) = .*/\1/p' "$pkg/node/shenfu_rules_wasm.js" | sort -u | paste -sd, -)
[ -n "$names" ] || { echo "wasm: no exports found in the Node flavour" >&2; exit 1; }
cat > "$pkg/node/index.mjs" <<MJS
// ESM entry for Node: the CommonJS module (which loads the .wasm synchronously), by name.
import { createRequire } from "node:module";
const engine = createRequire(import.meta.url)("./shenfu_rules_wasm.js");
export const { ${names//,/, } } = engine;
export default engine;
MJS
cat > "$pkg/package.json" <<JSON
{
  "name": "shenfu-rules",
  "version": "$version",
  "description": "The Shenfu zone's 14th Five-Year Plan (沈抚改革创新示范区「十四五」规划纲要) as exact, typed, explained rules: the Rust engine in WebAssembly for Node and browsers",
  "license": "Apache-2.0",
  "keywords": ["rules-as-code", "policy", "decision", "webassembly", "shenfu"],
  "main": "./node/shenfu_rules_wasm.js",
  "types": "./node/shenfu_rules_wasm.d.ts",
  "exports": {
    ".": {
      "node": {
        "types": "./node/shenfu_rules_wasm.d.ts",
        "import": "./node/index.mjs",
        "require": "./node/shenfu_rules_wasm.js"
      },
      "browser": {
        "types": "./web/shenfu_rules_wasm.d.ts",
        "default": "./web/shenfu_rules_wasm.js"
      },
      "default": {
        "types": "./web/shenfu_rules_wasm.d.ts",
        "default": "./web/shenfu_rules_wasm.js"
      }
    },
    "./web": {
      "types": "./web/shenfu_rules_wasm.d.ts",
      "default": "./web/shenfu_rules_wasm.js"
    },
    "./web/shenfu_rules_wasm_bg.wasm": "./web/shenfu_rules_wasm_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": ["node/", "web/", "README.md"],
  "engines": { "node": ">=18" }
}
JSON
(cd target/npm && npm pack ./shenfu-rules --silent --pack-destination . >/dev/null)
echo "npm: target/npm/shenfu-rules-$version.tgz"
