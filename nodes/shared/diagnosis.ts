import type { IWebhookFunctions } from 'n8n-workflow';

import { SIGNATURE_LABELS } from './descriptions';
import { signedVariants, type HmacVariant } from './hmacVariants';
import { diagnoseHookUrlSecret, diagnosePastedUrlSecret } from './urlSecretDiagnosis';
import {
	ALGORITHM_NAMES,
	decodeSignature,
	DEFAULT_TOLERANCE_SECONDS,
	DIGEST_BYTES,
	ENCODING_NAMES,
	HMAC_ALGORITHMS,
	isFresh,
	parseStandardWebhook,
	parseStripeHeader,
	STANDARD_WEBHOOKS_HEADERS,
	standardWebhooksKey,
	STRIPE_SIGNATURE_HEADER,
	withoutPrefix,
	type SignatureEncoding,
} from './signatures';
import type {
	DeliveryAuth,
	IncomingDelivery,
	Provider,
	SettingLabel,
	SettingLabels,
} from './types';
import type { Diagnosis, HookState } from './coreTypes';
import { first } from './util';

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

/** How a delivery is signed, or expected to be (`auto`: hex or base64). */
type SignedAs = Omit<HmacVariant, 'encoding'> & { encoding: SignatureEncoding };

function describeVariant({ header, algorithm, encoding, prefix }: SignedAs): string {
	const written = prefix ? `, after "${prefix}"` : '';
	return `${ALGORITHM_NAMES[algorithm]}, ${ENCODING_NAMES[encoding].toLowerCase()}${written}, in ${header}`;
}

function diagnoseHmac(
	provider: string,
	labels: SettingLabels,
	auth: Extract<DeliveryAuth, { scheme: 'hmac' }>,
	request: IncomingDelivery,
): Diagnosis {
	if (auth.secrets.length === 0) {
		return {
			reason: 'no signing secret is set in the credential',
			hint: `Put the secret ${provider} signs its deliveries with in the trigger's credential.`,
		};
	}
	for (const variant of signedVariants(auth, request)) {
		const found = hmacMismatch(provider, labels, auth, variant);
		if (found) return found;
	}
	return hmacUnmatched(provider, auth, request.headers);
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
	const expected = describeVariant({ ...auth, prefix: auth.prefix ?? '' });
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
	const value = withoutPrefix(raw, auth.prefix);
	if (value === undefined) {
		return {
			reason: `the ${auth.header} header does not start with "${auth.prefix}"`,
			hint: `Set ${SIGNATURE_LABELS.prefix} to what ${provider} writes before the signature, or leave it empty.`,
		};
	}
	const digestOf = HMAC_ALGORITHMS.find((algorithm) =>
		(['hex', 'base64'] as const).some(
			(encoding) => decodeSignature(value, encoding, algorithm)?.length === DIGEST_BYTES[algorithm],
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
	const sent = parseStandardWebhook(headers);
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
	const timestamp = String(sent.timestamp);
	if (!isFresh(timestamp, auth)) {
		return timestampDiagnosis(labels, 'webhook-timestamp', timestamp, auth.toleranceSeconds);
	}
	if (sent.v1.length === 0) {
		return {
			reason: 'its webhook-signature holds no v1 signature',
			hint: `Check that ${provider} signs with Standard Webhooks (v1,… signatures).`,
		};
	}
	if (sent.received.length === 0) {
		return {
			reason: 'no v1 signature in webhook-signature is base64',
			hint: `Check that ${provider} signs with Standard Webhooks (v1,<base64> signatures).`,
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
	const { timestamp, v1, received } = parseStripeHeader(value);
	if (timestamp === undefined || v1.length === 0) {
		return {
			reason: `its ${name} header has no t=… or no v1=…`,
			hint: `Check that ${provider} signs Stripe-style (t=<timestamp>,v1=<signature>).`,
		};
	}
	if (!isFresh(timestamp, auth))
		return timestampDiagnosis(labels, `${name} timestamp`, timestamp, auth.toleranceSeconds);
	if (received.length === 0) {
		return {
			reason: `no v1 signature in ${name} is an HMAC-SHA256 in hex (64 hex digits)`,
			hint: `Check that ${provider} signs Stripe-style: v1=<the hex HMAC-SHA256 of the timestamp, a dot and the body>.`,
		};
	}
	return {
		reason: `no v1 signature in ${name} matches the body under the credential’s secrets`,
		hint: secretsHint(provider),
	};
}
