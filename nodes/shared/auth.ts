import type { IWebhookFunctions } from 'n8n-workflow';

import type { DeliveryAuth } from './types';
import type { HmacAlgorithm, SignatureEncoding } from './verify';

/** How a sender signs its deliveries: what the `signatureOptions` parameters describe. */
export interface SignatureSettings {
	/** Header carrying the signature; matched case-insensitively as HTTP headers are. */
	header: string;
	algorithm: HmacAlgorithm;
	/** 'auto' accepts hex or base64, whichever the sender used. */
	encoding: SignatureEncoding;
	/** Text before the signature itself, e.g. `sha256=`; empty when there is none. */
	prefix: string;
}

/** An HMAC-SHA256 of the raw body, hex or base64, in `X-Signature`: the most common convention. */
export const DEFAULT_SIGNATURE: SignatureSettings = {
	header: 'X-Signature',
	algorithm: 'sha256',
	encoding: 'auto',
	prefix: '',
};

/** Names of the parameters `signatureOptions()` adds to a trigger's Options collection. */
export const SIGNATURE_PARAMETERS = {
	header: 'signatureHeader',
	algorithm: 'signatureAlgorithm',
	encoding: 'signatureEncoding',
	prefix: 'signaturePrefix',
} as const;

const ALGORITHMS: readonly HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];
const ENCODINGS: readonly SignatureEncoding[] = ['auto', 'hex', 'base64'];

export interface SignatureParameterSource {
	/** Settings the sender uses when the user changed nothing; DEFAULT_SIGNATURE otherwise. */
	defaults?: Partial<SignatureSettings>;
	/** The collection holding the `signatureOptions()` parameters. */
	collection?: string;
}

/** Reads the signature parameters, falling back to the defaults for anything unset or invalid. */
export function signatureSettings(
	context: IWebhookFunctions,
	{ defaults = {}, collection = 'options' }: SignatureParameterSource = {},
): SignatureSettings {
	const fallback = { ...DEFAULT_SIGNATURE, ...defaults };
	// One read of the whole collection: each getNodeParameter resolves the node's parameters
	// again, and this runs on every delivery.
	const options = context.getNodeParameter(collection, {}) as unknown;
	const set: Record<string, unknown> =
		typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
	const read = (name: string, value: string): string => {
		const chosen = set[name];
		return typeof chosen === 'string' ? chosen : value;
	};
	const header = read(SIGNATURE_PARAMETERS.header, fallback.header).trim();
	const algorithm = read(SIGNATURE_PARAMETERS.algorithm, fallback.algorithm) as HmacAlgorithm;
	const encoding = read(SIGNATURE_PARAMETERS.encoding, fallback.encoding) as SignatureEncoding;
	return {
		header: header || fallback.header,
		algorithm: ALGORITHMS.includes(algorithm) ? algorithm : fallback.algorithm,
		encoding: ENCODINGS.includes(encoding) ? encoding : fallback.encoding,
		prefix: read(SIGNATURE_PARAMETERS.prefix, fallback.prefix),
	};
}

/**
 * Authentication by an HMAC of the raw body, configured by the `signatureOptions()` parameters.
 * Secrets: the current one first, then a previous one accepted while the sender rotates; empty
 * ones are dropped. With no secret left, every delivery is refused: a trigger meant to check
 * signatures never silently stops checking them.
 */
export function hmacAuth(
	context: IWebhookFunctions,
	secrets: Array<string | undefined>,
	source: SignatureParameterSource = {},
): Extract<DeliveryAuth, { scheme: 'hmac' }> {
	const { header, algorithm, encoding, prefix } = signatureSettings(context, source);
	return {
		scheme: 'hmac',
		header,
		algorithm,
		encoding,
		prefix: prefix || undefined,
		secrets: secrets.filter((secret): secret is string => typeof secret === 'string' && !!secret),
	};
}

/**
 * What is wrong with a signing secret as typed or pasted, or undefined when it looks usable.
 * Only its form can be checked: whether the sender uses the same secret shows on the first
 * signed delivery.
 */
export function signingSecretProblem(secret: unknown): string | undefined {
	if (typeof secret !== 'string' || secret === '') return 'it is empty';
	if (secret.trim() !== secret) return 'it starts or ends with a space or line break';
	for (const character of secret) {
		const code = character.charCodeAt(0);
		if (code < 0x20 || code === 0x7f) return 'it contains a line break or control character';
	}
	return undefined;
}
