import { EfidemSnapShootTrigger } from '../nodes/EfidemSnapShoot/EfidemSnapShootTrigger.node';
import { EFIDEM_SECRET, efidemTrigger } from '../test/harness/efidem';
import { signBody } from '../test/harness/signing';
import { recentDeliveries } from '../nodes/shared/dedupe';
import { efidemBody } from './handler';

/** `node --cpu-prof` target: our webhook() on one signed delivery, many times. */
void (async () => {
	const bytes = Number(process.argv[2] ?? 2048);
	const iterations = Number(process.argv[3] ?? 20_000);
	const trigger = efidemTrigger({ authentication: 'signature', events: ['*'], options: {} });
	const body = efidemBody(bytes);
	const headers = {
		'content-type': 'application/json',
		'x-signature': signBody(body, EFIDEM_SECRET),
	};
	const webhook = new EfidemSnapShootTrigger().webhook;
	const contexts = Array.from({ length: iterations }, () =>
		trigger.webhookContext({ headers, body }),
	);
	const start = process.hrtime.bigint();
	// Each call a new delivery, not a retry the delivery memory answers at once.
	for (const { context, response } of contexts) {
		await webhook.call(context);
		recentDeliveries.clear();
		response.removeAllListeners();
	}
	console.log(`${Number(process.hrtime.bigint() - start) / iterations / 1e3} µs per call`);
})();
