import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

const ROOT = join(__dirname, '..');

/** The file names in the first column of ARCHITECTURE.md's core table. */
function mappedCoreFiles(): string[] {
	const map = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
	const table = map.slice(
		map.indexOf('## The core, a file a job'),
		map.indexOf('## Rules the code keeps'),
	);
	return [...table.matchAll(/^\|\s*`([\w.]+\.ts)`\s*\|/gm)].map((match) => match[1]);
}

describe('ARCHITECTURE.md, the map of the core', () => {
	test('its table lists every file of nodes/shared/, and no file that is not there', () => {
		const files = readdirSync(join(ROOT, 'nodes/shared')).filter((name) => name.endsWith('.ts'));

		expect(mappedCoreFiles().sort()).toEqual(files.sort());
	});

	test('it names every module of credentials/common/', () => {
		const map = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
		const missing = readdirSync(join(ROOT, 'credentials/common')).filter(
			(name) => name.endsWith('.ts') && !map.includes(`\`${name}\``),
		);

		expect(missing).toEqual([]);
	});

	test('no credential imports node code', () => {
		const importing = readdirSync(join(ROOT, 'credentials'), { recursive: true })
			.map(String)
			.filter((name) => name.endsWith('.ts'))
			.filter((name) =>
				/from '(\.\.\/)+nodes\//.test(readFileSync(join(ROOT, 'credentials', name), 'utf8')),
			);

		expect(importing).toEqual([]);
	});

	test('no file of the core is over 300 lines', () => {
		const long = coreFiles()
			.map(
				(name) =>
					[
						name,
						readFileSync(join(ROOT, 'nodes/shared', name), 'utf8').split('\n').length,
					] as const,
			)
			.filter(([, lines]) => lines > 300);

		expect(long).toEqual([]);
	});

	test('no core file imports another only for a type: shared types live in types.ts (the provider contract) or coreTypes.ts', () => {
		const typeOnly = coreFiles().flatMap((name) =>
			[
				...readFileSync(join(ROOT, 'nodes/shared', name), 'utf8').matchAll(
					/^import type [^;]+ from '\.\/(\w+)';$/gm,
				),
			]
				.filter((match) => match[1] !== 'types' && match[1] !== 'coreTypes')
				.map((match) => `${name} → ${match[1]}.ts`),
		);

		expect(typeOnly).toEqual([]);
	});
});

/** The TypeScript files of nodes/shared/. */
function coreFiles(): string[] {
	return readdirSync(join(ROOT, 'nodes/shared')).filter((name) => name.endsWith('.ts'));
}

describe('comments that point at files', () => {
	test('every relative path a comment of nodes/ or credentials/ names exists', () => {
		const sources = ['nodes', 'credentials'].flatMap((folder) =>
			readdirSync(join(ROOT, folder), { recursive: true })
				.map(String)
				.filter((name) => name.endsWith('.ts'))
				.map((name) => join(folder, name)),
		);
		const missing = sources.flatMap((file) => {
			const comments =
				readFileSync(join(ROOT, file), 'utf8').match(/\/\/.*$|\/\*[\s\S]*?\*\//gm) ?? [];
			return comments.flatMap((comment) =>
				[
					...comment.matchAll(
						/(?<![\w/.:-])((?:\.\.?\/|(?:docs|test|nodes|credentials|examples|bench|scripts)\/)[\w./-]*\w)/g,
					),
				]
					.map((match) => match[1])
					.filter(
						(path) =>
							!inRepository(join(ROOT, path)) && !inRepository(join(ROOT, dirname(file), path)),
					)
					.map((path) => `${file}: ${path}`),
			);
		});

		expect(missing).toEqual([]);
	});
});

/** A path that exists inside this repository (a comment may not point outside it). */
function inRepository(path: string): boolean {
	return path.startsWith(`${ROOT}/`) && existsSync(path);
}
