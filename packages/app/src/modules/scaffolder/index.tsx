import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Progress } from '@backstage/core-components';
import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';

/**
 * Golden paths whose form uses Conway's wizard (display names in the Review
 * step, one worded message per field); other templates keep Backstage's.
 */
export const GOLDEN_PATH_FORMS = ['default/typescript-service'];

const nameField = FormFieldBlueprint.make({
  name: 'golden-path-name',
  params: {
    field: () =>
      import('./GoldenPathNameField').then(m =>
        createFormField({
          name: 'GoldenPathName',
          component: m.GoldenPathNameField as any,
          validation: m.goldenPathNameValidation as any,
        }),
      ),
  },
});

const ownerField = FormFieldBlueprint.make({
  name: 'golden-path-owner',
  params: {
    field: () =>
      import('./GoldenPathOwnerPicker').then(m =>
        createFormField({
          name: 'GoldenPathOwnerPicker',
          component: m.GoldenPathOwnerPicker as any,
        }),
      ),
  },
});

const systemField = FormFieldBlueprint.make({
  name: 'golden-path-system',
  params: {
    field: () =>
      import('./GoldenPathSystemPicker').then(m =>
        createFormField({
          name: 'GoldenPathSystemPicker',
          component: m.GoldenPathSystemPicker as any,
        }),
      ),
  },
});

/** Replaces the element a sub-page renders, keeping its path and title. */
function* wrapElement(
  outputs: Iterable<{ id: string; value: unknown }>,
  wrap: (element: JSX.Element) => JSX.Element,
) {
  for (const output of outputs) {
    yield output.id === coreExtensionData.reactElement.id
      ? coreExtensionData.reactElement(wrap(output.value as JSX.Element))
      : output;
  }
}

const GoldenPathWizard = lazy(() =>
  import('./GoldenPathWizard').then(m => ({ default: m.GoldenPathWizard })),
);
const GoldenPathTaskPage = lazy(() =>
  import('./GoldenPathTaskPage').then(m => ({ default: m.GoldenPathTaskPage })),
);
const loading = <Progress />;

const templatesSubPage = scaffolderPlugin
  .getExtension('sub-page:scaffolder/templates')
  .override({
    factory: (originalFactory: any) =>
      wrapElement(originalFactory(), original => (
        <Routes>
          {GOLDEN_PATH_FORMS.map(path => {
            const [namespace, templateName] = path.split('/');
            return (
              <Route
                key={path}
                path={path}
                element={
                  <Suspense fallback={loading}>
                    <GoldenPathWizard
                      namespace={namespace}
                      templateName={templateName}
                    />
                  </Suspense>
                }
              />
            );
          })}
          <Route path="*" element={original} />
        </Routes>
      )) as any,
  });

const tasksSubPage = scaffolderPlugin
  .getExtension('sub-page:scaffolder/tasks')
  .override({
    factory: (originalFactory: any) =>
      wrapElement(originalFactory(), original => (
        <Routes>
          <Route
            path=":taskId"
            element={
              <Suspense fallback={loading}>
                <GoldenPathTaskPage />
              </Suspense>
            }
          />
          <Route path="*" element={original} />
        </Routes>
      )) as any,
  });

/**
 * Conway's Create page: the golden-path name and owner fields, the golden
 * paths' wizard, and a task page without skipped steps or stack traces.
 */
export const scaffolderModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [nameField, ownerField, systemField, templatesSubPage, tasksSubPage],
});
