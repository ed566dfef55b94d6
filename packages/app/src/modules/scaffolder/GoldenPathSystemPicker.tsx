import useAsync from 'react-use/esm/useAsync';
import TextField from '@material-ui/core/TextField';
import MenuItem from '@material-ui/core/MenuItem';
import ListItemText from '@material-ui/core/ListItemText';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/** One system as a person reads it: its title (else its name), the ref beneath. */
interface SystemChoice {
  entityRef: string;
  title: string;
}

const NONE = '';

function toChoice(entity: Entity): SystemChoice {
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title || entity.metadata.name,
  };
}

const label = (choice: SystemChoice) => (
  <ListItemText primary={choice.title} secondary={choice.entityRef} style={{ margin: 0 }} />
);

/**
 * The system a new service belongs to, optional: every System in the catalog by its display name
 * with the ref beneath, in the list and once chosen (Backstage's EntityPicker shows the ref once
 * a value is picked).
 */
export const GoldenPathSystemPicker = (props: FieldExtensionComponentProps<string>) => {
  const { formData, onChange, rawErrors = [], required, schema, idSchema, disabled } = props;
  const catalogApi = useApi(catalogApiRef);
  const { value: systems, loading, error } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'System' },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items.map(toChoice).sort((a, b) => a.title.localeCompare(b.title));
  }, [catalogApi]);

  const selected = systems?.find(s => s.entityRef === formData);
  let help = schema.description;
  if (error) help = `Could not load the systems: ${error.message}`;
  else if (systems && systems.length === 0) help = 'The catalog has no systems yet.';

  return (
    <TextField
      id={idSchema?.$id}
      select
      label={schema.title ?? 'System'}
      value={selected ? formData : NONE}
      required={required}
      disabled={disabled || loading || Boolean(error)}
      onChange={e => onChange(e.target.value === NONE ? undefined : String(e.target.value))}
      error={rawErrors.length > 0 || Boolean(error)}
      helperText={rawErrors[0] ?? help}
      margin="normal"
      fullWidth
      // The select always shows a value ("None" when empty): a label left in
      // the field would sit on top of it.
      InputLabelProps={{ shrink: true }}
      SelectProps={{
        displayEmpty: true,
        renderValue: () => (selected ? label(selected) : 'None'),
        MenuProps: { getContentAnchorEl: null },
      }}
      inputProps={{ 'data-testid': 'golden-path-system' }}
    >
      {!required && <MenuItem value={NONE}>None</MenuItem>}
      {(systems ?? []).map(s => (
        <MenuItem key={s.entityRef} value={s.entityRef}>
          {label(s)}
        </MenuItem>
      ))}
    </TextField>
  );
};
