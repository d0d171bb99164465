import { EFIDEM_EVENTS } from '../../nodes/EfidemSnapShoot/provider';
import { EFIDEM_SECRET, efidemPayload, efidemTrigger } from '../harness/efidem';
import { signedRequest } from '../harness/signing';

/** Every documented wire form of every event, then case, accent and punctuation variants. */
const WIRE_FORMS: Array<[string, string]> = [
	...EFIDEM_EVENTS.flatMap((event) =>
		[event.value, event.name, ...(event.wireForms ?? [])].map((form): [string, string] => [
			form,
			event.value,
		]),
	),
	['DÉLIVRÉ', 'delivered'],
	['delivre', 'delivered'],
	['DELIVERED', 'delivered'],
	['delivered', 'delivered'],
	['OUVERTURE', 'opened'],
	['open', 'opened'],
	['annule', 'cancelled'],
	['ANNULÉ', 'cancelled'],
	['canceled', 'cancelled'],
	['CLIC', 'clicked'],
	['click', 'clicked'],
	['déclaré comme spam', 'markedAsSpam'],
	['DECLARE_COMME_SPAM', 'markedAsSpam'],
	['Declare-Comme-Spam', 'markedAsSpam'],
	['SPAM', 'markedAsSpam'],
	['complaint', 'markedAsSpam'],
	['test', 'test'],
];

async function deliver(events: string[] | undefined, body: unknown) {
	const trigger = efidemTrigger(events ? { events } : {});
	return await trigger.deliver(signedRequest(body, EFIDEM_SECRET));
}

describe('Efidem SnapShoot event filter', () => {
	test.each(WIRE_FORMS)('"%s" passes a filter on %s', async (wire, value) => {
		const outcome = await deliver([value], efidemPayload(wire));

		expect(outcome.items).toEqual([expect.objectContaining({ event: value, Event: wire })]);
	});

	test.each(WIRE_FORMS)(
		'"%s" does not pass a filter on another event than %s',
		async (wire, value) => {
			const other = value === 'test' ? 'delivered' : 'test';

			const outcome = await deliver([other], efidemPayload(wire));

			expect(outcome.status).toBe(200);
			expect(outcome.items).toBeUndefined();
		},
	);

	test('by default every event starts a run, including ones not listed', async () => {
		const outcome = await deliver(undefined, efidemPayload('Rebond'));

		expect(outcome.items).toEqual([expect.objectContaining({ event: 'Rebond', Event: 'Rebond' })]);
	});

	test('an unlisted event is acknowledged without a run when events are chosen', async () => {
		const outcome = await deliver(['delivered', 'opened'], efidemPayload('Rebond'));

		expect(outcome.status).toBe(200);
		expect(outcome.body).toEqual({ message: 'No selected event in this delivery; no run.' });
		expect(outcome.items).toBeUndefined();
	});

	test('a delivery without an Event field passes only "All Events", with event null', async () => {
		const { Event: _omitted, ...payload } = efidemPayload('TEST');

		const all = await deliver(undefined, payload);
		const chosen = await deliver(['test'], payload);

		expect(all.items).toEqual([expect.objectContaining({ event: null })]);
		expect(chosen.items).toBeUndefined();
	});

	test('an item holds the SnapShoot payload as sent, with event and receivedAt added', async () => {
		const payload = efidemPayload('Ouverture', { Destination: 'marc@example.fr' });

		const outcome = await deliver(undefined, payload);

		const [item] = outcome.items ?? [];
		expect(item).toEqual({
			...payload,
			event: 'opened',
			receivedAt: expect.any(String),
			deliveryId: expect.any(String),
		});
		expect(Number.isNaN(Date.parse(item.receivedAt as string))).toBe(false);
	});

	test('an array of events gives one item per chosen event', async () => {
		const outcome = await deliver(
			['clicked', 'markedAsSpam'],
			[efidemPayload('Clic'), efidemPayload('Délivré'), efidemPayload('Déclaré comme SPAM')],
		);

		expect(outcome.items?.map((item) => item.event)).toEqual(['clicked', 'markedAsSpam']);
	});
});
