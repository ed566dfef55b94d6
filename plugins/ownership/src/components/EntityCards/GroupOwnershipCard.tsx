import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { Finding, TeamDetailsResponse, TeamReport } from '../../api/types';
import {
  EntityName,
  EntityResultCard,
  FindingList,
  quantity,
} from '@conway/plugin-conway-react';
import { percent, Score } from '../common';

const KIND_TITLES: Record<keyof TeamReport['owned'], string> = {
  domain: 'Domains',
  system: 'Systems',
  component: 'Components',
  api: 'APIs',
  resource: 'Resources',
};

/** A team's score, members, what it owns and its findings (or its sub-groups'). */
function TeamOwnership(props: { value: TeamDetailsResponse }) {
  const { value } = props;
  const { team, findings } = value;
  // Older backends answer without the sub-groups.
  const descendants = value.descendants ?? [];
  const hasSubGroups = descendants.length > 0 || team.childRefs.length > 0;
  const owned = (
    Object.keys(KIND_TITLES) as Array<keyof TeamReport['owned']>
  ).filter(kind => team.owned[kind].length > 0);
  return (
    <>
      <Box display="flex" flexWrap="wrap" style={{ gap: 24 }} mb={2}>
        <div>
          <Typography variant="overline">Score</Typography>
          <Typography variant="h5" component="div">
            <Score value={team.score} />
          </Typography>
        </div>
        {hasSubGroups && (
          <div>
            <Typography variant="overline">With sub-groups</Typography>
            <Typography variant="h5" component="div">
              <Score value={team.aggregatedScore} />
            </Typography>
          </div>
        )}
        <div>
          <Typography variant="overline">Members</Typography>
          <Typography variant="h5">
            {team.memberCount}
            {hasSubGroups &&
              team.aggregatedMemberCount !== team.memberCount &&
              ` (${team.aggregatedMemberCount} with sub-groups)`}
          </Typography>
        </div>
        <div>
          <Typography variant="overline">Owns</Typography>
          <Typography variant="h5">
            {team.ownedCount}
            {team.aggregatedOwnedCount !== team.ownedCount &&
              ` (${team.aggregatedOwnedCount} with sub-groups)`}
          </Typography>
        </div>
      </Box>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Ownership {percent(team.scoreBreakdown.ownership)} · cohesion{' '}
        {percent(team.scoreBreakdown.cohesion)} · interfaces{' '}
        {percent(team.scoreBreakdown.coupling)}
      </Typography>
      {owned.length === 0 && <Typography>Owns nothing directly.</Typography>}
      {owned.map(kind => (
        <Box key={kind} mb={1}>
          <Typography variant="subtitle2">{KIND_TITLES[kind]}</Typography>
          <Box display="flex" flexWrap="wrap" style={{ gap: 12 }}>
            {team.owned[kind].map(r => (
              <EntityName key={r} entityRef={r} />
            ))}
          </Box>
        </Box>
      ))}
      {descendants.length > 0 ? (
        <SubGroups details={value} descendants={descendants} />
      ) : (
        <Box mt={2}>
          <Typography variant="subtitle2">
            Findings ({findings.length})
          </Typography>
          <FindingList findings={findings} empty="Nothing to fix." />
        </Box>
      )}
    </>
  );
}

/** On a group's page: what the team owns, its score and its findings. */
export function GroupOwnershipCard() {
  const { entity } = useEntity();
  const api = useApi(ownershipApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsync(() => api.getTeam(ref), [api, ref]);
  return (
    <EntityResultCard
      title="Team ownership"
      state={state}
      notFound="The ownership analysis has not seen this group yet."
    >
      {value => <TeamOwnership value={value} />}
    </EntityResultCard>
  );
}

/**
 * Whether the finding is on the team's own page (as the backend selects it):
 * the team acts on it, or it names the team or an entity the team owns.
 */
function involves(team: TeamReport, f: Finding): boolean {
  if (team.findingIds.includes(f.id)) return true;
  const refs = new Set(
    [team.ref, ...Object.values(team.owned).flat()].map(r => r.toLowerCase()),
  );
  return [f.entityRef, ...(f.relatedRefs ?? [])].some(r =>
    refs.has(r.toLowerCase()),
  );
}

/**
 * The group of the subtree a finding is shown under: the team that acts on
 * it; else, for another team's finding (a dependency on one of our teams'
 * entities), the team it names; else the department itself.
 */
function shownUnder(f: Finding, subtree: TeamReport[]): TeamReport {
  const byRef = (ref: string | undefined) =>
    subtree.find(t => t.ref.toLowerCase() === ref?.toLowerCase());
  return (
    byRef(f.teamRef) ??
    subtree.find(t => t !== subtree[0] && involves(t, f)) ??
    subtree[0]
  );
}

/**
 * A department's teams: what each owns and the findings of the department
 * and its teams, each under the team that should act on it or that it names.
 * A team's count is what its own page lists.
 */
function SubGroups(props: {
  details: TeamDetailsResponse;
  descendants: TeamReport[];
}) {
  const { details, descendants } = props;
  const { team } = details;
  const findings = details.aggregatedFindings ?? details.findings;
  const subtree = [team, ...descendants];
  const byTeam = new Map<TeamReport, Finding[]>();
  for (const f of findings) {
    const t = shownUnder(f, subtree);
    byTeam.set(t, [...(byTeam.get(t) ?? []), f]);
  }
  return (
    <>
      <Box mt={2}>
        <Typography variant="subtitle2">
          Teams ({descendants.length})
        </Typography>
        {descendants.map(t => (
          <Box key={t.ref} display="flex" style={{ gap: 8 }}>
            <EntityName entityRef={t.ref} />
            <Typography variant="body2" color="textSecondary">
              owns {t.ownedCount} ·{' '}
              {quantity(findings.filter(f => involves(t, f)).length, 'finding')}
            </Typography>
          </Box>
        ))}
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">
          Findings with its teams ({findings.length})
        </Typography>
        {findings.length === 0 && (
          <FindingList
            findings={[]}
            empty="Nothing to fix in this group or its teams."
          />
        )}
        {subtree
          .filter(t => byTeam.has(t))
          .map(t => (
            <Box
              key={t.ref}
              mt={1}
              data-testid="findings-of-group"
              data-group={t.ref}
            >
              <Typography variant="body2" component="div">
                <EntityName entityRef={t.ref} />
              </Typography>
              <FindingList findings={byTeam.get(t)!} empty="" />
            </Box>
          ))}
      </Box>
    </>
  );
}
