import { SarbacaneTrigger } from '../../nodes/Sarbacane/SarbacaneTrigger.node';
import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { SAMPLE_HEADER } from '../../nodes/shared/samples';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { listenForTestEvent } from '../harness/test-event';
import { SarbacaneSimulator } from '../simulators/sarbacane';

const URL_SECRET = 'pasted-secret-7f3k9Qp2vX8mL4sT1wZ6';
const MANUAL = { source: 'manual', urlSecret: URL_SECRET, events: ['OPEN', 'HIT'] };

describe('Sarbacane trigger with a URL pasted in the Webhook extension', () => {
	let sarbacane: SarbacaneSimulator;

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
	});

	afterEach(async () => {
		await sarbacane.stop();
	});

	test('publishing, checking and unpublishing make no call to the Sarbacane API', async () => {
		const trigger = sarbacaneTrigger(sarbacane, MANUAL);

		await trigger.publish();
		await trigger.checkExists();
		await trigger.delete();

		expect(sarbacane.log).toEqual([]);
	});

	/** The trigger as a user without API access sets it up: no Sarbacane credential on the node. */
	function withoutCredential(): ReturnType<typeof sarbacaneTrigger> {
		const trigger = sarbacaneTrigger(sarbacane, MANUAL);
		delete trigger.node.credentials;
		return trigger;
	}

	test('without a Sarbacane credential, "Listen for test event" shows the samples of the chosen events', async () => {
		const { outcome } = await listenForTestEvent(withoutCredential());

		expect(outcome.items?.map((item) => item.event)).toEqual(['OPEN', 'HIT']);
	});

	test('without a Sarbacane credential, publishing works and a delivery with the URL secret runs', async () => {
		const trigger = withoutCredential();
		await trigger.publish();

		const { status, items } = await trigger.deliver({
			query: { secret: URL_SECRET },
			body: SARBACANE_SAMPLES.OPEN,
		});

		expect(status).toBe(200);
		expect(items).toHaveLength(1);
		expect(sarbacane.log).toEqual([]);
	});

	test('the credential is asked for only in API mode', () => {
		const [credential] = new SarbacaneTrigger().description.credentials!;

		expect(credential.displayOptions).toEqual({ show: { source: ['api'] } });
	});

	test('a sample post signed without knowing the URL secret is refused', async () => {
		const trigger = withoutCredential();
		const { posted } = await listenForTestEvent(trigger);
		trigger.setParameters({ ...MANUAL, urlSecret: 'another-secret-of-the-same-length-1' });

		const replayed = await trigger.deliver(
			{ headers: posted.headers as Record<string, string>, body: posted.body },
			'manual',
			{},
		);

		expect(replayed.status).toBe(401);
		expect(replayed.items).toBeUndefined();
	});

	test('a delivery carrying the pasted URL secret starts a run, its legacy type mapped to the event', async () => {
		const trigger = sarbacaneTrigger(sarbacane, MANUAL);
		await trigger.publish();

		const { status, items } = await trigger.deliver({
			query: { secret: URL_SECRET },
			body: SARBACANE_SAMPLES.HIT,
		});

		expect(status).toBe(200);
		expect(items).toEqual([
			{
				...SARBACANE_SAMPLES.HIT,
				event: 'HIT',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				dateIso: '2016-08-11T12:25:18.889Z',
			},
		]);
	});

	test('a delivery carrying the previous URL secret is still accepted while it is rotated', async () => {
		const trigger = sarbacaneTrigger(sarbacane, {
			...MANUAL,
			urlSecret: 'the-new-secret-after-rotation-01',
			previousUrlSecret: URL_SECRET,
		});

		const { status, items } = await trigger.deliver({
			query: { secret: URL_SECRET },
			body: SARBACANE_SAMPLES.OPEN,
		});

		expect(status).toBe(200);
		expect(items).toHaveLength(1);
	});

	test('a delivery without the pasted URL secret is refused with 401 and starts no run', async () => {
		const trigger = sarbacaneTrigger(sarbacane, MANUAL);

		const outcome = await trigger.deliver({ body: SARBACANE_SAMPLES.OPEN });

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('a delivery with a wrong pasted URL secret is refused with 401 and starts no run', async () => {
		const trigger = sarbacaneTrigger(sarbacane, MANUAL);

		const outcome = await trigger.deliver({
			query: { secret: URL_SECRET.replace(/.$/, '0') },
			body: SARBACANE_SAMPLES.OPEN,
		});

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});

	test('with no URL secret set, every delivery is refused', async () => {
		const trigger = sarbacaneTrigger(sarbacane, { ...MANUAL, urlSecret: '' });

		const outcome = await trigger.deliver({ query: { secret: '' }, body: SARBACANE_SAMPLES.OPEN });

		expect(outcome.status).toBe(401);
	});

	test('an event the extension sends but the user did not choose is answered 200 without a run', async () => {
		const trigger = sarbacaneTrigger(sarbacane, MANUAL);

		const outcome = await trigger.deliver({
			query: { secret: URL_SECRET },
			body: SARBACANE_SAMPLES.SOFT_BOUNCE,
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items).toBeUndefined();
	});

	test('listening for a test event shows the documented envelopes of the chosen events, without an API call', async () => {
		const trigger = sarbacaneTrigger(sarbacane, MANUAL);

		const { posted, outcome } = await listenForTestEvent(trigger);

		expect(posted.headers[SAMPLE_HEADER]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([
			{
				...SARBACANE_SAMPLES.OPEN,
				event: 'OPEN',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				dateIso: '2016-08-11T12:25:18.889Z',
			},
			{
				...SARBACANE_SAMPLES.HIT,
				event: 'HIT',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
				dateIso: '2016-08-11T12:25:18.889Z',
			},
		]);
		expect(sarbacane.log).toEqual([]);
	});

	test('the node shows where to paste the URL and asks for the URL secret only in this mode', () => {
		const { properties } = new SarbacaneTrigger().description;
		const manualOnly = properties.filter((property) =>
			property.displayOptions?.show?.source?.includes('manual'),
		);

		expect(manualOnly.map((property) => property.name)).toEqual(
			expect.arrayContaining(['pastedUrlNotice', 'urlSecret', 'previousUrlSecret', 'events']),
		);
		const notice = manualOnly.find((property) => property.name === 'pastedUrlNotice');
		expect(notice?.displayName).toContain('Sarbacane Webhook extension');
		expect(notice?.displayName).toContain('?secret=');
	});

	test('this mode offers the five events the extension documents', () => {
		const { properties } = new SarbacaneTrigger().description;
		const events = properties.find(
			(property) =>
				property.name === 'events' && property.displayOptions?.show?.source?.includes('manual'),
		);

		expect(
			events?.options?.map((option) => ('value' in option ? option.value : '')).sort(),
		).toEqual(['*', 'HARD_BOUNCE', 'HIT', 'OPEN', 'SOFT_BOUNCE', 'SUCCESSFUL']);
	});
});
