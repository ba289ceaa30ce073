import { useSession, useWhoAmI } from '../../session/api/session';
import { type CatalogAccess, catalogAccess } from '../api/access';

/** The catalog's access for the signed-in person, from the session and their grants in force today. */
export function useCatalogAccess(): CatalogAccess {
  const session = useSession();
  const who = useWhoAmI();
  return catalogAccess(session.data?.roles ?? [], who.data?.role_grants ?? []);
}
