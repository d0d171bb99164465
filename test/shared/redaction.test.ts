import { redactSecret, providerError } from '../../nodes/shared/transport';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { weavyTrigger } from '../harness/weavy';
import { SarbacaneSimulator } from '../simulators/sarbacane';
import { WeavySimulator } from '../simulators/weavy';
import type { INode } from 'n8n-workflow';

const NODE = {
	name: 'Trigger',
	type: 'x',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as INode;

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
