import { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import type { ReviewStateProps } from '@backstage/plugin-scaffolder-react/alpha';
import type { JsonObject, JsonValue } from '@backstage/types';
import useAsync from 'react-use/esm/useAsync';

/** Fields whose value is an entity ref, shown by display name. */
const ENTITY_FIELDS = new Set([
  'GoldenPathOwnerPicker',
  'GoldenPathSystemPicker',
  'OwnerPicker',
  'EntityPicker',
  'MyGroupsPicker',
  'OwnedEntityPicker',
]);

const isRef = (value: JsonValue | undefined): value is string => {
  if (typeof value !== 'string') return false;
  try {
    parseEntityRef(value);
    return /^[^:/]+:[^:/]+\/[^:/]+$/.test(value);
  } catch {
    return false;
  }
};

function plainText(value: JsonValue | undefined): string {
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

interface Row {
  key: string;
  label: string;
  value: JsonValue | undefined;
  entityRef?: string;
  text?: string;
}

function rowsOf(props: ReviewStateProps): Row[] {
  const rows: Row[] = [];
  for (const step of props.schemas) {
    const properties = (step.mergedSchema.properties ?? {}) as Record<
      string,
      JsonObject
    >;
    for (const [key, property] of Object.entries(properties)) {
      if (!Object.hasOwn(props.formState, key)) continue;
      const value = props.formState[key];
      const review = (property['ui:backstage'] as JsonObject | undefined)
        ?.review as JsonObject | undefined;
      if (review?.show === false) continue;
      const label = String(review?.name ?? property.title ?? key);
      const field = String(property['ui:field'] ?? '');
      if (review?.mask || field.toLowerCase() === 'secret') {
        rows.push({
          key,
          label,
          value,
          text: String(review?.mask ?? '******'),
        });
      } else if (ENTITY_FIELDS.has(field) && isRef(value)) {
        rows.push({ key, label, value, entityRef: value });
      } else if (
        Array.isArray(property.enum) &&
        Array.isArray(property.enumNames)
      ) {
        const index = property.enum.indexOf(value as JsonValue);
        rows.push({
          key,
          label,
          value,
          text: String(property.enumNames[index] ?? value),
        });
      } else if (typeof value === 'boolean') {
        rows.push({ key, label, value, text: value ? 'Yes' : 'No' });
      } else {
        rows.push({ key, label, value, text: plainText(value) });
      }
    }
  }
  return rows;
}

const EntityValue = ({ entityRef }: { entityRef: string }) => {
  const presentationApi = useApi(entityPresentationApiRef);
  const { value } = useAsync(
    () => presentationApi.forEntity(entityRef).promise,
    [presentationApi, entityRef],
  );
  const title = value?.primaryTitle;
  return (
    <>
      <Typography variant="body2">{title ?? entityRef}</Typography>
      {title && title !== entityRef && (
        <Typography variant="caption" color="textSecondary">
          {entityRef}
        </Typography>
      )}
    </>
  );
};

/**
 * The Review step with people's names: teams and systems by display name
 * (ref as secondary text), choices by their labels, yes/no for booleans.
 */
export const DisplayNameReviewState = (props: ReviewStateProps) => {
  const rows = rowsOf(props);
  return (
    <Table size="small" aria-label="Review">
      <TableBody>
        {rows.map(row => {
          let content: ReactNode = row.text;
          if (row.entityRef) {
            content = <EntityValue entityRef={row.entityRef} />;
          }
          return (
            <TableRow key={row.key}>
              <TableCell component="th" scope="row" style={{ width: '30%' }}>
                <Typography variant="body2" style={{ fontWeight: 500 }}>
                  {row.label}
                </Typography>
              </TableCell>
              <TableCell>{content}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
