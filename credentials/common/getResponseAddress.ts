import type { INodeProperties } from 'n8n-workflow';

/** GetResponse's documented API addresses (apidocs.getresponse.com/v3, "GetResponse MAX"). */
const GETRESPONSE_BASE_URLS = {
	standard: 'https://api.getresponse.com/v3',
	maxCom: 'https://api3.getresponse360.com/v3',
	maxPl: 'https://api3.getresponse360.pl/v3',
} as const;

/** Where a GetResponse account's API is, and its MAX domain: the same for the API key and OAuth2. */
export const GETRESPONSE_ADDRESS_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'API Address',
		name: 'baseUrl',
		type: 'options',
		default: 'https://api.getresponse.com/v3',
		options: [
			{ name: 'GetResponse (api.getresponse.com)', value: GETRESPONSE_BASE_URLS.standard },
			{
				name: 'GetResponse MAX (api3.getresponse360.com)',
				value: GETRESPONSE_BASE_URLS.maxCom,
			},
			{
				name: 'GetResponse MAX Poland (api3.getresponse360.pl)',
				value: GETRESPONSE_BASE_URLS.maxPl,
			},
			{ name: 'Custom', value: 'custom' },
		],
	},
	{
		displayName: 'Custom API Address',
		name: 'customBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://api.example.com/v3',
		description: 'The API address including /v3',
		displayOptions: { show: { baseUrl: ['custom'] } },
	},
	{
		displayName: 'GetResponse MAX Domain',
		name: 'domain',
		type: 'string',
		default: '',
		placeholder: 'e.g. example.com',
		description:
			'Only for GetResponse MAX accounts: the domain of your MAX account, sent as the X-Domain header. Leave empty otherwise.',
	},
];
