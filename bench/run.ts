import { execFile } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';

import { benchActivation, type ActivationResult } from './activation';
import { benchBatch, type BatchResult } from './batch';
import { benchHandler, type HandlerResult } from './handler';
import {
	benchThroughput,
	isLazy,
	isPatched,
	median,
	n8nVersions,
	ratio,
	settingsFor,
	SIGNED,
	TRIGGERS,
	URL_SECRET,
	type TargetName,
	type ThroughputRound,
} from './n8n-throughput';
import { benchScaleThroughput, type ScaleRound } from './scale-throughput';
import { formatNs, formatRatio, ratios, spread, type Spread } from './stats';

/**
 * `npm run bench [-- --quick | --scale] [--patched-n8n]`: every ratio side by side in one run,
 * printed as a table and (full run only) written to BENCHMARKS.md. `--quick` skips the parts in a
 * real n8n; `--scale` runs only benchmark 5 (queue mode behind nginx) and rewrites only its section
 * of BENCHMARKS.md; `--patched-n8n` measures benchmarks 2 and 5 on n8n as installed and, beside it,
 * on n8n with bench/patch-isolate-skip.js (docs/n8n-isolate-skip.md).
 */
const quick = process.argv.includes('--quick');
const scaleOnly = process.argv.includes('--scale');
const settings = settingsFor(process.argv.includes('--patched-n8n'));
const ROUNDS = { handler: 11, activation: 9, batch: 9, throughput: 5, scale: 5 };
const SCALE_PLAN = { connections: 8, requests: 160 };
const BENCHMARKS = path.join(__dirname, '..', 'BENCHMARKS.md');
const SCALE_START = '<!-- benchmark 5: written by npm run bench (or npm run bench -- --scale) -->';
const SCALE_END = '<!-- end of benchmark 5 -->';

interface KeyMemory {
	perMinute: number;
	windowMinutes: number;
	keys: number;
	heap: number;
}

/** bench/delivery-memory.ts in a fresh child process: the heap the keys hold at that rate. */
function deliveryMemory(perMinute: number, windowMinutes: number): Promise<KeyMemory> {
	const args = [
		'--expose-gc',
		'-r',
		path.join(__dirname, 'register.js'),
		path.join(__dirname, 'delivery-memory.ts'),
		String(perMinute),
		String(windowMinutes),
	];
	return new Promise((resolve, reject) => {
		execFile(process.execPath, args, (error, stdout, stderr) => {
			if (error) reject(new Error(`delivery memory child failed: ${error.message}\n${stderr}`));
			else resolve(JSON.parse(stdout) as KeyMemory);
		});
	});
}

