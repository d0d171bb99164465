import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { chromium, selectors, type Browser, type Locator, type Page } from 'playwright-core';

import type { N8nHandle } from '../e2e/harness/n8n';
import { REPO_ROOT } from '../e2e/harness/paths';

/** Screenshots of every step, for people reading a failed run (git-ignored). */
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'browser');

/** Debian's chromium (test/browser/install-chromium.sh); playwright's own browsers need the internet. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const LAUNCH_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

// n8n's editor marks its elements with data-test-id.
selectors.setTestIdAttribute('data-test-id');

/** Launches chromium, after emptying the screenshots folder of a previous run. */
export async function launchBrowser(): Promise<Browser> {
	rmSync(ARTIFACTS, { recursive: true, force: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_FLAGS });
}

/** A new page logged in as n8n's owner through the sign-in form. */
export async function signIn(browser: Browser, n8n: N8nHandle): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	await page.goto(`${n8n.baseUrl}/signin`);
	await page.getByLabel(/email/i).fill(n8n.owner.email);
	await page.getByLabel(/password/i).fill(n8n.owner.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL(/\/(home|workflows)/);
	return page;
}

export async function shot(page: Page, name: string): Promise<string> {
	const file = path.join(ARTIFACTS, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/**
 * A new workflow; the nodes panel searched for `search`; the node `nodeName` opened and its
 * trigger action `action` ("On new customer", ...) added. Leaves the node's panel (NDV) open.
 */
export async function addTrigger(
	page: Page,
	n8n: N8nHandle,
	{
		search,
		nodeName,
		action,
		shotName,
	}: { search: string; nodeName: string; action: string | RegExp; shotName?: string },
): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/new`);
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill(search);
	const found = page.getByTestId('node-creator-item-name').getByText(nodeName, { exact: true });
	await found.waitFor();
	if (shotName) await shot(page, shotName);
	await found.click();
	await page.getByTestId('node-creator-item-name').getByText(action).first().click();
	await page.getByTestId('ndv').waitFor();
}

/** The open node panel's parameter input called `name` (n8n's data-test-id `parameter-input-<name>`). */
export function parameter(page: Page, name: string): Locator {
	return page.getByTestId(`parameter-input-${name}`);
}
