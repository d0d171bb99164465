import type { ProviderEvent } from '../shared/types';

/**
 * The webhook kinds of Sarbacane's API. The legacy Webhook extension sends the first five with
 * a lower-case `type` instead (the seed's envelopes): those are their wire forms.
 */
export const SARBACANE_EVENTS: ProviderEvent[] = [
	{
		value: 'SUCCESSFUL',
		name: 'Delivered',
		description: 'An email reached the recipient\'s mail server (legacy type "delivered")',
		wireForms: ['delivered'],
	},
	{
		value: 'OPEN',
		name: 'Opened',
		description: 'A recipient opened an email; every open is one event (legacy type "open")',
		wireForms: ['open'],
	},
	{
		value: 'HIT',
		name: 'Clicked',
		description: 'A recipient clicked a link in an email (legacy type "click")',
		wireForms: ['click'],
	},
	{
		value: 'SOFT_BOUNCE',
		name: 'Soft Bounce',
		description: 'An email was temporarily refused (legacy type "soft_bounce")',
		wireForms: ['soft_bounce'],
	},
	{
		value: 'HARD_BOUNCE',
		name: 'Hard Bounce',
		description: 'An email was permanently refused (legacy type "hard_bounce")',
		wireForms: ['hard_bounce'],
	},
	{
		value: 'UNSUBSCRIBE',
		name: 'Unsubscribed',
		description: 'A recipient unsubscribed',
		wireForms: ['unsubscribed'],
	},
	{
		value: 'COMPLAINT',
		name: 'Spam Complaint',
		description: 'A recipient reported an email as spam',
	},
	{
		value: 'FORM_SUBMIT',
		name: 'Form Submitted',
		description: 'A Sarbacane form was submitted',
	},
	{
		value: 'CAPTCHA',
		name: 'Captcha',
		description: "Sarbacane's CAPTCHA webhook kind (for forms; its payload is undocumented)",
	},
];

const LEGACY_KINDS = ['SUCCESSFUL', 'OPEN', 'HIT', 'SOFT_BOUNCE', 'HARD_BOUNCE'];

/** What the Webhook extension sends (the seed documents only these five types). */
export const EXTENSION_EVENTS: ProviderEvent[] = SARBACANE_EVENTS.filter((event) =>
	LEGACY_KINDS.includes(event.value),
);

/**
 * Which field names the event. The extension's payloads say `type` (documented); those of the
 * API's kinds are undocumented and may say `kind`. `kind` is read first: a legacy payload has
 * no `kind`, while a new payload might carry a `type` that means something else.
 */
export const DEFAULT_EVENT_FIELDS = 'kind, type';
