import { GetResponseWebhooksOAuth2Api } from '../../credentials/GetResponseWebhooksOAuth2Api.credentials';
import { GetResponseWebhooksTrigger } from '../../nodes/GetResponse/GetResponseWebhooksTrigger.node';
import { retryPolicy } from '../../nodes/shared/transport';
import { TriggerHarness } from '../harness/trigger';
import { GetResponseSimulator } from '../simulators/getresponse';
import { OAUTH_CLIENT, OAuth2Simulator } from '../simulators/oauth2';

/*
 * The GetResponse trigger's legacy callbacks with OAuth2 instead of the API key: GetResponse
 * documents the client-credentials grant for an app's own account and the authorization code
 * for others, with the client ID and secret as HTTP Basic auth on its token endpoint.
 */
describe('GetResponse callbacks with OAuth2', () => {
	let getResponse: GetResponseSimulator;
	let oauth: OAuth2Simulator;

	beforeEach(async () => {
		oauth = await new OAuth2Simulator().start();
		getResponse = await new GetResponseSimulator().start();
		getResponse.oauth = oauth;
		retryPolicy.delaysMs = [5, 10];
	});

	afterEach(async () => {
		await getResponse.stop();
		await oauth.stop();
	});

	function trigger(domain = '') {
		return new TriggerHarness({
			nodeType: new GetResponseWebhooksTrigger(),
			parameters: { source: 'callbacks', authentication: 'oAuth2', events: ['open', 'click'] },
			credentialType: new GetResponseWebhooksOAuth2Api(),
			credentials: {
				grantType: 'clientCredentials',
				accessTokenUrl: oauth.tokenUrl,
				clientId: OAUTH_CLIENT.id,
				clientSecret: OAUTH_CLIENT.secret,
				scope: '',
				authentication: 'header',
				baseUrl: 'custom',
				customBaseUrl: getResponse.apiUrl,
				domain,
			},
		});
	}

	test('publishing turns callbacks on with a bearer token got with the client ID and secret as Basic auth', async () => {
		await trigger().publish();

		expect(getResponse.callback?.actions).toMatchObject({ open: true, click: true });
		expect(oauth.tokenCalls).toEqual([
			{ grantType: 'client_credentials', scope: undefined, clientAuth: 'header' },
		]);
		const post = getResponse.log.find((entry) => entry.method === 'POST')!;
		expect(String(post.headers.authorization)).toMatch(/^Bearer at-/);
		expect(post.headers['x-auth-token']).toBeUndefined();
	});

	test('a GetResponse MAX domain is sent as X-Domain with the token', async () => {
		getResponse.requiredDomain = 'example.com';

		await trigger('example.com').publish();

		expect(getResponse.callback).toBeDefined();
		expect(getResponse.log.every((entry) => entry.headers['x-domain'] === 'example.com')).toBe(
			true,
		);
	});

	test('an expired token is replaced when unpublishing, and the callback is turned off', async () => {
		const oauthTrigger = trigger();
		await oauthTrigger.publish();
		oauth.expireAccessTokens();

		await oauthTrigger.delete();

		expect(getResponse.callback).toBeUndefined();
		expect(oauth.tokenCalls).toHaveLength(2);
	});
});
