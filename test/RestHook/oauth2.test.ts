import { NodeOperationError } from 'n8n-workflow';

import { retryPolicy } from '../../nodes/shared/transport';
import { connectAccount, oauth2Credential, oauth2RestHookTrigger } from '../harness/oauth2';
import { standardWebhooksHeaders } from '../harness/signing';
import { hooksApiParameters } from '../harness/resthook';
import { listenForTestEvent } from '../harness/test-event';
import { queryOf, type TriggerHarness } from '../harness/trigger';
import { OAuth2Simulator } from '../simulators/oauth2';
import { RestHookApiSimulator } from '../simulators/resthook';

/*
 * The REST Hook Trigger with its OAuth2 credential, through n8n-core's own OAuth2 request helper
 * (requestOAuth2): the grants, the token sent with every call, its refresh when the API answers
 * 401, and what a user reads when the refresh token was revoked.
 */
describe('REST Hook Trigger with OAuth2', () => {
	let oauth: OAuth2Simulator;
	let api: RestHookApiSimulator;
	const savedDelays = retryPolicy.delaysMs;

	beforeEach(async () => {
		oauth = await new OAuth2Simulator().start();
		api = await new RestHookApiSimulator().start();
		api.auth = 'oauth2';
		api.oauth = oauth;
		retryPolicy.delaysMs = [5, 10];
	});

	afterEach(async () => {
		retryPolicy.delaysMs = savedDelays;
		await api.stop();
		await oauth.stop();
	});

	const subscribed = () => [...api.subscriptions.values()].flatMap((hook) => hook.events).sort();
	const bearerCalls = () =>
		api.log.filter((entry) => String(entry.headers.authorization).startsWith('Bearer at-'));

	describe('client credentials grant', () => {
		test('publishing gets a token with the client ID and secret, then subscribes with it', async () => {
			const trigger = oauth2RestHookTrigger(hooksApiParameters(api), oauth2Credential(oauth));

			await trigger.publish();

			expect(oauth.tokenCalls).toEqual([
				{ grantType: 'client_credentials', scope: 'hooks:write', clientAuth: 'header' },
			]);
			expect(subscribed()).toEqual(['contact.created', 'deal.won']);
			expect(bearerCalls()).toHaveLength(2);
		});

		test('the scopes and the client authentication are sent as configured', async () => {
			const trigger = oauth2RestHookTrigger(
				hooksApiParameters(api),
				oauth2Credential(oauth, { scope: 'hooks:write contacts:read', authentication: 'body' }),
			);

			await trigger.publish();

			expect(oauth.tokenCalls).toEqual([
				{ grantType: 'client_credentials', scope: 'hooks:write contacts:read', clientAuth: 'body' },
			]);
		});

		test('an expired token is replaced during unpublish, and every subscription is removed', async () => {
			const trigger = oauth2RestHookTrigger(hooksApiParameters(api), oauth2Credential(oauth));
			await trigger.publish();
			oauth.expireAccessTokens();

			await trigger.delete();

			expect(api.subscriptions.size).toBe(0);
			expect(oauth.tokenCalls.map((call) => call.grantType)).toEqual([
				'client_credentials',
				'client_credentials',
			]);
			expect(api.log.filter((entry) => entry.status === 401).length).toBeGreaterThan(0);
		});

		test('a wrong client secret fails publishing saying which credential fields to check', async () => {
			const trigger = oauth2RestHookTrigger(
				hooksApiParameters(api),
				oauth2Credential(oauth, { clientSecret: 'wrong' }),
			);

			const error = await trigger.publish().catch((e: unknown) => e);

			expect((error as Error).message).toBe(
				'REST hook API could not subscribe to event "contact.created": the OAuth2 credential "test credentials" got no access token: Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
			);
			expect((error as NodeOperationError).description).toBe(
				'Check the Access Token URL, Client ID, Client Secret and Client Authentication of the credential.',
			);
			expect(api.subscriptions.size).toBe(0);
		});
	});

	describe('authorization code grant', () => {
		async function connected(scope = 'hooks:write'): Promise<TriggerHarness> {
			const oauthTokenData = await connectAccount(oauth, scope);
			return oauth2RestHookTrigger(
				hooksApiParameters(api),
				oauth2Credential(oauth, { grantType: 'authorizationCode', oauthTokenData }),
			);
		}

		test('a connected credential subscribes with the token the consent gave', async () => {
			const trigger = await connected();

			await trigger.publish();

			expect(subscribed()).toEqual(['contact.created', 'deal.won']);
			expect(oauth.tokenCalls.map((call) => call.grantType)).toEqual(['authorization_code']);
		});

		test('a 401 on subscribe refreshes the token with the refresh token, and the call is retried', async () => {
			const trigger = await connected();
			oauth.expireAccessTokens();

			await trigger.publish();

			expect(subscribed()).toEqual(['contact.created', 'deal.won']);
			expect(oauth.tokenCalls.map((call) => call.grantType)).toContain('refresh_token');
			const stored = trigger.credentialsHelper.stored.get('restHookOAuth2Api');
			expect(
				oauth.validAccessToken(
					`Bearer ${String((stored?.oauthTokenData as { access_token: string }).access_token)}`,
				),
			).toBe(true);
		});

		test('the sample endpoint is called with a refreshed token too', async () => {
			const trigger = await connected();
			trigger.setParameters({
				...trigger.node.parameters,
				sampleEndpoint: { url: `${api.url}/hooks/sample?event={{event}}` },
			});
			oauth.expireAccessTokens();

			const { outcome } = await listenForTestEvent(trigger);

			expect(outcome.items?.map((item) => item.event)).toEqual([
				'contact.created',
				'contact.created',
				'deal.won',
			]);
		});

		test('a revoked refresh token fails publishing with a message saying to reconnect the credential', async () => {
			const trigger = await connected();
			oauth.expireAccessTokens();
			oauth.revokeRefreshTokens();

			const error = await trigger.publish().catch((e: unknown) => e);

			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(
				/^REST hook API could not subscribe to event "(contact\.created|deal\.won)": the OAuth2 credential "test credentials" must be connected again: its access could not be refreshed \(revoked, or the refresh token expired\)$/,
			);
			expect((error as NodeOperationError).description).toBe(
				'Open the credential and connect the account again (its Connect button), then publish the workflow again.',
			);
			expect(api.subscriptions.size).toBe(0);
		});

		test('a credential never connected says so', async () => {
			const trigger = oauth2RestHookTrigger(
				hooksApiParameters(api),
				oauth2Credential(oauth, { grantType: 'authorizationCode' }),
			);

			await expect(trigger.publish()).rejects.toThrow(
				/the OAuth2 credential "test credentials" is not connected yet$/,
			);
		});
	});

	describe('signed deliveries', () => {
		const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

		test("a delivery signed with the OAuth2 credential's signing secret runs once; a forged one gets 401", async () => {
			const trigger = oauth2RestHookTrigger(
				hooksApiParameters(api, { incomingAuthentication: 'standardWebhooks' }),
				oauth2Credential(oauth, { signingSecret: WHSEC }),
			);
			await trigger.publish();
			const [hook] = api.subscriptions.values();
			const body = JSON.stringify({ type: 'contact.created', data: { id: 'c_1' } });
			const headers = standardWebhooksHeaders(body, WHSEC);

			const first = await trigger.deliver({ query: queryOf(hook.target_url), headers, body });
			const again = await trigger.deliver({ query: queryOf(hook.target_url), headers, body });
			const forged = await trigger.deliver({
				query: queryOf(hook.target_url),
				headers: standardWebhooksHeaders(body, 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ='),
				body,
			});

			expect(first.items).toHaveLength(1);
			expect(again).toMatchObject({ status: 200, items: undefined });
			expect(forged.status).toBe(401);
		});
	});
});
