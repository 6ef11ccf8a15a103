// The panel ↔ crack-worker messages live beside the pool logic in lib/ (tested there with fake workers).
export type { CrackReply, CrackRequest, CrackTask, TaskProgress } from '../../lib/crack/crack-task.ts';
