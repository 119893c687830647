// `cargo xtask bench`, the last step: BENCHMARKS.md from the browser runs' JSON (`bench.mjs`, one
// per kind of key) and the native benchmarks' output. Usage:
//   node report.mjs OUT.md NATIVE.txt RUN.json...
// Figures only: the goals are printed beside them and the ratios say how far each is.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

const [out, nativePath, ...runPaths] = process.argv.slice(2);
if (!out || !nativePath || runPaths.length === 0) throw new Error("usage: report.mjs OUT.md NATIVE.txt RUN.json...");
const runs = runPaths.map((p) => JSON.parse(readFileSync(p, "utf8")));
const native = readFileSync(nativePath, "utf8").trim();
const first = runs.find((r) => r.firstView) ?? runs[0];

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(0)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const size = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MiB` : `${(n / 1024).toFixed(0)} KiB`);
const meets = (ok) => (ok ? "met" : "**not met**");

const lines = [];
const say = (line = "") => lines.push(line);
say("# Benchmarks");
say();
say(`Written by \`cargo xtask bench\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; every figure below comes from that one run.`);
say(`Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${os.type()} ${os.release()};`);
say(`headless ${first.browser}; Node ${process.version}; OpenPGP.js ${first.openpgp} (npm, pinned) as the anchor.`);
say("The stack is `wrangler dev` (workerd, local D1 and R2) on loopback: network time is close to nothing, so");
say("\"sent\" is mostly the browser's own work plus the worker's.");
say();

