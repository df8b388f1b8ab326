/** The durable-work queue of the workflow runner (05 §4.2). */
export const WORKFLOW_QUEUE = 'workflows';
