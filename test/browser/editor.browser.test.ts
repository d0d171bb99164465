import type { Browser, Locator, Page } from 'playwright-core';

import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { efidemPayload, EFIDEM_SECRET } from '../harness/efidem';
import { signedRequest } from '../harness/signing';
import { OAUTH_CLIENT, OAuth2Simulator } from '../simulators/oauth2';
import { RestHookApiSimulator } from '../simulators/resthook';
import { WEAVY_USER, WeavySimulator } from '../simulators/weavy';
import { N8nApi, waitFor } from '../e2e/harness/api';
import { startN8n, type N8nHandle } from '../e2e/harness/n8n';
import { packPackage } from '../e2e/harness/pack';
import { triggerWorkflow, withDiagnostics } from '../e2e/harness/triggers';
import { addTrigger, launchBrowser, parameter, shot, signIn } from './editor';

/** A Standard Webhooks signing secret, as the REST Hook OAuth2 credential takes it. */
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** The URL Secret set in the Sarbacane extension mode. */
const SARBACANE_URL_SECRET = 'browser-url-secret-4f9K2m7Q';

/**
 * A person's first use of the package's triggers in the n8n editor, in headless chromium, against
 * one real n8n: each step checks what the page shows, and saves a screenshot under
 * test-artifacts/browser/. The Divalto weavy trigger goes the whole way (credential, events,
 * samples, publish); the others show the step where they differ.
 */
