import { useEffect, useState } from 'react';
import TextField from '@material-ui/core/TextField';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import InputAdornment from '@material-ui/core/InputAdornment';
import CircularProgress from '@material-ui/core/CircularProgress';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  GoldenPathFormClient,
  NameAvailability,
  useGoldenPathFormClient,
} from './GoldenPathFormClient';

/** `ui:options` of the `GoldenPathName` field. */
export interface GoldenPathNameOptions {
  /** The golden path (template name) whose rules apply, e.g. `typescript-service`. */
  template?: string;
}

/** How long typing must pause before the name is checked. */
export const CHECK_DELAY_MS = 300;

type Check =
  | { state: 'idle' }
  | { state: 'checking'; value: string }
  | { state: 'done'; value: string; result: NameAvailability }
  | { state: 'failed'; value: string };

// rjsf's own messages for the name's JSON Schema keywords quote the regular
// expression or a bare number; the backend's reason says the same in words.
const SCHEMA_MESSAGE = /^must (match pattern|NOT have (more|fewer) than)/;

/**
 * The name of a new service, checked while typing against the golden path's
 * rules and against the catalog and repositories (the golden-paths backend),
 * with one message in words below the field.
 */
export const GoldenPathNameField = (
  props: FieldExtensionComponentProps<string, GoldenPathNameOptions>,
) => {
  const {
    formData,
    onChange,
    rawErrors = [],
    required,
    schema,
    uiSchema,
    idSchema,
    disabled,
  } = props;
  const client = useGoldenPathFormClient();
  const template = uiSchema?.['ui:options']?.template;
  const value = formData ?? '';
  const [check, setCheck] = useState<Check>({ state: 'idle' });

  useEffect(() => {
    if (!template || value === '') {
      setCheck({ state: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    setCheck({ state: 'checking', value });
    const timer = setTimeout(() => {
      client
        .checkName(template, value, { signal: controller.signal })
        .then(result => setCheck({ state: 'done', value, result }))
        .catch(() => {
          if (!controller.signal.aborted) setCheck({ state: 'failed', value });
        });
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, template, value]);

  const submitError = rawErrors.find(e => !SCHEMA_MESSAGE.test(e));
  let message: string | undefined;
  let error = false;
  if (check.state === 'done' && !check.result.available) {
    message = check.result.reason;
    error = true;
  } else if (check.state === 'done') {
    message = `'${check.value}' is available`;
  } else if (check.state === 'checking') {
    message = 'Checking whether the name is available…';
  } else if (submitError) {
    message = submitError;
    error = true;
  } else if (check.state === 'failed') {
    message = 'Could not check the name now; it is checked again on Next.';
  }

  const available = check.state === 'done' && check.result.available;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Name'}
      value={value}
      required={required}
      disabled={disabled}
      // The template asks for it (ui:autofocus): the name is the first thing to enter.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={Boolean(uiSchema?.['ui:autofocus'])}
      onChange={e =>
        onChange(e.target.value === '' ? undefined : e.target.value)
      }
      error={error}
      helperText={message ?? schema.description}
      FormHelperTextProps={{ 'aria-live': 'polite' } as object}
      margin="normal"
      fullWidth
      InputProps={{
        endAdornment: (
          <InputAdornment position="end">
            {check.state === 'checking' && <CircularProgress size={16} />}
            {available && (
              <CheckCircleOutline
                fontSize="small"
                style={{ color: 'green' }}
                titleAccess="available"
              />
            )}
          </InputAdornment>
        ),
      }}
    />
  );
};

/** Checks the name once more on Next, so a name taken meanwhile is caught before Create. */
export const goldenPathNameValidation: CustomFieldValidator<
  string,
  GoldenPathNameOptions
> = async (value, validation, context) => {
  const template = context.uiSchema?.['ui:options']?.template;
  const client = GoldenPathFormClient.fromApis(context.apiHolder);
  if (!template || !client || !value) {
    return;
  }
  try {
    const result = await client.checkName(template, value);
    if (!result.available && result.reason) {
      validation.addError(result.reason);
    }
  } catch {
    // The task checks the name again; an unreachable check must not block the form.
  }
};
