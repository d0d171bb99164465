import { readHookUrl } from '../../nodes/shared/hookUrl';
import { standardWebhooksHeaders } from '../harness/signing';
import { HOOKS_HEADER_CREDENTIAL, hooksApiParameters, restHookTrigger } from '../harness/resthook';
import { queryOf } from '../harness/trigger';
import { weavyTrigger } from '../harness/weavy';
import { RestHookApiSimulator } from '../simulators/resthook';
import { WeavySimulator } from '../simulators/weavy';

/*
 * Which deliveries come through a subscription the trigger holds: only those start a run. One
 * through a subscription it does not hold (an earlier publication's, a lost answer's) gets 410
 * Gone; one without any valid credential stays 401.
 */
const GONE = {
	message:
		'This subscription is no longer active: the trigger holds another one for these events. Remove this one.',
};
const RECORD = { codecustomer: 'CUS1', name: 'Martin' };
/** The default grace period for replaced subscriptions: 10 minutes. */
const GRACE_MS = 10 * 60_000;

/** The clock moves past the default grace period of every subscription removed so far. */
function afterGracePeriod(): void {
	const now = Date.now() + GRACE_MS + 1;
	jest.spyOn(Date, 'now').mockReturnValue(now);
}

afterEach(() => {
	jest.restoreAllMocks();
});

describe('deliveries through the subscriptions of a URL-secret trigger', () => {
	let weavy: WeavySimulator;

	beforeEach(async () => {
		weavy = await new WeavySimulator().start();
	});

	afterEach(async () => {
		await weavy.stop();
	});

	const heldUrl = (event = 'NewCustomer') => weavy.hookUrlOf(event);

	test("after republishing with other events and the grace period, the earlier publication's URL gets 410 and starts no run", async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const earlier = heldUrl();
		await trigger.republish({ events: ['NewCustomer', 'NewDeal'] });
		afterGracePeriod();

		const outcome = await trigger.deliver({ query: queryOf(earlier), body: { result: RECORD } });

		expect(outcome).toMatchObject({ status: 410, body: GONE, items: undefined });
		expect(
			(await trigger.deliver({ query: queryOf(heldUrl()), body: { result: RECORD } })).items,
		).toHaveLength(1);
	});

	test('a URL with the current secret but a token the trigger does not hold gets 410', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();

		const outcome = await trigger.deliver({
			query: { ...queryOf(heldUrl()), subscription: 'not-a-held-token' },
			body: { result: RECORD },
		});

		expect(outcome).toMatchObject({ status: 410, items: undefined });
	});

	test('a URL with the current secret and no token gets 410 once every subscription has one', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const { subscription: _token, ...withoutToken } = queryOf(heldUrl());

		const outcome = await trigger.deliver({ query: withoutToken, body: { result: RECORD } });

		expect(outcome.status).toBe(410);
	});

	test('a subscription made before hook URLs carried tokens still starts runs', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		// Static data as an earlier version of the package left it.
		trigger.staticData['node:Divalto Weavy Trigger'] = {
			webhookUrl: 'http://127.0.0.1:5678/webhook/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/webhook',
			events: ['NewCustomer'],
			secret: 'legacy-secret-legacy-secret-legacy',
			subscriptions: [{ id: 'SUB00001', events: ['NewCustomer'] }],
		};

		const outcome = await trigger.deliver({
			query: { secret: 'legacy-secret-legacy-secret-legacy', event: 'NewCustomer' },
			body: { result: RECORD },
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([
			{
				event: 'NewCustomer',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				...RECORD,
			},
		]);
	});

	test('after unpublishing and the grace period, the secret is remembered as retired: its deliveries get 410, not 401', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		const url = heldUrl();
		await trigger.delete();
		afterGracePeriod();

		const outcome = await trigger.deliver({ query: queryOf(url), body: { result: RECORD } });

		expect(outcome.status).toBe(410);
	});

	test('a secret nobody was ever given still gets 401', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		await trigger.publish();
		await trigger.delete();
		await trigger.publish();

		const outcome = await trigger.deliver({
			query: { ...queryOf(heldUrl()), secret: 'x'.repeat(32) },
			body: { result: RECORD },
		});

		expect(outcome).toMatchObject({
			status: 401,
			body: { message: 'This delivery could not be authenticated.' },
		});
	});

	test('no more than 20 retired secrets are kept', async () => {
		const trigger = weavyTrigger(weavy, { events: ['NewCustomer'] });
		for (let publication = 0; publication < 25; publication++) {
			await trigger.publish();
			await trigger.delete();
		}

		expect(trigger.nodeStaticData().retiredSecrets).toHaveLength(20);
	});
});

describe('deliveries through the subscriptions of a signature-checking trigger', () => {
	const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
	let api: RestHookApiSimulator;

	beforeEach(async () => {
		api = await new RestHookApiSimulator().start();
	});

	afterEach(async () => {
		await api.stop();
	});

	function signedTrigger() {
		return restHookTrigger(
			hooksApiParameters(api, { incomingAuthentication: 'standardWebhooks' }),
			{ ...HOOKS_HEADER_CREDENTIAL, signingSecret: SECRET },
		);
	}

	const body = JSON.stringify({ type: 'contact.created', data: { id: 'c_1' } });

	test("after the grace period, a signed delivery through an earlier publication's URL gets 410", async () => {
		const trigger = signedTrigger();
		await trigger.publish();
		const [earlier] = [...api.subscriptions.values()];
		await trigger.delete();
		await trigger.publish();
		afterGracePeriod();

		const outcome = await trigger.deliver({
			query: queryOf(earlier.target_url),
			headers: standardWebhooksHeaders(body, SECRET),
			body,
		});

		expect(outcome.status).toBe(410);
	});

	test("a badly signed delivery through an earlier publication's URL stays 401", async () => {
		const trigger = signedTrigger();
		await trigger.publish();
		const [earlier] = [...api.subscriptions.values()];
		await trigger.delete();

		const outcome = await trigger.deliver({
			query: queryOf(earlier.target_url),
			headers: standardWebhooksHeaders(body, 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ='),
			body,
		});

		expect(outcome.status).toBe(401);
	});

	test('a signed delivery to the bare URL, naming no subscription, runs', async () => {
		const trigger = signedTrigger();
		await trigger.publish();

		const outcome = await trigger.deliver({ headers: standardWebhooksHeaders(body, SECRET), body });

		expect(outcome.status).toBe(200);
		expect(outcome.items).toHaveLength(1);
	});
});

describe("reading a delivery's hook URL", () => {
	test("the payload query is what the provider sent, without the hook URL's secret and subscription token", () => {
		const url = readHookUrl({
			secret: 's3cret',
			subscription: 'tok3n',
			action: 'open',
			CONTACT_ID: 'C1',
		});

		expect(url.payloadQuery).toEqual({ action: 'open', CONTACT_ID: 'C1' });
	});

	test('the event the hook URL names is read from ?event=', () => {
		expect(readHookUrl({ secret: 's', event: 'NewDeal' }).event).toBe('NewDeal');
	});

	test('the query given is not modified', () => {
		const query = { secret: 's3cret', action: 'open' };

		readHookUrl(query);

		expect(query).toEqual({ secret: 's3cret', action: 'open' });
	});
});
