import { URL_SECRET_MIN_LENGTH } from '../../nodes/shared/hookUrl';
import { sarbacaneTrigger } from '../harness/sarbacane';
import { SarbacaneSimulator } from '../simulators/sarbacane';

/*
 * The URL Secret a user appends to a URL they paste in a provider: a publish checks it, since a
 * short one is no secret and one a query string changes (`+`, `&`, `#`…) never matches.
 */
describe('the URL Secret of a pasted URL, checked on publish', () => {
	let sarbacane: SarbacaneSimulator;

	beforeEach(async () => {
		sarbacane = await new SarbacaneSimulator().start();
	});

	afterEach(async () => {
		await sarbacane.stop();
	});

	const withSecret = (urlSecret: string) =>
		sarbacaneTrigger(sarbacane, { source: 'manual', urlSecret, events: ['OPEN'] });

	test(`a secret of ${URL_SECRET_MIN_LENGTH} letters, digits, "-" and "_" publishes`, async () => {
		await expect(withSecret('Ab3-_'.repeat(4)).publish()).resolves.toBeUndefined();
	});

	test('a shorter secret is refused with its length and what to do', async () => {
		await expect(withSecret('short-secret').publish()).rejects.toMatchObject({
			message: 'The URL Secret is 12 characters long; it must have 20 or more',
			description: expect.stringContaining(
				'Set the URL Secret to a random string of letters, digits, "-" and "_"',
			),
		});
	});

	test.each([
		['a "+", which a query string reads as a space', 'abcdefghij+klmnopqrst', '"+"'],
		['an "&", which ends the secret', 'abcdefghij&klmnopqrst', '"&"'],
		['a "#", after which nothing is sent', 'abcdefghij#klmnopqrst', '"#"'],
		['a space', 'abcdefghij klmnopqrst', 'a space'],
	])('a secret with %s is refused', async (_case, secret, named) => {
		await expect(withSecret(secret).publish()).rejects.toThrow(
			`The URL Secret contains ${named}, which a URL does not carry as typed`,
		);
	});

	test('"Execute step" checks it too', async () => {
		const trigger = withSecret('short-secret');

		await expect(trigger.create(trigger.hookContext('manual'))).rejects.toThrow(
			/^The URL Secret is 12 characters long/,
		);
	});
});