function log(line: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

interface Row {
	measure: string;
	ratio: string;
	target: string;
	met: string;
	context: string;
}

function row(
	measure: string,
	ratio: Spread,
	target: { max?: number; min?: number } | undefined,
	context: string,
): Row {
	// The verdict reads the figure the row shows (two decimals), so 0.90 is never both.
	const shown = Number(ratio.median.toFixed(2));
	const met =
		target === undefined
			? '—'
			: (target.max !== undefined && shown <= target.max) ||
				  (target.min !== undefined && shown >= target.min)
				? 'yes'
				: '**no**';
	const targetText =
		target === undefined
			? '(control)'
			: target.max !== undefined
				? `≤ ${target.max}`
				: `≥ ${target.min}`;
	return { measure, ratio: formatRatio(ratio), target: targetText, met, context };
}

function table(rows: Row[]): string {
	const lines = [
		'| Measure | Ratio: median (min–max) | Target | Met | Context: medians |',
		'| --- | --- | --- | --- | --- |',
		...rows.map((r) => `| ${r.measure} | ${r.ratio} | ${r.target} | ${r.met} | ${r.context} |`),
	];
	return lines.join('\n');
}

/** A signed trigger over the mean of the URL-secret triggers, per round. */
function signedRatio(t: ThroughputRound, name: TargetName): Spread {
	return spread(
		t.perSecond[name].map((value, round) => {
			const others = URL_SECRET.map((other) => t.perSecond[other][round]);
			return value / (others.reduce((sum, other) => sum + other, 0) / others.length);
		}),
	);
}

/** CPU milliseconds, as the context columns show them. */
function ms(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a';
}

function mb(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Benchmark 5 in a topology of its own: its section of BENCHMARKS.md, markers included. */
async function scaleSection(): Promise<string> {
	const started = new Date();
	const load = os.loadavg();
	const versions = n8nVersions();
	log(
		`5. throughput in queue mode behind nginx, n8n ${versions.n8n} (${ROUNDS.scale} interleaved rounds per setting)`,
	);
	const results: ScaleRound[] = await benchScaleThroughput(ROUNDS.scale, SCALE_PLAN, log, settings);
	const rows: Row[] = [];
	for (const result of results) {
		// Where no isolate is built for the webhook phase, the triggers should keep up with n8n's
		// own Webhook node: lazy acquire, and the patched n8n at its defaults.
		const lazy = isLazy(result.setting) || isPatched(result.setting);
		for (const [what, rates] of [
			['accepted', result.accepted],
			['completed', result.completed],
		] as const) {
			// Where the cores went, per event: the webhook processes while accepting, the workers to the end.
			const [part, cpuMs] =
				what === 'accepted'
					? ['webhook processes', result.webhookCpuMs]
					: ['workers', result.workerCpuMs];
			const context = (pair: TargetName[]) =>
				`${pair.map((each) => `${each} ${spread(rates[each]).median.toFixed(1)}/s`).join(', ')}; ${part}' CPU per event ${pair.map((each) => ms(spread(cpuMs[each]).median)).join(' / ')}`;
			const measures: Array<[TargetName, TargetName, { min: number } | undefined]> = [
				['weavy', 'core Webhook v2.1', lazy ? { min: 0.9 } : undefined],
				['Efidem (signed)', 'core Webhook v2.1', lazy ? { min: 0.9 } : undefined],
				// Controls: n8n's Webhook node with a credential it reads on every request.
				['core Webhook v2.1 (Header Auth)', 'core Webhook v2.1', undefined],
				['Efidem (signed)', 'core Webhook v2.1 (Header Auth)', undefined],
			];
			for (const [name, over, target] of measures) {
				rows.push(
					row(
						`5. ${result.setting}, ${what}: ${name} / ${over}`,
						ratios(rates[name], rates[over]),
						target,
						context([name, over]),
					),
				);
			}
		}
	}
	return `${SCALE_START}
## Queue mode behind a load balancer (benchmark 5)

- Date: ${started.toISOString().replace('T', ' ').slice(0, 16)} UTC; load average at start ${load.map((l) => l.toFixed(1)).join(' / ')}
- n8n: ${versions.n8n} on Node ${versions.node}, the topology of \`npm run test:scale\`: a main process, two \`n8n webhook\`
  processes behind nginx (round robin), two \`n8n worker\`s (n8n's default concurrency), PostgreSQL, Redis, all on
  this machine's 2 cores

${table(rows)}

One published workflow each (the Divalto weavy trigger, the Efidem SnapShoot trigger with its \`X-Signature\`, n8n's
Webhook node 2.1 answering on receipt, and the same with Header Auth: a credential it reads on every request),
${ROUNDS.scale} interleaved rounds of ${SCALE_PLAN.requests} requests over
${SCALE_PLAN.connections} keep-alive connections to nginx, per expression setting, each setting in a topology of its
own. *Accepted*: events/s from the first request to the last 200 (the webhook processes' work: the trigger checks the
delivery and n8n enqueues it). *Completed*: to the \`stoppedAt\` of the round's last execution (the workers' work too).
*CPU per event*: user and system time of the two webhook processes (accepted rows) or of the two workers (completed
rows), task runners included, read from /proc before and after each round, over the round's requests.
With n8n's default settings the webhook phase of every trigger but n8n's own Webhook node v2+ builds an expression
isolate (benchmark 2); with lazy acquire none does. *Patched n8n*: the same n8n with one line of
\`webhookPhaseNeedsIsolate\` removed in every process, so any node type passing its generic checks skips that isolate
([docs/n8n-isolate-skip.md](docs/n8n-isolate-skip.md)).
${SCALE_END}`;
}

void (async () => {
	if (scaleOnly) {
		const section = await scaleSection();
		process.stdout.write(`\n${section}\n`);
		const current = readFileSync(BENCHMARKS, 'utf8');
		const from = current.indexOf(SCALE_START);
		const to = current.indexOf(SCALE_END);
		const marker = '## How each figure is measured';
		writeFileSync(
			BENCHMARKS,
			from >= 0 && to > from
				? `${current.slice(0, from)}${section}${current.slice(to + SCALE_END.length)}`
				: current.replace(marker, `${section}\n\n${marker}`),
		);
		log(`written benchmark 5 into ${path.relative(process.cwd(), BENCHMARKS)}`);
		return;
	}
	const started = new Date();
	const load = os.loadavg();
	const rows: Row[] = [];

	log(`1. handler vs floor (${ROUNDS.handler} alternating rounds per size)`);
	const handler: HandlerResult[] = await benchHandler(
		[
			{ label: '2 KB', bytes: 2 * 1024 },
			{ label: '64 KB', bytes: 64 * 1024 },
			{ label: '1 MB', bytes: 1024 * 1024 },
		],
		ROUNDS.handler,
	);
	for (const h of handler) {
		rows.push(
			row(
				`1. Efidem webhook() / floor, ${h.label} signed body`,
				h.ratio,
				{ max: 2.0 },
				`ours ${formatNs(h.ours.median)}, floor ${formatNs(h.floor.median)} per delivery`,
			),
		);
	}

	let throughput: ThroughputRound[] | undefined;
	let versions: { n8n: string; node: string } | undefined;
	if (!quick) {
		versions = n8nVersions();
		log(
			`2. throughput in n8n ${versions.n8n} (${ROUNDS.throughput} interleaved rounds per setting and concurrency)`,
		);
		throughput = await benchThroughput(
			ROUNDS.throughput,
			[
				{ connections: 1, requests: 60 },
				{ connections: 8, requests: 160 },
			],
			log,
			settings,
		);
		for (const t of throughput) {
			// As in benchmark 5: no webhook-phase isolate under lazy acquire or on the patched n8n.
			const lazy = isLazy(t.setting) || isPatched(t.setting);
			const where = `${t.setting}, c=${t.connections}`;
			const rates = (names: TargetName[]) =>
				names.map((name) => `${name} ${median(t, name).median.toFixed(1)}/s`).join(', ');
			const cpu = (names: TargetName[]) =>
				`; n8n CPU per event ${names.map((name) => ms(spread(t.cpuMs[name]).median)).join(' / ')}`;
			for (const name of TRIGGERS) {
				rows.push(
					row(
						`2. ${where}: ${name} / core Webhook v2.1`,
						ratio(t, name, 'core Webhook v2.1'),
						lazy ? { min: 0.9 } : undefined,
						rates([name, 'core Webhook v2.1']) + cpu([name, 'core Webhook v2.1']),
					),
				);
				rows.push(
					row(
						`2. ${where}: ${name} / core Webhook v1`,
						ratio(t, name, 'core Webhook v1'),
						lazy ? undefined : { min: 0.95 },
						rates([name, 'core Webhook v1']),
					),
				);
			}
			for (const name of SIGNED) {
				rows.push(
					row(
						`2. ${where}: ${name} / the URL-secret triggers (mean)`,
						signedRatio(t, name),
						lazy ? undefined : { min: 0.95 },
						rates([name, ...URL_SECRET]),
					),
				);
			}
			rows.push(
				row(
					`2. ${where}: weavy v1 / weavy (version 2)`,
					ratio(t, 'weavy v1', 'weavy'),
					undefined,
					rates(['weavy v1', 'weavy']),
				),
			);
		}
	}

	log(`3. activation latency (${ROUNDS.activation} alternating rounds)`);
	const activation: ActivationResult = await benchActivation(ROUNDS.activation);
	// The sequential provider round trips of each side: login + first subscribe + the rest at once.
	const latency = activation.latencyMs * 1e6;
	rows.push(
		row(
			`3. publish weavy trigger, 6 events / 1 event (${activation.latencyMs} ms per call)`,
			activation.ratio,
			{ max: 1.5 },
			`6 events ${formatNs(activation.six.median)} (${activation.calls.six} calls, ${formatNs(activation.six.median - 3 * latency)} beyond 3 latencies), 1 event ${formatNs(activation.one.median)} (${activation.calls.one} calls, ${formatNs(activation.one.median - 2 * latency)} beyond 2)`,
		),
	);

	log(`4. batch scaling (${ROUNDS.batch} alternating rounds)`);
	const batch: BatchResult = await benchBatch(ROUNDS.batch);
	const [small, large] = batch.sizes;
	rows.push(
		row(
			`4. GetResponse batch, ${large.toLocaleString('en')} / ${small.toLocaleString('en')} events`,
			batch.ratio,
			{ max: 12 },
			`${small.toLocaleString('en')}: ${formatNs(batch.small.median)}, ${large.toLocaleString('en')}: ${formatNs(batch.large.median)}; JSON.parse alone scales ${formatRatio(batch.parseRatio, 1)}`,
		),
	);

	const memory = [
		'| Batch | Body | Peak RSS growth during the call | Heap right after the call | Heap held by the items |',
		'| --- | --- | --- | --- | --- |',
		...batch.memory.map(
			(m) =>
				`| ${m.events.toLocaleString('en')} events | ${mb(m.bodyBytes)} | ${mb(m.peakRssDelta)} | ${mb(m.heapDelta)} | ${mb(m.retainedDelta)} |`,
		),
	].join('\n');

	log('memory of delivery keys at 10,000 deliveries a minute (simulated clock)');
	const keys = await Promise.all(
		[10, 60].map(async (minutes) => await deliveryMemory(10_000, minutes)),
	);
	const keyMemory = [
		'| Deliveries a minute | Remember Deliveries For | Keys held | Heap | Per key |',
		'| --- | --- | --- | --- | --- |',
		...keys.map(
			(k) =>
				`| ${k.perMinute.toLocaleString('en')} | ${k.windowMinutes} min | ${k.keys.toLocaleString('en')} | ${mb(k.heap)} | ${Math.round(k.heap / k.keys)} bytes |`,
		),
	].join('\n');

	const cpus = os.cpus();
	const machine = [
		`- Date: ${started.toISOString().replace('T', ' ').slice(0, 16)} UTC`,
		`- CPUs: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}; load average at start ${load.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)`,
		`- Node: ${process.version} (benchmarks 1, 3, 4 run in this process)`,
		versions
			? `- n8n: ${versions.n8n} on Node ${versions.node} (benchmark 2)`
			: '- n8n: not run (--quick)',
	].join('\n');

	const output = `${table(rows)}\n\nPeak memory of one GetResponse batch through webhook(), each size in a fresh child process:\n\n${memory}\n\nThe memory of delivery keys (nodes/shared/dedupe.ts) after twice the window at a steady rate, each in a fresh child process:\n\n${keyMemory}\n`;
	process.stdout.write(`\n${machine}\n\n${output}`);
	if (quick) {
		log('--quick: BENCHMARKS.md not written (it holds the full run)');
		return;
	}
	const scale = await scaleSection();
	writeFileSync(
		BENCHMARKS,
		`${header()}\n## Machine\n\n${machine}\n\n## Results\n\n${output}\n${scale}\n\n${notes()}`,
	);
	log(`written ${path.relative(process.cwd(), BENCHMARKS)}`);
})().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});

