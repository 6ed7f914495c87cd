/**
 * Cutting a problem into the piece one neighbourhood needs: its clients, their packages and the
 * carers allocated to it, with references to anyone outside the piece dropped so the piece is
 * itself a valid problem.
 */
import type { Problem } from '../model/schema.js';

/** The sub-problem of the given clients and carers. */
export function subProblem(
  problem: Problem,
  clientIds: ReadonlySet<string>,
  carerIds: ReadonlySet<string>,
): Problem {
  return {
    ...problem,
    carers: problem.carers
      .filter((carer) => carerIds.has(carer.id))
      .map((carer) => ({
        ...carer,
        refusedClients: carer.refusedClients.filter((id) => clientIds.has(id)),
      })),
    clients: problem.clients
      .filter((client) => clientIds.has(client.id))
      .map((client) => ({
        ...client,
        team: client.team.filter((id) => carerIds.has(id)),
        refusedCarers: client.refusedCarers.filter((id) => carerIds.has(id)),
      })),
    packages: problem.packages.filter((carePackage) => clientIds.has(carePackage.client)),
  };
}
