import type { ICredentialTestFunctions, ICredentialsDecrypted } from 'n8n-workflow';

import { EfidemSnapShootApi } from '../../credentials/EfidemSnapShootApi.credentials';
import { EfidemSnapShootTrigger } from '../../nodes/EfidemSnapShoot/EfidemSnapShootTrigger.node';
import { EFIDEM_CREDENTIAL, efidemSnapShoot } from '../../nodes/EfidemSnapShoot/provider';
import { EFIDEM_PREVIOUS_SECRET, EFIDEM_SECRET } from '../harness/efidem';

const node = new EfidemSnapShootTrigger();
const [credentialUse] = node.description.credentials ?? [];

/** What n8n's credential "Test" button runs for a credential tested by a node (`testedBy`). */
async function testCredential(data: Record<string, string>) {
	const test = node.methods.credentialTest[credentialUse.testedBy as 'efidemSnapShootSecretKey'];
	const credential: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'SnapShoot',
		type: EFIDEM_CREDENTIAL,
		data,
	};
	return await test.call({} as ICredentialTestFunctions, credential);
}

describe('Efidem SnapShoot credential', () => {
	test('the node uses the credential type the package registers', () => {
		expect(credentialUse.name).toBe(new EfidemSnapShootApi().name);
		expect(efidemSnapShoot.credentialType).toBe('efidemSnapShootApi');
	});

	test('the SecretKey fields are password fields', () => {
		const fields = new EfidemSnapShootApi().properties.filter((p) => p.type === 'string');

		expect(fields.map((field) => [field.name, field.typeOptions?.password])).toEqual([
			['secretKey', true],
			['previousSecretKey', true],
		]);
	});

	test('the credential test accepts a well-formed SecretKey and says what it could not check', async () => {
		const result = await testCredential({ secretKey: EFIDEM_SECRET, previousSecretKey: '' });

		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/well-formed.*no API/);
	});

	test('the credential test accepts a well-formed previous SecretKey', async () => {
		const result = await testCredential({
			secretKey: EFIDEM_SECRET,
			previousSecretKey: EFIDEM_PREVIOUS_SECRET,
		});

		expect(result.status).toBe('OK');
	});

	test('the credential test refuses an empty SecretKey', async () => {
		await expect(testCredential({ secretKey: '' })).resolves.toEqual({
			status: 'Error',
			message: 'The SecretKey cannot be used: it is empty.',
		});
	});

	test('the credential test refuses a SecretKey pasted with a line break', async () => {
		await expect(testCredential({ secretKey: `${EFIDEM_SECRET}\n` })).resolves.toEqual({
			status: 'Error',
			message: 'The SecretKey cannot be used: it starts or ends with a space or line break.',
		});
	});

	test('the credential test refuses a malformed previous SecretKey', async () => {
		const result = await testCredential({ secretKey: EFIDEM_SECRET, previousSecretKey: ' old' });

		expect(result).toEqual({
			status: 'Error',
			message:
				'The previous SecretKey cannot be used: it starts or ends with a space or line break.',
		});
	});

	test('SnapShoot has no subscription API: the URL is pasted by the user', () => {
		expect(efidemSnapShoot.subscriptionApi({} as never)).toBeUndefined();
	});
});
