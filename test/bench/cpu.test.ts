import { spawn } from 'child_process';

import { groupCpuSeconds } from '../../bench/cpu';

/*
 * bench/cpu.ts, the CPU probe of benchmarks 2 and 5: the CPU time of a process group (an n8n
 * process and its task runners), read from /proc. Checked on a child that spins in its own group.
 */
function spinningGroup(milliseconds: number): Promise<number> {
	const child = spawn(
		process.execPath,
		['-e', `const end = Date.now() + ${milliseconds}; while (Date.now() < end);`],
		{ detached: true, stdio: 'ignore' },
	);
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('spawn', () => resolve(child.pid!));
	});
}

describe('the CPU probe of the throughput benchmarks', () => {
	test('counts the CPU time a process group spends, and none of another group', async () => {
		const group = await spinningGroup(5_000);
		try {
			const start = groupCpuSeconds([group]);
			let spent = 0;
			// Shared cores: wait until the child got a fifth of a second, at most 4 s.
			for (const end = Date.now() + 4_000; spent < 0.2 && Date.now() < end;) {
				await new Promise((resolve) => setTimeout(resolve, 50));
				spent = groupCpuSeconds([group]) - start;
			}

			expect({ spent: spent >= 0.2, otherGroup: groupCpuSeconds([group + 1_000_000]) }).toEqual({
				spent: true,
				otherGroup: 0,
			});
		} finally {
			process.kill(-group, 'SIGKILL');
		}
	});
});
