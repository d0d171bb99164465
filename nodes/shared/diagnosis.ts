import type { IWebhookFunctions } from 'n8n-workflow';

import { PASTED_URL_LABELS, PASTED_URL_PARAMETERS, SIGNATURE_LABELS } from './descriptions';
import { SECRET_PARAMETER, type HookState } from './hookState';
import { N8N } from './n8nWords';
import {
	computeHmac,
	decodeSignature,
	DEFAULT_TOLERANCE_SECONDS,
	isFresh,
	STANDARD_WEBHOOKS_HEADERS,
	standardWebhooksKey,
	STRIPE_SIGNATURE_HEADER,
	type HmacAlgorithm,
	type SignatureEncoding,
} from './signatures';
import type {
	DeliveryAuth,
	IncomingDelivery,
	Provider,
	SettingLabel,
	SettingLabels,
} from './types';
import { first } from './util';

/**
 * Why a delivery failed authentication, and what the user can change: for n8n's log and the
 * editor's test run, never for the sender (who gets a plain 401). Computed only when it will be
 * shown. Nothing here repeats a secret, a signature or the body: only header names, lengths and
 * the names of settings.
 */
export interface Diagnosis {
	/** What happened, e.g. "the delivery is signed with HMAC-SHA1, hex, not HMAC-SHA256". */
	reason: string;
	/** What to change, naming the setting. */
	hint: string;
}

const ALGORITHMS: HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];
const DIGEST_LENGTHS: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };
const ALGORITHM_NAMES: Record<HmacAlgorithm, string> = {
	sha1: 'HMAC-SHA1',
	sha256: 'HMAC-SHA256',
	sha512: 'HMAC-SHA512',
};
const ENCODING_NAMES: Record<SignatureEncoding, string> = {
	hex: 'Hex',
	base64: 'Base64',
	auto: 'Auto (Hex or Base64)',
};
/** Headers senders commonly sign in, beside the one configured. */
const COMMON_SIGNATURE_HEADERS = [
	'x-signature',
	'x-hub-signature-256',
	'x-hub-signature',
	'x-signature-256',
	'x-webhook-signature',
	'signature',
];

/** A setting as a hint names it: `Delivery Authentication "HMAC Signature Header"`. */
function named({ parameter, option }: SettingLabel): string {
	return option ? `${parameter} "${option}"` : parameter;
}

export function diagnose(
	context: IWebhookFunctions,
	{
		displayName: provider,
		settingLabels: labels = {},
	}: Pick<Provider, 'displayName' | 'settingLabels'>,
	auth: DeliveryAuth,
	state: HookState,
	request: IncomingDelivery,
): Diagnosis {
	switch (auth.scheme) {
		case 'none':
			return { reason: 'the delivery was refused', hint: 'Check the trigger’s settings.' };
		case 'hookUrlSecret':
			return diagnoseHookUrlSecret(provider, state, request);
		case 'pastedUrlSecret':
			return diagnosePastedUrlSecret(context, provider, request);
		case 'hmac':
			return diagnoseHmac(provider, labels, auth, request);
		case 'standardWebhooks':
			return diagnoseStandardWebhooks(provider, labels, auth, request);
		case 'stripe':
			return diagnoseStripe(provider, labels, auth, request);
	}
}

function diagnoseHookUrlSecret(
	provider: string,
	state: HookState,
	{ query }: IncomingDelivery,
): Diagnosis {
	const hint = `Deliveries must come to the URL the trigger subscribed in ${provider}, with its secret. ${N8N.Unpublish} and ${N8N.publish} the workflow again to renew the subscription.`;
	if (typeof query[SECRET_PARAMETER] !== 'string') {
		return { reason: 'the URL it was sent to has no ?secret= parameter', hint };
	}
	if (!state.secret) {
		return { reason: 'the trigger holds no subscription at the moment', hint };
	}
	return { reason: "the URL's secret is not the one the trigger subscribed with", hint };
}

function diagnosePastedUrlSecret(
	context: IWebhookFunctions,
	provider: string,
	{ query }: IncomingDelivery,
): Diagnosis {
	const own = context.getNodeParameter(PASTED_URL_PARAMETERS.secret, '') as string;
	if (!own) {
		return {
			reason: `the node has no ${PASTED_URL_LABELS.secret}`,
			hint: `Set ${PASTED_URL_LABELS.secret} in the node, and add ?secret= followed by it to the URL you pasted in ${provider}.`,
		};
	}
	if (typeof query[SECRET_PARAMETER] !== 'string') {
		return {
			reason: 'the URL it was sent to has no ?secret= parameter',
			hint: `In ${provider}, paste the node's URL followed by ?secret= and the node's ${PASTED_URL_LABELS.secret}.`,
		};
	}
	return {
		reason: `the URL's secret is not the node's ${PASTED_URL_LABELS.secret} (nor its ${PASTED_URL_LABELS.previousSecret})`,
		hint: `Make the secret after ?secret= in the URL pasted in ${provider} and the node's ${PASTED_URL_LABELS.secret} the same.`,
	};
}

