import { useCallback, useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { Content, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  FieldExtensionOptions,
  scaffolderApiRef,
  SecretsContextProvider,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import {
  formFieldsApiRef,
  Workflow,
} from '@backstage/plugin-scaffolder-react/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { DisplayNameReviewState } from './DisplayNameReviewState';

// rjsf's errors for these keywords quote the regular expression or a bare
// number; fields of these kinds say the same in words themselves.
const EXPLAINED_KEYWORDS = new Set(['pattern', 'maxLength', 'minLength']);
const EXPLAINING_FIELDS = new Set(['GoldenPathName']);

type RjsfError = { name?: string; property?: string };

function explainedByField(
  uiFieldOf: (property: string) => string | undefined,
): (errors: RjsfError[]) => RjsfError[] {
  return errors =>
    errors.filter(
      e =>
        !(
          e.name &&
          EXPLAINED_KEYWORDS.has(e.name) &&
          EXPLAINING_FIELDS.has(uiFieldOf(e.property ?? '') ?? '')
        ),
    );
}

interface WizardProps {
  namespace: string;
  templateName: string;
}

const WizardContent = ({ namespace, templateName }: WizardProps) => {
  const scaffolderApi = useApi(scaffolderApiRef);
  const formFieldsApi = useApi(formFieldsApiRef);
  const { secrets } = useTemplateSecrets();
  const navigate = useNavigate();
  const rootLink = useRouteRef(scaffolderPlugin.routes.root);
  const taskLink = useRouteRef(scaffolderPlugin.routes.ongoingTask);
  const [creating, setCreating] = useState(false);
  const templateRef = stringifyEntityRef({
    kind: 'Template',
    namespace,
    name: templateName,
  });

  // The app's form fields (Backstage's own and Conway's), as the stock wizard loads them.
  const { value: extensions, loading } = useAsync(
    async () =>
      (await formFieldsApi.loadFormFields()) as unknown as FieldExtensionOptions[],
    [formFieldsApi],
  );
  const { value: uiFields } = useAsync(async () => {
    const { steps } = await scaffolderApi.getTemplateParameterSchema(
      templateRef,
    );
    const fields = new Map<string, string>();
    for (const step of steps) {
      const props = (step.schema.properties ?? {}) as Record<
        string,
        { 'ui:field'?: string }
      >;
      for (const [key, prop] of Object.entries(props)) {
        if (prop['ui:field']) fields.set(`.${key}`, prop['ui:field']);
      }
    }
    return fields;
  }, [scaffolderApi, templateRef]);

  const onCreate = useCallback(
    async (values: Record<string, unknown>) => {
      if (creating) return;
      setCreating(true);
      try {
        const { taskId } = await scaffolderApi.scaffold({
          templateRef,
          values: values as any,
          secrets,
        });
        navigate(taskLink?.({ taskId }) ?? `/create/tasks/${taskId}`);
      } finally {
        setCreating(false);
      }
    },
    [creating, navigate, taskLink, scaffolderApi, secrets, templateRef],
  );

  if (loading || !extensions) {
    return <Progress />;
  }
  return (
    <Content>
      {creating && <Progress />}
      <Workflow
        namespace={namespace}
        templateName={templateName}
        extensions={extensions}
        onCreate={onCreate}
        onError={() => <Navigate to={rootLink?.() ?? '/create'} />}
        components={{ ReviewStateComponent: DisplayNameReviewState }}
        formProps={{
          // The field shows its errors itself, in words, once.
          uiSchema: Object.fromEntries(
            [...(uiFields ?? [])]
              .filter(([, field]) => EXPLAINING_FIELDS.has(field))
              .map(([key]) => [key.slice(1), { 'ui:hideError': true }]),
          ),
          transformErrors: explainedByField(p => uiFields?.get(p)) as any,
          // Passed on to rjsf's Form (not in the type): one message per
          // field, below it, rather than a list at the top as well.
          ...({ showErrorList: false } as {}),
        }}
      />
    </Content>
  );
};

/**
 * The form of a golden path: Backstage's wizard with the Review step showing
 * display names and each field's errors once, in words.
 */
export const GoldenPathWizard = (props: WizardProps) => (
  <SecretsContextProvider>
    <WizardContent {...props} />
  </SecretsContextProvider>
);
