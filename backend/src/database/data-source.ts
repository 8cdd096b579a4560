import { DataSource, DataSourceOptions } from 'typeorm';
// migrations/ sits at the repository root (not an Nx project) and is compiled together with the backend.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

/** TypeORM options shared by the app, the DB CLI and the tests. Schema changes only by migration. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: 10,
      connectionTimeoutMillis: 5000,
      application_name: 'hcrm',
    },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