if (first.firstView) {
  const fv = first.firstView;
  const op = first.openpgpBuild;
  say("## Bytes");
  say();
  say("Everything the embed fetches from the worker's origin, as served and as gzip (level 9) and brotli (quality 11)");
  say("would carry it. First view: the requests made before the form was typed into. Submission: all it fetched by the time a report was");
  say("sent (the report itself goes up, not down).");
  say();
  say("| what | files | raw | gzip | brotli | goal (brotli) |");
  say("| --- | ---: | ---: | ---: | ---: | --- |");
  say(`| loader (pinned \`sealdrop-<hash>.js\`) | 1 | ${kb(first.loader.raw)} | ${kb(first.loader.gzip)} | ${kb(first.loader.brotli)} | under 1 KB: ${meets(first.loader.brotli < 1000)} |`);
  say(`| first view, pinned embed | ${fv.pinned.bytes.files} | ${kb(fv.pinned.bytes.raw)} | ${kb(fv.pinned.bytes.gzip)} | ${kb(fv.pinned.bytes.brotli)} | at most 150 KB: ${meets(fv.pinned.bytes.brotli <= 150000)} |`);
  say(`| first view, unpinned embed | ${fv.unpinned.bytes.files} | ${kb(fv.unpinned.bytes.raw)} | ${kb(fv.unpinned.bytes.gzip)} | ${kb(fv.unpinned.bytes.brotli)} | |`);
  const sub = first.send.at(-1)?.submissionBytes;
  if (sub) say(`| a whole submission, pinned | ${sub.files} | ${kb(sub.raw)} | ${kb(sub.gzip)} | ${kb(sub.brotli)} | at most 350 KB: ${meets(sub.brotli <= 350000)} |`);
  say(`| OpenPGP.js ${first.openpgp} (\`openpgp.min.mjs\`, the whole library) | 1 | ${kb(op.raw)} | ${kb(op.gzip)} | ${kb(op.brotli)} | |`);
  say();
  say(`First view (pinned) / OpenPGP.js, brotli: ${ratio(fv.pinned.bytes.brotli, op.brotli)}.`);
  say();
  const bg = fv.pinned.background;
  if (bg) {
    const names = [...new Set(bg.paths.map((p) => p.replace(/^.*\//, "").replace(/-[0-9a-f]{12}\./, "-<hash>.")))].join(", ");
    say(`Fetched after the first view, while the reporter types (the encryption module, asked for by the key check): ${bg.files} files,`);
    say(`${kb(bg.raw)} raw, ${kb(bg.brotli)} brotli (${names || "nothing"}).`);
    say();
  }
  say("## Time to an interactive form");
  say();
  say(`Navigation to a character typed in the title field, cold cache (a new browser context each time), median of ${first.runs + 2}.`);
  say();
  say("| embed | time | goal |");
  say("| --- | ---: | --- |");
  say(`| pinned (the snippet's default) | ${ms(fv.pinned.interactiveMs)} | at most 500 ms: ${meets(fv.pinned.interactiveMs <= 500)} |`);
  say(`| unpinned | ${ms(fv.unpinned.interactiveMs)} | |`);
  say();
  if (fv.pinned.checkedMs !== undefined) {
    say(`The keys checked (the encryption module fetched, compiled and run, asked for 500 ms after the form shows), from navigation:`);
    say(`pinned ${ms(fv.pinned.checkedMs)}, unpinned ${ms(fv.unpinned.checkedMs)}.`);
    say();
  }
}

say("## Click to sent");
say();
say("Sealdrop: the pinned form, a report with one attachment of the size shown, from the form's submit event to the");
say("report request starting (\"encrypt\": read, encode, encrypt, armor) and to its answer's end (\"sent\"), on the frame's");
say("own clock (Resource Timing), as OpenPGP.js's page times itself; the last column gives the same runs timed from the");
say("bench script (Playwright's click to the request and answer events). OpenPGP.js: the same attachment bytes encrypted");
say("to the same keys, armored (`openpgp.encrypt`, defaults), then posted to the same endpoint with a proof of work. Medians; the longest main-thread task (Long Tasks API) and the longest stall (a");
say("10 ms heartbeat arriving late, which also sees blocking that is not a task) are the worst of all runs, in any");
say("frame. Goals: encrypt ≤ 0.5× OpenPGP.js, sent ≤ 1.0×, nothing over 50 ms.");
say();
say("| key | attachment | Sealdrop encrypt | OpenPGP.js encrypt | ratio | Sealdrop sent | OpenPGP.js sent | ratio | longest task / stall, Sealdrop | longest task / stall, OpenPGP.js | answers | Sealdrop from the click (encrypt / sent) |");
say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
for (const run of runs) {
  for (const row of run.send) {
    const s = row.sealdrop;
    const o = row.openpgp;
    say(`| ${run.key} (${run.recipients} recipient${run.recipients > 1 ? "s" : ""}) | ${size(row.bytes)} | ${ms(s.encryptMs)} | ${ms(o.encryptMs)} | ${ratio(s.encryptMs, o.encryptMs)} | ${ms(s.sentMs)} | ${ms(o.sentMs)} | ${ratio(s.sentMs, o.sentMs)} | ${ms(s.longestTaskMs)} / ${ms(s.longestStallMs)} | ${ms(o.longestTaskMs)} / ${ms(o.longestStallMs)} | ${s.statuses.join(",")} / ${o.statuses.join(",")} | ${s.fromNode ? `${ms(s.fromNode.encryptMs)} / ${ms(s.fromNode.sentMs)}` : ""} |`);
  }
}
say();
say("## Reports in parts (more than 10 MiB of files)");
say();
say("Sealdrop: the pinned form, one file from disk, from the click to the receipt: read in slices, encrypted as a");
say("stream and sent in 8 MiB parts by the encryption worker, completed by the page. Chromium's memory: the peak of all");
say("its processes' resident memory (`/proc`, every 100 ms) over its level before the click, in all and in the renderer");
say("(the frame and its encryption worker) and the browser process; bounded means it does not grow with the file.");
say("Stall: the longest lateness of a 10 ms heartbeat in the form's frames; the control is the same heartbeat in a blank");
say("page of its own, in the same browser at the same time, so a stall it shares is the machine's, not the form's.");
say("workerd's CPU for the whole upload (every part's envelope walk, SHA-256 and R2 write). OpenPGP.js: encrypting the");
say("same number of bytes in memory (binary output, no upload). Goals: nothing over 50 ms on the main thread; memory");
say("bounded by the part, not the file.");
say();
say("| key | file | to the receipt | MiB/s | OpenPGP.js encrypt only | longest task / stall (control) | Chromium memory growth (renderer, browser) | workerd CPU |");
say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const run of runs) {
  for (const row of run.big ?? []) {
    const grew = (bytes) => size(Math.max(0, bytes ?? 0));
    say(`| ${run.key} | ${size(row.bytes)} | ${ms(row.sentMs)} | ${row.mibPerSec.toFixed(1)} | ${ms(row.openpgpEncryptMs)} | ${ms(row.longestTaskMs)} / ${ms(row.longestStallMs)} (${ms(row.controlStallMs ?? 0)}) | ${grew(row.memoryGrowthBytes)} (${grew(row.rendererGrowthBytes)}, ${grew(row.browserGrowthBytes)}) | ${ms(row.workerdCpuMs)} |`);
  }
}
say();
say("## Worker CPU per submission");
say();
say("The stack's workerd processes' user + system time (`/proc`), across reports posted straight to the API (encrypted");
say("beforehand by OpenPGP.js in Node), divided by their number: the envelope check plus storing in local D1 and R2");
say("(which local workerd also runs). `Date.now()` inside workerd does not measure computation, so this is measured outside.");
say();
say("| key | attachment | reports | workerd CPU per report | answers |");
say("| --- | ---: | ---: | ---: | --- |");
for (const run of runs) {
  for (const row of run.workerCpu) say(`| ${run.key} | ${size(row.bytes)} | ${row.count} | ${ms(row.cpuMsPerSubmission)} | ${row.statuses.join(",")} |`);
}
say();
say("## Native (`cargo bench -p sealdrop-shared`)");
say();
say("rPGP natively, next to GnuPG on the same work, and the envelope check the worker runs on every submission:");
say();
say("```");
say(native);
say("```");
writeFileSync(out, `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
