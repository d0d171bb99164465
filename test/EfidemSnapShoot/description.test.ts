import { existsSync } from 'fs';
import { join } from 'path';

import { EfidemSnapShootTrigger } from '../../nodes/EfidemSnapShoot/EfidemSnapShootTrigger.node';

const { description } = new EfidemSnapShootTrigger();

describe('Efidem SnapShoot trigger description', () => {
	test('it is a trigger named efidemSnapShootTrigger, with no input', () => {
		expect(description).toMatchObject({
			name: 'efidemSnapShootTrigger',
			displayName: 'Efidem SnapShoot Trigger',
			group: ['trigger'],
			inputs: [],
		});
	});

	test('its light and dark icons exist beside it', () => {
		const icon = description.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) {
			const path = join(__dirname, '../../nodes/EfidemSnapShoot', file.replace('file:', ''));
			expect(existsSync(path)).toBe(true);
		}
	});

	test("its webhook asks n8n for no response data, so senders get n8n's JSON answer", () => {
		// Seen in n8n 2.41.1: without responseData, an accepted delivery is answered with the
		// text "firstEntryJson" (test/e2e/efidem.e2e.test.ts checks the real answer).
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		]);
	});

	test('all events are chosen by default', () => {
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.default).toEqual(['*']);
	});
});
