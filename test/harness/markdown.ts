import { execFileSync } from 'child_process';
import { existsSync, readFileSync, statSync } from 'fs';
import { dirname, join, normalize, relative } from 'path';

export const ROOT = join(__dirname, '..', '..');

/** Where links into the package's own repository start (package.json's homepage, without #readme). */
export const REPOSITORY_URL = (
	JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { homepage: string }
).homepage.replace(/#readme$/, '');

/** The repository's Markdown files (tracked or new, not ignored), relative to its root. */
export function markdownFiles(): string[] {
	return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], {
		cwd: ROOT,
		encoding: 'utf8',
	})
		.split('\n')
		.filter((file) => file && existsSync(join(ROOT, file)));
}

/** The text without fenced code blocks and lines indented as code, where nothing is a heading. */
function withoutBlocks(text: string): string {
	return text.replace(/^```[\s\S]*?^```/gm, '').replace(/^( {4}|\t)(?![-*\d]).*$/gm, '');
}

/** The text without code of any kind, where nothing is a link. */
function prose(text: string): string {
	return withoutBlocks(text).replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
export function slug(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors a Markdown file has, a repeated heading numbered as GitHub numbers it. */
export function anchorsOf(file: string): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>();
	for (const [, heading] of withoutBlocks(readFileSync(join(ROOT, file), 'utf8')).matchAll(
		/^#{1,6} (.+)$/gm,
	)) {
		const base = slug(heading.replace(/`/g, ''));
		const count = seen.get(base) ?? 0;
		anchors.add(count ? `${base}-${count}` : base);
		seen.set(base, count + 1);
	}
	return anchors;
}

/** The targets of a Markdown file's links and images. */
export function linksOf(file: string): string[] {
	const text = prose(readFileSync(join(ROOT, file), 'utf8'));
	return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
}

/**
 * What is wrong with a link of `file`, or undefined: a relative path (or a link into this
 * repository) must name a file or folder that exists, and an anchor a heading of that file.
 */
export function brokenLink(file: string, target: string): string | undefined {
	let path: string;
	if (target.startsWith(`${REPOSITORY_URL}/`)) {
		const inRepository = /^\/(?:blob|tree)\/main\/([^#]*)(#.*)?$/.exec(
			target.slice(REPOSITORY_URL.length),
		);
		if (!inRepository) return 'not a link to a file of the main branch';
		path = inRepository[1] + (inRepository[2] ?? '');
	} else if (/^[a-z]+:/i.test(target)) {
		return undefined;
	} else {
		path = target.startsWith('#')
			? `${file}${target}`
			: relative(ROOT, join(ROOT, dirname(file), target));
	}
	const [name, anchor] = path.split('#');
	const resolved = normalize(name);
	if (resolved.startsWith('..') || !existsSync(join(ROOT, resolved))) {
		return `${resolved} does not exist`;
	}
	if (anchor === undefined) return undefined;
	if (statSync(join(ROOT, resolved)).isDirectory() || !resolved.endsWith('.md')) {
		return `${resolved} has no headings to link to`;
	}
	return anchorsOf(resolved).has(anchor) ? undefined : `${resolved} has no heading #${anchor}`;
}

/** The Markdown files reachable from `start` by relative links. */
export function reachableFrom(start: string): Set<string> {
	const reached = new Set([start]);
	const queue = [start];
	while (queue.length) {
		const file = queue.shift()!;
		for (const target of linksOf(file)) {
			if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
			const next = normalize(relative(ROOT, join(ROOT, dirname(file), target.split('#')[0])));
			if (next.endsWith('.md') && !reached.has(next) && existsSync(join(ROOT, next))) {
				reached.add(next);
				queue.push(next);
			}
		}
	}
	return reached;
}
