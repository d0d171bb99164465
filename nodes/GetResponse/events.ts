import type { ProviderEvent } from '../shared/types';

/**
 * Webhooks (JSON POST, made in GetResponse's UI): the `type` values of
 * apidocs.getresponse.com/v3/payloads. Wire forms are the labels GetResponse's UI shows, in
 * English (apidocs.getresponse.com/v3/webhooks) and French (the seed help page), so a filter
 * typed from the UI still matches.
 */
export const WEBHOOK_EVENTS: ProviderEvent[] = [
	{
		value: 'contact_opened_message',
		name: 'Message Opened',
		description: 'A contact opened an email',
		wireForms: ['Message opened', 'Message ouvert'],
	},
	{
		value: 'contact_clicked_message_link',
		name: 'Link Clicked',
		description: 'A contact clicked a link in an email',
		wireForms: ['Link clicked', 'Lien cliqué'],
	},
	{
		value: 'contact_added',
		name: 'Contact Subscribed',
		description: 'A contact was added to a list (not fired by imports)',
		wireForms: ['Contact subscribed', 'Contact inscrit'],
	},
	{
		value: 'contact_removed_link',
		name: 'Contact Unsubscribed',
		description: 'A contact unsubscribed through the unsubscribe link of an email',
		wireForms: ['Contact unsubscribed', 'Contact désinscrit'],
	},
	{
		value: 'contact_copied',
		name: 'Contact Copied',
		description: 'A contact was copied from one list to another',
		wireForms: ['Contact copié'],
	},
	{
		value: 'contact_moved',
		name: 'Contact Moved',
		description: 'A contact was moved from one list to another',
		wireForms: ['Contact déplacé'],
	},
	{
		value: 'contact_clicked_sms_link',
		name: 'SMS Link Clicked',
		description: 'A contact clicked a link in a text message (GetResponse MAX only)',
		wireForms: ['SMS link clicked', 'Lien SMS cliqué'],
	},
	{
		value: 'contact_custom_field_changed',
		name: 'Custom Field Value Changed',
		description:
			'A custom field of an existing contact was assigned, unassigned or updated (not fired by imports)',
		wireForms: ['Custom field value changed', 'La valeur du champ personnalisé a été modifiée'],
	},
	{
		value: 'contacts_import_finished',
		name: 'Import Finished',
		description: 'A contact import finished, successfully or not',
		wireForms: ['Import finished', 'Importation terminée'],
	},
	{
		value: 'contact_removed_bounce',
		name: 'Contact Removed After Bounce',
		description: 'A contact was removed because messages to it bounced',
		wireForms: ['Contact bounce removed'],
	},
	{
		value: 'contact_email_changed',
		name: 'Contact Email Changed',
		description: "A contact's email address changed",
		wireForms: ["Contact's email changed"],
	},
	{
		value: 'contact_rejected',
		name: 'Contact Rejected',
		description: 'GetResponse rejected a contact',
	},
	{
		value: 'custom_reports_file_status_changed',
		name: 'Custom Report File Status Changed',
		description: 'The file of a custom report changed status',
	},
];

/**
 * Legacy callbacks (GET with a query string, managed through /accounts/callbacks): the
 * `action` values of apidocs.getresponse.com/article/callbacks.
 */
export const CALLBACK_EVENTS: ProviderEvent[] = [
	{ value: 'open', name: 'Email Opened', description: 'A contact opened an email' },
	{
		value: 'click',
		name: 'Email Link Clicked',
		description: 'A contact clicked a link in an email',
	},
	{ value: 'goal', name: 'Goal Reached', description: 'A contact reached a goal' },
	{
		value: 'subscribe',
		name: 'Contact Subscribed',
		description: 'A contact subscribed to a list',
	},
	{
		value: 'unsubscribe',
		name: 'Contact Unsubscribed',
		description: 'A contact unsubscribed from a list',
	},
	{ value: 'survey', name: 'Survey Submitted', description: 'A contact submitted a survey' },
];
