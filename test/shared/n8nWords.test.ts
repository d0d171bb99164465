import * as n8nWorkflow from 'n8n-workflow';
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import {
	deletedSubscriptionComesBack,
	N8N,
	readableInThisN8n,
	wordsOf,
} from '../../nodes/shared/n8nWords';
import { providerError } from '../../nodes/shared/providerErrors';

const NODE: INode = {
	id: 'n1',
	name: 'Divalto Weavy Trigger',
	type: 'n8n-nodes-resthooks.divaltoWeavyTrigger',
	typeVersion: 2,
	position: [0, 0],
	parameters: {},
};

/** What n8n 1.x's n8n-workflow lacks: everything n8n-workflow 2.0 added. */
const N8N_WORKFLOW_1X = Object.fromEntries(
	Object.entries(n8nWorkflow).filter(([name]) => name !== 'calculateWorkflowChecksum'),
);

describe('the words of the n8n the package runs in', () => {
	test('the n8n-workflow 2.x this package is built against is recognised as an n8n that publishes', () => {
		expect(N8N.publish).toBe('publish');
		expect(N8N.showsErrorMessage).toBe(true);
	});

	test("an n8n-workflow without 2.0's calculateWorkflowChecksum (n8n 1.x) gives n8n 1.x's words", () => {
		const words = wordsOf(N8N_WORKFLOW_1X);
		expect([words.Publish, words.unpublish, words.publishing, words.published]).toEqual([
			'Activate',
			'deactivate',
			'activating',
			'activated',
		]);
		expect(words.showsErrorMessage).toBe(false);
	});

	test('on n8n 1.x, which shows only the description, a provider error describes provider, action, event, status and the provider words, then what to do', () => {
		const error = providerError(NODE, 'Divalto weavy', 'subscribe to event "NewDeal"', {
			status: 500,
			message: 'Database unavailable',
		});
		const hint = error.description;

		readableInThisN8n(error, wordsOf(N8N_WORKFLOW_1X));

		expect(error.description).toBe(
			`Divalto weavy could not subscribe to event "NewDeal" (HTTP 500): Database unavailable. ${hint}`,
		);
	});

	test('on n8n 2.x, which shows the message beside the description, an error is left as it is', () => {
		const error = new NodeOperationError(NODE, 'No event is selected', {
			description: 'Choose one.',
		});

		readableInThisN8n(error, wordsOf(n8nWorkflow));

		expect(error.description).toBe('Choose one.');
	});

	test('a description that already starts with the message is not doubled', () => {
		const error = new NodeApiError(
			NODE,
			{ message: 'x' },
			{ message: 'Refused', description: 'Refused. Retry.' },
		);

		readableInThisN8n(error, wordsOf(N8N_WORKFLOW_1X));

		expect(error.description).toBe('Refused. Retry.');
	});

	test('on n8n 1.x, which shows any error but a NodeApiError by its message, other errors pass through unchanged', () => {
		const configuration = new NodeOperationError(NODE, 'No event is selected', {
			description: 'Choose one.',
		});
		const plain = new Error('socket hang up');

		readableInThisN8n(configuration, wordsOf(N8N_WORKFLOW_1X));
		readableInThisN8n(plain, wordsOf(N8N_WORKFLOW_1X));

		expect(configuration.description).toBe('Choose one.');
		expect(plain).toEqual(new Error('socket hang up'));
	});

	test('on n8n 2.x, which calls nothing on a trigger at start, a deleted subscription comes back only by publishing again', () => {
		const words = wordsOf(n8nWorkflow);

		expect([
			deletedSubscriptionComesBack('always', words),
			deletedSubscriptionComesBack({ onlyWhenSet: 'List Subscriptions → URL' }, words),
		]).toEqual([
			'unpublish and publish the workflow again: n8n does not check it by itself.',
			'unpublish and publish the workflow again: n8n does not check it by itself.',
		]);
	});

	test('on n8n 1.x, which asks each trigger at start, a restart brings back what the provider lists, and only that', () => {
		const words = wordsOf(N8N_WORKFLOW_1X);

		expect([
			deletedSubscriptionComesBack('always', words),
			deletedSubscriptionComesBack({ onlyWhenSet: 'List Subscriptions → URL' }, words),
			deletedSubscriptionComesBack('never', words),
		]).toEqual([
			'deactivate and activate the workflow again, or restart n8n: n8n checks it only when it starts.',
			'deactivate and activate the workflow again, or restart n8n: n8n checks it only when it starts if List Subscriptions → URL is set.',
			'deactivate and activate the workflow again: n8n does not check it by itself.',
		]);
	});
});
