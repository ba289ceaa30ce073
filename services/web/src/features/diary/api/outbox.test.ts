import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api';
import { isRefusal, type LogWorkAnswer, memoryStore, Outbox, type QueuedRequest } from './outbox';

const unreachable = () => new ApiError(0, 'UNAVAILABLE', undefined, { vi: 'Mất kết nối', en: 'No connection' });
const refused = (status: number, code: string, field: string, vi: string) => new ApiError(status, code, field, { vi, en: vi });

/**
 * A server as LogWork behaves: an entry per request id, the stored one answered again for a
 * repeated id. `script` decides each attempt: 'ok', 'lost' (written, but the answer never
 * arrives), 'down' (not reached), or an error to answer.
 */
function server(script: (r: QueuedRequest, attempt: number) => 'ok' | 'lost' | 'down' | ApiError = () => 'ok') {
  const entries = new Map<string, { id: string; note: string }>();
  const attempts: string[] = [];
  const send = async (r: QueuedRequest): Promise<LogWorkAnswer> => {
    attempts.push(r.request_id);
    const verdict = script(r, attempts.length);
    if (verdict instanceof ApiError) throw verdict;
    if (verdict === 'down') throw unreachable();
    if (!entries.has(r.request_id)) entries.set(r.request_id, { id: `e${entries.size + 1}`, note: r.note ?? '' });
    if (verdict === 'lost') throw unreachable();
    return { entry: entries.get(r.request_id), outcome: { day_total_minutes: 0, warnings: [] } } as unknown as LogWorkAnswer;
  };
  return { entries, attempts, send };
}

let ids = 0;
const newId = () => `req-${++ids}`;
const entry = (note: string, official = 'o-an') => ({
  official_id: official,
  work_date: '2026-12-01',
  work_item_id: 'w-1',
  quantity_decimal: '1',
  minutes: 0,
  note,
});

