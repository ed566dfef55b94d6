/**
 * Backend of Conway's scorecards: evaluates every service against the SREs'
 * scorecards on a schedule, stores the results with their history, and serves
 * them under `/api/scorecards`.
 *
 * @packageDocumentation
 */

export { scorecardsPlugin as default } from './plugin';
export {
  scorecardsPermissions,
  scorecardsReadPermission,
  scorecardsRefreshPermission,
} from './permissions';
