import { SARBACANE_SAMPLES } from '../../nodes/Sarbacane/samples';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { listenForTestEvent } from '../harness/test-event';
import { SarbacaneSimulator } from '../simulators/sarbacane';

describe('Sarbacane samples in the editor', () => {
	let sarbacane: SarbacaneSimulator;

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
	});

	afterEach(async () => {
		await sarbacane.stop();
	});

	test('listening for a test event emits the documented envelope of each chosen event', async () => {
		const trigger = sarbacaneTrigger(sarbacane, {
			source: 'api',
			events: ['SUCCESSFUL', 'SOFT_BOUNCE', 'HARD_BOUNCE'],
		});

		const { outcome } = await listenForTestEvent(trigger);

		expect(outcome.status).toBe(200);
		expect(outcome.items?.map(({ event, type }) => [event, type])).toEqual([
			['SUCCESSFUL', 'delivered'],
			['SOFT_BOUNCE', 'soft_bounce'],
			['HARD_BOUNCE', 'hard_bounce'],
		]);
		expect(outcome.items?.[2]).toMatchObject({
			...SARBACANE_SAMPLES.HARD_BOUNCE,
			dateIso: '2016-08-11T12:25:18.889Z',
		});
	});

	test('samples are built in, not fetched: the only API calls are the test webhook create, the orphan sweep after it, and delete', async () => {
		const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: ['OPEN'] });

		await listenForTestEvent(trigger);

		expect(
			sarbacane.log.map((entry) => `${entry.method} ${entry.path.replace(/wh_\d+/, '{id}')}`),
		).toEqual(['POST /v1/webhooks', 'GET /v1/webhooks', 'DELETE /v1/webhooks/{id}']);
	});

	test('the test webhook points at the test URL and is gone after the test event', async () => {
		const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: ['OPEN'] });

		await listenForTestEvent(trigger);

		const created = sarbacane.log.find((entry) => entry.method === 'POST');
		expect((created?.body as { url: string }).url).toContain('/webhook-test/');
		expect(sarbacane.webhooks.size).toBe(0);
	});

	test('a chosen event without a documented envelope gets no sample', async () => {
		const trigger = sarbacaneTrigger(sarbacane, {
			source: 'api',
			events: ['FORM_SUBMIT', 'OPEN', 'UNSUBSCRIBE'],
		});

		const { outcome } = await listenForTestEvent(trigger);

		expect(outcome.items?.map((item) => item.event)).toEqual(['OPEN']);
	});

	test('All Events emits the five documented envelopes', async () => {
		const trigger = sarbacaneTrigger(sarbacane, { source: 'api', events: ['*'] });

		const { outcome } = await listenForTestEvent(trigger);

		expect(outcome.items?.map((item) => item.event).sort()).toEqual(
			['HARD_BOUNCE', 'HIT', 'OPEN', 'SOFT_BOUNCE', 'SUCCESSFUL'].sort(),
		);
	});

	test('with samples turned off nothing is posted to the test URL', async () => {
		const trigger = sarbacaneTrigger(sarbacane, {
			source: 'api',
			events: ['OPEN'],
			options: { samples: false },
		});

		await expect(listenForTestEvent(trigger, { timeoutMs: 300 })).rejects.toThrow(
			'the trigger posted no sample to its test URL',
		);
	});
});
