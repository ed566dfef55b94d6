import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { useSearchParams } from 'react-router-dom';
import type { OverviewResponse } from '@conway/plugin-scorecards-common';
import { levelTitle, NO_LEVEL } from '../common';

/** The page's filters, kept in the URL so that a filtered view can be shared. */
export interface PageFilters {
  department?: string;
  team?: string;
  level?: string;
  check?: string;
}

const KEYS: Array<keyof PageFilters> = ['department', 'team', 'level', 'check'];

export function usePageFilters(): [PageFilters, (next: PageFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters: PageFilters = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const set = (next: PageFilters) => {
    const out = new URLSearchParams();
    for (const key of KEYS) {
      const value = next[key];
      if (value) out.set(key, value);
    }
    setParams(out, { replace: true });
  };
  return [filters, set];
}

function Choice(props: {
  label: string;
  value?: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value?: string) => void;
}) {
  const id = `scorecards-filter-${props.label.toLocaleLowerCase('en-US')}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 200 }}>
      <InputLabel id={id}>{props.label}</InputLabel>
      <Select
        labelId={id}
        label={props.label}
        value={props.value ?? ''}
        onChange={e => props.onChange((e.target.value as string) || undefined)}
      >
        <MenuItem value="">
          <em>All</em>
        </MenuItem>
        {props.options.map(o => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Department, team, level and failing check, by their display names. */
export function Filters(props: {
  overview: OverviewResponse;
  filters: PageFilters;
  onChange: (next: PageFilters) => void;
}) {
  const { overview, filters, onChange } = props;
  const teams = overview.teams.filter(
    t => !filters.department || t.department?.ref === filters.department,
  );
  const levels = new Map<string, string>([[NO_LEVEL, 'No level']]);
  for (const scorecard of overview.scorecards) {
    for (const level of scorecard.levels) {
      levels.set(level.id, levelTitle(scorecard.levels, level.id));
    }
  }
  const checks = new Map<string, string>();
  for (const check of overview.failingChecks) {
    if (check.failingCount > 0) checks.set(check.checkId, check.title);
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 12 }}>
      <Choice
        label="Department"
        value={filters.department}
        options={overview.departments.map(d => ({ value: d.ref, label: d.title }))}
        onChange={department =>
          // A team of another department no longer fits: drop it.
          onChange({
            ...filters,
            department,
            team: teams.some(t => t.team.ref === filters.team && (!department || t.department?.ref === department))
              ? filters.team
              : undefined,
          })
        }
      />
      <Choice
        label="Team"
        value={filters.team}
        options={teams.map(t => ({ value: t.team.ref, label: t.team.title }))}
        onChange={team => onChange({ ...filters, team })}
      />
      <Choice
        label="Level"
        value={filters.level}
        options={[...levels].map(([value, label]) => ({ value, label }))}
        onChange={level => onChange({ ...filters, level })}
      />
      <Choice
        label="Failing check"
        value={filters.check}
        options={[...checks].map(([value, label]) => ({ value, label }))}
        onChange={check => onChange({ ...filters, check })}
      />
    </Box>
  );
}
