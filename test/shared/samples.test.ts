import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestOptions,
	IWebhookFunctions,
} from 'n8n-workflow';

import {
	SAMPLE_HEADER,
	sampleTiming,
	scheduleSamples,
	verifySampleToken,
} from '../../nodes/shared/samples';
import type { Provider } from '../../nodes/shared/types';

const TEST_URL = 'http://127.0.0.1:5678/webhook-test/hook-1/webhook';

function provider(credentialsInUse?: boolean): Provider {
	return {
		displayName: 'Example',
		credentialType: 'exampleApi',
		credentialSecretFields: ['secret'],
		...(credentialsInUse === undefined ? {} : { credentialsInUse: () => credentialsInUse }),
		events: () => [],
		subscriptionApi: () => undefined,
		deliveryAuth: () => ({ scheme: 'none' }),
		deliveryShape: () => ({ source: 'body' }),
		samples: async () => [{ event: 'created', body: { type: 'created' } }],
	};
}

/** The slice of n8n's hook and webhook contexts the sample token uses. */
function context(credentials: IDataObject | undefined) {
	let posted: (options: IHttpRequestOptions) => void = () => {};
	const post = new Promise<IHttpRequestOptions>((resolve) => (posted = resolve));
	const getCredentials = jest.fn(async () => {
		if (!credentials) throw new Error('Node does not have any credentials set');
		return credentials;
	});
	const shared = {
		getNodeParameter: (_name: string, fallback: unknown) => fallback,
		getNodeWebhookUrl: () => TEST_URL,
		getWorkflow: () => ({ id: 'wf-1' }),
		getNode: () => ({ webhookId: 'hook-1' }),
		getCredentials,
		logger: { warn: jest.fn() },
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				posted(options);
				return {};
			},
		},
	};
	return {
		hook: shared as unknown as IHookFunctions,
		webhook: shared as unknown as IWebhookFunctions,
		getCredentials,
		post,
	};
}

async function sampleToken(example: Provider, credentials: IDataObject | undefined) {
	const { hook, post, getCredentials } = context(credentials);
	await scheduleSamples(hook, example, ['created']);
	const request = await post;
	return {
		token: (request.headers as IDataObject)[SAMPLE_HEADER] as string,
		getCredentials,
	};
}

describe('sample token of a trigger used without its credential', () => {
	beforeEach(() => {
		sampleTiming.delayMs = 0;
	});

	afterEach(() => {
		sampleTiming.delayMs = 1000;
	});

	test('samples are posted without reading credentials when the provider says none are in use', async () => {
		const { token, getCredentials } = await sampleToken(provider(false), undefined);

		expect(token).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
		expect(getCredentials).not.toHaveBeenCalled();
	});

	test('that token is accepted by webhook() of the same node, still without credentials', async () => {
		const { token } = await sampleToken(provider(false), undefined);

		await expect(
			verifySampleToken(context(undefined).webhook, provider(false), token),
		).resolves.toBe(true);
	});

	test('a provider that does not say otherwise keys the token with its credential secret', async () => {
		const { token, getCredentials } = await sampleToken(provider(), { secret: 'one' });

		expect(getCredentials).toHaveBeenCalledWith('exampleApi');
		await expect(
			verifySampleToken(context({ secret: 'two' }).webhook, provider(), token),
		).resolves.toBe(false);
	});

	test('a provider with its credential in use still keys the token with the secret', async () => {
		const { token } = await sampleToken(provider(true), { secret: 'one' });

		await expect(
			verifySampleToken(context(undefined).webhook, provider(false), token),
		).resolves.toBe(false);
		await expect(
			verifySampleToken(context({ secret: 'one' }).webhook, provider(true), token),
		).resolves.toBe(true);
	});
});
