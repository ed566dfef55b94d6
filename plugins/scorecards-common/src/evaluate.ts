import type {
  CheckOutcome,
  ScorecardDefinition,
  ServiceScorecardResult,
} from './apiTypes';
import type { ServiceFacts } from './facts';
import { RuleOutcome, RULES } from './rules';

function runRule(
  ruleId: string,
  facts: ServiceFacts,
  params: CheckOutcome['facts'],
): RuleOutcome {
  const rule = RULES.get(ruleId);
  if (!rule) {
    // Definitions are validated at load; this only guards hand-built ones.
    return {
      status: 'unknown',
      reason: `unknown: no rule '${ruleId}'`,
      facts: {},
    };
  }
  try {
    return rule.evaluate(facts, params);
  } catch (error) {
    return {
      status: 'unknown',
      reason: `unknown: rule '${ruleId}' failed: ${(error as Error).message}`,
      facts: {},
    };
  }
}

/**
 * The lowest level needing each check: a check listed by a level is needed by
 * every level that extends it.
 */
function levelOfChecks(scorecard: ScorecardDefinition): Map<string, string> {
  const levelOf = new Map<string, string>();
  for (const level of scorecard.levels) {
    for (const id of level.requiredChecks) {
      if (!levelOf.has(id)) levelOf.set(id, level.id);
    }
  }
  return levelOf;
}

/**
 * Evaluates one service against one scorecard. Pure: the same facts give the
 * same result (but for `evaluatedAt`).
 *
 * @remarks
 * A level is reached when every check it requires passes (an unknown check
 * does not count as passing); the result names the last level, in definition
 * order, that is reached.
 *
 * @public
 */
export function evaluateScorecard(
  scorecard: ScorecardDefinition,
  facts: ServiceFacts,
  evaluatedAt: Date = new Date(),
): ServiceScorecardResult {
  const levelOf = levelOfChecks(scorecard);
  const results: CheckOutcome[] = scorecard.checks.map(check => {
    const outcome = runRule(check.rule, facts, check.params);
    return {
      checkId: check.id,
      status: outcome.status,
      reason: outcome.reason,
      facts: outcome.facts,
      title: check.title,
      description: check.description,
      severity: check.severity,
      required: check.required,
      howToFix: check.howToFix,
      level: levelOf.get(check.id) ?? '',
    };
  });
  const status = new Map(results.map(r => [r.checkId, r.status]));
  let level: string | null = null;
  for (const candidate of scorecard.levels) {
    if (candidate.requiredChecks.every(id => status.get(id) === 'pass')) {
      level = candidate.id;
    }
  }
  return {
    entityRef: facts.entityRef,
    owner: facts.catalog.owner,
    scorecardId: scorecard.id,
    level,
    levels: scorecard.levels.map(l => l.id),
    results,
    evaluatedAt: evaluatedAt.toISOString(),
  };
}

/** The checks that make `conway scorecard check` fail: required ones that failed. @public */
export function failedRequiredChecks(
  result: ServiceScorecardResult,
): CheckOutcome[] {
  return result.results.filter(r => r.required && r.status === 'fail');
}

/** Evaluates one service against several scorecards, with one timestamp. @public */
export function evaluateScorecards(
  scorecards: readonly ScorecardDefinition[],
  facts: ServiceFacts,
  evaluatedAt: Date = new Date(),
): ServiceScorecardResult[] {
  return scorecards.map(s => evaluateScorecard(s, facts, evaluatedAt));
}
