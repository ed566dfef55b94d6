import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { Link } from '@backstage/ui';
import { ResponseError } from '@backstage/errors';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { GoldenPathDetails } from '@conway/plugin-golden-paths-common';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { goldenPathRouteRef } from '../../routes';
import {
  ApiErrorAlert,
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '../common';

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

/**
 * Where this component stands: the golden-path service entry when the
 * backend lists it, else its annotation against the golden path's versions.
 * `known` is false when the version is missing or not a released one, so
 * the card claims neither "behind" nor "up to date".
 */
function standing(
  goldenPath: GoldenPathDetails,
  entityRef: string,
  annotatedVersion: string | undefined,
): { version?: string; known: boolean; behind: boolean; newer: string[] } {
  const ref = entityRef.toLocaleLowerCase('en-US');
  const service = goldenPath.services.find(
    s => s.entityRef.toLocaleLowerCase('en-US') === ref,
  );
  if (service) {
    return {
      version: service.version,
      known: true,
      behind: service.behind,
      newer: service.newerVersions,
    };
  }
  // Versions are newest first: everything before the annotated one is newer.
  const index = goldenPath.versions.findIndex(
    v => v.version === annotatedVersion,
  );
  if (index < 0) {
    return {
      version: annotatedVersion,
      known: false,
      behind: false,
      newer: [],
    };
  }
  const newer = goldenPath.versions.slice(0, index).map(v => v.version);
  return {
    version: annotatedVersion,
    known: true,
    behind: newer.length > 0,
    newer,
  };
}

function Status(props: {
  known: boolean;
  behind: boolean;
  version?: string;
  currentVersion: string;
  newer: string[];
}) {
  const { known, behind, version, currentVersion, newer } = props;
  if (!known) {
    return (
      <>
        <Chip size="small" variant="outlined" label="unknown" />{' '}
        {version
          ? `${version} is not a released version of this golden path`
          : `No ${TEMPLATE_VERSION_ANNOTATION} annotation`}
        ; {currentVersion} is current
      </>
    );
  }
  if (behind) {
    return (
      <>
        <Chip size="small" color="secondary" label="behind" /> {currentVersion}{' '}
        is current (newer: {newer.join(', ')})
      </>
    );
  }
  return <Chip size="small" variant="outlined" label="up to date" />;
}

/** On the page of a component made from a golden path: its template, version and whether it is behind. */
export function EntityGoldenPathCard() {
  const { entity } = useEntity();
  const api = useApi(goldenPathsApiRef);
  const detailsLink = useRouteRef(goldenPathRouteRef);
  const template = entity.metadata.annotations?.[TEMPLATE_ANNOTATION] ?? '';
  const annotatedVersion =
    entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getGoldenPath(template),
    [api, template],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error instanceof ResponseError && error.statusCode === 404) {
    content = (
      <Typography>
        Made from the golden path '{template}'
        {annotatedVersion ? ` ${annotatedVersion}` : ''}, which the portal does
        not know (no golden path with that name).
      </Typography>
    );
  } else if (error) {
    content = (
      <ApiErrorAlert
        title={`Could not load the golden path '${template}'`}
        error={error}
      />
    );
  } else if (value) {
    const { version, known, behind, newer } = standing(
      value,
      entityRef,
      annotatedVersion,
    );
    const href = detailsLink?.({ name: value.name });
    content = (
      <>
        <Table size="small">
          <TableBody>
            <Row label="Golden path">
              {href ? <Link href={href}>{value.title}</Link> : value.title} (
              {value.name})
            </Row>
            <Row label="Version">{version ?? 'unknown'}</Row>
            <Row label="Status">
              <Status
                known={known}
                behind={behind}
                version={version}
                currentVersion={value.currentVersion}
                newer={newer}
              />
            </Row>
          </TableBody>
        </Table>
        {href && (
          <Box mt={2}>
            <Link href={href}>
              {behind
                ? 'Upgrade on the golden path page'
                : 'Open the golden path page'}
            </Link>
          </Box>
        )}
      </>
    );
  }
  return <InfoCard title="Golden path">{content}</InfoCard>;
}
