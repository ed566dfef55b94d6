import { Fragment, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Link } from '@backstage/ui';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import InputLabel from '@material-ui/core/InputLabel';
import MuiLink from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { GoldenPathService } from '@conway/plugin-golden-paths-common';
import { formatDate, upgradeTemplateUrl } from '../common';
import { quantity } from '@conway/plugin-conway-react';

const ALL_OWNERS = '__all__';
const COLUMNS = 7;
const OWNER_CONTEXT = { defaultKind: 'group', defaultNamespace: 'default' };

/**
 * A service's owner as a full ref: `spec.owner` may be written short
 * (`team-checkout`), which the entity presentation API cannot resolve.
 */
function ownerRef(owner: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(owner, OWNER_CONTEXT));
  } catch {
    return owner;
  }
}

/**
 * The display names of the owners (profile display name, else title, else
 * name) from the entity presentation API, as the owner links show them.
 */
function useOwnerNames(refs: string[]): (ref: string) => string {
  const presentationApi = useApiHolder().get(entityPresentationApiRef);
  const fallback = (ref: string) =>
    defaultEntityPresentation(ref, OWNER_CONTEXT).primaryTitle;
  const nameOf = async (ref: string) => {
    try {
      const presentation = presentationApi?.forEntity(ref, OWNER_CONTEXT);
      return presentation
        ? (await presentation.promise).primaryTitle
        : fallback(ref);
    } catch {
      return fallback(ref);
    }
  };
  const { value } = useAsync(
    async () =>
      new Map(
        await Promise.all(
          refs.map(async ref => [ref, await nameOf(ref)] as const),
        ),
      ),
    [presentationApi, refs],
  );
  // The name in the ref until the display names have loaded.
  return ref => value?.get(ref) ?? fallback(ref);
}

function VersionCell(props: { service: GoldenPathService }) {
  const { service } = props;
  return (
    <>
      <Typography variant="body2" component="span">
        {service.version}
      </Typography>{' '}
      {service.behind ? (
        <Chip
          size="small"
          color="secondary"
          label={`behind: ${service.newerVersions.length} newer`}
          title={`Newer: ${service.newerVersions.join(', ')}`}
        />
      ) : (
        <Chip size="small" variant="outlined" label="up to date" />
      )}
    </>
  );
}

function DriftCell(props: {
  service: GoldenPathService;
  expanded: boolean;
  onToggle: () => void;
}) {
  const { drift, driftError } = props.service;
  if (!drift) {
    return (
      <Typography variant="body2" color="error">
        Unknown: {driftError ?? 'not computed'}
      </Typography>
    );
  }
  if (drift.modified.length + drift.deleted.length === 0) {
    return <Typography variant="body2">no edits</Typography>;
  }
  return (
    <>
      <Typography variant="body2">
        {drift.modified.length} modified, {drift.deleted.length} deleted
      </Typography>
      <Button
        size="small"
        onClick={props.onToggle}
        aria-expanded={props.expanded}
      >
        {props.expanded ? 'Hide files' : 'Show files'}
      </Button>
    </>
  );
}

