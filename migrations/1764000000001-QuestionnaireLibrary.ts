import { MigrationInterface, QueryRunner } from 'typeorm';
import { LIBRARY } from './data/questionnaire-library';

/** The questionnaire library shipped with the product, published as version 1 (issue #5). */
export class QuestionnaireLibrary1764000000001 implements MigrationInterface {
  name = 'QuestionnaireLibrary1764000000001';

  public async up(q: QueryRunner): Promise<void> {
    for (const item of LIBRARY) {
      await q.query(
        `INSERT INTO questionnaire (code, version, title_zh, title_en, description, status, definition, library, published_at)
         VALUES ($1, 1, $2, $3, $4, 'published', $5, true, now()) ON CONFLICT (code, version) DO NOTHING`,
        [item.code, item.titleZh, item.titleEn, item.description, JSON.stringify(item.definition)],
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    // Library rows are published (the delete rule keeps published rows), so retire them instead.
    await q.query(
      `UPDATE questionnaire SET status = 'retired', retired_at = now() WHERE library AND version = 1 AND status = 'published' AND code = ANY($1)`,
      [LIBRARY.map((l) => l.code)],
    );
  }
}
