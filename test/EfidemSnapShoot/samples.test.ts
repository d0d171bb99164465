import { TEST_PAYLOAD } from '../../nodes/EfidemSnapShoot/provider';
import { SAMPLE_HEADER } from '../../nodes/shared/samples';
import { efidemTrigger } from '../harness/efidem';
import { listenForTestEvent } from '../harness/test-event';

describe('Efidem SnapShoot samples in the editor', () => {
	test('listening for a test event with all events shows one sample per event', async () => {
		const { outcome } = await listenForTestEvent(efidemTrigger());

		expect(outcome.status).toBe(200);
		expect(outcome.items?.map((item) => [item.event, item.Event])).toEqual([
			['delivered', 'Délivré'],
			['opened', 'Ouverture'],
			['cancelled', 'Annulé'],
			['clicked', 'Clic'],
			['markedAsSpam', 'Déclaré comme SPAM'],
			['test', 'TEST'],
		]);
	});

	test('the TEST sample is the payload SnapShoot documents', async () => {
		const { outcome } = await listenForTestEvent(efidemTrigger({ events: ['test'] }));

		expect(outcome.items).toEqual([
			{
				...TEST_PAYLOAD,
				event: 'test',
				receivedAt: expect.any(String),
				deliveryId: expect.any(String),
			},
		]);
	});

	test('only the chosen events get a sample', async () => {
		const { posted, outcome } = await listenForTestEvent(
			efidemTrigger({ events: ['opened', 'markedAsSpam'] }),
		);

		expect((posted.body as { samples: unknown[] }).samples).toHaveLength(2);
		expect(outcome.items?.map((item) => item.event)).toEqual(['opened', 'markedAsSpam']);
	});

	test('samples are posted with a sample token, not an X-Signature', async () => {
		const { posted } = await listenForTestEvent(efidemTrigger({ events: ['clicked'] }));

		expect(posted.headers[SAMPLE_HEADER]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
		expect(posted.headers['x-signature']).toBeUndefined();
	});

	test('samples are shown without a credential when authentication is "None"', async () => {
		const { outcome } = await listenForTestEvent(
			efidemTrigger({ authentication: 'none', events: ['delivered'] }),
		);

		expect(outcome.items).toEqual([expect.objectContaining({ event: 'delivered' })]);
	});

	test('no sample is posted when "Show Samples When Testing" is off', async () => {
		const trigger = efidemTrigger({ options: { samples: false } });

		await expect(listenForTestEvent(trigger, { timeoutMs: 300 })).rejects.toThrow(
			'the trigger posted no sample',
		);
	});

	test('a sample post replayed to the production URL is refused', async () => {
		const trigger = efidemTrigger({ events: ['test'] });
		const { posted } = await listenForTestEvent(trigger);

		const outcome = await trigger.deliver({
			headers: posted.headers as Record<string, string>,
			body: posted.body,
		});

		expect(outcome.status).toBe(401);
		expect(outcome.items).toBeUndefined();
	});
});

describe('Efidem SnapShoot publish and unpublish', () => {
	/** A hook context whose HTTP helpers record any call the trigger would make. */
	function watched(context: ReturnType<ReturnType<typeof efidemTrigger>['hookContext']>) {
		return [
			jest.spyOn(context.helpers, 'httpRequest'),
			jest.spyOn(context.helpers, 'httpRequestWithAuthentication'),
		];
	}

	test('publishing calls no API and stores nothing', async () => {
		const trigger = efidemTrigger();
		const context = trigger.hookContext('trigger', 'activate');
		const calls = watched(context);

		expect(await trigger.checkExists(context)).toBe(false);
		expect(await trigger.create(context)).toBe(true);

		for (const call of calls) expect(call).not.toHaveBeenCalled();
		expect(trigger.nodeStaticData()).toEqual({});
	});

	test('unpublishing calls no API', async () => {
		const trigger = efidemTrigger();
		await trigger.publish();
		const context = trigger.hookContext('internal');
		const calls = watched(context);

		expect(await trigger.delete(context)).toBe(true);
		for (const call of calls) expect(call).not.toHaveBeenCalled();
	});
});