describe('The triggers in the n8n editor', () => {
	let n8n: N8nHandle | undefined;
	let weavy: WeavySimulator | undefined;
	let oauth: OAuth2Simulator | undefined;
	let hooks: RestHookApiSimulator | undefined;
	let browser: Browser | undefined;
	let page: Page;
	const step = <T>(name: string, body: () => Promise<T>) =>
		withDiagnostics(
			() => n8n,
			{ weavy: () => weavy, hooks: () => hooks, oauth: () => oauth },
			async () => {
				try {
					return await body();
				} catch (error) {
					await shot(page, `${name}-failed`).catch(() => undefined);
					throw error;
				}
			},
		);

	beforeAll(async () => {
		[weavy, oauth, hooks, n8n, browser] = await Promise.all([
			new WeavySimulator().start(),
			new OAuth2Simulator().start(),
			new RestHookApiSimulator().start(),
			packPackage().then(async (tarball) => await startN8n({ tarball })),
			launchBrowser(),
		]);
		hooks.auth = 'oauth2';
		hooks.oauth = oauth;
		page = await signIn(browser, n8n);
	});

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await weavy?.stop();
		await hooks?.stop();
		await oauth?.stop();
	});

	test('Divalto weavy: the nodes panel finds the trigger by "weavy" and adds it with its events as actions', () =>
		step('weavy-1-add', async () => {
			await addTrigger(page, n8n!, {
				search: 'weavy',
				nodeName: 'Divalto Weavy',
				action: 'On new customer',
				shotName: 'weavy-1-search',
			});
			await expectText(page, 'Divalto Weavy Trigger');
			await expectText(page, 'Publishing the workflow subscribes to the chosen events in weavy');
			await shot(page, 'weavy-1-added');
		}));

	test("Divalto weavy: the credential made in the credential modal passes n8n's connection test against weavy", () =>
		step('weavy-2-credential', async () => {
			await page.getByText('Connect to Divalto Weavy').click();
			const modal = page.getByTestId('editCredential-modal');
			await modal.waitFor();
			await fill(page, 'baseUrl', weavy!.url);
			await fill(page, 'projectCode', WEAVY_USER.projectCode);
			await fill(page, 'username', WEAVY_USER.username);
			await fill(page, 'password', WEAVY_USER.password);
			await shot(page, 'weavy-2-credential-form');
			await page.getByTestId('credential-save-button').click();
			// n8n tests a new credential on save and closes the modal when the test passed.
			await page.getByText('Connection tested successfully').first().waitFor({ state: 'attached' });
			await expectValue(
				page.getByTestId('node-credentials-select').locator('input'),
				'Divalto Weavy account',
			);
			// Opened again, the saved credential shows the passed test.
			await page.getByTestId('credential-edit-button').click();
			await expectText(page, 'Connection tested successfully');
			await shot(page, 'weavy-2-credential-tested');
			await page.getByRole('button', { name: /close/i }).first().click();
		}));

	test('Divalto weavy: the events dropdown lists each event by name with a description, and takes a second one', () =>
		step('weavy-3-events', async () => {
			await parameter(page, 'events').click();
			await expectText(page, 'An opportunity is created in weavy');
			await expectText(page, 'A deal (affaire) is created in weavy');
			await page.getByRole('option', { name: /New Opportunity/ }).click();
			await shot(page, 'weavy-3-events');
			await page.getByText('Events', { exact: true }).click();
			await expect(parameter(page, 'events').textContent()).resolves.toMatch(
				/New Customer.*New Opportunity/,
			);
		}));

	test('Divalto weavy: "Listen for test event" shows weavy\'s sample records in the output panel, and no subscription stays', () =>
		step('weavy-4-listen', async () => {
			const started = Date.now();
			await page.getByTestId('node-execute-button').click();
			const output = page.getByTestId('output-panel');
			await output.getByText('Boulangerie Martin').first().waitFor({ timeout: 20_000 });
			const seconds = (Date.now() - started) / 1000;
			await expectText(page, '3 items');
			await shot(page, 'weavy-4-output');
			// The JSON view shows each sample's own fields (the table mixes both events' columns).
			await output.getByTestId('radio-button-json').click();
			await output.getByText('Oven maintenance contract').first().waitFor();
			await shot(page, 'weavy-4-output-json');
			console.log(`samples shown ${seconds} s after the click`);
			await expect(output.textContent()).resolves.toContain('OPP000008');
			expect(seconds).toBeLessThan(15);
			await waitFor(async () => (weavy!.subscriptions.size === 0 ? true : undefined), {
				timeoutMs: 10_000,
				description: 'no weavy subscription left after the test event',
			});
		}));

	test('Divalto weavy: publishing shows the workflow active with weavy subscribed; unpublishing unsubscribes', () =>
		step('weavy-5-publish', async () => {
			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('workflow-open-publish-modal-button').click();
			await page.getByTestId('workflow-publish-button').click();
			await waitFor(async () => (weavy!.subscriptions.size === 2 ? true : undefined), {
				timeoutMs: 20_000,
				description: 'weavy subscribed to both events',
			});
			await expectText(page, 'Workflow published');
			await expectText(page, 'Your workflow will now listen for events from Divalto Weavy');
			await page.getByRole('button', { name: 'Got it' }).click();
			await page.getByText('Published', { exact: true }).waitFor();
			await shot(page, 'weavy-5-published');
			await page.getByTestId('version-menu-button').click();
			await page.getByTestId('version-menu-item-unpublish').click();
			const confirm = page.getByTestId('workflow-history-version-unpublish-modal');
			await confirm.getByText('This will prevent all production executions').waitFor();
			await confirm.getByRole('button', { name: 'Unpublish' }).click();
			await waitFor(async () => (weavy!.subscriptions.size === 0 ? true : undefined), {
				timeoutMs: 20_000,
				description: 'weavy unsubscribed',
			});
			await page.getByText('Published', { exact: true }).waitFor({ state: 'detached' });
			await shot(page, 'weavy-5-unpublished');
		}));

	test('Efidem SnapShoot: the panel says which URL to paste in SnapShoot, and the signature setting is on by default', () =>
		step('efidem', async () => {
			await addTrigger(page, n8n!, {
				search: 'snapshoot',
				nodeName: 'Efidem SnapShoot',
				action: /^On /,
			});
			await expectText(page, 'paste it in SnapShoot > Développeur > Paramètres > WebHooks > URL');
			await page.getByText('Webhook URLs', { exact: true }).click();
			await page.getByText('Production URL', { exact: true }).click();
			await expectText(page, new RegExp(`${n8n!.baseUrl}/webhook/[\\w-]+/webhook`));
			await expectValue(
				parameter(page, 'authentication').locator('input'),
				'Signature (X-Signature Header)',
			);
			await expectText(page, 'Turn on "Activer la signature des WebHooks" in SnapShoot');
			await shot(page, 'efidem-1-parameters');
			await parameter(page, 'authentication').click();
			await page.getByRole('option', { name: /^None/ }).click();
			await expectText(page, 'Deliveries are not authenticated');
			await shot(page, 'efidem-2-unsigned');
		}));

	test('Efidem SnapShoot: a test delivery signed with HMAC-SHA1 ends the test with the setting to change', () =>
		step('efidem-refused', async () => {
			const api = new N8nApi(n8n!);
			const credential = await api.createCredential('efidemSnapShootApi', 'SnapShoot browser', {
				secretKey: EFIDEM_SECRET,
				previousSecretKey: '',
			});
			const wf = triggerWorkflow(n8n!, {
				name: 'SnapShoot signature check',
				nodeName: 'Efidem SnapShoot Trigger',
				nodeType: 'efidemSnapShootTrigger',
				parameters: { events: ['*'], options: { samples: false } },
				credential: { type: 'efidemSnapShootApi', id: credential.id, name: 'SnapShoot browser' },
			});
			const made = await api.createWorkflow(wf.input);
			await page.goto(`${n8n!.baseUrl}/workflow/${made.id}`);
			await page.getByTestId('canvas-node').first().dblclick();
			await page.getByTestId('node-execute-button').click();
			await page.getByText('Listening for test event').first().waitFor();
			// What SnapShoot would send if it signed with SHA-1: the node expects SHA-256.
			const request = signedRequest(efidemPayload('Clic'), EFIDEM_SECRET, { algorithm: 'sha1' });
			const answer = await fetch(wf.testUrl, {
				method: 'POST',
				headers: request.headers,
				body: request.body,
			});

			expect(answer.status).toBe(401);
			await expectText(page, 'Set Options → Signature Algorithm to HMAC-SHA1.');
			await expectText(page, /the delivery is signed with the right secret, but as HMAC-SHA1/);
			await shot(page, 'efidem-3-refused');
		}));

	test('REST Hook OAuth2: "Connect" opens the API\'s consent page, Allow connects the credential, and publishing subscribes with its token', () =>
		step('resthook-oauth2', async () => {
			const api = new N8nApi(n8n!);
			const wf = triggerWorkflow(n8n!, {
				name: 'REST Hook OAuth2',
				nodeName: 'REST Hook Trigger',
				nodeType: 'restHookTrigger',
				parameters: {
					authentication: 'oAuth2',
					customEvents: 'contact.created',
					subscribeUrl: `${hooks!.url}/hooks`,
					unsubscribeUrl: `${hooks!.url}/hooks/{{id}}`,
					incomingAuthentication: 'standardWebhooks',
				},
			});
			const made = await api.createWorkflow(wf.input);
			await page.goto(`${n8n!.baseUrl}/workflow/${made.id}`);
			await page.getByTestId('canvas-node').first().dblclick();
			await page.getByTestId('ndv').waitFor();
			await shot(page, 'resthook-oauth2-1-node');
			await page.getByText('Connect to REST Hook').click();
			const modal = page.getByTestId('editCredential-modal');
			await modal.waitFor();
			await fill(modal, 'authUrl', oauth!.authorizeUrl);
			await fill(modal, 'accessTokenUrl', oauth!.tokenUrl);
			await fill(modal, 'clientId', OAUTH_CLIENT.id);
			await fill(modal, 'clientSecret', OAUTH_CLIENT.secret);
			await fill(modal, 'scope', 'hooks:write');
			await fill(modal, 'signingSecret', STANDARD_SECRET);
			await shot(page, 'resthook-oauth2-2-credential');

			const popupOpened = page.context().waitForEvent('page');
			await modal.getByRole('button', { name: 'Connect', exact: true }).click();
			const popup = await popupOpened;
			await popup.getByRole('button', { name: 'Allow' }).waitFor();
			await expect(popup.textContent('h1')).resolves.toBe('Allow n8n to manage your webhooks?');
			await shot(popup, 'resthook-oauth2-3-consent');
			await popup.getByRole('button', { name: 'Allow' }).click();
			// n8n exchanges the code, closes the consent window and the modal, and selects the credential.
			await modal.waitFor({ state: 'detached' });
			expect(oauth!.tokenCalls.map((call) => call.grantType)).toEqual(['authorization_code']);
			await expectValue(
				page.getByTestId('node-credentials-select').locator('input'),
				'REST Hook account',
			);
			// Opened again, the credential says it is connected.
			await page.getByTestId('credential-edit-button').click();
			await expectText(page, 'Account connected');
			await shot(page, 'resthook-oauth2-4-connected');
			await page.getByRole('button', { name: /close/i }).first().click();

			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('workflow-open-publish-modal-button').click();
			await page.getByTestId('workflow-publish-button').click();
			await waitFor(async () => (hooks!.subscriptions.size === 1 ? true : undefined), {
				timeoutMs: 20_000,
				description: 'the hooks API subscribed with the OAuth2 token',
			});
			await expectText(page, 'Workflow published');
			const post = hooks!.log.find((entry) => entry.method === 'POST');
			expect(String(post?.headers.authorization)).toMatch(/^Bearer at-/);
			await page.getByRole('button', { name: 'Got it' }).click();
			await api.unpublish(made.id);
			expect(hooks!.subscriptions.size).toBe(0);
		}));

	test('GetResponse: the source choice explains webhooks and legacy callbacks, and callbacks say what publishing does', () =>
		step('getresponse', async () => {
			await addTrigger(page, n8n!, {
				search: 'getresponse',
				nodeName: 'GetResponse Webhooks',
				action: /^On /,
			});
			await expectValue(parameter(page, 'source').locator('input'), 'Webhooks (Recommended)');
			await expectText(page, 'Tools > Integrations and API > Webhooks > Create webhook');
			await parameter(page, 'source').click();
			await expectText(page, 'retried when n8n does not answer');
			await expectText(page, 'Set up automatically through the API when the workflow is published');
			await shot(page, 'getresponse-1-source');
			await page.getByRole('option', { name: /^Callbacks \(Legacy\)/ }).click();
			await expectText(page, "Publishing the workflow points the GetResponse account's callbacks");
			await expectText(page, 'Replace Existing Callback');
			await expectText(page, 'Connect to GetResponse Webhooks');
			await shot(page, 'getresponse-2-callbacks');
		}));

	test('Sarbacane: the webhook setup choice offers the API or the extension, and the extension gets the URL to paste', () =>
		step('sarbacane', async () => {
			await addTrigger(page, n8n!, {
				search: 'sarbacane',
				nodeName: 'Sarbacane',
				action: /^On /,
			});
			await expectValue(
				parameter(page, 'source').locator('input'),
				'Automatically, Through the Sarbacane API',
			);
			await expectText(page, 'Publishing the workflow creates one Sarbacane webhook');
			await parameter(page, 'source').click();
			await expectText(page, 'For accounts without API webhooks');
			await shot(page, 'sarbacane-1-setup');
			await page
				.getByRole('option', { name: /^By Me, in the Sarbacane Webhook Extension/ })
				.click();
			await expectText(page, 'paste the result in the Sarbacane Webhook extension');
			await expectText(page, 'URL Secret');
			await shot(page, 'sarbacane-2-extension');
		}));

	test('Sarbacane: the extension mode asks for no credential; its samples show, and a delivery with the URL secret runs once published', () =>
		step('sarbacane-extension', async () => {
			await expect(page.getByTestId('node-credentials-select').count()).resolves.toBe(0);
			await fill(page, 'urlSecret', SARBACANE_URL_SECRET);
			await parameter(page, 'events').click();
			await page.getByRole('option', { name: /^Opened/ }).click();
			await page.getByText('Events', { exact: true }).click();
			await page.getByTestId('node-execute-button').click();
			const output = page.getByTestId('output-panel');
			await output.getByText('vdsioBFBFDS15dsBSGSD').first().waitFor({ timeout: 20_000 });
			await shot(page, 'sarbacane-3-extension-samples');

			await page.getByTestId('ndv-close-button').click();
			await page.getByTestId('workflow-open-publish-modal-button').click();
			await page.getByTestId('workflow-publish-button').click();
			await expectText(page, 'Workflow published');
			await page.getByRole('button', { name: 'Got it' }).click();
			const id = /\/workflow\/([\w-]+)/.exec(page.url())![1];
			const api = new N8nApi(n8n!);
			const [node] = (await api.getWorkflow(id)).nodes;
			const answer = await fetch(
				`${n8n!.baseUrl}/webhook/${node.webhookId}/webhook?secret=${SARBACANE_URL_SECRET}`,
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(SARBACANE_SAMPLES.OPEN),
				},
			);

			expect(answer.status).toBe(200);
			const runs = await waitFor(
				async () => {
					const executions = await api.listExecutions(id);
					return executions.some((execution) => execution.mode === 'webhook')
						? executions
						: undefined;
				},
				{ timeoutMs: 20_000, description: 'the delivery run' },
			);
			expect(runs.filter((execution) => execution.mode === 'webhook')).toHaveLength(1);
		}));

	test('Divalto weavy: publishing on an n8n whose URL is localhost-only, with weavy elsewhere, says to set WEBHOOK_URL', () =>
		step('weavy-unreachable', async () => {
			const api = new N8nApi(n8n!);
			const credential = await api.createCredential('divaltoWeavyApi', 'weavy elsewhere', {
				baseUrl: 'https://weavy.invalid',
				...WEAVY_USER,
			});
			const wf = triggerWorkflow(n8n!, {
				name: 'weavy on a localhost n8n',
				nodeName: 'Divalto Weavy Trigger',
				nodeType: 'divaltoWeavyTrigger',
				parameters: { events: ['NewCustomer'] },
				credential: { type: 'divaltoWeavyApi', id: credential.id, name: 'weavy elsewhere' },
			});
			const made = await api.createWorkflow(wf.input);
			await page.goto(`${n8n!.baseUrl}/workflow/${made.id}`);
			await page.getByTestId('workflow-open-publish-modal-button').click();
			await page.getByTestId('workflow-publish-button').click();

			await expectText(page, /Divalto weavy cannot reach n8n at .* set n8n's WEBHOOK_URL/);
			await shot(page, 'weavy-unreachable');
		}));
});

async function expectValue(input: Locator, value: string): Promise<void> {
	await waitFor(async () => ((await input.first().inputValue()) === value ? true : undefined), {
		timeoutMs: 10_000,
		description: `an input showing "${value}"`,
	});
}

/** Fills the text parameter `name` of the page, or of a part of it such as a modal. */
async function fill(within: Page | Locator, name: string, value: string): Promise<void> {
	await within.getByTestId(`parameter-input-${name}`).locator('input').first().fill(value);
}

async function expectText(page: Page, text: string | RegExp): Promise<void> {
	await page.getByText(text).first().waitFor({ state: 'visible' });
}
