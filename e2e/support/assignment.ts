import type { Locator, Page } from 'playwright-core';
import { apiCall, apiLogin, uniqueName } from './api';
import { byTestId } from './app';
import { sql } from './db';
import { dueTasksForNurse } from './worklist';

/** A new nurse of 心内科 for this run (the demo accounts are shared by all tests). */
export async function cardiologyNurse(prefix: string): Promise<{ id: string; displayName: string }> {
  const admin = await apiLogin('admin');
  const [card] = await sql<{ id: string }>(`SELECT id FROM department WHERE code = 'CARD'`);
  const username = uniqueName(prefix);
  const displayName = `护士${username.slice(-5)}`;
  const res = await apiCall<{ id?: string }>('POST', '/users', admin, {
    username,
    displayName,
    password: 'Throwaway2024',
    roles: ['nurse'],
    departmentIds: [card.id],
  });
  if (res.status !== 201 || !res.body.id) throw new Error(`[e2e] POST /users: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, displayName };
}

/** Gives the nurse `count` open tasks (by hand, as the manager). Answers their ids. */
export async function tasksAssignedTo(nurseId: string, count: number): Promise<string[]> {
  const manager = await apiLogin('manager');
  const tasks = await dueTasksForNurse(count);
  for (const t of tasks) {
    const res = await apiCall('POST', `/tasks/${t.taskId}/assignee`, manager, { toUserId: nurseId });
    if (res.status !== 201) throw new Error(`[e2e] assign: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return tasks.map((t) => t.taskId);
}

export async function choose(page: Page, select: Locator, option: string): Promise<void> {
  // The arrow: an empty select's floating label can cover its middle.
  await select.locator('.mat-mdc-select-arrow-wrapper').click();
  await byTestId(page, option).click();
  await byTestId(page, option).waitFor({ state: 'detached' });
}
