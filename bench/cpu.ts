import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';

/**
 * CPU time (user + system) used so far by every process of a process group, read from Linux's
 * /proc: an n8n process and its task-runner children. Benchmarks 2 and 5 take it before and after
 * a round, so each figure says where the machine's two cores went, per event.
 */
const CLOCK_TICKS =
	Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export function groupCpuSeconds(groups: Array<number | undefined>): number {
	const wanted = new Set(groups.filter((group): group is number => group !== undefined));
	let ticks = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // exited meanwhile
		}
		// After "pid (comm) ": state, ppid, pgrp, …, utime (14th field), stime (15th).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (!wanted.has(Number(fields[2]))) continue;
		ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks / CLOCK_TICKS;
}
