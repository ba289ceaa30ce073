// Load test of the daily-diary write path through the gateway: POST /api/v1/work-logs, with a bearer
// token (the gateway accepts `Authorization: Bearer` as well as its session cookie).
//
// k6 is NOT installed on the machines this was written on; the script has not been run. Run it
// from a machine with k6 (https://k6.io) against a deployed gateway:
//
//   k6 run \
//     -e BASE_URL=https://thuocdo.example.gov.vn \
//     -e THUOCDO_TOKEN="$(cat token.txt)" \
//     -e OFFICIAL_IDS=<uuid>,<uuid>,... \
//     -e WORK_ITEM_IDS=<uuid>,<uuid>,... \
//     -e RATE=50 -e DURATION=5m \
//     infra/load/logwork.k6.js
//
// THUOCDO_TOKEN: an access token allowed to log for every listed official, for example a
// thuocdo-integrator service-account token without agency_id (tenant-wide) from Keycloak's
// client_credentials grant. Tokens expire (300 s by default for that client): raise the client's
// access token lifespan for the test, or keep DURATION below it.
// OFFICIAL_IDS / WORK_ITEM_IDS: existing officials and catalog work items of the token's tenant
// (scripts/dev/seed.ts creates a demo province).
//
// Each request carries a fresh request_id (UUID), so every iteration creates one entry; the
// service deduplicates retries on request_id. The arrival rate is fixed (open model), so a slow
// gateway shows up as latency and dropped iterations, not as a lower request rate.
//
// Province scale: about 70,000 entries a day, most of them logged in the last working hours,
// which is of the order of 10 a second with peaks of a few tens; RATE=50 is a peak with margin.
import { check } from 'k6';
import crypto from 'k6/crypto';
import http from 'k6/http';

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const TOKEN = __ENV.THUOCDO_TOKEN;
const OFFICIAL_IDS = (__ENV.OFFICIAL_IDS || '').split(',').filter(Boolean);
const WORK_ITEM_IDS = (__ENV.WORK_ITEM_IDS || '').split(',').filter(Boolean);
const RATE = Number(__ENV.RATE || 50);
const DURATION = __ENV.DURATION || '5m';

export const options = {
  scenarios: {
    log_work: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: Math.max(10, RATE),
      maxVUs: RATE * 4,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:POST /api/v1/work-logs}': ['p(95)<300', 'p(99)<1000'],
    checks: ['rate>0.99'],
  },
};

export function setup() {
  if (!TOKEN) throw new Error('set THUOCDO_TOKEN to a bearer token');
  if (!OFFICIAL_IDS.length || !WORK_ITEM_IDS.length) throw new Error('set OFFICIAL_IDS and WORK_ITEM_IDS (comma-separated UUIDs)');
}

/** A random (version 4) UUID from k6's crypto module. */
function uuid() {
  const b = new Uint8Array(crypto.randomBytes(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Today's calendar date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
function today() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];

export default function () {
  const body = JSON.stringify({
    official_id: pick(OFFICIAL_IDS),
    work_date: today(),
    work_item_id: pick(WORK_ITEM_IDS),
    quantity_decimal: '1',
    minutes: 15 + Math.floor(Math.random() * 106),
    note: 'k6 load test',
    request_id: uuid(),
  });
  const res = http.post(`${BASE_URL}/api/v1/work-logs`, body, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    tags: { name: 'POST /api/v1/work-logs' },
  });
  check(res, {
    'status is 201': (r) => r.status === 201,
  });
}
