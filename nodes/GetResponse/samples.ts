import type { IDataObject } from 'n8n-workflow';

/*
 * Webhook bodies follow apidocs.getresponse.com/v3/payloads: contact_opened_message is
 * its documented example; every other type keeps that example's common fields (type, contact,
 * account, event), plus `message` for message events and `clickTrack` ({name, url}, as seen in
 * public GetResponse webhook consumers) for clicks. Per-type fields we could not read in the docs
 * are left out rather than guessed. Callback queries follow the documented example of
 * apidocs.getresponse.com/article/callbacks.
 */

const API = 'https://api.getresponse.com/v3';
const ACCOUNT = { accountId: 'def456' };
const OCCURRED = { occurredAt: '2021-04-27T12:56:00+00:00' };
const CAMPAIGN = {
	campaignId: 'bcd234',
	name: 'my_first_campaign',
	href: `${API}/campaigns/bcd234`,
};
const CONTACT = {
	contactId: 'abc123',
	email: 'example@example.com',
	name: 'Friend',
	campaign: CAMPAIGN,
	href: `${API}/contacts/abc123`,
};
const MESSAGE = {
	resourceType: 'autoresponders',
	resourceId: 'cde345',
	name: 'my_first_newsletter',
	subject: 'My First Newsletter',
	href: `${API}/autoresponders/cde345`,
};
const CLICK = { name: 'Pricing', url: 'https://example.com/pricing' };

function webhookSample(type: string, fields: IDataObject = { contact: CONTACT }): IDataObject {
	return { type, ...fields, account: ACCOUNT, event: OCCURRED };
}

export const WEBHOOK_SAMPLES: Record<string, IDataObject> = {
	contact_opened_message: webhookSample('contact_opened_message', {
		contact: CONTACT,
		message: MESSAGE,
	}),
	contact_clicked_message_link: webhookSample('contact_clicked_message_link', {
		contact: CONTACT,
		message: MESSAGE,
		clickTrack: CLICK,
	}),
	contact_added: webhookSample('contact_added'),
	contact_removed_link: webhookSample('contact_removed_link', {
		contact: CONTACT,
		message: MESSAGE,
	}),
	contact_copied: webhookSample('contact_copied'),
	contact_moved: webhookSample('contact_moved'),
	contact_clicked_sms_link: webhookSample('contact_clicked_sms_link', {
		contact: CONTACT,
		clickTrack: CLICK,
	}),
	contact_custom_field_changed: webhookSample('contact_custom_field_changed'),
	contacts_import_finished: webhookSample('contacts_import_finished', {}),
	contact_removed_bounce: webhookSample('contact_removed_bounce'),
	contact_email_changed: webhookSample('contact_email_changed'),
	contact_rejected: webhookSample('contact_rejected'),
	custom_reports_file_status_changed: webhookSample('custom_reports_file_status_changed', {}),
};

const CALLBACK_COMMON = {
	ACCOUNT_ID: 'A1',
	account_login: 'myaccount',
	CAMPAIGN_ID: 'C1',
	campaign_name: 'mycampaign',
	CONTACT_ID: 'C1',
	contact_name: 'Friend',
	contact_email: 'friend@example.com',
};
const CALLBACK_MESSAGE = {
	MESSAGE_ID: 'M1',
	message_name: 'My message',
	message_subject: 'Some subject',
};

export const CALLBACK_SAMPLES: Record<string, IDataObject> = {
	open: { action: 'open', ...CALLBACK_COMMON, ...CALLBACK_MESSAGE },
	click: { action: 'click', ...CALLBACK_COMMON, ...CALLBACK_MESSAGE },
	goal: { action: 'goal', ...CALLBACK_COMMON },
	subscribe: { action: 'subscribe', ...CALLBACK_COMMON },
	unsubscribe: { action: 'unsubscribe', ...CALLBACK_COMMON },
	survey: { action: 'survey', ...CALLBACK_COMMON },
};
