import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

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
});
