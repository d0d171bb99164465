import * as n8nWorkflow from 'n8n-workflow';

/**
 * What the user's n8n calls things, and how it shows an error. n8n 2.0 renamed activating a
 * workflow "publishing"; n8n 1.x says "activate" and, when a trigger cannot be activated, shows
 * the error's description only. A community package cannot ask n8n its version, but n8n 1.x loads
 * it with its own n8n-workflow 1.x (the peer dependency), and n8n-workflow 2.0 added
 * `calculateWorkflowChecksum` with workflow publishing: its presence tells the two lines apart.
 */
export interface N8nWords {
	publish: string;
	Publish: string;
	publishing: string;
	Publishing: string;
	published: string;
	unpublish: string;
	Unpublish: string;
	unpublishing: string;
	/** Whether n8n shows an activation NodeApiError's message (2.x), not only its description (1.x). */
	showsErrorMessage: boolean;
	/** Whether n8n asks each trigger at start whether its subscriptions still exist (1.x). */
	checksAtStart: boolean;
}

const PUBLISH: N8nWords = {
	publish: 'publish',
	Publish: 'Publish',
	publishing: 'publishing',
	Publishing: 'Publishing',
	published: 'published',
	unpublish: 'unpublish',
	Unpublish: 'Unpublish',
	unpublishing: 'unpublishing',
	showsErrorMessage: true,
	checksAtStart: false,
};

const ACTIVATE: N8nWords = {
	publish: 'activate',
	Publish: 'Activate',
	publishing: 'activating',
	Publishing: 'Activating',
	published: 'activated',
	unpublish: 'deactivate',
	Unpublish: 'Deactivate',
	unpublishing: 'deactivating',
	showsErrorMessage: false,
	checksAtStart: true,
};

/** The words of the n8n whose n8n-workflow module is `workflowModule`. */
export function wordsOf(workflowModule: object): N8nWords {
	return 'calculateWorkflowChecksum' in workflowModule ? PUBLISH : ACTIVATE;
}

/** The words of the n8n this package runs in. */
export const N8N: N8nWords = wordsOf(n8nWorkflow);

/**
 * An error thrown to n8n from publishing, unpublishing or a test event, readable in this n8n.
 * n8n 1.x shows a NodeApiError that failed an activation by its description alone (any other
 * error by its message): there the description starts with the message (provider, action,
 * event, HTTP status and the provider's words), then says what to do.
 */
export function readableInThisN8n<E>(error: E, words: N8nWords = N8N): E {
	if (words.showsErrorMessage || !(error instanceof n8nWorkflow.NodeApiError)) return error;
	const { message, description } = error;
	if (!message || description?.startsWith(message)) return error;
	error.description = description ? `${message}. ${description}` : message;
	return error;
}

/**
 * How a subscription deleted on the provider's side comes back, to end a trigger's notice. n8n
 * 1.x calls checkExists() at every start, which answers false where the provider lists its
 * subscriptions (`listed`: always, never, or only when a setting of the node, which it names,
 * is set); n8n 2.x calls nothing at start.
 */
export function deletedSubscriptionComesBack(
	listed: 'always' | 'never' | { onlyWhenSet: string },
	words: N8nWords = N8N,
): string {
	const again = `${words.unpublish} and ${words.publish} the workflow again`;
	if (!words.checksAtStart || listed === 'never') {
		return `${again}: n8n does not check it by itself.`;
	}
	const when = listed === 'always' ? '' : ` if ${listed.onlyWhenSet} is set`;
	return `${again}, or restart n8n: n8n checks it only when it starts${when}.`;
}
