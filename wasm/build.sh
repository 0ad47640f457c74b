#!/usr/bin/env bash
# Build the WASM package: the Node.js flavour (wasm/pkg-node, for `node --test` and the
# benchmark) and the browser flavour (wasm/www/pkg, for the self-assessment page), each shrunk
# with wasm-opt -Oz from npm's binaryen (Debian's binaryen breaks the module; never use it).
# Assumes scripts/setup-wasm has run (target, wasm-bindgen-cli, npm packages).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/.tools/bin:$PATH"

cargo build -q -p shenfu-rules-wasm --target wasm32-unknown-unknown --profile wasm-release
wasm="target/wasm32-unknown-unknown/wasm-release/shenfu_rules_wasm.wasm"
opt="$root/wasm/node_modules/.bin/wasm-opt"

for flavour in "nodejs wasm/pkg-node" "web wasm/www/pkg"; do
    set -- $flavour
    rm -rf "$2"
    wasm-bindgen "$wasm" --target "$1" --out-dir "$2"
    "$opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$2/shenfu_rules_wasm_bg.wasm" -o "$2/shenfu_rules_wasm_bg.wasm.opt"
    mv "$2/shenfu_rules_wasm_bg.wasm.opt" "$2/shenfu_rules_wasm_bg.wasm"
done

bytes=$(wc -c < wasm/www/pkg/shenfu_rules_wasm_bg.wasm)
gz=$(gzip -9 -c wasm/www/pkg/shenfu_rules_wasm_bg.wasm | wc -c)
echo "wasm: ${bytes} bytes, ${gz} bytes gzipped (limit 153600)"
if [ "$gz" -gt 153600 ]; then
    echo "wasm: over the 150 KB gzipped budget" >&2
    exit 1
fi
