import type { INode } from 'n8n-workflow';

import { describeFailure, requestPolicy } from '../../credentials/common/http';
import { isAlreadyGone, providerError, redactSecret } from '../../nodes/shared/providerErrors';
import { retryPolicy } from '../../nodes/shared/transport';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { weavyTrigger } from '../harness/weavy';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';

const NODE = {
	name: 'Trigger',
	type: 'x',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;

describe('reading a failed provider call', () => {
	test('the status and message of an axios-style error are found', () => {
		const error = {
			response: { status: 422, data: { error: { message: 'bad url' } } },
			message: 'Request failed',
		};
		expect(describeFailure(error)).toEqual({ status: 422, message: 'bad url' });
	});

	test("n8n's NodeApiError httpCode is read as the status", () => {
		expect(
			describeFailure({
				httpCode: '404',
				message: 'The resource you are requesting could not be found',
			}).status,
		).toBe(404);
	});

	test('an error without an answer has no status', () => {
		expect(describeFailure(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toEqual({
			status: undefined,
			message: 'connect ECONNREFUSED 127.0.0.1:1',
		});
	});

	test.each([
		[{ status: 404, message: '' }, true],
		[{ status: 410, message: '' }, true],
		[{ status: 400, message: 'Subscription SUB1 not found' }, true],
		[{ status: 500, message: 'not found' }, false],
		[{ status: 400, message: 'invalid' }, false],
		// No answer at all says nothing about the subscription.
		[{ status: undefined, message: 'Subscription not found' }, false],
		[{ status: undefined, message: 'socket hang up' }, false],
	])('%j counts as already gone: %s', (failure, gone) => {
		expect(isAlreadyGone(failure)).toBe(gone);
	});

	test("a 4xx in the provider's own words counts as already gone only with those words", () => {
		const failure = { status: 400, message: "L'abonnement n'existe pas" };

		expect(isAlreadyGone(failure)).toBe(false);
		expect(isAlreadyGone(failure, /n'existe pas/i)).toBe(true);
	});
});

describe('secrets in provider errors', () => {
	test('redactSecret hides the secret in the message, the description and the provider failure', () => {
		const error = providerError(NODE, 'Acme', 'subscribe', {
			status: 400,
			message: 'bad url https://n8n.example/webhook/x?secret=s3cr3t-value',
		});
		error.description = 'seen s3cr3t-value';

		redactSecret(error, 's3cr3t-value');

		expect(error.message).toBe(
			'Acme could not subscribe (HTTP 400): bad url https://n8n.example/webhook/x?secret=[secret]',
		);
		expect(error.description).toBe('seen [secret]');
		expect(error.context.providerFailure).toEqual({
			status: 400,
			message: 'bad url https://n8n.example/webhook/x?secret=[secret]',
		});
	});

	/** A provider that quotes the URL it was given in its error answer. */
	function echoingFault(
		isSubscribe: (request: { method: string; query: Record<string, string> }) => boolean,
		urlField: string,
	) {
		const body = { message: '' };
		return {
			match: (request: {
				method: string;
				path: string;
				query: Record<string, string>;
				body: unknown;
			}) => {
				if (!isSubscribe(request)) return false;
				body.message = `Invalid target ${String((request.body as Record<string, unknown>)[urlField])}`;
				return true;
			},
			status: 400,
			body,
			times: 5,
		};
	}

	test('a Sarbacane error quoting the hook URL reaches the user without the URL secret', async () => {
		const sarbacane = await new SarbacaneSimulator().start();
		try {
			sarbacane.inject(echoingFault((r) => r.method === 'POST', 'url'));
			const error = await sarbacaneTrigger(sarbacane)
				.publish()
				.then(
					() => undefined,
					(thrown: Error) => thrown,
				);
			const [posted] = sarbacane.log.filter((entry) => entry.method === 'POST');
			const secret = new URL((posted.body as { url: string }).url).searchParams.get('secret')!;
			expect(error?.message).toContain('Invalid target http://127.0.0.1:5678/webhook/');
			expect(error?.message).toContain('secret=[secret]');
			expect(JSON.stringify(error)).not.toContain(secret);
		} finally {
			await sarbacane.stop();
		}
	});

	test('a weavy error quoting the hook URL reaches the user without the URL secret', async () => {
		const weavy = await new WeavySimulator().start();
		try {
			weavy.inject(echoingFault((r) => r.query.c === 'EPT_WebhookSubscribe', 'hookUrl'));
			const error = await weavyTrigger(weavy)
				.publish()
				.then(
					() => undefined,
					(thrown: Error) => thrown,
				);
			const [posted] = weavy.log.filter((entry) => entry.query.c === 'EPT_WebhookSubscribe');
			const secret = new URL((posted.body as { hookUrl: string }).hookUrl).searchParams.get(
				'secret',
			)!;
			expect(error?.message).toContain('secret=[secret]');
			expect(`${error?.message} ${JSON.stringify(error)}`).not.toContain(secret);
		} finally {
			await weavy.stop();
		}
	});
});

describe('provider request timeout', () => {
	const savedTimeout = requestPolicy.timeoutMs;
	const savedDelays = retryPolicy.delaysMs;
	let weavy: WeavySimulator;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
	});

	afterEach(async () => {
		requestPolicy.timeoutMs = savedTimeout;
		retryPolicy.delaysMs = savedDelays;
		await weavy.stop();
	});

	test('a provider that does not answer within requestPolicy.timeoutMs fails the publish with "no HTTP answer"', async () => {
		requestPolicy.timeoutMs = 200;
		retryPolicy.delaysMs = [];
		weavy.inject({ match: (r) => r.query.c === 'EPT_WebhookSubscribe', delayMs: 3000 });
		const started = Date.now();
		await expect(weavyTrigger(weavy).publish()).rejects.toThrow(
			'Divalto weavy could not subscribe to event "NewCustomer" (no HTTP answer)',
		);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});
