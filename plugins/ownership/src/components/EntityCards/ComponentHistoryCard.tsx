import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EntityResultCard, FindingList } from '@conway/plugin-conway-react';
import { ownershipApiRef } from '../../api/OwnershipApi';
import {
  ComponentHistoryReport,
  ComponentHistoryResponse,
} from '../../api/types';
import { Holders } from '../History/ComponentLists';
import {
  HistoryEntity,
  HistoryNamesProvider,
  inWindowText,
  plural,
  share,
  withAuthorNames,
} from '../History/historyNames';
import { HistoryStateNotice, RunStampText } from '../History/historyState';
import { SharesBar } from '../History/SharesBar';

function Row(props: { label: string; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" style={{ width: '30%' }}>
        <Typography variant="subtitle2">{props.label}</Typography>
      </TableCell>
      <TableCell>{props.children}</TableCell>
    </TableRow>
  );
}

function ChangedMostBy(props: {
  component: ComponentHistoryReport;
  windowDays?: number;
}) {
  const c = props.component;
  if (c.commits === 0) {
    return <>nobody: no changes {inWindowText(props.windowDays)}</>;
  }
  if (!c.actualTeamRef) {
    return <>no catalog team: only people without a team changed it</>;
  }
  const actual = c.teamShares.find(t => t.teamRef === c.actualTeamRef);
  return (
    <>
      <HistoryEntity entityRef={c.actualTeamRef} /> {share(actual?.share ?? 0)}{' '}
      of the changes
      {c.actualTeamRef === c.declaredOwnerRef && ' (the declared owner)'}
    </>
  );
}

/** The declared owner's share: a team's with the teams under it, a person's own changes. */
function DeclaredShare(props: { component: ComponentHistoryReport }) {
  const c = props.component;
  if (c.commits === 0) return null;
  if (c.declaredOwnerRef?.startsWith('user:')) {
    return (
      <>
        {share(c.declaredOwnerShare)} of the changes (own changes; a person, not
        a team)
      </>
    );
  }
  if (!c.declaredOwnerRef?.startsWith('group:')) return null;
  return (
    <>{share(c.declaredOwnerShare)} of the changes (with teams under it)</>
  );
}

function ComponentHistory(props: {
  value: ComponentHistoryResponse;
  component: ComponentHistoryReport;
}) {
  const { value, component: c } = props;
  const here = c.entityRef;
  return (
    <>
      <Table size="small">
        <TableBody>
          <Row label="Declared owner">
            {c.declaredOwnerRef ? (
              <>
                <HistoryEntity entityRef={c.declaredOwnerRef} />{' '}
                <DeclaredShare component={c} />
              </>
            ) : (
              'none'
            )}
          </Row>
          <Row label="Changed most by">
            <ChangedMostBy component={c} windowDays={value.windowDays} />
          </Row>
          <Row label="Changes">
            {plural(c.commits, 'commit')} {inWindowText(value.windowDays)}
            {c.teamShares.length > 0 && (
              <Box mt={1}>
                <SharesBar shares={c.teamShares} />
              </Box>
            )}
          </Row>
          <Row label="Knowledge">
            {c.knowledge.currentLines > 0 ? (
              <>
                {Math.round(c.knowledge.currentLines).toLocaleString('en-US')}{' '}
                current lines; truck factor {c.knowledge.truckFactor};{' '}
                {share(c.knowledge.atRiskShare)} written by people not in the
                catalog
                <Box mt={0.5} data-testid="knowledge-holders">
                  <Holders component={c} />
                </Box>
              </>
            ) : (
              'no current lines in the mined history'
            )}
          </Row>
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary" component="div">
        Mined from <code>{c.repository}</code>
        {c.pathPrefix && (
          <>
            {' '}
            (<code>{c.pathPrefix}</code>)
          </>
        )}
        .
      </Typography>
      <RunStampText stamp={value} />
      <Box mt={2}>
        <Typography variant="subtitle2">
          Teams changing it in the same weeks ({value.coordination.length})
        </Typography>
        {value.coordination.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No two teams changed it in the same week.
          </Typography>
        )}
        {value.coordination.map(p => (
          <Typography
            key={`${p.teamA}|${p.teamB}`}
            variant="body2"
            data-testid="component-coordination"
          >
            <HistoryEntity entityRef={p.teamA} /> and{' '}
            <HistoryEntity entityRef={p.teamB} />:{' '}
            {plural(
              p.components.find(x => x.entityRef === here)?.weeks ?? 0,
              'week',
            )}{' '}
            on this component ({plural(p.weeks, 'week')} on all they share)
          </Typography>
        ))}
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">
          History findings ({value.findings.length})
        </Typography>
        <FindingList
          findings={withAuthorNames(value.findings, c.unknownAuthors)}
          empty="The history shows nothing to act on for this component."
        />
      </Box>
    </>
  );
}

/** A ready, pending or disabled answer, or why this component has no history. */
export function ComponentHistoryContent(props: {
  value: ComponentHistoryResponse;
}) {
  const { value } = props;
  if (value.state !== 'ready') {
    return <HistoryStateNotice stamp={value} dense />;
  }
  if (!value.component) {
    const reason = (value.reason ?? 'It was not mined in the last run').replace(
      /\.$/,
      '',
    );
    return (
      <Typography data-testid="component-no-history">
        No history for this component. {reason}.
      </Typography>
    );
  }
  return (
    <HistoryNamesProvider titles={value.titles}>
      <ComponentHistory value={value} component={value.component} />
    </HistoryNamesProvider>
  );
}

/** On a component's page: who actually changes it, against its declared owner. */
export function ComponentHistoryCard() {
  const { entity } = useEntity();
  const api = useApi(ownershipApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsync(() => api.getComponentHistory(ref), [api, ref]);
  return (
    <EntityResultCard
      title="Who changes it"
      state={state}
      notFound="No history for this component yet: the last history run did not see it."
    >
      {value => <ComponentHistoryContent value={value} />}
    </EntityResultCard>
  );
}
