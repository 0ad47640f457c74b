// What the browser tests share: a local HTTP server answering from a route, and Debian's Chromium
// driven by playwright-core (its own browser downloads are unreachable here). Not a test file:
// `node --test tests/` runs only `*.test.mjs`.
import { createServer } from "node:http";
import { normalize } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Serves `route(path)` — `{ body, type }`, or a throw for 404 — on a free local port: `{ server, base }`. */
export async function serve(route) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    try {
      const { body, type } = await route(path);
      response.writeHead(200, { "content-type": type });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * Debian's Chromium, headless, with nothing that reaches the network on its own. A browser that
 * dies while starting — seen once on this machine kind: SIGSEGV before its first page, with two
 * test files launching at the same moment — is started again, up to three times; a failure
 * after that is the test's.
 */
export async function launchChromium() {
  const { chromium } = require("playwright-core");
  const launch = () =>
    chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launch();
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`chromium did not start (attempt ${attempt} of 3): ${String(error).split("\n")[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}