interface HmacVariant {
	header: string;
	algorithm: HmacAlgorithm;
	encoding: 'hex' | 'base64';
	prefix: string;
}

function describeVariant({ header, algorithm, encoding, prefix }: HmacVariant): string {
	const written = prefix ? `, after "${prefix}"` : '';
	return `${ALGORITHM_NAMES[algorithm]}, ${ENCODING_NAMES[encoding].toLowerCase()}${written}, in ${header}`;
}

/** A prefix such as `sha256=` or `v1=` in front of a signature. */
const PREFIX = /^([A-Za-z0-9_-]{1,20}=)(?=[A-Za-z0-9+/_-])/;

function diagnoseHmac(
	provider: string,
	labels: SettingLabels,
	auth: Extract<DeliveryAuth, { scheme: 'hmac' }>,
	{ headers, rawBody }: IncomingDelivery,
): Diagnosis {
	if (auth.secrets.length === 0) {
		return {
			reason: 'no signing secret is set in the credential',
			hint: `Put the secret ${provider} signs its deliveries with in the trigger's credential.`,
		};
	}
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
		const value = String(first(headers[name])).trim();
		const prefixes = [auth.prefix ?? '', '', PREFIX.exec(value)?.[1] ?? ''].filter(
			(prefix, index, all) => all.indexOf(prefix) === index,
		);
		for (const prefix of prefixes) {
			if (value.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) continue;
			for (const algorithm of ALGORITHMS) {
				for (const encoding of ['hex', 'base64'] as const) {
					const decoded = decodeSignature(value.slice(prefix.length), encoding, algorithm);
					if (decoded?.length !== DIGEST_LENGTHS[algorithm]) continue;
					if (!digestsOf(algorithm).some((digest) => digest.equals(decoded))) continue;
					const header = name === configured ? auth.header : name;
					const found = hmacMismatch(provider, labels, auth, {
						header,
						algorithm,
						encoding,
						prefix,
					});
					if (found) return found;
				}
			}
		}
	}
	return hmacUnmatched(provider, auth, headers);
}

/** The delivery is signed with the secret, another way: which settings to change. */
function hmacMismatch(
	provider: string,
	labels: SettingLabels,
	auth: Extract<DeliveryAuth, { scheme: 'hmac' }>,
	found: HmacVariant,
): Diagnosis | undefined {
	const changes: string[] = [];
	if (found.header.toLowerCase() !== auth.header.toLowerCase()) {
		changes.push(`${SIGNATURE_LABELS.header} to "${found.header}"`);
	}
	if (found.algorithm !== auth.algorithm) {
		changes.push(`${SIGNATURE_LABELS.algorithm} to ${ALGORITHM_NAMES[found.algorithm]}`);
	}
	if (auth.encoding !== 'auto' && found.encoding !== auth.encoding) {
		changes.push(`${SIGNATURE_LABELS.encoding} to ${ENCODING_NAMES[found.encoding]}`);
	}
	if (found.prefix.toLowerCase() !== (auth.prefix ?? '').toLowerCase()) {
		changes.push(
			found.prefix
				? `${SIGNATURE_LABELS.prefix} to "${found.prefix}"`
				: `${SIGNATURE_LABELS.prefix} to empty`,
		);
	}
	if (changes.length === 0) return undefined;
	const expected = `${ALGORITHM_NAMES[auth.algorithm]}, ${ENCODING_NAMES[auth.encoding].toLowerCase()}${auth.prefix ? `, after "${auth.prefix}"` : ''}, in ${auth.header}`;
	const reason = `the delivery is signed with the right secret, but as ${describeVariant(found)}, not ${expected}`;
	if (auth.fromOptions) return { reason, hint: `Set Options → ${changes.join(', ')}.` };
	if (labels.configurableHmac) {
		return {
			reason,
			hint: `Choose ${named(labels.configurableHmac)}, which matches how ${provider} signs, with Options → ${changes.join(', ')}.`,
		};
	}
	return {
		reason,
		hint: `This trigger checks only its own way of signing: ask ${provider} to sign that way.`,
	};
}

