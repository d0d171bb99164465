import type { INodeProperties } from 'n8n-workflow';

/** The secret a REST-hook API signs its deliveries with, and the previous one while it rotates: the same fields in both REST Hook credentials. */
export const SIGNING_SECRET_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Signing Secret',
		name: 'signingSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'The secret the API signs its deliveries with (HMAC, Standard Webhooks whsec_…, Stripe-style or GitHub-style). Leave empty when deliveries are not signed.',
	},
	{
		displayName: 'Previous Signing Secret',
		name: 'previousSigningSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'While the API rotates its signing secret, deliveries signed with this older one are still accepted. Leave empty otherwise.',
	},
];
