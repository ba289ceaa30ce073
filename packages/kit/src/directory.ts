import type { Role } from './auth';

/**
 * The organisation as every service needs it to authorize calls (docs/architecture.md,
 * Authorization): units with their parents over time and the units they came from, officials
 * and their posts over time, and role grants. Each service keeps it from org's events (package
 * @thuocdo/directory) and holds it in memory, so that a decision makes no network call. Plain
 * data and lookups, no I/O. Dates are "YYYY-MM-DD"; ranges are [validFrom, validTo).
 */

export interface DatedRange {
  validFrom: string;
  validTo: string | null;
}

export interface DirectoryAgency {
  id: string;
  tenantId: string;
  /** The agency's code ("SNV"), by which spreadsheets name it; empty in records kept before codes were. */
  code?: string;
  /** As org last published it (forms print it); empty in records kept before names were. */
  name?: string;
}

export interface DirectoryUnit extends DatedRange {
  id: string;
  tenantId: string;
  agencyId: string;
  /** As org last published it; empty in records kept before names were. */
  name?: string;
  /** The unit's parent over time, oldest first. */
  periods: (DatedRange & { parentUnitId: string | null })[];
  /** The units it came from by a merge or a split. */
  predecessors: string[];
}

export interface DirectoryOfficial {
  id: string;
  tenantId: string;
  /** The identity provider's subject of the person's account, when known. */
  idpSubject: string | null;
  active: boolean;
}

export interface DirectoryMembership extends DatedRange {
  id: string;
  tenantId: string;
  officialId: string;
  agencyId: string;
  unitId: string;
  kind: 'MAIN' | 'CONCURRENT';
}

export type GrantNodeKind = 'TENANT' | 'AGENCY' | 'UNIT';

export interface DirectoryGrant extends DatedRange {
  id: string;
  tenantId: string;
  officialId: string | null;
  clientId: string | null;
  role: Role;
  nodeKind: GrantNodeKind;
  nodeId: string;
}

/** One record as org publishes it: its newest version, or its removal. */
export type DirectoryRecord =
  | { kind: 'agency'; id: string; version: number; removed: boolean; value: DirectoryAgency }
  | { kind: 'unit'; id: string; version: number; removed: boolean; value: DirectoryUnit }
  | { kind: 'official'; id: string; version: number; removed: boolean; value: DirectoryOfficial }
  | { kind: 'membership'; id: string; version: number; removed: boolean; value: DirectoryMembership }
  | { kind: 'role_grant'; id: string; version: number; removed: boolean; value: DirectoryGrant };

export type DirectoryKind = DirectoryRecord['kind'];

export const inRange = (r: DatedRange, date: string) => r.validFrom <= date && (r.validTo === null || date < r.validTo);

/** What the policy reads of the directory. */
export interface DirectoryView {
  /** Increases with every change: anything worked out from the directory is valid for one version. */
  readonly version: number;
  agency(id: string): DirectoryAgency | undefined;
  /** The agency of a tenant with a code, compared without case. */
  agencyByCode(tenantId: string, code: string): DirectoryAgency | undefined;
  unit(id: string): DirectoryUnit | undefined;
  official(id: string): DirectoryOfficial | undefined;
  officialBySubject(tenantId: string, subject: string): DirectoryOfficial | undefined;
  /** Grants in force on the date to an official or to an OAuth client. */
  grantsOf(tenantId: string, grantee: { officialId: string | null; clientId: string | null }, date: string): DirectoryGrant[];
  /**
   * The posts an official's records on a date belong to: those in force that day, or, when
   * none is, the main post nearest to it (a record dated before the first post or after the
   * last still belongs somewhere).
   */
  postsOn(officialId: string, date: string): DirectoryMembership[];
  /** The unit and its ancestors, nearest first, as the tree stood on the date. */
  ancestryOn(unitId: string, date: string): string[];
  /** The units of an agency (in force or not). */
  unitsOfAgency(agencyId: string): DirectoryUnit[];
  /** Every post ever held in a unit (missed declarations, reminders). */
  postsInUnit(unitId: string): DirectoryMembership[];
  /** The agencies of a tenant. */
  agenciesOf(tenantId: string): DirectoryAgency[];
  /** The tenants the directory knows. */
  tenants(): string[];
}

const agencyCodeKey = (tenantId: string, code: string) => `${tenantId}\n${code.trim().toUpperCase()}`;

/** The directory of one service replica: records applied by version, lookups indexed. */
export class OrgDirectory implements DirectoryView {
  private _version = 0;
  private readonly versions = new Map<string, number>();
  private readonly agencies = new Map<string, DirectoryAgency>();
  private readonly byAgencyCode = new Map<string, string>();
  private readonly units = new Map<string, DirectoryUnit>();
  private readonly byAgency = new Map<string, Set<string>>();
  private readonly officials = new Map<string, DirectoryOfficial>();
  private readonly bySubject = new Map<string, string>();
  private readonly memberships = new Map<string, DirectoryMembership>();
  private readonly postsOf = new Map<string, Set<string>>();
  private readonly postsIn = new Map<string, Set<string>>();
  private readonly grants = new Map<string, DirectoryGrant>();
  private readonly grantsTo = new Map<string, Set<string>>();

  get version(): number {
    return this._version;
  }

  get size(): Record<DirectoryKind, number> {
    return {
      agency: this.agencies.size,
      unit: this.units.size,
      official: this.officials.size,
      membership: this.memberships.size,
      role_grant: this.grants.size,
    };
  }

