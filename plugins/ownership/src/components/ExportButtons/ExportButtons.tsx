import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import { ExportFormat, ownershipApiRef } from '../../api/OwnershipApi';
import { errorMessage } from '@conway/plugin-conway-react';
import { saveFile } from '../common';

/** Downloads the findings (CSV), who owns what (CSV) or the whole report (JSON). */
export function ExportButtons() {
  const api = useApi(ownershipApiRef);
  const [busy, setBusy] = useState<ExportFormat>();
  const [error, setError] = useState<Error>();

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setError(undefined);
    try {
      saveFile(await api.exportReport(format));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  };

  const buttons: Array<[ExportFormat, string, string]> = [
    ['csv', 'Findings (CSV)', 'Every finding with its suggestion'],
    [
      'owners-csv',
      'Who owns what (CSV)',
      'Every owned entity: kind, owner (name and ref), team path, system, domain, lifecycle',
    ],
    ['json', 'Report (JSON)', 'The whole analysis'],
  ];
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      {buttons.map(([format, label, hint]) => (
        <Tooltip key={format} title={hint}>
          <span>
            <Button
              variant="outlined"
              startIcon={<GetAppIcon />}
              disabled={busy !== undefined}
              onClick={() => download(format)}
            >
              {label}
            </Button>
          </span>
        </Tooltip>
      ))}
      {error && (
        <Alert severity="error">Export failed: {errorMessage(error)}</Alert>
      )}
    </Box>
  );
}