/** Signed with no setting the node offers: whether the header, the secret or the body is off. */
function hmacUnmatched(
	provider: string,
	auth: Extract<DeliveryAuth, { scheme: 'hmac' }>,
	headers: IncomingDelivery['headers'],
): Diagnosis {
	const raw = first(headers[auth.header.toLowerCase()]);
	if (raw === undefined) {
		return {
			reason: `the delivery has no ${auth.header} header`,
			hint: `Check that signing is turned on in ${provider}, and that ${SIGNATURE_LABELS.header} names the header it signs in.`,
		};
	}
	let value = raw.trim();
	if (auth.prefix) {
		if (value.slice(0, auth.prefix.length).toLowerCase() !== auth.prefix.toLowerCase()) {
			return {
				reason: `the ${auth.header} header does not start with "${auth.prefix}"`,
				hint: `Set ${SIGNATURE_LABELS.prefix} to what ${provider} writes before the signature, or leave it empty.`,
			};
		}
		value = value.slice(auth.prefix.length);
	}
	const digestOf = ALGORITHMS.find((algorithm) =>
		(['hex', 'base64'] as const).some(
			(encoding) =>
				decodeSignature(value, encoding, algorithm)?.length === DIGEST_LENGTHS[algorithm],
		),
	);
	if (digestOf) {
		return {
			reason: `the ${auth.header} header holds an ${ALGORITHM_NAMES[digestOf]} that no secret of the credential gives for this body`,
			hint: secretsHint(provider),
		};
	}
	return {
		reason: `the ${auth.header} header (${value.length} characters) is not a hex or base64 HMAC`,
		hint: `Check ${SIGNATURE_LABELS.header}, ${SIGNATURE_LABELS.prefix} and ${SIGNATURE_LABELS.encoding} against what ${provider} sends.`,
	};
}

function secretsHint(provider: string): string {
	return `Copy the signing secret from ${provider} into the credential again. If it is right, something between ${provider} and n8n changed the body.`;
}

function timestampDiagnosis(
	labels: SettingLabels,
	header: string,
	timestamp: string,
	toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): Diagnosis {
	const raise = labels.tolerance ? `, or raise ${named(labels.tolerance)}` : '';
	const drift = Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp));
	return {
		reason: `its ${header} is ${Number.isFinite(drift) ? `${drift} s` : 'not a time'} away from this server's clock (${toleranceSeconds} s allowed)`,
		hint: `Check the clock of the n8n server${raise}. A delivery replayed later is refused on purpose.`,
	};
}

function diagnoseStandardWebhooks(
	provider: string,
	labels: SettingLabels,
	auth: Extract<DeliveryAuth, { scheme: 'standardWebhooks' }>,
	{ headers }: IncomingDelivery,
): Diagnosis {
	const missing = Object.values(STANDARD_WEBHOOKS_HEADERS).filter(
		(name) => first(headers[name]) === undefined,
	);
	if (missing.length > 0) {
		return {
			reason: `the delivery has no ${missing.join(', ')} header`,
			hint: `Check that ${provider} signs with Standard Webhooks${labels.scheme ? `, or choose the ${named(labels.scheme)} it uses` : ''}.`,
		};
	}
	if (!auth.secrets.some((secret) => standardWebhooksKey(secret))) {
		return {
			reason: 'the signing secret in the credential is not a whsec_ base64 secret',
			hint: `Copy the signing secret (whsec_…) from ${provider} into the credential again.`,
		};
	}
	const timestamp = String(first(headers[STANDARD_WEBHOOKS_HEADERS.timestamp]));
	if (!isFresh(timestamp, auth)) {
		return timestampDiagnosis(labels, 'webhook-timestamp', timestamp, auth.toleranceSeconds);
	}
	const signatures = String(first(headers[STANDARD_WEBHOOKS_HEADERS.signature]));
	if (!signatures.split(' ').some((entry) => entry.startsWith('v1,'))) {
		return {
			reason: 'its webhook-signature holds no v1 signature',
			hint: `Check that ${provider} signs with Standard Webhooks (v1,… signatures).`,
		};
	}
	return {
		reason: 'no v1 signature in webhook-signature matches the body under the credential’s secrets',
		hint: secretsHint(provider),
	};
}

function diagnoseStripe(
	provider: string,
	labels: SettingLabels,
	auth: Extract<DeliveryAuth, { scheme: 'stripe' }>,
	{ headers }: IncomingDelivery,
): Diagnosis {
	const name = auth.header ?? STRIPE_SIGNATURE_HEADER;
	const value = first(headers[name.toLowerCase()]);
	if (value === undefined) {
		const elsewhere = Object.keys(headers).find((header) =>
			/(^|,)\s*t=\d+\s*,.*v1=/.test(String(first(headers[header]))),
		);
		return {
			reason: `the delivery has no ${name} header${elsewhere ? `; ${elsewhere} looks like one` : ''}`,
			hint:
				elsewhere && labels.stripeHeader
					? `Set ${named(labels.stripeHeader)} to "${elsewhere}".`
					: `Check that ${provider} signs its deliveries, and the header it signs in.`,
		};
	}
	const parts = value.split(',').map((part) => part.trim().split('='));
	const timestamp = parts.find(([key]) => key === 't')?.[1];
	if (timestamp === undefined || !parts.some(([key]) => key === 'v1')) {
		return {
			reason: `its ${name} header has no t=… or no v1=…`,
			hint: `Check that ${provider} signs Stripe-style (t=<timestamp>,v1=<signature>).`,
		};
	}
	if (!isFresh(timestamp, auth))
		return timestampDiagnosis(labels, `${name} timestamp`, timestamp, auth.toleranceSeconds);
	return {
		reason: `no v1 signature in ${name} matches the body under the credential’s secrets`,
		hint: secretsHint(provider),
	};
}
