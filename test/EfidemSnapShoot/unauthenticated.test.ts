import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { EfidemSnapShootTrigger } from '../../nodes/EfidemSnapShoot/EfidemSnapShootTrigger.node';
import { efidemPayload, efidemTrigger } from '../harness/efidem';

const node = new EfidemSnapShootTrigger();
const { properties } = node.description;

/** The parameters as n8n resolves them (defaults filled in) for what the user set. */
function resolved(parameters: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(
		properties,
		parameters,
		true,
		false,
		{ typeVersion: 1 },
		node.description,
	) as INodeParameters;
}

/** Whether n8n's editor shows this parameter, using n8n-workflow's own display rule. */
function shown(name: string, parameters: INodeParameters): boolean {
	const property = properties.find((candidate) => candidate.name === name) as INodeProperties;
	return NodeHelpers.displayParameter(
		resolved(parameters),
		property,
		{ typeVersion: 1 },
		node.description,
	);
}

function credentialShown(parameters: INodeParameters): boolean {
	const [credential] = node.description.credentials ?? [];
	return NodeHelpers.displayParameter(
		resolved(parameters),
		credential,
		{ typeVersion: 1 },
		node.description,
	);
}

describe('Efidem SnapShoot trigger without a signature', () => {
	test('signature checking is the default', () => {
		expect(resolved({}).authentication).toBe('signature');
	});

	test('with authentication "None" an unsigned delivery starts a run', async () => {
		const outcome = await efidemTrigger({ authentication: 'none' }).deliver({
			body: efidemPayload('Ouverture'),
		});

		expect(outcome.status).toBe(200);
		expect(outcome.items).toEqual([expect.objectContaining({ event: 'opened' })]);
	});

	test('with authentication "None" a bogus X-Signature does not matter', async () => {
		const outcome = await efidemTrigger({ authentication: 'none' }).deliver({
			headers: { 'X-Signature': 'not-a-signature' },
			body: efidemPayload('Clic'),
		});

		expect(outcome.items).toEqual([expect.objectContaining({ event: 'clicked' })]);
	});

	test('the node shows a notice that deliveries are not authenticated when authentication is "None"', () => {
		const notice = properties.find((property) => property.name === 'unauthenticatedNotice');

		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toMatch(/not authenticated/);
		expect(shown('unauthenticatedNotice', { authentication: 'none' })).toBe(true);
	});

	test('the not-authenticated notice is hidden while signatures are checked', () => {
		expect(shown('unauthenticatedNotice', {})).toBe(false);
		expect(shown('signatureNotice', {})).toBe(true);
	});

	test('the credential is asked for only when signatures are checked', () => {
		expect(credentialShown({})).toBe(true);
		expect(credentialShown({ authentication: 'none' })).toBe(false);
	});

	test('the notice telling where to paste the URL is always shown', () => {
		const notice = properties.find((property) => property.name === 'pastedUrlNotice');

		expect(notice?.displayName).toContain('SnapShoot > Développeur > Paramètres');
		expect(shown('pastedUrlNotice', { authentication: 'none' })).toBe(true);
		expect(shown('pastedUrlNotice', {})).toBe(true);
	});
});
