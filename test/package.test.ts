import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import { brokenLink, REPOSITORY_URL } from './harness/markdown';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	name: string;
	keywords: string[];
	dependencies?: Record<string, string>;
	peerDependencies: Record<string, string>;
	homepage: string;
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
};

/** Loads a built file the way n8n's package loader does: the path from the n8n block, first export. */
function loadClass<T>(path: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- n8n's loader require()s the file
	const exports = require(join(root, path)) as Record<string, new () => T>;
	const [Class] = Object.values(exports);
	return new Class();
}

describe('the package as n8n loads it', () => {
	test('declares itself a community node package for n8n nodes API 1 in strict mode', () => {
		expect(pkg.name).toBe('n8n-nodes-resthooks');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	});

	test('names one GitHub repository in repository, homepage, bugs and author, with an MIT licence file', () => {
		const meta = pkg as unknown as {
			repository: { url: string };
			bugs: { url: string };
			author: { name: string; url: string };
			license: string;
		};
		const repo = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(
			meta.repository.url,
		)?.[1];
		expect(repo).toBeDefined();
		expect(pkg.homepage).toBe(`${repo}#readme`);
		expect(meta.bugs.url).toBe(`${repo}/issues`);
		expect(repo?.startsWith(`${meta.author.url}/`)).toBe(true);
		expect(meta.license).toBe('MIT');
		expect(readFileSync(join(root, 'LICENSE.md'), 'utf8')).toMatch(/^MIT License\n/);
	});

	test('has no runtime dependency and n8n-workflow only as a peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(Object.keys(pkg.peerDependencies)).toEqual(['n8n-workflow']);
	});

	test('every node in the n8n block loads from dist as a trigger with icons', () => {
		const names = pkg.n8n.nodes.map((path) => {
			const node = loadClass<INodeType>(path);
			const { description } = node.description ? node : { description: undefined };
			expect(description?.inputs).toEqual([]);
			expect(description?.group).toEqual(['trigger']);
			const icon = description?.icon as { light: string; dark: string };
			for (const file of [icon.light, icon.dark]) {
				expect(existsSync(join(root, path, '..', file.replace('file:', '')))).toBe(true);
			}
			expect(existsSync(join(root, path.replace(/\.js$/, '.json')))).toBe(true);
			return description?.name;
		});
		expect(names).toEqual([
			'divaltoWeavyTrigger',
			'sarbacaneTrigger',
			'getResponseWebhooksTrigger',
			'efidemSnapShootTrigger',
			'restHookTrigger',
		]);
	});

	test('every credential in the n8n block loads from dist and can be tested from the editor', () => {
		const testedByNode = new Set(
			pkg.n8n.nodes.flatMap((path) =>
				(loadClass<INodeType>(path).description.credentials ?? [])
					.filter((entry) => entry.testedBy)
					.map((entry) => entry.name),
			),
		);
		const names = pkg.n8n.credentials.map((path) => {
			const credential = loadClass<ICredentialType>(path);
			// An OAuth2 credential is tested by connecting it (its Connect button / the grant).
			const oauth2 = credential.extends?.includes('oAuth2Api') === true;
			expect(credential.test !== undefined || testedByNode.has(credential.name) || oauth2).toBe(
				true,
			);
			return credential.name;
		});
		expect(names).toEqual([
			'divaltoWeavyApi',
			'sarbacaneApi',
			'getResponseWebhooksApi',
			'efidemSnapShootApi',
			'restHookSigningSecretApi',
			'restHookOAuth2Api',
			'getResponseWebhooksOAuth2Api',
		]);
	});

	test("n8n's editor moves only the authentication field into the credential modal, and every other parameter stays in the node panel", () => {
		// n8n's editor (getNodeAuthFields, getMainAuthField, isAuthRelatedParameter) hides from the
		// node panel the main auth field and every parameter named in the displayOptions.show of a
		// field that credentials depend on: such a parameter could not be changed at all.
		for (const path of pkg.n8n.nodes) {
			const { credentials = [], properties, name } = loadClass<INodeType>(path).description;
			const authFieldNames = new Set(
				credentials.flatMap((credential) => Object.keys(credential.displayOptions?.show ?? {})),
			);
			const authFields = properties.filter((property) => authFieldNames.has(property.name));
			const hidden = new Set<string>();
			if (authFields.some((field) => field.name === 'authentication')) hidden.add('authentication');
			for (const field of authFields) {
				for (const dependency of Object.keys(field.displayOptions?.show ?? {})) {
					hidden.add(dependency);
				}
			}
			expect({ name, hidden: [...hidden] }).toEqual({
				name,
				hidden: [...hidden].filter((field) => field === 'authentication'),
			});
		}
	});

	test('every trigger lets n8n answer with what webhook() returns, not a responseData text', () => {
		// n8n 2.41 answers an accepted delivery with the responseData string when one is set, and
		// defaults it to "firstEntryJson" (webhook-on-received-response-extractor).
		for (const path of pkg.n8n.nodes) {
			for (const webhook of loadClass<INodeType>(path).description.webhooks ?? []) {
				expect(webhook).toMatchObject({ responseMode: 'onReceived', responseData: '' });
			}
		}
	});

	test('the nodes credentials refer to credential types the package ships', () => {
		const shipped = new Set(
			pkg.n8n.credentials.map((path) => loadClass<ICredentialType>(path).name),
		);
		for (const path of pkg.n8n.nodes) {
			for (const { name } of loadClass<INodeType>(path).description.credentials ?? []) {
				expect(shipped).toContain(name);
			}
		}
	});

	test('every trigger that subscribes through an API says how a subscription deleted there comes back', () => {
		// n8n 2.41 calls nothing at start or on an unchanged republish (test/e2e/restart.e2e.test.ts).
		const subscribing = pkg.n8n.nodes
			.map((path) => loadClass<INodeType>(path).description)
			.filter((description) => description.name !== 'efidemSnapShootTrigger');
		for (const description of subscribing) {
			const notices = description.properties
				.filter((property) => property.type === 'notice')
				.map((property) => property.displayName);
			expect(notices).toContainEqual(
				expect.stringMatching(
					/, unpublish and publish the workflow again: n8n does not check it by itself\.$/,
				),
			);
		}
	});

	test("every codex category is one of n8n's, and no codex declares subcategories", () => {
		// n8n's list, mirrored from @n8n/eslint-plugin-community-nodes src/utils/codex-taxonomy.ts
		// (n8n master, 2026): the node panel keys off these exact strings. "AI" is reserved for
		// nodes built with @n8n/ai-node-sdk.
		const known = new Set([
			'Analytics',
			'Communication',
			'Core Nodes',
			'Data & Storage',
			'Developer Tools',
			'Development',
			'ECM',
			'Finance & Accounting',
			'HITL',
			'Marketing & Content',
			'Miscellaneous',
			'Productivity',
			'Sales',
			'Utility',
		]);
		for (const path of pkg.n8n.nodes) {
			const codex = JSON.parse(
				readFileSync(join(root, path.replace(/\.js$/, '.json')), 'utf8'),
			) as { categories: string[]; subcategories?: unknown };
			expect(codex.categories.length).toBeGreaterThan(0);
			for (const category of codex.categories) expect(known).toContain(category);
			expect(codex.subcategories).toBeUndefined();
		}
	});

	test("every node's and credential's documentation link points at its trigger's guide in docs/, at a heading it has", () => {
		const links = [
			...pkg.n8n.nodes.flatMap((path) => {
				const codex = JSON.parse(
					readFileSync(join(root, path.replace(/\.js$/, '.json')), 'utf8'),
				) as { resources: Record<string, Array<{ url: string }>> };
				return Object.values(codex.resources).flatMap((entries) => entries.map((e) => e.url));
			}),
			...pkg.n8n.credentials.map((path) => loadClass<ICredentialType>(path).documentationUrl ?? ''),
		];
		expect(links.length).toBeGreaterThan(pkg.n8n.nodes.length);
		for (const link of links) {
			expect(link).toMatch(new RegExp(`^${REPOSITORY_URL}/blob/main/docs/[\\w-]+\\.md(#|$)`));
			expect(brokenLink('README.md', link)).toBeUndefined();
		}
	});

	test('npm pack ships dist/, the README, the licence and package.json, nothing else', () => {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: root,
				encoding: 'utf8',
			}),
		) as Array<{ files: Array<{ path: string }> }>;
		const files = packed.files.map((file) => file.path);
		const outside = files.filter(
			(path) =>
				!/^dist\/(nodes|credentials)\//.test(path) &&
				!['README.md', 'LICENSE.md', 'package.json'].includes(path),
		);
		expect(outside).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE.md', 'package.json']));
		for (const path of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(path);
		// Only what the sources hold: no test, benchmark or build leftover in dist/.
		const sources = new Set(
			['nodes', 'credentials'].flatMap((folder) =>
				(readdirSync(join(root, folder), { recursive: true }) as string[]).map((file) =>
					join(folder, file).replace(/\.ts$/, ''),
				),
			),
		);
		for (const path of files.filter((file) => file.startsWith('dist/'))) {
			expect(sources).toContain(path.slice('dist/'.length).replace(/\.(d\.ts|js\.map|js)$/, ''));
		}
	});

	test('the oldest n8n the README says the package supports is the oldest the compatibility suite runs on, with the nodes API version both 1.x and 2.x accept', () => {
		const versions = JSON.parse(
			readFileSync(join(root, 'test', 'e2e', 'n8n-versions.json'), 'utf8'),
		) as { compatibility: string[] };
		const oldest = [...versions.compatibility].sort((a, b) =>
			a.localeCompare(b, 'en', { numeric: true }),
		)[0];
		const readme = readFileSync(join(root, 'README.md'), 'utf8');

		expect(readme).toContain(`**Oldest n8n supported: ${oldest}**`);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	});
});
