import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type RequestOf } from '../../../lib/api';

export type Unit = Awaited<ReturnType<typeof listUnits>>[number];

/** Every unit under a parent (or the agency's top level), page after page: a parent has tens, not thousands. */
export async function listUnits(agencyId: string, parentUnitId?: string) {
  const units = [];
  let token = '';
  do {
    const page = await api('GET /api/v1/units', {
      agency_id: agencyId,
      ...(parentUnitId ? { parent_unit_id: parentUnitId } : { top_level: true }),
      page_size: 1000,
      page_token: token,
    });
    units.push(...page.units);
    token = page.next_page_token;
  } while (token);
  return units;
}

/** A page of officials: of a unit (and its subunits), or found by name, staff code or email. */
export function useOfficials(request: RequestOf<'GET /api/v1/officials'>, enabled = true) {
  return useQuery({
    queryKey: ['officials', request],
    queryFn: () => api('GET /api/v1/officials', request),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Units of an agency whose names contain the words typed, diacritics optional. */
export function useUnitSearch(agencyId: string | undefined, query: string) {
  return useQuery({
    queryKey: ['unit-search', agencyId, query],
    queryFn: () => api('GET /api/v1/units', { agency_id: agencyId, query, page_size: 20 }),
    enabled: !!agencyId && query.length >= 2,
  });
}

/** An official with every post they have held (vị trí công tác), and the names those posts refer to. */
export function useOfficial(id: string) {
  return useQuery({ queryKey: ['official', id], queryFn: () => api('GET /api/v1/officials/{id}', { id }) });
}

/** A unit as it is today, with its earlier names and places and the units it came from or went into. */
export function useUnit(id: string | undefined) {
  return useQuery({ queryKey: ['unit', id], queryFn: () => api('GET /api/v1/units/{id}', { id }), enabled: !!id, staleTime: 60_000 });
}
