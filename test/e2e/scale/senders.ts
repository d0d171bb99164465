import { standardWebhooksHeaders } from '../../harness/signing';
import { Sender } from '../harness/senders';
import { FORGED_WHSEC, GR_SECRET, POLICIES, WEBHOOK_NODE, WHSEC, type ScaleRun } from './plan';

/** The newest subscription's URL, as a provider delivers a new event to what it holds now. */
const newestUrl = (urls: string[]): string | undefined => urls[urls.length - 1];

/** The sender of a provider, delivering through nginx to what the provider holds now. */
export function scaleSender(run: ScaleRun, name: string, productionUrl: string): Sender {
	const json = (value: unknown) => JSON.stringify(value);
	const forge = (url: string) => url.replace(/secret=[^&]+/, 'secret=forged-secret-value-000000');
	switch (name) {
		case 'weavy':
			return new Sender(
				name,
				(id, forged, retry) => {
					const url =
						retry ?? newestUrl([...run.weavy.subscriptions.values()].map((sub) => sub.hookUrl));
					if (!url) return undefined;
					return {
						url: forged ? forge(url) : url,
						headers: {},
						body: json({ result: { codecustomer: id, name: 'Scale', eventId: id } }),
					};
				},
				POLICIES.weavy,
			);
		case 'sarbacane':
			return new Sender(
				name,
				(id, forged, retry) => {
					const url =
						retry ?? newestUrl([...run.sarbacane.webhooks.values()].map((hook) => hook.url));
					if (!url) return undefined;
					// Sarbacane's fields, the same bytes in every copy: the date from the event's number.
					const date = new Date(Date.UTC(2026, 11, 7) + (Number(id.slice(-6)) || 0));
					return {
						url: forged ? forge(url) : url,
						headers: {},
						body: json({
							kind: 'OPEN',
							type: 'open',
							email: `${id}@example.com`,
							campaignId: 'scale',
							sendId: 'scale-a',
							date: date.toISOString(),
							eventId: id,
						}),
					};
				},
				POLICIES.sarbacane,
			);
		case WEBHOOK_NODE:
			return new Sender(
				name,
				(id) => ({ url: productionUrl, headers: {}, body: json({ eventId: id }) }),
				POLICIES.baseline,
			);
		case 'getresponse':
			return new Sender(
				name,
				(id, forged) => ({
					url: `${productionUrl}?secret=${forged ? 'forged-secret-value-000000' : GR_SECRET}`,
					headers: { 'x-webhook-id': `gr-${id}`, 'x-webhook-type': 'contact_opened_message' },
					body: json({
						type: 'contact_opened_message',
						eventId: id,
						contact: { contactId: id, email: `${id}@example.com` },
						account: { accountId: 'scale' },
						event: { occurredAt: new Date().toISOString() },
					}),
				}),
				POLICIES.getresponse,
			);
		default: {
			return new Sender(
				name,
				(id, forged, retry) => {
					const url =
						retry ?? newestUrl([...run.hooks.subscriptions.values()].map((sub) => sub.target_url));
					if (!url) return undefined;
					const body = json({ type: 'contact.created', eventId: id, data: { id } });
					return {
						url,
						headers: standardWebhooksHeaders(body, forged ? FORGED_WHSEC : WHSEC, {
							id: `msg_${id}`,
						}),
						body,
					};
				},
				POLICIES.resthook,
			);
		}
	}
}
