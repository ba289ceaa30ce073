import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The core kit is what a process that only logs, validates or verifies tokens loads: no drivers, no broker client, no server. */
describe('the core kit', () => {
  it('loads without pg, librdkafka, grpc-js or ClickHouse', () => {
    const loaded: string[] = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `require(${JSON.stringify(path.join(__dirname, 'index.ts'))}); console.log(JSON.stringify(Object.keys(require.cache)))`,
        ],
        { encoding: 'utf8' },
      ),
    );
    const heavy = loaded.filter((f) => /node_modules\/(pg|pg-pool|@confluentinc|@grpc|chdb|@clickhouse)\//.test(f));
    expect(heavy).toEqual([]);
    expect(loaded.some((f) => f.includes('node_modules/pino/'))).toBe(true);
  });
});