function DriftFiles(props: { service: GoldenPathService }) {
  const { drift } = props.service;
  if (!drift) return null;
  return (
    <Box display="flex" style={{ gap: 48 }} py={1}>
      {(['modified', 'deleted'] as const).map(kind => (
        <div key={kind}>
          <Typography variant="subtitle2">
            {kind === 'modified'
              ? 'Modified by the team'
              : 'Deleted by the team'}{' '}
            ({drift[kind].length})
          </Typography>
          {drift[kind].length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              none
            </Typography>
          ) : (
            <ul aria-label={`${kind} files of ${props.service.entityRef}`}>
              {drift[kind].map(file => (
                <li key={file}>
                  <code>{file}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </Box>
  );
}

function RepositoryCell(props: { service: GoldenPathService }) {
  const { repository } = props.service;
  if (!repository) return <>–</>;
  if (repository.type === 'github') {
    return (
      <MuiLink href={repository.location} target="_blank" rel="noopener">
        {repository.location.replace(/^https:\/\/github\.com\//, '')}
      </MuiLink>
    );
  }
  return (
    <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
      <code>{repository.location}</code>
    </Typography>
  );
}

function ActionCell(props: {
  service: GoldenPathService;
  onUpgrade: (service: GoldenPathService) => void;
}) {
  const { service } = props;
  if (!service.upgradeable) {
    return (
      <>
        <Typography variant="body2" color="textSecondary">
          Cannot upgrade here: {service.reason ?? 'no reason given'}
        </Typography>
        {service.repository?.type === 'github' && (
          <Link href={upgradeTemplateUrl(service.entityRef)}>
            Upgrade with the upgrade-service template
          </Link>
        )}
      </>
    );
  }
  if (!service.behind) return null;
  return (
    <Button
      variant="outlined"
      color="primary"
      size="small"
      style={{ whiteSpace: 'nowrap' }}
      onClick={() => props.onUpgrade(service)}
      aria-label={`Upgrade ${service.entityRef}`}
    >
      Upgrade
    </Button>
  );
}

/**
 * The services of a golden path: version, drift, last upgrade, repository
 * and an upgrade button; filtered to those behind or to one owner.
 */
export function ServicesTable(props: {
  services: GoldenPathService[];
  onUpgrade: (service: GoldenPathService) => void;
}) {
  const { services, onUpgrade } = props;
  const [behindOnly, setBehindOnly] = useState(false);
  const [owner, setOwner] = useState(ALL_OWNERS);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const ownerRefs = useMemo(
    () => [
      ...new Set(services.flatMap(s => (s.owner ? [ownerRef(s.owner)] : []))),
    ],
    [services],
  );
  const ownerName = useOwnerNames(ownerRefs);
  const owners = [...ownerRefs].sort((a, b) =>
    ownerName(a).localeCompare(ownerName(b)),
  );
  const shown = services.filter(
    s =>
      (!behindOnly || s.behind) &&
      (owner === ALL_OWNERS || (s.owner && ownerRef(s.owner) === owner)),
  );
  const toggle = (ref: string) =>
    setExpanded(previous => {
      const next = new Set(previous);
      if (!next.delete(ref)) next.add(ref);
      return next;
    });

  return (
    <>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 24 }}>
        <FormControlLabel
          control={
            <Checkbox
              checked={behindOnly}
              onChange={e => setBehindOnly(e.target.checked)}
              color="primary"
            />
          }
          label="Behind only"
        />
        <FormControl style={{ minWidth: 220 }}>
          <InputLabel id="golden-path-owner-filter">Owner</InputLabel>
          <Select
            labelId="golden-path-owner-filter"
            value={owner}
            onChange={e => setOwner(e.target.value as string)}
          >
            <MenuItem value={ALL_OWNERS}>All owners</MenuItem>
            {owners.map(o => (
              <MenuItem key={o} value={o}>
                {ownerName(o)}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <Typography variant="body2" color="textSecondary">
          Showing {shown.length} of {quantity(services.length, 'service')}
        </Typography>
      </Box>
      <Table size="small" aria-label="Services">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Owner</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>Drift</TableCell>
            <TableCell>Last upgrade</TableCell>
            <TableCell>Repository</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.length === 0 && (
            <TableRow>
              <TableCell colSpan={COLUMNS}>
                <Typography color="textSecondary">
                  {services.length === 0
                    ? 'No service has been made from this golden path yet.'
                    : 'No service matches the filters.'}
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {shown.map(service => {
            const isExpanded = expanded.has(service.entityRef);
            return (
              <Fragment key={service.entityRef}>
                <TableRow data-testid={`service-${service.entityRef}`}>
                  <TableCell>
                    <EntityRefLink
                      entityRef={service.entityRef}
                      title={service.title}
                    />
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    {service.owner ? (
                      // No title: the link shows the group's display name.
                      <EntityRefLink
                        entityRef={ownerRef(service.owner)}
                        defaultKind="group"
                        hideIcon
                      />
                    ) : (
                      '–'
                    )}
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    <VersionCell service={service} />
                  </TableCell>
                  <TableCell>
                    <DriftCell
                      service={service}
                      expanded={isExpanded}
                      onToggle={() => toggle(service.entityRef)}
                    />
                  </TableCell>
                  <TableCell>
                    {service.lastUpgrade ? (
                      <>
                        <Typography variant="body2">
                          {formatDate(service.lastUpgrade.date)}{' '}
                          <code>{service.lastUpgrade.commit.slice(0, 7)}</code>
                        </Typography>
                        <Typography variant="caption" color="textSecondary">
                          {service.lastUpgrade.subject}
                        </Typography>
                      </>
                    ) : (
                      '–'
                    )}
                  </TableCell>
                  <TableCell style={{ maxWidth: 280 }}>
                    <RepositoryCell service={service} />
                  </TableCell>
                  <TableCell>
                    <ActionCell service={service} onUpgrade={onUpgrade} />
                  </TableCell>
                </TableRow>
                {isExpanded && (
                  <TableRow>
                    <TableCell colSpan={COLUMNS}>
                      <DriftFiles service={service} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