describe('the outbox of the diary', () => {
  it('keeps entries in the order written, each with its own request id (or the one it already had)', async () => {
    const outbox = new Outbox(memoryStore(), server().send, newId);
    const a = await outbox.add(entry('một'), 'B01 Soạn thảo');
    const b = await outbox.add({ ...entry('hai'), request_id: 'tried-once' }, 'B01 Soạn thảo');
    const c = await outbox.add(entry('ba', 'o-binh'), 'B02');
    expect(b.request_id).toBe('tried-once');
    expect(new Set([a.request_id, b.request_id, c.request_id]).size).toBe(3);
    expect((await outbox.list()).map((i) => i.request.note)).toEqual(['một', 'hai', 'ba']);
    expect((await outbox.list('o-an')).map((i) => [i.request.note, i.request.request_id])).toEqual([
      ['một', a.request_id],
      ['hai', 'tried-once'],
    ]);
  });

  it('sends them in order with their request ids and drops each once the server has it', async () => {
    const s = server();
    const outbox = new Outbox(memoryStore(), s.send, newId);
    const items = [await outbox.add(entry('một'), 'x'), await outbox.add(entry('hai'), 'x'), await outbox.add(entry('ba'), 'x')];
    const report = await outbox.flush('o-an');
    expect(s.attempts).toEqual(items.map((i) => i.request_id));
    expect(report.sent.map((r) => r.item.request.note)).toEqual(['một', 'hai', 'ba']);
    expect(report.sent.map((r) => r.answer.entry.id)).toEqual(['e1', 'e2', 'e3']);
    expect(await outbox.list()).toEqual([]);
  });

  it('sends only the official’s own entries when asked for one official', async () => {
    const s = server();
    const outbox = new Outbox(memoryStore(), s.send, newId);
    await outbox.add(entry('của An'), 'x');
    await outbox.add(entry('của Bình', 'o-binh'), 'x');
    await outbox.flush('o-an');
    expect((await outbox.list()).map((i) => i.request.note)).toEqual(['của Bình']);
  });

  it('keeps an entry the server refuses, with the field and the reason, and goes on with the next', async () => {
    const s = server((r) => (r.note === 'trùng' ? refused(409, 'ALREADY_EXISTS', 'work_item_id', 'Đã có một kê khai giống hệt') : 'ok'));
    const outbox = new Outbox(memoryStore(), s.send, newId);
    await outbox.add(entry('một'), 'x');
    const bad = await outbox.add(entry('trùng'), 'B01 Soạn thảo');
    await outbox.add(entry('ba'), 'x');
    const report = await outbox.flush();
    expect(report.sent.map((r) => r.item.request.note)).toEqual(['một', 'ba']);
    const left = await outbox.list();
    expect(left).toEqual([
      {
        ...bad,
        refusal: {
          status: 409,
          code: 'ALREADY_EXISTS',
          field: 'work_item_id',
          message: { vi: 'Đã có một kê khai giống hệt', en: 'Đã có một kê khai giống hệt' },
        },
      },
    ]);
    // Not sent again by itself (it would be refused again); the person removes it.
    const attempts = s.attempts.length;
    await outbox.flush();
    expect(s.attempts.length).toBe(attempts);
    await outbox.remove(bad.request_id);
    expect(await outbox.list()).toEqual([]);
  });

  it('stops at a lost connection, keeping that entry and those after it in order, and sends them later with the same ids', async () => {
    let up = false;
    const s = server((r) => (!up && r.note === 'hai' ? 'down' : 'ok'));
    const outbox = new Outbox(memoryStore(), s.send, newId);
    const [one, two, three] = [
      await outbox.add(entry('một'), 'x'),
      await outbox.add(entry('hai'), 'x'),
      await outbox.add(entry('ba'), 'x'),
    ];
    const first = await outbox.flush();
    expect(first.sent.map((r) => r.item.request.note)).toEqual(['một']);
    expect((first.stopped as ApiError).status).toBe(0);
    expect((await outbox.list()).map((i) => [i.request.note, i.refusal])).toEqual([
      ['hai', undefined],
      ['ba', undefined],
    ]);
    up = true;
    await outbox.flush();
    expect(s.attempts).toEqual([one.request_id, two.request_id, two.request_id, three.request_id]);
    expect(await outbox.list()).toEqual([]);
  });

  it('never doubles an entry whose answer was lost: the retry carries the same request id and gets the stored entry', async () => {
    const s = server((_r, attempt) => (attempt === 1 ? 'lost' : 'ok'));
    const outbox = new Outbox(memoryStore(), s.send, newId);
    const item = await outbox.add(entry('một'), 'x');
    expect((await outbox.flush()).sent).toEqual([]);
    const report = await outbox.flush();
    expect(s.attempts).toEqual([item.request_id, item.request_id]);
    expect(report.sent.map((r) => r.answer.entry.id)).toEqual(['e1']);
    expect(s.entries.size).toBe(1);
  });

  it('waits, without marking the entry, when the session or its CSRF token is the problem', async () => {
    for (const err of [
      new ApiError(401, 'UNAUTHENTICATED', undefined, { vi: 'Chưa đăng nhập', en: 'Not signed in' }),
      refused(403, 'PERMISSION_DENIED', 'csrf_token', 'Mã CSRF sai'),
      new ApiError(503, 'UNAVAILABLE', undefined, { vi: 'Tạm ngừng', en: 'Unavailable' }),
    ]) {
      expect(isRefusal(err)).toBe(false);
      const outbox = new Outbox(memoryStore(), server(() => err).send, newId);
      await outbox.add(entry('một'), 'x');
      expect((await outbox.flush()).stopped).toBe(err);
      expect((await outbox.list())[0]!.refusal).toBeUndefined();
    }
    expect(isRefusal(refused(403, 'PERMISSION_DENIED', '', 'Không có quyền'))).toBe(true);
    expect(isRefusal(refused(400, 'INVALID_ARGUMENT', 'minutes', 'Số phút sai'))).toBe(true);
  });

  it('runs one pass at a time, and a pass asked for meanwhile sends what was added during the first', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const s = server();
    const slow = async (r: QueuedRequest) => {
      await gate;
      return s.send(r);
    };
    const outbox = new Outbox(memoryStore(), slow, newId);
    await outbox.add(entry('một'), 'x');
    const first = outbox.flush();
    await outbox.add(entry('hai'), 'x');
    const second = outbox.flush();
    const third = outbox.flush();
    expect(third).toBe(second);
    release();
    expect((await first).sent.map((r) => r.item.request.note)).toEqual(['một']);
    expect((await second).sent.map((r) => r.item.request.note)).toEqual(['hai']);
    expect(s.attempts.length).toBe(2);
  });

  it('tells its listeners about every change', async () => {
    const outbox = new Outbox(memoryStore(), server().send, newId);
    let changes = 0;
    const stop = outbox.subscribe(() => changes++);
    const item = await outbox.add(entry('một'), 'x');
    await outbox.remove(item.request_id);
    await outbox.add(entry('hai'), 'x');
    await outbox.flush();
    stop();
    await outbox.add(entry('ba'), 'x');
    expect(changes).toBe(4);
  });
});