function header(): string {
	return `# Benchmarks

Written by \`npm run bench\` (scripts in \`bench/\`); not part of \`npm test\`, not run by CI. Every figure
is a ratio measured side by side in the same run: the median over interleaved rounds (A B A B ..., the
first side rotating), with the smallest and largest round in brackets. Absolute times are context only:
this machine's 2 cores are shared with other work, so they move from run to run; the ratios much less.
`;
}

function notes(): string {
	return `## How each figure is measured

1. **Handler cost vs the floor.** The Efidem SnapShoot trigger's \`webhook()\` on one delivery signed
   with HMAC-SHA256 (hex, \`X-Signature\`), from n8n's request object to the returned items, against
   \`createHmac\` + \`timingSafeEqual\` + \`JSON.parse\` of the same bytes alone. n8n builds a
   \`WebhookContext\` per request; building it is n8n's work, so it is made before the clock starts
   (n8n-core's real \`WebhookContext\`, one per round, reused: \`webhook()\` only reads it) and only
   \`nodeType.webhook.call(context)\` is timed: parameter reads, the credential read (from the test
   credentials helper: in n8n that read also decrypts, which is n8n's cost), signature, parsing, event
   matching, the delivery key and its claim in the delivery memory, and items. Each call is a new delivery,
   as in n8n: the memory forgets its one key after each call (a retry would be answered at once, without
   items). Per round and side: the median per-call time of 9 blocks of about 15 ms, so a
   block during which the scheduler took the core away does not move the figure.
2. **Throughput inside a real n8n.** One published workflow per trigger, at node version 2 (weavy also at
   version 1), and two with n8n's core Webhook node (v2.1 and v1), all in the same n8n process; events per
   second *completed*: from the first request of a round to the \`stoppedAt\` n8n records for the round's last
   execution, read back through its API. Requests come from a small keep-alive HTTP client on loopback
   (GetResponse deliveries each with a new \`X-Webhook-ID\`, Standard Webhooks ones signed per message), so no
   load generator's reporting tick rounds the figure. Once with n8n's default expression settings, once with
   \`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true\`, in separate n8n starts. n8n 2.41 acquires an expression
   isolate for the webhook phase of every trigger except its own Webhook node v2+ (\`webhookPhaseNeedsIsolate\`
   in live-webhooks.js); with lazy acquire it builds one only when an expression is really evaluated: a
   version-1 start node has \`$parameter["options"]["binaryData"]\` evaluated per request, and
   \`getCredentials()\` inside \`webhook()\` resolves the credential in a workflow of its own. With
   \`--patched-n8n\`, the same settings again on n8n with one line of \`webhookPhaseNeedsIsolate\` removed
   (\`bench/patch-isolate-skip.js\`, preloaded into the benchmark's n8n only; every measured process must log
   it): any node type passing the generic checks skips the webhook-phase isolate
   ([docs/n8n-isolate-skip.md](docs/n8n-isolate-skip.md)). Every request is a new event (its own record,
   date, message ID or delivery id): the triggers answer a repeated delivery without a run.
3. **Activation latency.** \`checkExists\` + \`create\` (what n8n runs on publish) of a weavy trigger
   with 6 events against 1 event, every simulator call answered after 50 ms. Each publish starts
   without a weavy token, as a first publish does; the subscriptions are removed after each round,
   outside the clock.
4. **Batch scaling.** One GetResponse delivery (JSON array, its own \`X-Webhook-ID\`, URL secret)
   through the GetResponse trigger's \`webhook()\` to items; per round, the mean time of 20 batches of
   1,000 against that of 2 batches of 10,000 (the mean: garbage collection is part of a batch's cost).
   Memory: each size once in a fresh \`node --expose-gc\` child after a warm-up; peak RSS
   growth from Linux's VmHWM (reset just before the call), heap from \`process.memoryUsage()\`.

## Where the gaps come from

- **1:** at 2 KB the floor is some 15 µs, so fixed per-delivery costs weigh. CPU profiles of the handler on
  the 2 KB delivery (\`node --cpu-prof\`, \`bench/profile-handler.ts\`, 60,000 new deliveries; shares of the
  handler's samples, garbage collection apart), the code of 2026-12-07 and that of 2026-12-08 side by side:
  the floor's own work (UTF-8 decoding and \`JSON.parse\`, the HMAC) went from 39% to 53% of the handler. What
  was removed: n8n's \`getNodeParameter\` (11.5%: five reads a delivery, each through n8n's expression layer
  and type check) and one of two \`getNode()\` deep copies (7.8% for both) — a delivery now takes one copy
  of the node and reads every parameter holding no expression from it (\`nodeReads.ts\`); the node's static
  data (2.7%), now read only when the URL names a subscription; two SHA-256 digests made through
  \`createHash\` and cut as bytes, now one-shot \`crypto.hash\` to text, a quarter of the time; one of two
  listeners on n8n's response. What remains above the floor (2026-12-08): claiming the key in the memory
  9.5% (its SHA-256, the listener, the window), deriving the key 6.2%, the one node copy 5.2%, the event
  selection and the date of the items 5.2%, the credential from the cache and the signature settings
  4.3%, the items 3.4%, the nesting guard 2.8%, the rest 10%. The key and its claim came with one run per
  delivery for every provider (2026-12-07): measured side by side with both taken out, the ratio is
  about 0.25 lower (1.74–1.84 against 1.97–2.10 in the same session); under 1.6 is not reached without
  them. (Sending one delivery again and again times a retry answered at once: the benchmark forgets
  the key after each call.) From 64 KB on, the HMAC and \`JSON.parse\` dominate. At 1 MB, what lies
  above the floor is the JSON nesting guard (profile of 300 deliveries of 1 MB): the body holds more
  than 256 brackets, so the native bracket count does not settle it and \`nestsDeeperThan\` scans its
  bytes, 18% of the handler, plus 6% skipping strings; all the fixed work above together is under 5%
  there.
- **2, patched n8n:** with the node-type line of \`webhookPhaseNeedsIsolate\` removed, the triggers at
  version 2 pass n8n's generic checks (static parameters, a natively resolvable webhook description) and
  skip the webhook-phase isolate at n8n's defaults, as n8n's Webhook node v2.1 does; what remains is
  the execution's isolate, which every trigger pays alike ([docs/n8n-isolate-skip.md](docs/n8n-isolate-skip.md)).
  The context column gives the n8n process's CPU per event (all its threads and its task runner, from
  /proc, first request to last execution): on the patched n8n at its defaults 64–81 ms for the triggers and
  n8n's Webhook node alike, nearly all of it the execution's isolate; on n8n as installed the triggers'
  webhook-phase isolate adds 40–70 ms to that. The triggers' own \`webhook()\` is some 0.02 ms of it
  (benchmark 1).
- **5, the measured reason (patched n8n at its defaults, and lazy acquire in this run):** the context column
  gives the CPU the two webhook processes spent per accepted delivery (first request to last answer) and the two
  workers per event (to the last execution). On the patched n8n at its defaults the webhook processes spent 16.5 ms
  (weavy) and 15.7 ms (Efidem) a delivery against 11.4 ms for n8n's Webhook node without a credential: that
  difference is the lower accepted rate, and it is not the trigger's \`webhook()\` (0.02 ms, benchmark 1). Profiles
  of those processes serving one workflow alone (\`bench/profile-webhook-processes.ts\`, 660 deliveries each,
  Efidem against the Webhook node, 2026-12-08) put it in n8n's own path for a workflow with a credential: for every
  execution n8n checks that the workflow's credentials are accessible to its project
  (\`credentials-permission-checker\` \`findInaccessible\`: 1.1 ms a delivery in the process, plus its PostgreSQL
  queries and Redis lookups), and builds the execution context's hooks (0.6 ms); the trigger's \`webhook()\` took
  0.5 ms there (profiled, cold). n8n's Webhook node given a credential (the Header Auth rows, controls) pays the
  same: under lazy acquire, where it builds no isolate, 12.5 ms a delivery against 9.1 ms without, 0.80 of the
  rate, and Efidem runs at 1.09 of it (0.94 on the patched n8n); the triggers' 0.81–0.82 there is that. At n8n's
  defaults the Webhook node reads its credential on every request, which builds an isolate: 86 ms of CPU a
  delivery on the patched n8n, 0.16 of its rate without — what \`credentialCache.ts\` spares the signed triggers
  (Efidem at 3.96 times its rate). The rounds of these rows spread widely (0.47–1.14): side runs of the patched
  defaults (3 rounds each, 2026-12-08) gave weavy 1.02 and 0.76, Efidem 0.97 and 0.97, the run of 2026-12-07 0.75
  and 0.75. Weavy has a credential for its API calls, so it pays the check too; GetResponse's Webhooks source has
  none.
- **2:** with n8n's default settings every trigger but n8n's own Webhook node v2+ pays one isolate per
  request for the webhook phase: the fair comparison there is the core Webhook node v1, served the same way.
  The triggers at version 2 evaluate no expression per request (GetResponse's method, which follows its
  Source, is resolved natively), and the signing secrets are kept in memory between deliveries
  (\`credentialCache.ts\`), so a signed delivery pays no second isolate. With lazy acquire, nothing builds an
  isolate for them, as for the core Webhook node v2.1.
- **2, the rows missed:** with n8n's default settings a delivery costs some 80–150 ms of isolate builds and
  single rounds swing by ±40% (the min–max column), so a median of 5 rounds moves by about 0.1 from run to run;
  the same triggers meet the targets at c=8. A side run of the same measurement (\`benchThroughput\`, default setting only, 9 rounds of 60 requests
  at concurrency 1, 2026-12-01, load average 1.5) gave: Efidem (signed) / URL-secret triggers 1.00 (0.97–1.06), REST Hook
  (Standard Webhooks) / URL-secret triggers 0.97 (0.64–1.07), Efidem / core Webhook v1 1.04 (0.90–1.52),
  Sarbacane / core Webhook v1 1.01 (0.89–1.58). Under lazy acquire the REST Hook Trigger with Standard
  Webhooks runs at 0.87–0.90 of the other triggers in each cell; its \`webhook()\` costs about 40 µs more than
  Efidem's in process (69 against 27 µs, context included), well under 1% of a 15 ms delivery, so the rest
  of that gap is not in the trigger's own code; it is not explained further.
- **3:** a publication whose credential has no token yet subscribes the first event alone (the login
  happens on that call) and the other events in parallel after it: 7 calls instead of 12, for one more
  round trip: 3 provider latencies against 2 for one event, a ratio of 1.5 at best. The former 1.16 was
  6 logins in parallel. The target of 1.5 is that bound itself and leaves no room for the calls' own
  work: the context column shows each side's time beyond its latencies (the work of 7 calls against 2),
  which is what the ratio has above 1.5. A login that the other subscribe calls could wait on alone
  would need a call made only to log in: n8n logs in inside \`httpRequestWithAuthentication\`, before the
  first request that needs the token, and tells the node nothing in between.
- **4:** \`JSON.parse\` of the same two bodies alone scales nearly as much (shown beside the ratio):
  the large batch's parsed data outgrows V8's young generation and is collected by full GCs, and so
  do the 10,000 items the call must return. The trigger's own per-event work (event name, filter,
  item copy) is linear in the number of events.
`;
}
