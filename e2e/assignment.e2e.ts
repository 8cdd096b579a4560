/**
 * Task assignment (issue #6), as the demo manager: a nurse going on leave has her open tasks moved to
 * another nurse with the bulk reassignment form — preview count first, then confirm — and the count
 * the page reports is the number of tasks that moved in the database.
 */
import { byTestId, eventually, signIn, textOf, url, waitForPath } from './support/app';
import { sql } from './support/db';
import { useBrowser } from './support/fixture';
import { cardiologyNurse, choose, tasksAssignedTo } from './support/assignment';

const inPage = useBrowser();

describe('task assignment', () => {
  it(
    'the manager moves a nurse’s open tasks to another nurse: preview, confirm, and the count matches the database',
    inPage(async (page) => {
      const [away, cover] = [await cardiologyNurse('away'), await cardiologyNurse('cover')];
      const taskIds = await tasksAssignedTo(away.id, 3);

      await page.goto(url('/sign-in'));
      await signIn(page, 'manager');
      await byTestId(page, 'nav-assignment').click();
      await waitForPath(page, '/assignment');
      await page.getByRole('tab').nth(1).click();

      await choose(page, byTestId(page, 'reassign-from'), `reassign-from-${away.id}`);
      await choose(page, byTestId(page, 'reassign-to'), `reassign-to-${cover.id}`);
      await byTestId(page, 'reassign-reason').fill('休假');
      await byTestId(page, 'reassign-preview').click();
      await eventually(async () => expect(await textOf(byTestId(page, 'reassign-summary'))).toContain('3 个未完成任务'));
      // Nothing has moved yet.
      const before = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM followup_task WHERE assigned_to = $1`, [cover.id]);
      expect(before[0].n).toBe(0);

      expect(await textOf(byTestId(page, 'reassign-confirm'))).toBe('转派 3 个任务');
      await byTestId(page, 'reassign-confirm').click();
      await page.getByText('已转派 3 个任务').waitFor();
      await byTestId(page, 'reassign-confirm').waitFor({ state: 'detached' });

      const moved = await sql<{ id: string }>(`SELECT id FROM followup_task WHERE assigned_to = $1 ORDER BY id`, [cover.id]);
      expect(moved.map((k) => k.id)).toEqual([...taskIds].sort());
      const history = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM task_assignment_history WHERE source = 'bulk' AND from_user_id = $1 AND to_user_id = $2 AND reason = '休假'`,
        [away.id, cover.id],
      );
      expect(history[0].n).toBe(3);
    }),
  );
});
