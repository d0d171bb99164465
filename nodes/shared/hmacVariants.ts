import {
	computeHmac,
	decodeSignature,
	DIGEST_BYTES,
	HMAC_ALGORITHMS,
	withoutPrefix,
	type HmacAlgorithm,
} from './signatures';
import type { DeliveryAuth, IncomingDelivery } from './types';
import { first } from './util';

/**
 * The search behind a refused HMAC delivery's explanation (diagnosis.ts): the ways of signing
 * under which the delivery IS signed with the credential's secret — another header, algorithm,
 * encoding or prefix than configured. Runs only when a refusal is shown.
 */
export interface HmacVariant {
	header: string;
	algorithm: HmacAlgorithm;
	encoding: 'hex' | 'base64';
	prefix: string;
}

/** Headers senders commonly sign in, beside the one configured. */
const COMMON_SIGNATURE_HEADERS = [
	'x-signature',
	'x-hub-signature-256',
	'x-hub-signature',
	'x-signature-256',
	'x-webhook-signature',
	'signature',
];

/** A prefix such as `sha256=` or `v1=` in front of a signature. */
const PREFIX = /^([A-Za-z0-9_-]{1,20}=)(?=[A-Za-z0-9+/_-])/;

/** Every way of signing, in the order worth trying, under which the delivery matches a secret. */
export function* signedVariants(
	auth: Extract<DeliveryAuth, { scheme: 'hmac' }>,
	{ headers, rawBody }: IncomingDelivery,
): Generator<HmacVariant> {
	const configured = auth.header.toLowerCase();
	const candidates = [
		configured,
		...COMMON_SIGNATURE_HEADERS,
		...Object.keys(headers).filter((name) => /signature|hmac/i.test(name)),
	].filter((name, index, all) => all.indexOf(name) === index && first(headers[name]) !== undefined);
	// One HMAC per algorithm and secret, computed when first needed.
	const digests = new Map<HmacAlgorithm, Buffer[]>();
	const digestsOf = (algorithm: HmacAlgorithm) => {
		if (!digests.has(algorithm)) {
			digests.set(
				algorithm,
				auth.secrets.map((secret) => computeHmac(algorithm, secret, rawBody)),
			);
		}
		return digests.get(algorithm)!;
	};
	for (const name of candidates) {
		const sent = String(first(headers[name]));
		const prefixes = [auth.prefix ?? '', '', PREFIX.exec(sent.trim())?.[1] ?? ''].filter(
			(prefix, index, all) => all.indexOf(prefix) === index,
		);
		for (const prefix of prefixes) {
			const value = withoutPrefix(sent, prefix);
			if (value === undefined) continue;
			for (const algorithm of HMAC_ALGORITHMS) {
				for (const encoding of ['hex', 'base64'] as const) {
					const decoded = decodeSignature(value, encoding, algorithm);
					if (decoded?.length !== DIGEST_BYTES[algorithm]) continue;
					if (!digestsOf(algorithm).some((digest) => digest.equals(decoded))) continue;
					yield { header: name === configured ? auth.header : name, algorithm, encoding, prefix };
				}
			}
		}
	}
}
