import { readFileSync } from 'fs';
import { join } from 'path';

import { deliveryLimits } from '../nodes/shared/body';
import { credentialCachePolicy } from '../nodes/shared/credentialCache';
import { DELIVERY_KEYS_REMEMBERED } from '../nodes/shared/dedupe';
import { URL_SECRET_MIN_LENGTH } from '../nodes/shared/hookUrl';
import { DEFAULT_DELIVERY_WINDOW_MINUTES, DEFAULT_GRACE_MINUTES } from '../nodes/shared/options';
import { refusalLogPolicy } from '../nodes/shared/refusals';
import { DEFAULT_TOLERANCE_SECONDS } from '../nodes/shared/signatures';
import { retryPolicy } from '../nodes/shared/transport';
import { ROOT } from './harness/markdown';

/*
 * Every limit the user-facing pages quote is the value the code uses: each entry names the
 * constant and the phrases that quote it (the number captured). Change a constant and this
 * fails with the page and the line to update; a phrase no page uses any more fails too, so an
 * entry cannot silently stop checking anything.
 */

const PAGES = [
	'README.md',
	'docs/divalto-weavy.md',
	'docs/sarbacane.md',
	'docs/getresponse.md',
	'docs/efidem-snapshoot.md',
	'docs/rest-hook.md',
	'docs/troubleshooting.md',
	'docs/reachable.md',
	'docs/reliability.md',
	'docs/operations.md',
];

interface Limit {
	name: string;
	/** What the code uses, written as the pages write it. */
	value: string;
	/** Phrases quoting it; the first group is the number. */
	phrases: RegExp[];
}

const count = (value: number) => value.toLocaleString('en');

const LIMITS: Limit[] = [
	{
		name: 'largest delivery body (deliveryLimits.maxBodyBytes)',
		value: String(deliveryLimits.maxBodyBytes / 1024 / 1024),
		phrases: [
			/bodies over (\d+) MiB \(413\)/,
			/the (\d+) MiB a delivery may be/,
			/Body size \(`deliveryLimits\.maxBodyBytes`\) \| (\d+) MiB/,
		],
	},
	{
		name: 'Remember Deliveries For, by default (DEFAULT_DELIVERY_WINDOW_MINUTES)',
		value: String(DEFAULT_DELIVERY_WINDOW_MINUTES),
		phrases: [
			/Remember Deliveries For\W*\((\d+) minutes by default/,
			/\((\d+) minutes by default(?:;|:|,|\)) (?:GetResponse retries|no provider|forgotten on time|— in the n8n)/,
		],
	},
	{
		name: 'grace period for replaced subscriptions, by default (DEFAULT_GRACE_MINUTES)',
		value: String(DEFAULT_GRACE_MINUTES),
		phrases: [/grace period \((\d+) minutes by default\)/],
	},
	{
		name: 'signed timestamp tolerance (DEFAULT_TOLERANCE_SECONDS)',
		value: String(DEFAULT_TOLERANCE_SECONDS),
		phrases: [
			/Timestamp Tolerance\*\* \((\d+) s\)/,
			/(\d+) s tolerance/,
			/signed more than (\d+) s from now/,
			/\((\d+) s allowed\)/,
		],
	},
	{
		name: 'credentials kept in memory (credentialCachePolicy.maxAgeMs)',
		value: String(credentialCachePolicy.maxAgeMs / 1000),
		phrases: [/for (\d+) s at most/, /can still verify for up to (\d+) s/],
	},
	{
		name: 'refusals logged per trigger and minute (refusalLogPolicy.perWindow)',
		value: String(refusalLogPolicy.perWindow),
		phrases: [/at most (\d+) per trigger and minute/i],
	},
	{
		name: 'shortest URL Secret (URL_SECRET_MIN_LENGTH)',
		value: String(URL_SECRET_MIN_LENGTH),
		phrases: [/(\d+) characters or more/, /it must have (\d+) or more/],
	},
	{
		name: 'delivery keys a process remembers at most (DELIVERY_KEYS_REMEMBERED)',
		value: count(DELIVERY_KEYS_REMEMBERED),
		phrases: [/At most ([\d,]+) keys/],
	},
	{
		name: 'pauses before the retries of a provider call (retryPolicy.delaysMs)',
		value: retryPolicy.delaysMs.map((ms) => `${ms / 1000} s`).join(', '),
		phrases: [/retried twice with backoff \(([\d.]+ s, [\d.]+ s)\)/],
	},
];

interface Quote {
	where: string;
	quoted: string;
}

/** Each quote of the limit, a phrase wrapped over two lines included, with its page and line. */
function quotesOf(limit: Limit): Quote[] {
	return PAGES.flatMap((page) => {
		const text = readFileSync(join(ROOT, page), 'utf8');
		// Wrapped prose reads as one line; a replaced newline keeps every offset where it was.
		const flat = text.replace(/\n\s*/g, (gap) => ' '.padEnd(gap.length));
		const seen = new Set<number>();
		return limit.phrases.flatMap((phrase) => {
			const spaced = phrase.source.replace(/ /g, '\\s+');
			const global = new RegExp(spaced, `${phrase.flags.replace('g', '')}g`);
			// Two phrases may find one quote: it counts once, where its number is.
			return [...flat.matchAll(global)].flatMap((match) => {
				const at = match.index + match[0].indexOf(match[1]);
				if (seen.has(at)) return [];
				seen.add(at);
				return [{ where: `${page}:${text.slice(0, at).split('\n').length}`, quoted: match[1] }];
			});
		});
	});
}

describe('the limits the user-facing pages quote', () => {
	test.each(LIMITS.map((limit) => [limit.name, limit] as const))(
		'%s: every quote is the value the code uses',
		(_name, limit) => {
			const quotes = quotesOf(limit);

			expect(quotes.length).toBeGreaterThan(0);
			expect(
				quotes
					.filter(({ quoted }) => quoted !== limit.value)
					.map(({ where, quoted }) => `${where} says ${quoted}, the code ${limit.value}`),
			).toEqual([]);
		},
	);
});
