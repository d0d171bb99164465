import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { N8N } from './n8nWords';

/**
 * Whether the provider can reach the URL n8n gives the trigger, told from the addresses alone
 * (no DNS lookup). n8n builds that URL from its WEBHOOK_URL setting, `http://localhost:5678/`
 * when unset: a provider on the internet subscribed to it never calls, and nothing says so.
 */

/** The guide that says how to make n8n reachable, linked from every message below. */
export const REACHABLE_GUIDE =
	'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks/blob/main/docs/reachable.md';

/**
 * `loopback`: only this machine (localhost, 127.0.0.0/8, ::1, the unspecified 0.0.0.0 and ::);
 * `private`: a private network (10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10,
 * a name of one label such as a Docker service, `.local`, `.internal`, `.home.arpa`);
 * `public`: anything else; `unknown`: not an absolute http(s) URL.
 */
export type Reach = 'loopback' | 'private' | 'public' | 'unknown';

const PRIVATE_SUFFIXES = ['.local', '.internal', '.lan', '.home.arpa'];

function ipv4Reach(address: string): Reach {
	const [a, b] = address.split('.').map(Number);
	if (a === 127 || address === '0.0.0.0') return 'loopback';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if (a === 169 && b === 254) return 'private';
	return 'public';
}

/** The IPv4 address an IPv4-mapped IPv6 address carries (`::ffff:7f00:1` → 127.0.0.1). */
function mappedIpv4(address: string): string | undefined {
	const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (dotted) return dotted[1];
	const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
	if (!hex) return undefined;
	const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
	return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function ipv6Reach(address: string): Reach {
	const mapped = mappedIpv4(address);
	if (mapped) return ipv4Reach(mapped);
	const lower = address.toLowerCase();
	if (lower === '::1' || lower === '::') return 'loopback';
	const first = parseInt(lower.split(':')[0] || '0', 16);
	if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'private';
	return 'public';
}

/** How far the host of `url` can be reached from. */
export function reachOf(url: string): Reach {
	let host: string;
	try {
		const parsed = new URL(url);
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'unknown';
		host = parsed.hostname
			.replace(/^\[|\]$/g, '')
			.replace(/\.$/, '')
			.toLowerCase();
	} catch {
		return 'unknown';
	}
	// new URL() writes every IPv4 form (127.1, 0x7f.1) as four decimals, and IPv6 in brackets.
	if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return ipv4Reach(host);
	if (host.includes(':')) return ipv6Reach(host);
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	if (!host.includes('.') || PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
		return 'private';
	}
	return 'public';
}

function origin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return url;
	}
}

/**
 * Before any provider call of a publish (or of "Execute step"): a webhook URL only this machine
 * can reach, subscribed at a provider that is not on this machine, can never start a run, so the
 * publish fails and nothing is created. On a private network n8n may still be reachable (the
 * provider inside it, a VPN): the publish goes on with a warning in n8n's log, the one place n8n
 * gives a node's lifecycle methods for it. `providerAddress` is undefined for a URL the user
 * pastes in the provider's UI: there the node's notice says it, and the log warns.
 */
export function checkReachable(
	context: IHookFunctions,
	{
		provider,
		webhookUrl,
		providerAddress,
	}: { provider: string; webhookUrl: string; providerAddress: string | undefined },
): void {
	const ours = reachOf(webhookUrl);
	if (ours === 'public' || ours === 'unknown') return;
	const theirs = providerAddress === undefined ? 'unknown' : reachOf(providerAddress);
	if (theirs === 'loopback' || (ours === 'private' && theirs === 'private')) return;
	const where = origin(webhookUrl);
	if (ours === 'loopback' && (theirs === 'public' || theirs === 'private')) {
		throw new NodeOperationError(
			context.getNode(),
			`${provider} cannot reach n8n at ${where} (this machine only): set n8n's WEBHOOK_URL to an address ${provider} can reach`,
			{
				// n8n 2.x's publish shows the message alone: it says what to do; this says the rest.
				description: `Set WEBHOOK_URL to n8n's public address (e.g. https://n8n.example.com/), restart n8n, then ${N8N.publish} the workflow again. Nothing was created at ${provider}. How: ${REACHABLE_GUIDE}`,
			},
		);
	}
	context.logger.warn(
		`${provider} trigger "${context.getNode().name}": n8n's webhook URL ${where} is on ${
			ours === 'loopback' ? 'this machine only' : 'a private network'
		}; ${provider} can call it only from there. If it is on the internet, set WEBHOOK_URL to an address it can reach: ${REACHABLE_GUIDE}`,
	);
}
