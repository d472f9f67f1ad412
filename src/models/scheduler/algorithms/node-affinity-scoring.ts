// NodeAffinity plugin: the required part (pod nodeSelector AND required node-affinity terms) and
// the preferred-term score with its normalization.
//
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go
// (Filter, Score, NormalizeScore = DefaultNormalizeScore(100, false)) and
// staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
// (GetRequiredNodeAffinity, LazyErrorNodeSelector, PreferredSchedulingTerms), with the parse rules of
// k8s.io/apimachinery labels.NewRequirement; read on master 2025-2026.
// Term matching is src/models/api/selectors.ts. On top of it this file applies upstream's parse
// step: a term with an invalid requirement (bad key or value, In/NotIn without values,
// Exists/DoesNotExist with values, Gt/Lt without exactly one integer, matchFields other than one
// value with In/NotIn) matches nothing, and Gt/Lt only match node label values that parse as integers.
// Simplifications: a preferred term that fails to parse is ignored (upstream fails PreScore with
// an error); the scheduler profile's addedAffinity is expressed by passing its terms as well.

import { mapSelectorMatches, nodeSelectorTermMatches } from '../../api/selectors.js';
import type { Labels, NodeSelectorTerm, SelectorRequirement } from '../../api/selectors.js';
import { defaultNormalizeScore, MAX_NODE_SCORE } from './normalize.js';

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

/**
 * The pod's required node placement (RequiredNodeAffinity.Match): every nodeSelector pair must
 * match, and, when requiredDuringSchedulingIgnoredDuringExecution is present, one of its terms
 * must match. `requiredTerms` undefined means no required node affinity; an empty list (or only
 * empty terms) matches no node.
 */
export function requiredNodeAffinityMatches(
  nodeSelector: Labels | undefined,
  requiredTerms: readonly NodeSelectorTerm[] | undefined,
  labels: Labels,
  nodeName: string,
): boolean {
  if (nodeSelector && Object.keys(nodeSelector).length > 0 && !mapSelectorMatches(nodeSelector, labels)) return false;
  if (requiredTerms === undefined) return true;
  return requiredTerms.some((term) => termMatches(term, labels, nodeName));
}

/** Score: the sum of the weights of the preferred terms that match the node. */
export function nodeAffinityRawScore(preferredTerms: readonly PreferredSchedulingTerm[], nodeLabels: Labels, nodeName: string): number {
  let score = 0;
  for (const term of preferredTerms) {
    if (term.weight === 0) continue;
    if (termMatches(term.preference, nodeLabels, nodeName)) score += term.weight;
  }
  return score;
}

/** NormalizeScore: DefaultNormalizeScore(100, reverse = false). */
export function nodeAffinityNormalizeScores(rawScores: readonly number[]): number[] {
  return defaultNormalizeScore(MAX_NODE_SCORE, false, rawScores);
}

/** A node-selector term as upstream evaluates it: empty or unparseable terms match nothing. */
export function termMatches(term: NodeSelectorTerm, labels: Labels, nodeName: string): boolean {
  if (!nodeSelectorTermParses(term)) return false;
  for (const requirement of term.matchExpressions ?? []) {
    if ((requirement.operator === 'Gt' || requirement.operator === 'Lt') && Object.prototype.hasOwnProperty.call(labels, requirement.key)) {
      if (!GO_INT.test(labels[requirement.key] as string)) return false;
    }
  }
  if (nodeName === '' && (term.matchFields ?? []).length > 0) {
    // Upstream ignores field selectors for a node without a name.
    if ((term.matchExpressions ?? []).length === 0) return true;
    return nodeSelectorTermMatches({ matchExpressions: term.matchExpressions }, labels, nodeName);
  }
  return nodeSelectorTermMatches(term, labels, nodeName);
}

/** Whether upstream parses the term without error (nodeSelectorRequirementsAsSelector / AsFieldSelector). */
export function nodeSelectorTermParses(term: NodeSelectorTerm): boolean {
  return (term.matchExpressions ?? []).every(labelRequirementParses) && (term.matchFields ?? []).every(fieldRequirementParses);
}

function labelRequirementParses(requirement: SelectorRequirement): boolean {
  const values = requirement.values ?? [];
  if (!isQualifiedName(requirement.key)) return false;
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) return false;
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) return false;
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1 || !GO_INT.test(values[0] as string)) return false;
      break;
    default:
      return false;
  }
  return values.every(isValidLabelValue);
}

function fieldRequirementParses(requirement: SelectorRequirement): boolean {
  return (requirement.operator === 'In' || requirement.operator === 'NotIn') && (requirement.values ?? []).length === 1;
}

// strconv.ParseInt(s, 10, 64) syntax (range not checked).
const GO_INT = /^[+-]?[0-9]+$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsQualifiedName: [prefix/]name, prefix a DNS-1123 subdomain, name at most 63 characters. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] as string;
  } else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
  } else {
    return false;
  }
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** validation.IsValidLabelValue: empty, or at most 63 alphanumerics, '-', '_', '.' with alphanumeric ends. */
export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}
