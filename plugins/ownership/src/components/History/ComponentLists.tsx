import { Fragment } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ComponentHistoryReport, HistoryReport } from '../../api/types';
import { HistoryEntity, HolderName, share } from './historyNames';

type Options = HistoryReport['options'];

/**
 * Components whose knowledge is at risk: most current lines by people the
 * catalog does not have, or more than half of them by one person (truck
 * factor 1). Small components (below `minKnowledgeLines`) are left out, as
 * the analysis's findings leave them out.
 */
export function knowledgeAtRisk(
  components: ComponentHistoryReport[],
  options: Options,
): ComponentHistoryReport[] {
  return components
    .filter(
      c =>
        c.knowledge.currentLines >= options.minKnowledgeLines &&
        (c.knowledge.atRiskShare >= options.knowledgeAtRiskShare ||
          c.knowledge.truckFactor === 1),
    )
    .sort(
      (a, b) =>
        b.knowledge.atRiskShare - a.knowledge.atRiskShare ||
        a.knowledge.truckFactor - b.knowledge.truckFactor ||
        a.entityRef.localeCompare(b.entityRef),
    );
}

/** Who holds a component's knowledge: each holder by name, with their share of current lines. */
export function Holders(props: { component: ComponentHistoryReport }) {
  const { knowledge, unknownAuthors } = props.component;
  if (knowledge.holders.length === 0) {
    return (
      <Typography variant="body2" component="span" color="textSecondary">
        nobody: no current lines
      </Typography>
    );
  }
  return (
    <>
      {knowledge.holders.map((h, i) => (
        <Fragment key={h.ref}>
          {i > 0 && ', '}
          <HolderName holder={h} unknownAuthors={unknownAuthors} />{' '}
          {share(h.share)}
        </Fragment>
      ))}
    </>
  );
}

export function KnowledgeAtRiskTable(props: {
  components: ComponentHistoryReport[];
  options: Options;
}) {
  const rows = knowledgeAtRisk(props.components, props.options);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" data-testid="no-knowledge-at-risk">
        No mined component has most of its current lines written by people
        outside the catalog, nor more than half by one person.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Knowledge at risk">
      <TableHead>
        <TableRow>
          <TableCell>Component</TableCell>
          <TableCell>Declared owner</TableCell>
          <TableCell align="right">Current lines</TableCell>
          <TableCell align="right">By people not in the catalog</TableCell>
          <TableCell align="right">Truck factor</TableCell>
          <TableCell>Who wrote the current lines</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(c => (
          <TableRow key={c.entityRef} data-testid="knowledge-row">
            <TableCell>
              <HistoryEntity entityRef={c.entityRef} />
            </TableCell>
            <TableCell>
              {c.declaredOwnerRef ? (
                <HistoryEntity entityRef={c.declaredOwnerRef} />
              ) : (
                'none'
              )}
            </TableCell>
            <TableCell align="right">
              {Math.round(c.knowledge.currentLines).toLocaleString('en-US')}
            </TableCell>
            <TableCell align="right">
              {share(c.knowledge.atRiskShare)}
            </TableCell>
            <TableCell align="right">{c.knowledge.truckFactor}</TableCell>
            <TableCell>
              <Holders component={c} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Components changed by `fragmentationTeams` or more teams, each above `fragmentationMinShare`. */
export function fragmented(
  components: ComponentHistoryReport[],
  options: Options,
): ComponentHistoryReport[] {
  return components
    .filter(c => c.fragmentation.teamCount >= options.fragmentationTeams)
    .sort(
      (a, b) =>
        b.fragmentation.entropyBits - a.fragmentation.entropyBits ||
        a.entityRef.localeCompare(b.entityRef),
    );
}

export function FragmentationTable(props: {
  components: ComponentHistoryReport[];
  options: Options;
}) {
  const { options } = props;
  const rows = fragmented(props.components, options);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" data-testid="no-fragmentation">
        No mined component was changed by {options.fragmentationTeams} or more
        teams.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Fragmented components">
      <TableHead>
        <TableRow>
          <TableCell>Component</TableCell>
          <TableCell>Declared owner</TableCell>
          <TableCell>
            Teams changing it, with the directories they change most
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(c => (
          <TableRow key={c.entityRef} data-testid="fragmentation-row">
            <TableCell>
              <HistoryEntity entityRef={c.entityRef} />
            </TableCell>
            <TableCell>
              {c.declaredOwnerRef ? (
                <HistoryEntity entityRef={c.declaredOwnerRef} />
              ) : (
                'none'
              )}
            </TableCell>
            <TableCell>
              {c.teamShares
                .filter(
                  t => t.teamRef && t.share >= options.fragmentationMinShare,
                )
                .map(t => (
                  <div key={t.teamRef}>
                    <HistoryEntity entityRef={t.teamRef!} /> {share(t.share)}
                    {t.topDirectories.length > 0 && (
                      <Typography
                        variant="body2"
                        component="span"
                        color="textSecondary"
                      >
                        {' '}
                        ({t.topDirectories.join(', ')})
                      </Typography>
                    )}
                  </div>
                ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