  /** Applies a record unless a newer (or the same) version of it is already here; says whether anything changed. */
  apply(r: DirectoryRecord): boolean {
    const key = `${r.kind}:${r.id}`;
    const known = this.versions.get(key);
    if (known !== undefined && known >= r.version) return false;
    this.versions.set(key, r.version);
    this.drop(r.kind, r.id);
    if (!r.removed) this.add(r);
    this._version++;
    return true;
  }

  private add(r: DirectoryRecord): void {
    switch (r.kind) {
      case 'agency':
        this.agencies.set(r.id, r.value);
        if (r.value.code) this.byAgencyCode.set(agencyCodeKey(r.value.tenantId, r.value.code), r.id);
        return;
      case 'unit':
        this.units.set(r.id, r.value);
        index(this.byAgency, r.value.agencyId, r.id);
        return;
      case 'official':
        this.officials.set(r.id, r.value);
        if (r.value.idpSubject) this.bySubject.set(`${r.value.tenantId}\n${r.value.idpSubject}`, r.id);
        return;
      case 'membership':
        this.memberships.set(r.id, r.value);
        index(this.postsOf, r.value.officialId, r.id);
        index(this.postsIn, r.value.unitId, r.id);
        return;
      case 'role_grant':
        this.grants.set(r.id, r.value);
        index(this.grantsTo, granteeKey(r.value), r.id);
        return;
    }
  }

  private drop(kind: DirectoryKind, id: string): void {
    switch (kind) {
      case 'agency': {
        const a = this.agencies.get(id);
        if (a?.code) this.byAgencyCode.delete(agencyCodeKey(a.tenantId, a.code));
        this.agencies.delete(id);
        return;
      }
      case 'unit': {
        const u = this.units.get(id);
        if (u) this.byAgency.get(u.agencyId)?.delete(id);
        this.units.delete(id);
        return;
      }
      case 'official': {
        const o = this.officials.get(id);
        if (o?.idpSubject) this.bySubject.delete(`${o.tenantId}\n${o.idpSubject}`);
        this.officials.delete(id);
        return;
      }
      case 'membership': {
        const m = this.memberships.get(id);
        if (m) this.postsOf.get(m.officialId)?.delete(id);
        if (m) this.postsIn.get(m.unitId)?.delete(id);
        this.memberships.delete(id);
        return;
      }
      case 'role_grant': {
        const g = this.grants.get(id);
        if (g) this.grantsTo.get(granteeKey(g))?.delete(id);
        this.grants.delete(id);
        return;
      }
    }
  }

  agency(id: string) {
    return this.agencies.get(id);
  }

  agencyByCode(tenantId: string, code: string) {
    const id = this.byAgencyCode.get(agencyCodeKey(tenantId, code));
    return id === undefined ? undefined : this.agencies.get(id);
  }

  unit(id: string) {
    return this.units.get(id);
  }

  official(id: string) {
    return this.officials.get(id);
  }

  officialBySubject(tenantId: string, subject: string) {
    const id = this.bySubject.get(`${tenantId}\n${subject}`);
    return id ? this.officials.get(id) : undefined;
  }

  grantsOf(tenantId: string, grantee: { officialId: string | null; clientId: string | null }, date: string): DirectoryGrant[] {
    const out: DirectoryGrant[] = [];
    for (const key of [grantee.officialId && `o:${grantee.officialId}`, grantee.clientId && `c:${tenantId}\n${grantee.clientId}`]) {
      if (!key) continue;
      for (const id of this.grantsTo.get(key) ?? []) {
        const g = this.grants.get(id)!;
        if (g.tenantId === tenantId && inRange(g, date)) out.push(g);
      }
    }
    return out;
  }

  postsInUnit(unitId: string): DirectoryMembership[] {
    return [...(this.postsIn.get(unitId) ?? [])].map((id) => this.memberships.get(id)!);
  }

  agenciesOf(tenantId: string): DirectoryAgency[] {
    return [...this.agencies.values()].filter((a) => a.tenantId === tenantId);
  }

  tenants(): string[] {
    return [...new Set([...this.agencies.values()].map((a) => a.tenantId))];
  }

  postsOn(officialId: string, date: string): DirectoryMembership[] {
    const all = [...(this.postsOf.get(officialId) ?? [])].map((id) => this.memberships.get(id)!);
    const held = all.filter((m) => inRange(m, date));
    if (held.length) return held;
    let nearest: DirectoryMembership | undefined;
    let distance = Number.POSITIVE_INFINITY;
    for (const m of all) {
      if (m.kind !== 'MAIN') continue;
      const d = m.validFrom > date ? daysApart(date, m.validFrom) : daysApart(m.validTo ?? date, date);
      if (d < distance) [nearest, distance] = [m, d];
    }
    return nearest ? [nearest] : [];
  }

  ancestryOn(unitId: string, date: string): string[] {
    const out: string[] = [];
    let id: string | null = unitId;
    while (id && !out.includes(id)) {
      out.push(id);
      const u = this.units.get(id);
      if (!u) break;
      const p = u.periods.find((x) => inRange(x, date)) ?? (date < u.validFrom ? u.periods[0] : u.periods[u.periods.length - 1]);
      id = p?.parentUnitId ?? null;
    }
    return out;
  }

  unitsOfAgency(agencyId: string): DirectoryUnit[] {
    return [...(this.byAgency.get(agencyId) ?? [])].map((id) => this.units.get(id)!);
  }
}

const granteeKey = (g: { tenantId: string; officialId: string | null; clientId: string | null }) =>
  g.officialId ? `o:${g.officialId}` : `c:${g.tenantId}\n${g.clientId}`;

function index(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

const daysApart = (a: string, b: string) => Math.abs(Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
