/**
 * Backend of Conway's ownership analysis: the report of how the catalog's
 * ownership lines up with the team structure, served under `/api/ownership`.
 *
 * @packageDocumentation
 */

export { ownershipPlugin as default } from './plugin';
export {
  ownershipPermissions,
  ownershipReportReadPermission,
} from './permissions';
