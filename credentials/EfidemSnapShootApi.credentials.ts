import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * SnapShoot has no API: this credential only holds the key SnapShoot signs its webhooks with.
 * It is tested by the Efidem SnapShoot Trigger (`testedBy`), which can only check its form.
 */
export class EfidemSnapShootApi implements ICredentialType {
	name = 'efidemSnapShootApi';

	displayName = 'Efidem SnapShoot API';

	icon: Icon = {
		light: 'file:../nodes/EfidemSnapShoot/efidem.svg',
		dark: 'file:../nodes/EfidemSnapShoot/efidem.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-resthooks/n8n-nodes-resthooks/blob/main/docs/efidem-snapshoot.md#the-credential';

	properties: INodeProperties[] = [
		{
			displayName:
				'In SnapShoot > Développeur > Paramètres > WebHooks (Developer > Settings > WebHooks), turn on "Activer la signature des WebHooks" (webhook signing) and copy the generated SecretKey here. SnapShoot has no API, so testing this credential only checks the key is well-formed.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'SecretKey',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The key SnapShoot signs every webhook with (X-Signature header)',
		},
		{
			displayName: 'Previous SecretKey',
			name: 'previousSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While you generate a new SecretKey in SnapShoot, deliveries signed with this older one are still accepted. Leave empty otherwise.',
		},
	];
}
