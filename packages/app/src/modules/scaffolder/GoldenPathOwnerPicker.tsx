import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import TextField from '@material-ui/core/TextField';
import MenuItem from '@material-ui/core/MenuItem';
import ListItemText from '@material-ui/core/ListItemText';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { OwnerChoice, useGoldenPathFormClient } from './GoldenPathFormClient';

const label = (owner: OwnerChoice) => (
  <ListItemText
    primary={owner.title}
    secondary={owner.entityRef}
    style={{ margin: 0 }}
  />
);

/**
 * The owning team of a new service: the signed-in user's teams, the first
 * pre-selected; every group for those who may scaffold for any owner (the
 * platform team). The same rule `golden-path:render` enforces.
 */
export const GoldenPathOwnerPicker = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    formData,
    onChange,
    rawErrors = [],
    required,
    schema,
    idSchema,
    disabled,
  } = props;
  const client = useGoldenPathFormClient();
  const {
    value: choices,
    loading,
    error,
  } = useAsync(() => client.getOwners(), [client]);

  useEffect(() => {
    if (!formData && choices?.defaultOwner) {
      onChange(choices.defaultOwner);
    }
  }, [choices, formData, onChange]);

  const owners = choices?.owners ?? [];
  const mine = owners.filter(o => o.member);
  const others = owners.filter(o => !o.member);
  const selected = owners.find(o => o.entityRef === formData);

  let help: string | undefined = schema.description;
  if (error) {
    help = `Could not load your teams: ${error.message}`;
  } else if (choices && owners.length === 0) {
    help =
      'You are not a member of any team in the catalog; ask the platform team to add you to one.';
  } else if (choices?.anyOwner) {
    help = `${
      schema.description ?? ''
    } You may choose any team (platform team).`.trim();
  } else if (choices) {
    help = `${schema.description ?? ''} Only teams you are a member of.`.trim();
  }

  // The user's own teams first, then (platform team) every other group.
  const items = [...mine, ...others].map(o => (
    <MenuItem
      key={o.entityRef}
      value={o.entityRef}
      divider={o === mine[mine.length - 1] && others.length > 0}
    >
      {label(o)}
    </MenuItem>
  ));

  return (
    <TextField
      id={idSchema?.$id}
      select
      label={schema.title ?? 'Owner'}
      value={selected ? formData : ''}
      required={required}
      disabled={disabled || loading || owners.length === 0}
      onChange={e => onChange(String(e.target.value))}
      error={rawErrors.length > 0 || Boolean(error)}
      helperText={rawErrors[0] ?? help}
      margin="normal"
      fullWidth
      SelectProps={{
        renderValue: () => (selected ? label(selected) : ''),
        MenuProps: { getContentAnchorEl: null },
      }}
      inputProps={{ 'data-testid': 'golden-path-owner' }}
    >
      {items}
    </TextField>
  );
};
