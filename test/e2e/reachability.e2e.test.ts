import { WEAVY_USER, WeavySimulator } from '../simulators/weavy';
import { N8nApi, waitFor } from './harness/api';
import type { N8nHandle } from './harness/n8n';
import { makeCredential, startSuite } from './harness/suite';
import { triggerWorkflow, withDiagnostics } from './harness/triggers';

/** weavy as the credential names it: not this machine (a `.invalid` name never resolves). */
const WEAVY_ELSEWHERE = 'http://weavy.invalid';

/*
 * A real n8n on its loopback WEBHOOK_URL (127.0.0.1), as a new user's n8n on localhost is, with
 * a weavy that is not on this machine. To see that the refusal comes before any call, n8n's
 * requests go through a proxy (n8n honours HTTP_PROXY): the weavy simulator itself, which reads
 * the absolute URLs a proxy receives. So a call to http://weavy.invalid, had the trigger made one,
 * would reach the simulator and be counted.
 */
describe('a provider that cannot reach n8n, in n8n', () => {
	let n8n: N8nHandle | undefined;
	let api: N8nApi;
	let weavy: WeavySimulator | undefined;
	const inN8n = <T>(body: () => Promise<T>) =>
		withDiagnostics(() => n8n, { weavy: () => weavy }, body);

	beforeAll(async () => {
		weavy = await new WeavySimulator().start();
		const loopback = '127.0.0.1,localhost,::1';
		({ n8n, api } = await startSuite({
			env: { HTTP_PROXY: weavy.url, http_proxy: weavy.url, NO_PROXY: loopback, no_proxy: loopback },
		}));
	});

	afterAll(async () => {
		await n8n?.stop();
		await weavy?.stop();
	});

	/** A workflow with a weavy trigger whose credential names weavy elsewhere. */
	async function weavyElsewhere(name: string, events: string[]) {
		const credential = await makeCredential(api, 'divaltoWeavyApi', name, {
			baseUrl: WEAVY_ELSEWHERE,
			...WEAVY_USER,
		});
		const wf = triggerWorkflow(n8n!, {
			name,
			nodeName: 'Divalto Weavy Trigger',
			nodeType: 'divaltoWeavyTrigger',
			parameters: { events },
			credential,
		});
		return await api.createWorkflow(wf.input);
	}

	test("n8n's own calls to weavy elsewhere arrive (the credential test logs in through the proxy)", () =>
		inN8n(async () => {
			const data = { baseUrl: WEAVY_ELSEWHERE, ...WEAVY_USER };
			const made = await makeCredential(api, 'divaltoWeavyApi', 'weavy elsewhere test', data);

			const result = await api.restCall<{ data: { status: string; message: string } }>(
				'POST',
				'/credentials/test',
				{ credentials: { ...made, data } },
			);

			expect(result.data.status).toBe('OK');
			expect(weavy!.log.map((entry) => `${entry.method} ${entry.path}`)).toContain(
				'POST /v1/Authenticate',
			);
		}));

	test('publishing a weavy trigger fails with the WEBHOOK_URL message, and weavy gets no call and keeps no subscription', () =>
		inN8n(async () => {
			const made = await weavyElsewhere('weavy elsewhere', ['NewCustomer', 'NewDeal']);
			const callsBefore = weavy!.log.length;

			const refusal = await api.publishRefusal(made.id);

			expect(refusal).toBe(
				`Divalto weavy cannot reach n8n at ${n8n!.baseUrl} (this machine only): set n8n's WEBHOOK_URL to an address Divalto weavy can reach`,
			);
			expect(weavy!.log.slice(callsBefore)).toEqual([]);
			expect(weavy!.subscriptions.size).toBe(0);
		}));

	test('"Execute step" on that trigger is refused the same way: n8n answers with the message, and weavy gets no call', () =>
		inN8n(async () => {
			const made = await weavyElsewhere('weavy elsewhere, test', ['NewCustomer']);
			const callsBefore = weavy!.log.length;

			const refused = await api.listenForTestEvent(made.id, 'Divalto Weavy Trigger').then(
				(result) => JSON.stringify(result),
				(error: Error) => error.message,
			);

			expect(refused).toContain('Divalto weavy cannot reach n8n at');
			expect(weavy!.log.slice(callsBefore)).toEqual([]);
		}));

	test('publishing a pasted-URL trigger on a loopback n8n works, and n8n logs a warning naming WEBHOOK_URL', () =>
		inN8n(async () => {
			const wf = triggerWorkflow(n8n!, {
				name: 'efidem on loopback',
				nodeName: 'Efidem SnapShoot Trigger',
				nodeType: 'efidemSnapShootTrigger',
				parameters: { authentication: 'none', events: ['*'] },
			});
			const made = await api.createWorkflow(wf.input);

			await expect(api.publishRefusal(made.id)).resolves.toBeUndefined();

			await waitFor(
				async () =>
					n8n!
						.logTail(400)
						.includes(
							`Efidem SnapShoot trigger "Efidem SnapShoot Trigger": n8n's webhook URL ${n8n!.baseUrl} is on this machine only`,
						) || undefined,
				{ timeoutMs: 10_000, description: "the warning in n8n's log" },
			);
		}));
});
